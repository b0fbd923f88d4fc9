import Testing
@testable import HL7

private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

private func roundTrip(_ input: [UInt8]) -> [UInt8] {
    HL7.parse(input).units.flatMap { Array($0.bytes) }
}

private let oru = [
    "MSH|^~\\&|LAB|LAB AKL|PMS|HMC|20250403101500+1300||ORU^R01^ORU_R01|M1|P|2.4|||AL|NE|NZL|UNICODE UTF-8",
    "PID|1||ZAA0024^^^NZLMOH^NI~L7^^^LAB^MR||TIPENE^Jane||19800101|F",
    "ZXX|before OBR, kept",
    "OBR|1|P1|F1|HBA1C^HbA1c^NZLABS|||20250402090000+1300|||||||||CPN1^Smith^John||||||20250403101500+1300|||F",
    "OBX|1|NM|HBA1C^HbA1c||48|mmol/mol|20-40|H|||F",
    "NTE|1|L|Result outside \\F\\ range \\T\\ more\\.br\\next line",
].joined(separator: "\r") + "\r"

@Suite("HL7 scanner")
struct ScannerTests {
    @Test("every terminator gives the same segments, and the bytes come back")
    func terminators() throws {
        for terminator in ["\r", "\n", "\r\n"] {
            let text = oru.replacingOccurrences("\r", terminator)
            let parsed = HL7.parse(bytes(text))
            let messages = HL7.messages(bytes(text))
            #expect(messages.count == 1)
            #expect(messages[0].segments.map(\.name) == ["MSH", "PID", "ZXX", "OBR", "OBX", "NTE"])
            #expect(messages[0].diagnostics.isEmpty)
            #expect(parsed.diagnostics.isEmpty)
            #expect(roundTrip(bytes(text)) == bytes(text))
            #expect(Array(messages[0].bytes) == bytes(text))
        }
    }

    @Test("a field found by reading up to it is the field the split segment gives: every field, and past the last, of a header, a batch header, a segment with empty fields, custom separators")
    func fieldsAsSplit() throws {
        // Field n as it was found from the list of every field (`rawFields`).
        func split(_ segment: HL7Segment, _ n: Int) -> (raw: [UInt8], literal: Bool) {
            let parts = segment.rawFields
            if segment.isHeader {
                if n == 1 { return (Array(segment.bytes.dropFirst(3).prefix(1)), true) }
                return n - 1 >= 1 && n - 1 < parts.count ? (Array(parts[n - 1]), n == 2) : ([], false)
            }
            return n >= 1 && n < parts.count ? (Array(parts[n]), false) : ([], false)
        }
        let texts = [oru, "FHS|^~\\&|LAB||||20250403\rBHS|^~\\&|LAB\r" + oru + "BTS|1\rFTS|1\r",
                     "MSH^~|\\&^SEND^FAC^^^20120918173931-0500^^ADT~A24^ID1^T^2.4\rPID^1^^11111~~~FOO&&0363~NI|22222^^SMITH~JOHN\r",
                     "MSH|^~\\&\rPID|||||||\rOBX|\rZZZ\r"]
        var checked = 0
        for text in texts {
            for message in HL7.messages(bytes(text)) {
                for segment in message.segments {
                    for n in 0...(segment.rawFields.count + 2) {
                        let field = segment.field(n), expected = split(segment, n)
                        #expect(Array(field.raw) == expected.raw && field.literal == expected.literal, "\(segment.name) \(n)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 150)
    }

    @Test("separators are read from MSH, never assumed")
    func customSeparators() throws {
        let text = "MSH^~|\\&^SEND^FAC^^^20120918173931-0500^^ADT~A24^ID1^T^2.4\rPID^1^^11111~~~FOO&&0363~NI|22222^^SMITH~JOHN\r"
        let m = HL7.messages(bytes(text))[0]
        #expect(m.delimiters.field == UInt8(ascii: "^"))
        #expect(m.delimiters.repetition == UInt8(ascii: "|"))
        #expect(m.controlID == "ID1")
        #expect(m.typeCode.code == "ADT" && m.typeCode.event == "A24")
        #expect(m.value(at: "PID-5.2") == "JOHN")
        #expect(try m.values(at: "PID-3(*)") == ["11111~~~FOO&&0363~NI", "22222"])
        #expect(m.value(at: "MSH-2") == "~|\\&")
    }

    @Test("escapes are resolved after splitting; unknown and unterminated ones stay literal")
    func escapes() throws {
        let m = HL7.messages(bytes(oru))[0]
        #expect(m.value(at: "NTE-3") == "Result outside | range & more\nnext line")
        let d = HL7Delimiters.standard
        func un(_ s: String) -> String { String(decoding: HL7Escapes.unescape(bytes(s)[...], d), as: UTF8.self) }
        #expect(un("a\\X0D0A\\b") == "a\r\nb")
        #expect(un("\\H\\bold\\N\\") == "bold")
        #expect(un("x\\Zlocal\\y") == "x\\Zlocal\\y")
        #expect(un("open \\F") == "open \\F")
        #expect(un("\\S\\\\R\\\\E\\") == "^~\\")
        #expect(un("a\\.sp2\\b") == "a\n\nb")
        #expect(un("\\XZZ\\") == "\\XZZ\\")
    }

    @Test("paths: occurrences, repetitions, components")
    func paths() throws {
        let m = HL7.messages(bytes(oru))[0]
        #expect(m.value(at: "PID-5.1") == "TIPENE")
        #expect(try m.values(at: "PID-3(*)") == ["ZAA0024^^^NZLMOH^NI", "L7^^^LAB^MR"])
        #expect(m.value(at: "PID-3(2).1") == "L7")
        #expect(m.value(at: "OBR-16.2") == "Smith")
        #expect(m.value(at: "OBX[1]-8") == "H")
        #expect(m.value(at: "MSH-9.2") == "R01")
        #expect(m.value(at: "PID.5.2") == "Jane")
        #expect(m.value(at: "OBX[2]-5") == nil)
        #expect(throws: HL7PathError.self) { try HL7Path("PID-") }
        #expect(throws: HL7PathError.self) { try HL7Path("P") }
    }

    @Test("a raw line feed inside NTE text continues the segment")
    func rawLineFeeds() {
        let text = oru.replacingOccurrences("next line", "next line\nsecond raw line\nthird") 
        let m = HL7.messages(bytes(text))[0]
        #expect(m.segments.map(\.name) == ["MSH", "PID", "ZXX", "OBR", "OBX", "NTE"])
        #expect(m.value(at: "NTE-3")?.hasSuffix("third") == true)
        #expect(roundTrip(bytes(text)) == bytes(text))
    }

    @Test("MLLP frames, a BOM, comments and blank lines are kept outside the messages")
    func framing() {
        let one = oru, two = oru.replacingOccurrences("M1", "M2")
        let text = "\u{FEFF}// comment\n\n\u{0B}" + one + "\u{1C}\r\u{0B}" + two + "\u{1C}\r"
        let parsed = HL7.parse(bytes(text))
        let messages = parsed.units.compactMap { if case .message(let m) = $0 { return m } else { return nil } }
        #expect(messages.map(\.controlID) == ["M1", "M2"])
        #expect(messages.allSatisfy { $0.diagnostics.isEmpty })
        #expect(roundTrip(bytes(text)) == bytes(text))
        let kinds = parsed.units.compactMap { if case .other(let o) = $0 { return o.kind } else { return nil } }
        #expect(kinds.contains(.comment) && kinds.contains(.framing) && kinds.contains(.blank))
    }

    @Test("batch counts are checked; a short batch is reported")
    func batches() {
        let good = "FHS|^~\\&|LAB\rBHS|^~\\&|LAB\r" + oru + oru.replacingOccurrences("M1", "M2") + "BTS|2\rFTS|1\r"
        #expect(HL7.parse(bytes(good)).diagnostics.isEmpty)
        #expect(HL7.messages(bytes(good)).count == 2)
        let short = "FHS|^~\\&|LAB\rBHS|^~\\&|LAB\r" + oru + "BTS|2\rFTS|1\r"
        #expect(HL7.parse(bytes(short)).diagnostics.map(\.text).contains { $0.contains("BTS-1 says 2") })
        let cut = "FHS|^~\\&|LAB\rBHS|^~\\&|LAB\r" + oru
        #expect(HL7.parse(bytes(cut)).diagnostics.map(\.text).contains { $0.contains("no BTS") })
    }

    @Test("MSH-18 decides the character set, with a fallback per message")
    func characterSets() {
        var latin = bytes(oru.replacingOccurrences("UNICODE UTF-8", "8859/1").replacingOccurrences("Jane", "Ren#"))
        latin[latin.firstIndex(of: UInt8(ascii: "#"))!] = 0xE9
        let m = HL7.messages(latin)[0]
        #expect(m.encoding == .latin1)
        #expect(m.value(at: "PID-5.2") == "René")
        #expect(m.diagnostics.isEmpty)
        // Declared UTF-8 but holding Latin-1: read as Windows-1252, said so.
        var lying = bytes(oru.replacingOccurrences("Jane", "Ren#"))
        lying[lying.firstIndex(of: UInt8(ascii: "#"))!] = 0xE9
        let n = HL7.messages(lying)[0]
        #expect(n.value(at: "PID-5.2") == "René")
        #expect(!n.diagnostics.isEmpty)
        // Macrons in UTF-8.
        #expect(HL7.messages(bytes(oru.replacingOccurrences("Jane", "Tāmati")))[0].value(at: "PID-5.2") == "Tāmati")
    }

    @Test("a truncated or malformed message is parsed as far as it goes, with a diagnostic")
    func damaged() {
        let truncated = "MSH|^~\\&|LAB|X|Y|Z|2025"
        let m = HL7.messages(bytes(truncated))
        #expect(m.count == 1)
        #expect(!m[0].diagnostics.isEmpty)
        let noSeparators = "MSHxyz\rPID|1\r"
        #expect(HL7.messages(bytes(noSeparators)).first.map { !$0.diagnostics.isEmpty } == true)
        let orphans = "PID|1||X\rOBX|1\r"
        let parsed = HL7.parse(bytes(orphans))
        #expect(HL7.messages(bytes(orphans)).isEmpty)
        #expect(!parsed.diagnostics.isEmpty)
    }

    @Test("base64 in OBX-5 is a slice of the file's storage, not a copy")
    func encapsulatedData() {
        let payload = String(repeating: "QUJD", count: 50_000)
        let text = oru + "OBX|2|ED|PDF^Report||^application^pdf^Base64^\(payload)||||||F\r"
        let input = bytes(text)
        let m = HL7.messages(input)[0]
        let data = m.segments(("OBX"))[1].field(5).encapsulatedData!
        #expect(data.count == payload.utf8.count)
        m.bytes.withUnsafeBufferPointer { whole in
            data.withUnsafeBufferPointer { slice in
                #expect(slice.baseAddress! >= whole.baseAddress! && slice.baseAddress! < whole.baseAddress! + whole.count)
            }
        }
    }

    @Test("timestamps as precise as sent, with offsets")
    func timestamps() {
        let t = HL7Timestamp("20250403101500+1300")!
        #expect(t.year == 2025 && t.month == 4 && t.day == 3 && t.hour == 10 && t.minute == 15 && t.second == 0 && t.offsetMinutes == 780)
        #expect(HL7Timestamp("202504031015")?.second == nil)
        #expect(HL7Timestamp("20250403")?.hour == nil)
        #expect(HL7Timestamp("20251340") == nil)
        #expect(HL7Timestamp("2025040310.5") == nil)
        #expect(HL7Timestamp("20250403101500.1234-0500")?.offsetMinutes == -300)
    }

    @Test("a timestamp read from its bytes as from its characters: every date of 4 to 14 digits followed by any three of a fraction, a sign, an offset's digits, a colon, a space, a letter, a line end, a digit of another script")
    func timestampsAsByCharacters() {
        let dates = ["2025", "202504", "20250403", "2025040310", "202504031015", "20250403101500", "20251340", "202504031", "2025040324"]
        let tails = ["", ".", "5", "1234", "+", "-", "1300", "13", ":", " ", "Z", "\r\n", "\u{0663}", "\u{2460}", "0"]
        var wrong: [String] = []
        for date in dates {
            for a in tails {
                for b in tails {
                    for c in tails {
                        let text = date + a + b + c
                        if HL7Timestamp(text) != HL7Timestamp(text, byCharacters: true) { wrong.append(text) }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

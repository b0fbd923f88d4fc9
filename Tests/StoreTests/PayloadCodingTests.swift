import Foundation
import LacunaCore
import Testing
@testable import Store

@Suite("Trace payloads stored as JSON")
struct PayloadCodingTests {
    /// Text a record can carry: quotes, backslashes, line ends, control characters, macrons, emoji,
    /// slashes (dates), nothing at all.
    static let awkward: [[String: String]] = [
        [:],
        ["Status": "Booked", "Reason": ""],
        ["note": "He said \"no\" \\ then left\r\nline two\ttab", "date": "03/04/2025"],
        ["name": "Mā\u{0304}ori Te Wherowhero", "emoji": "🙂 ok", "ctl": "a\u{01}b\u{1F}c\u{7F}", "nul": "x\u{0}y"],
        ["ключ": "значение", "": "empty key", "b": "2", "a": "1", "A": "0"],
    ]

    @Test("what is written reads back the same, and reads the same through Foundation")
    func roundTrip() throws {
        for payload in Self.awkward {
            let text = PayloadCoding.encode(Payload(payload))
            #expect(PayloadCoding.decode(text) == Payload(payload))
            #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == payload)
        }
    }

    @Test("the stored text: names in order, only quotes, backslashes and control characters escaped")
    func storedText() {
        let payload: Payload = ["b": "é/ü 🙂", "a": "x\"y\\z\n\r\t\u{8}\u{C}\u{1}\u{1F}\u{7F}", "": ""]
        #expect(PayloadCoding.encode(payload) == #"{"":"","a":"x\"y\\z\n\r\t\b\f\u0001\u001f\#u{7F}","b":"é/ü 🙂"}"#)
        #expect(PayloadCoding.encode(Payload()) == "{}")
    }

    @Test("eight bytes asked at once whether any needs an escape, as each asked alone: random words of bytes near a control, a quote, a backslash and the top bit")
    func wordsAsBytes() {
        var random = SeededRandom(seed: 8)
        let near: [UInt8] = [0x00, 0x01, 0x08, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0x9F, 0xA0, 0xDC, 0xE2, 0xFF, 0x41]
        for round in 0..<200_000 {
            var bytes: [UInt8] = []
            for _ in 0..<8 { bytes.append(round % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : near[Int(random.next() % UInt64(near.count))]) }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
            if PayloadCoding.wordNeedsEscape(word) != expected { Issue.record("\(bytes)"); return }
        }
    }

    @Test("texts of every length up to forty with an escape at any place, or none: the text JSON writes, and it reads back")
    func escapesAtEveryPlace() throws {
        func reference(_ payload: [String: String]) -> String {
            func quoted(_ text: String) -> String {
                var out: [UInt8] = [0x22]
                for byte in text.utf8 {
                    switch byte {
                    case 0x22: out += Array("\\\"".utf8)
                    case 0x5C: out += Array("\\\\".utf8)
                    case 0x0A: out += Array("\\n".utf8)
                    case 0x0D: out += Array("\\r".utf8)
                    case 0x09: out += Array("\\t".utf8)
                    case 0x08: out += Array("\\b".utf8)
                    case 0x0C: out += Array("\\f".utf8)
                    case 0..<0x20: out += Array(("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)).utf8)
                    default: out.append(byte)
                    }
                }
                return String(decoding: out + [0x22], as: UTF8.self)
            }
            return "{" + payload.keys.sorted().map { quoted($0) + ":" + quoted(payload[$0]!) }.joined(separator: ",") + "}"
        }
        var random = SeededRandom(seed: 9)
        let odd = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "🙂", "/"]
        for length in 0...40 {
            for place in -1..<length {
                var text = String(repeating: "a", count: length)
                if place >= 0 {
                    let at = text.index(text.startIndex, offsetBy: place)
                    text.replaceSubrange(at...at, with: odd[Int(random.next() % UInt64(odd.count))])
                }
                let payload = ["n" + String(length): "v", "text": text, "z" + String(repeating: "b", count: Int(random.next() % 20)): "plain words here"]
                let written = PayloadCoding.encode(Payload(payload))
                #expect(written == reference(payload), "\(length) \(place)")
                #expect(PayloadCoding.decode(written) == Payload(payload))
            }
        }
    }

    @Test("every ASCII byte, alone and among others, in names and texts, is written so that it reads back")
    func everyASCIIByte() throws {
        // The text is measured before it is written: an escape counted short would write past its end.
        for byte in UInt8(0)..<0x80 {
            let one = String(decoding: [byte], as: UTF8.self)
            for payload in [[one: one], ["k" + one + "k": "v" + one + one + "w", "z": String(repeating: one, count: 130)]] {
                let text = PayloadCoding.encode(Payload(payload))
                #expect(PayloadCoding.decode(text) == Payload(payload), "byte \(byte)")
                #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == payload, "byte \(byte)")
            }
        }
    }

    @Test("what JSONEncoder wrote (cases made by earlier versions) reads back the same")
    func readsFoundationJSON() throws {
        let encoder = JSONEncoder()
        for formatting: JSONEncoder.OutputFormatting in [[.sortedKeys, .withoutEscapingSlashes], [], [.prettyPrinted]] {
            encoder.outputFormatting = formatting
            for payload in Self.awkward {
                let text = String(decoding: try encoder.encode(payload), as: UTF8.self)
                #expect(PayloadCoding.decode(text) == Payload(payload), "\(text)")
            }
        }
        // Escapes JSON allows that neither writer uses: \/ and a surrogate pair.
        #expect(PayloadCoding.decode(#"{"d" : "03\/04", "e":"\ud83d\ude42", "u":"\u00e9"}"#) == ["d": "03/04", "e": "🙂", "u": "é"])
        // Escaped and plain names and texts side by side, each read from where it lies or from its unescaping.
        #expect(PayloadCoding.decode(#"{"a\"b":"plain","c":"x\ny","d\\":"","e":"\t"}"#) == ["a\"b": "plain", "c": "x\ny", "d\\": "", "e": "\t"])
    }

    @Test("texts as this coder writes them and texts near them read as Foundation reads them")
    func plainAndNear() {
        // Payloads the one-pass reader takes: plain names in order, texts short and long (a length of
        // two bytes, three), many fields.
        let plain: [[String: String]] = [
            ["a": "1"], ["": ""], ["A": "0", "a": "", "b": "é 🙂/x"],
            ["long": String(repeating: "x", count: 200), "longer": String(repeating: "ā", count: 9_000)],
            Dictionary(uniqueKeysWithValues: (0..<60).map { ("f\($0)", String(repeating: "v", count: $0 * 5)) }),
        ]
        for payload in plain {
            let text = PayloadCoding.encode(Payload(payload))
            #expect(PayloadCoding.decode(text) == Payload(payload))
            #expect(PayloadCoding.decode(text).byteCount == Payload(payload).byteCount)
        }
        // Texts it does not take, which the general reader (or Foundation) reads: out of order, a name
        // twice, names beyond ASCII, spaces, escapes.
        let near: [(text: String, fields: [String: String])] = [
            (#"{"b":"2","a":"1"}"#, ["a": "1", "b": "2"]), (#"{"a":"1","a":"2"}"#, ["a": "2"]), (#"{"é":"1","e":"2"}"#, ["e": "2", "é": "1"]),
            (#"{ "a" : "1" , "b":"2" }"#, ["a": "1", "b": "2"]), (#"{"a":"1\n","b":"\u00e9"}"#, ["a": "1\n", "b": "é"]),
            (#"{"a\"":"1"}"#, ["a\"": "1"]), (#"{"ab":"1","a":"2"}"#, ["a": "2", "ab": "1"]), (#"{"":"0","a":"1"}"#, ["": "0", "a": "1"]),
        ]
        for (text, fields) in near { #expect(PayloadCoding.decode(text) == Payload(fields), "\(text)") }
        // Not JSON objects of texts: nothing, as before. (A comma before the brace is Foundation's to
        // read: it reads it, leniently.)
        for text in [#"{"a":"1"}x"#, #"{"a":"1""#, #"{"a""1"}"#, #"{"a":"1" "b":"2"}"#, #"{"a":1}"#, #"{,}"#, "{\"a\"}", "{\""] {
            #expect(PayloadCoding.decode(text) == [:], "\(text)")
        }
    }

    @Test("anything else is read as Foundation reads it, or as nothing")
    func oddText() {
        #expect(PayloadCoding.decode("") == [:])
        #expect(PayloadCoding.decode("{\"a\":1}") == [:])
        #expect(PayloadCoding.decode("{\"a\":\"1\"") == [:])
        #expect(PayloadCoding.decode("{\"a\":\"\\ud83d\"}") == [:] || PayloadCoding.decode("{\"a\":\"\\ud83d\"}")["a"] != nil)
    }

    @Test("rows in slices: every row once and in order, full slices then 64, 32 … 1, at most 32,766 values a slice")
    func batches() {
        for columns in [1, 23, 200, 600] {
            let size = max(1, min(100, 30_000 / columns))
            for count in 0...350 {
                let rows = Array(0..<count)
                let slices = CaseStore.batches(rows, columns: columns)
                #expect(slices.flatMap { $0 } == rows)
                #expect(slices.allSatisfy { !$0.isEmpty && $0.count * columns <= 32_766 && ($0.count == size || ($0.count & ($0.count - 1)) == 0) })
                #expect(slices.filter { $0.count < size }.count <= 7)
            }
        }
    }
}

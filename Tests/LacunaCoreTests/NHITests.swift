import Testing
@testable import LacunaCore

@Suite("NHI check characters (DOMAIN §2)")
struct NHITests {
    func problem(_ text: String) -> NHI.Problem? {
        if case .failure(let problem) = NHI.parse(text) { return problem }
        return nil
    }

    @Test("valid NHIs in both formats", arguments: ["JBX3656", "ZZZ00AC", "ZBN77VL", "zzz00ac", " JBX 3656 "])
    func valid(_ text: String) throws {
        let nhi = try NHI.parse(text).get()
        #expect(nhi.validity == .valid)
        #expect(nhi.value == text.uppercased().replacingOccurrences(of: " ", with: ""))
    }

    @Test("old format: S mod 11, check digit 11 - r, 10 becomes 0")
    func oldFormatArithmetic() {
        // JBX3656: S = 225, 225 mod 11 = 5, 11 - 5 = 6.
        #expect(NHI.checkCharacter(forPrefix: "JBX365") == "6")
        #expect((try? NHI.parse("JBX3657").get()) == nil)
    }

    @Test("new format: 23 - (S mod 23) as a letter")
    func newFormatArithmetic() {
        // ZZZ00AC: S = 434, 434 mod 23 = 20, 23 - 20 = 3 = C.
        #expect(NHI.checkCharacter(forPrefix: "ZZZ00A") == "C")
        #expect(problem("ZZZ00AD") == .badCheckCharacter)
    }

    @Test("valid only under the withdrawn mod-24 draft: accepted with a warning flag, not rejected")
    func mod24() throws {
        let nhi = try NHI.parse("ZBC00AU").get()
        #expect(nhi.validity == .validOnlyUnderMod24)
        #expect(NHI.checkCharacter(forPrefix: "ZBC00A") == "K")
    }

    @Test("wrong shapes", arguments: ["", "JBX365", "JBX36566", "IBX3656", "OBX3656", "J1X3656", "ZZZ0AAC", "ZZZ00A1"])
    func wrongShape(_ text: String) {
        #expect(problem(text) == .wrongShape)
    }

    @Test("found by shape and check character in any PID-3 repetition")
    func find() {
        #expect(NHI.find(in: "L100633^^^LABTESTS^MR~ZZZ00AC^^^NZLMOH^NI")?.value == "ZZZ00AC")
        #expect(NHI.find(in: "ZZZ00AD^^^NHI^NI") == nil)
        #expect(NHI.find(in: "XJBX3656") == nil)
        #expect(NHI.find(in: "JBX3656")?.isTestNumber == false)
    }

    /// `parse` as it was written first: the bytes but spaces gathered into an array, raised, decoded.
    static func parsedByArrays(_ text: String) -> Result<NHI, NHI.Problem> {
        let bytes = Array(text.utf8.filter { $0 != 0x20 }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 })
        func digit(_ byte: UInt8) -> Int? { byte >= 0x30 && byte <= 0x39 ? Int(byte) - 0x30 : nil }
        guard bytes.count == 7,
              let a = NHI.letterValue(bytes[0]), let b = NHI.letterValue(bytes[1]), let c = NHI.letterValue(bytes[2]),
              let d = digit(bytes[3]), let e = digit(bytes[4])
        else { return .failure(.wrongShape) }
        let upper = String(decoding: bytes, as: UTF8.self)
        let sum = a * 7 + b * 6 + c * 5 + d * 4 + e * 3
        if let f = digit(bytes[5]) {
            guard let check = digit(bytes[6]) else { return .failure(.wrongShape) }
            let r = (sum + f * 2) % 11
            guard r != 0 else { return .failure(.badCheckCharacter) }
            return (11 - r) % 10 == check ? .success(NHI(value: upper, validity: .valid)) : .failure(.badCheckCharacter)
        }
        guard let f = NHI.letterValue(bytes[5]), let check = NHI.letterValue(bytes[6]) else { return .failure(.wrongShape) }
        if 23 - (sum + f * 2) % 23 == check { return .success(NHI(value: upper, validity: .valid)) }
        if 24 - (sum + f * 2) % 24 == check { return .success(NHI(value: upper, validity: .validOnlyUnderMod24)) }
        return .failure(.badCheckCharacter)
    }

    @Test("read from its bytes as it was from arrays of them: every valid NHI of a few letters, with spaces, lower case, typos, odd bytes, too long or short")
    func sameAsByArrays() {
        var texts: [String] = []
        // Every prefix of three letters from a few, two digits, a digit or letter: each with its right
        // check character, a wrong one, lowered, spaced, and with a byte more or less.
        for letters in ["ABC", "JBX", "ZZZ", "HJN", "PQY"] {
            for digits in ["00", "36", "99"] {
                for sixth in ["0", "5", "9", "A", "H", "J", "Z"] {
                    let prefix = letters + digits + sixth
                    let right = NHI.checkCharacter(forPrefix: prefix).map(String.init) ?? "0"
                    for check in [right, "0", "7", "C", "Z", "I", "O"] {
                        let nhi = prefix + check
                        texts += [nhi, nhi.lowercased(), " " + nhi + " ", String(nhi.prefix(3)) + " " + nhi.dropFirst(3),
                                  nhi + "1", String(nhi.dropLast()), nhi + " ", "\t" + nhi]
                    }
                }
            }
        }
        texts += ["", " ", "       ", "ABC", "ABC12345", "ÀBC1234", "AB\u{301}1234", "ZZZ00Ą", "ZZZ00A\u{0}", "ABC-123", "abc 1 2 3 4"]
        for text in texts {
            #expect("\(NHI.parse(text))" == "\(Self.parsedByArrays(text))", "\(text.unicodeScalars.map(\.value))")
        }
        #expect(texts.count > 5_000)
    }
}

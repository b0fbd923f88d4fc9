import LacunaCore
import Testing

/// Column names, remnant field names and addresses are compared by their letters and digits alone,
/// lowercased; the byte-by-byte way for ASCII must give exactly what the general way gives.
@Suite("Letters and digits alone, lowercased")
struct LettersAndDigitsTests {
    static func general(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    @Test("every ASCII character, and names and addresses as exports write them, as the general way has them")
    func asciiAsGeneral() {
        let every = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let texts = [every, "", "Patient_NHI", "StartDateTime", "start-at", "Provider Code", "DOB (dd/mm/yyyy)", "field#2",
                     "12 Kōwhai St, Ōtaki 5512", "ÄrztIn", "Whānau_Name", "名前", "Flat 3/27A O'Neill Rd"]
        for text in texts {
            #expect(text.lettersAndDigitsLowercased == Self.general(text), "\(Array(text.utf8))")
            let sub = ("<" + text + ">").dropFirst().dropLast()
            #expect(sub.lettersAndDigitsLowercased == Self.general(String(sub)))
        }
        #expect("Patient_NHI".lettersAndDigitsLowercased == "patientnhi")
    }

    @Test("every scalar up to U+024F, alone and between letters, with a combining mark after it, as the general way has it")
    func latinAsGeneral() {
        var wrong: [String] = []
        for value in UInt32(0)...0x24F {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let one = String(Character(scalar))
            for text in [one, "Rd " + one + "x", "A" + one + "\u{0304}b", one + "\u{0301}" + one, "\r\n" + one] where text.lettersAndDigitsLowercased != Self.general(text) {
                wrong.append(String(value, radix: 16))
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect("12 Kōwhai St, Ōtaki".lettersAndDigitsLowercased == "12kōwhaistōtaki")
    }
}

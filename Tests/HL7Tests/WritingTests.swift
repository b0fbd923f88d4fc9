import Testing
@testable import HL7

/// Escaping what Lacuna writes into HL7 (chart annotations): a text with nothing to escape is given
/// back as it is, without being taken apart; every other text is escaped character by character.
@Suite("Escaping HL7 text")
struct WritingTests {
    /// The escape, character by character, as the standard has it.
    static func escapedByCharacter(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\E\\"
            case "|": out += "\\F\\"
            case "^": out += "\\S\\"
            case "&": out += "\\T\\"
            case "~": out += "\\R\\"
            case "\n", "\r\n", "\r": out += "\\.br\\"
            default:
                if c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value, v < 0x20 || v == 0x7F {
                    out += "\\X" + (v < 0x10 ? "0" : "") + String(v, radix: 16, uppercase: true) + "\\"
                } else {
                    out.append(c)
                }
            }
        }
        return out
    }

    @Test("every ASCII and Latin-1 character, alone and among words, escapes as character by character")
    func everyCharacter() {
        for value in 0..<0x100 {
            let c = Character(Unicode.Scalar(UInt8(value)))
            for text in [String(c), "Hb \(c) 12.0", "\(c)\(c)word"] {
                #expect(HL7Writing.escape(text) == Self.escapedByCharacter(text), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test("texts with nothing to escape come back whole; the rest as character by character")
    func texts() {
        let texts = ["", "White cell count 12.0 x10 (4.0-11.0) H", "Te Whānau-ā-Apanui", "😀 e\u{301}", "a\r\nb", "tab\there",
                     "x|y^z&w~v\\u", "\u{7}\u{301} a control joined to a mark", "NUL\u{0}", "DEL\u{7F}", String(repeating: "Ngā mihi ", count: 50)]
        for text in texts { #expect(HL7Writing.escape(text) == Self.escapedByCharacter(text)) }
        #expect(HL7Writing.escape("Te Whānau-ā-Apanui") == "Te Whānau-ā-Apanui")
        #expect(HL7Writing.escape("a|b") == "a\\F\\b")
    }
}

import Testing
@testable import HL7

/// Escaping what Lacuna writes into HL7 (chart annotations): a text with nothing to escape is given
/// back as it is, without being taken apart; every other text is escaped character by character.
@Suite("Escaping HL7 text")
struct WritingTests {
    /// The escape taken character by character, the way every text went before texts with nothing to
    /// escape were given back whole.
    static func escapedByCharacter(_ text: String) -> String { HL7Writing.escapedByCharacter(text) }

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

    @Test("a segment is its id and fields joined by bars, trailing empty fields dropped, inner ones kept")
    func segments() {
        for fields in [[], [""], ["", ""], ["a"], ["a", ""], ["", "b"], ["a", "", "c", "", ""], ["Rāwiri", "x^y", String(repeating: "z", count: 300)]] {
            var kept = fields
            while kept.last?.isEmpty == true { kept.removeLast() }
            #expect(HL7Writing.segment("OBX", fields) == (["OBX"] + kept).joined(separator: "|"))
        }
        #expect(HL7Writing.segment("PID", fields: [3: "ABC1234", 5: "TIPENE^Aroha"]) == "PID|||ABC1234||TIPENE^Aroha")
        #expect(HL7Writing.segment("EVN", fields: [:]) == "EVN")
        #expect(HL7Writing.segment("OBX", fields: [5: "e", 1: "a", 7: "", 2: "b"]) == "OBX|a|b|||e")
    }
}

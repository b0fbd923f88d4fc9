@testable import LacunaCore
import Testing

/// A text split at an ASCII character from its bytes must give the pieces splitting it by characters
/// gives: where a mark rides on the separator, or a CR LF holds the line break, the bytes are not the
/// characters and the text is split by its characters.
@Suite("Texts split at an ASCII character by their bytes")
struct ByteSplitTests {
    /// Every text of up to `most` of the alphabet's pieces, the empty one first.
    static func texts(of alphabet: [String], upTo most: Int) -> [String] {
        var texts = [""], layer = [""]
        for _ in 0..<most {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        return texts
    }

    @Test("the pieces split(separator:) gives, for every text of up to five of a, space, |, :, LF, CR, CR LF, é, a combining accent, and of up to four of a, space, ā, ZWJ, a spacing mark, a prepended mark")
    func sameAsByCharacters() {
        var texts = Self.texts(of: ["a", " ", "|", ":", "\n", "\r", "\r\n", "é", "\u{301}"], upTo: 5)
        // Beyond ASCII before and after a separator: a macron's letter, a joiner, a spacing mark (Devanagari
        // visarga) and a prepended mark (the Arabic number sign, which holds on to what follows it).
        texts += Self.texts(of: ["a", " ", "|", "ā", "\u{200D}", "\u{0903}", "\u{0600}", "\u{06DD}"], upTo: 4)
        texts += ["2025-04-03 10:15:00|2025-04-02T21:15:00Z|second", "2025-04-03||day", "a warning\nanother\n", "Dr Jenny  Liu ",
                  "Rāwiri Ngata", "Zoë  Campbell ", "Mere Te Whāta"]
        var wrong: [String] = []
        for text in texts {
            for separator in [" ", "|", ":", "\n", "\r"] {
                let byte = separator.utf8.first!
                for omitting in [true, false] {
                    if text.split(byte: byte, omittingEmptySubsequences: omitting) != text.split(separator: Character(separator), omittingEmptySubsequences: omitting) {
                        wrong.append("\(text.unicodeScalars.map(\.value)) at \(byte) \(omitting)")
                    }
                    // A part of a text, as a line's words are split again.
                    let part = text.dropFirst()
                    if part.split(byte: byte, omittingEmptySubsequences: omitting) != part.split(separator: Character(separator), omittingEmptySubsequences: omitting) {
                        wrong.append("part of \(text.unicodeScalars.map(\.value)) at \(byte) \(omitting)")
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(texts.count > 60_000)
    }

    @Test("the words split(whereSeparator: isWhitespace) gives, for every text of up to four of a, space, tab, LF, CR, CR LF, VT, FF, FS, NEL, no-break space, a combining accent")
    func whitespaceAsByCharacters() {
        var texts = Self.texts(of: ["a", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{85}", "\u{A0}", "\u{301}"], upTo: 4)
        texts += [" medical certificate\t(Standard 15) ", "Dr  Jenny\r\nLiu", "CREATE TABLE patient (id INTEGER PRIMARY KEY, name TEXT)"]
        var wrong: [String] = []
        for text in texts {
            if text.splitAtWhitespace() != text.split(whereSeparator: \.isWhitespace) { wrong.append("\(text.unicodeScalars.map(\.value))") }
            let part = text.dropFirst()
            if part.splitAtWhitespace() != part.split(whereSeparator: \.isWhitespace) { wrong.append("part of \(text.unicodeScalars.map(\.value))") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(texts.count > 20_000)
    }

    @Test("a phrase's words as DayWords reads them, as split at all but letters, numbers, / and . gives them: every text of up to four of a, Z, 7, /, ., space, -, CR LF, é, ½")
    func dayWordsAsByCharacters() {
        var texts = Self.texts(of: ["a", "Z", "7", "/", ".", " ", "-", "\r\n", "é", "\u{BD}"], upTo: 4)
        texts += ["thurs 7/7 am", "Fri 4.4.25, 10:30am", "yesterday (Wed)"]
        var wrong: [String] = []
        for text in texts where DayWords.words(text) != text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "/" && $0 != "." }).map(String.init) {
            wrong.append("\(text.unicodeScalars.map(\.value))")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(texts.count > 10_000)
    }
}


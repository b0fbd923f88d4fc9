import Foundation
import LacunaCore
import Testing

@Suite("Trimming without Foundation")
struct TrimmingTests {
    static let texts = ["", " ", "abc", "  abc  ", "\tabc\t", "\u{00A0}abc\u{00A0}", "\u{3000}名前\u{3000}", "abc\n", "\r\nabc\r\n",
                        "\u{2028}x\u{2029}", "\u{0085}x\u{0085}", " a b ", "\u{200B}x\u{200B}", "e\u{0301} ", " \u{0301}x", "\u{000B}\u{000C}x",
                        "🙂 ", "\u{2003}em\u{2009}", "\u{1680}x\u{202F}"]

    @Test("the same as Foundation's whitespaces and whitespacesAndNewlines, on strings and substrings")
    func sameAsFoundation() {
        for text in Self.texts {
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
            let sub = ("<" + text + ">").dropFirst().dropLast()
            #expect(sub.trimmingSpaces() == sub.trimmingCharacters(in: .whitespaces))
        }
        // Every scalar: trimmed exactly where Foundation's sets hold it.
        var wrong: [String] = []
        for value in UInt32(0)..<0x110000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "x"
            if (text.trimmingSpaces() == "x") != CharacterSet.whitespaces.contains(scalar)
                || (text.trimmingWhitespace() == "x") != CharacterSet.whitespacesAndNewlines.contains(scalar) {
                wrong.append("U+" + String(value, radix: 16))
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test("a whole text trims as its substring does: printable ASCII at either end given back as it is, anything else the general way")
    func wholeTextTrimming() {
        var texts = ["", " ", "a", " a", "a ", "\ta\t", "\u{A0}a", "a\u{200B}", "\u{7F}a\u{7F}", "\u{1}x", "é", " é ", "\r\n", "x\ny"]
        for byte in UInt8(0)..<0x80 {
            texts.append(String(UnicodeScalar(byte)) + "mid" + String(UnicodeScalar(byte)))
            // Beyond a small string's fifteen bytes too (held elsewhere, read through another path).
            texts += [String(UnicodeScalar(byte)) + "a middle longer than fifteen bytes", "a middle longer than fifteen bytes" + String(UnicodeScalar(byte))]
        }
        for text in texts { #expect(text.trimmingSpaces() == Substring(text).trimmingSpaces(), "\(Array(text.unicodeScalars))") }
    }

    @Test("zero-padded numbers as %0Nd writes them")
    func zeroPadded() {
        for n in [0, 7, 42, 123, 2025, 99999] {
            for width in [2, 4] { #expect(n.zeroPadded(width) == String(format: "%0\(width)d", n)) }
        }
    }

    @Test("an ASCII word searched for byte by byte in an ASCII text: what contains answers, every text and word of up to four of a small alphabet")
    func containsASCIIAsContains() {
        var texts: [String] = [""], layer: [String] = [""]
        for _ in 1...4 {
            layer = layer.flatMap { prefix in ["a", "b", " ", "A"].map { prefix + $0 } }
            texts += layer
        }
        var wrong: [String] = []
        for text in texts {
            for word in texts where word.utf8.count <= 3 && text.containsASCII(word) != text.contains(word) { wrong.append("\(text)|\(word)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect("did not attend".containsASCII("did not") && !"arrived".containsASCII("arrive d"))
    }

    @Test("a word looked for in a text as Foundation looks: line ends, accents composed and not, symbols; every text of up to three and word of up to two")
    func holdsAsFoundation() {
        let alphabet = ["A", "e", "$", "-", "\r", "\n", "\r\n", "é", "e\u{301}", "£", " "]
        var texts: [String] = [""], layer: [String] = [""]
        for _ in 1...3 {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        let words = texts.filter { $0.unicodeScalars.count <= 2 }
        var wrong: [String] = []
        for text in texts {
            for word in words where text.holds(word) != (text.range(of: word) != nil) { wrong.append("\(text.unicodeScalars.map(\.value))|\(word.unicodeScalars.map(\.value))") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, first \(wrong.prefix(5))")
        #expect("EFTPOS SETTLEMENT 1234".holds("SETTLE") && !"REFUND".holds("REVERS") && "-£12.00".holds("-£"))
    }

    @Test("replacing without Foundation gives what Foundation gives, ASCII or not")
    func replacingSameAsFoundation() {
        let texts = ["", "14.05", "2.05 p.m.", "a:m:a:m", "aaaa", "T", "2025-04-03T10:15", "1, 2, 3", ", ,", "no match here",
                     "café.bar", "e\u{0301}.x", "\u{A0}45.00\u{A0}", "1\u{A0}234,50", "🙂.🙂", "K\u{212A}", "\r\n.\r\n"]
        let targets = [".", "a:m", "aa", "T", ", ", "\u{A0}", "K", "\r", "é", "&"]
        for text in texts {
            for target in targets {
                for replacement in ["", ":", "am", "&amp;", "ü"] {
                    #expect(text.replacingEvery(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement),
                            "\(Array(text.unicodeScalars)) \(Array(target.unicodeScalars))")
                    let sub = ("<" + text + ">").dropFirst().dropLast()
                    #expect(sub.replacingEvery(target, with: replacement) == sub.replacingOccurrences(of: target, with: replacement))
                }
            }
        }
    }

    @Test("escaped for markup as the four replacements in turn gave it: ASCII or not, decomposed accents, emoji, a bridged text")
    func markupEscaping() {
        let texts = ["", "plain", "Rāwiri Ngata", "a & b", "<b>\"x\"</b>", "&amp;", "e\u{0301}<", "🙂&🙂", "\"", "<<>>&&\"\"",
                     "Tipene, Jane (\"Janey\") <jane@example.nz>", "K\u{212A}>", String(repeating: "ā&", count: 200)]
        for text in texts {
            let stepwise = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            #expect(text.escapedForMarkup == stepwise, "\(Array(text.unicodeScalars))")
            #expect(NSString(string: text).description.escapedForMarkup == stepwise)
        }
    }
}

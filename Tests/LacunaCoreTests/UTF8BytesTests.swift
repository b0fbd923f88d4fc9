@testable import LacunaCore
import Foundation
import Testing

/// A text's bytes read where it keeps them (`withUTF8Bytes`) are its UTF-8, whatever kind of text it is:
/// empty, short enough to be kept inline, long, beyond ASCII, cut from another, made by Foundation.
@Suite("A text's UTF-8 read where it lies")
struct UTF8BytesTests {
    static let texts: [String] = {
        let long = String(repeating: "Tipene, Jane Ngā ", count: 40)
        return ["", "a", "Tipene", "fifteen bytes!!", "sixteen bytes!!!", "Ngā", "🙂 Ōtaki", "x\u{0}y", long,
                String(long.dropFirst(3).prefix(100)), String(Substring(long).suffix(7)),
                String(format: "%@ %d", "NSString" as NSString, 42), NSString(string: "Kōwhai St").appendingPathComponent("12"),
                String(decoding: [0x41, 0xFF, 0x42], as: UTF8.self)]
    }()

    @Test("the bytes withUTF8 gives, and the count, for every kind of text")
    func sameAsWithUTF8() {
        for text in Self.texts {
            var copy = text
            let expected = copy.withUTF8 { Array($0) }
            #expect(text.withUTF8Bytes { Array($0) } == expected, "\(text.debugDescription)")
            #expect(text.withUTF8Bytes { $0.count } == text.utf8.count)
        }
    }

    @Test("a text's characters counted from its bytes as by its characters: ASCII with and without line ends (a CR LF is one), and every kind of text")
    func characterCount() {
        let lineEnds = ["\r\n", "a\r\nb", "\r\n\r\n", "\r", "\n", "\n\r", "\r\r\n", "x\r", "\r\nx\r\n\n", String(repeating: "ab\r\n", count: 9)]
        let names = ["jo", "kate", "katherine", "o'brien", "smith-jones", "ngā", "e\u{301}", "zoë", "🙂", "a\u{200D}b"]
        for text in Self.texts + lineEnds + names {
            #expect(text.characterCount == text.count, "\(text.debugDescription)")
        }
    }

    @Test("a text cut from another gives its own bytes, not the other's around them")
    func slices() {
        let whole = "the family name Tipene and the given name Jane"
        let family = String(whole.split(separator: " ")[3])
        #expect(family.withUTF8Bytes { String(decoding: $0, as: UTF8.self) } == "Tipene")
    }
}

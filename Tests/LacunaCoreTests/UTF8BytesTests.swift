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

    @Test("bytes found UTF-8 or not as the standard library's decoder finds them: every one- and two-byte run, every three-byte run after each kind of lead, four-byte runs at their edges, and runs of ASCII around them at every alignment")
    func validUTF8() {
        func decoded(_ bytes: [UInt8]) -> Bool {
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        }
        var runs: [[UInt8]] = []
        for a in 0...255 { runs.append([UInt8(a)]) }
        for a in 0x80...0xFF { for b in 0...255 { runs.append([UInt8(a), UInt8(b)]) } }
        for lead in [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF] as [UInt8] {
            for b in 0x70...0xD0 { for c in [0x3F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0] as [UInt8] { runs.append([lead, UInt8(b), c]) } }
        }
        for lead in [0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF] as [UInt8] {
            for b in [0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0] as [UInt8] { for c in [0x80, 0xBF, 0xC0] as [UInt8] { for d in [0x41, 0x80, 0xBF] as [UInt8] { runs.append([lead, b, c, d]) } } }
        }
        var differing: [[UInt8]] = []
        for run in runs {
            // Alone, cut short, and with ASCII before and after it so that it lies across an eight-byte word.
            for padded in [run, Array(run.dropLast()), Array(repeating: 0x61, count: 5) + run + Array(repeating: 0x62, count: 11),
                           Array(repeating: 0x61, count: 8) + run, run + Array(repeating: 0x62, count: 8)] {
                if padded.withUnsafeBufferPointer(\.isValidUTF8) != decoded(padded) { differing.append(padded) }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        #expect(Array("Ngā Tama 🙂 Ōtaki".utf8).withUnsafeBufferPointer(\.isValidUTF8) && [UInt8]().withUnsafeBufferPointer(\.isValidUTF8))
    }

    @Test("a text cut from another gives its own bytes, not the other's around them")
    func slices() {
        let whole = "the family name Tipene and the given name Jane"
        let family = String(whole.split(separator: " ")[3])
        #expect(family.withUTF8Bytes { String(decoding: $0, as: UTF8.self) } == "Tipene")
    }
}

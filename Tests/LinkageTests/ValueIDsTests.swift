import Testing
import LacunaCore
@testable import Linkage

/// A person table's columns intern every value through `ValueIDs` (a hash of the bytes) rather than a
/// dictionary of texts: the ids, and so every comparison made from them, must be the ones a dictionary
/// gave, the first value met 0, the next new one 1, and so on.
@Suite("Values interned by their bytes")
struct ValueIDsTests {
    /// Values a dictionary tells apart that a careless byte hash might not: lengths one apart with a
    /// NUL, the same first eight bytes, a word's bytes swapped, empty, long, beyond ASCII.
    static let awkward = ["", "a", "a\u{0}", "\u{0}a", "\u{0}", "abcdefgh", "abcdefghi", "abcdefgh\u{0}", "bacdefgh", "hgfedcba",
                          "Ngā", String(repeating: "x", count: 64), String(repeating: "x", count: 65),
                          "0211234567", "0211234576", "+64211234567"]
    /// Texts Swift holds equal whose bytes differ: one scalar or a letter and its accent, and letters
    /// with a sign that stands for them (Kelvin, Ångström). Each pair must share an id.
    static let equivalent = ["ā", "a\u{304}", "Tūhoe", "Tu\u{304}hoe", "K", "\u{212A}", "Kate", "\u{212A}ate", "Å", "\u{212B}", "A\u{30A}",
                             "é\u{301}", "e\u{301}\u{301}"]

    /// The ids a dictionary gives: each new text the next number.
    static func dictionaryIDs(_ texts: [String]) -> [Int32] {
        var seen: [String: Int32] = [:]
        return texts.map { text in
            if let id = seen[text] { return id }
            seen[text] = Int32(seen.count)
            return seen[text]!
        }
    }

    @Test("each text gets the id a dictionary gives it, met again or not, through every growth of the table")
    func sameIDsAsADictionary() {
        var generator = SeededRandom(seed: 20)
        var texts = Self.awkward + Self.equivalent + Self.awkward.reversed() + Self.equivalent.reversed()
        // Enough distinct values to grow the table many times, and each met again later.
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 10)
            texts.append(String(decoding: (0..<length).map { _ in UInt8(0x61 + generator.next() % 6) }, as: UTF8.self))
        }
        // Each met again, in another order.
        var again = texts
        for k in again.indices.reversed() where k > 0 { again.swapAt(k, Int(generator.next() % UInt64(k + 1))) }
        texts += again
        var column = TextColumn()
        let ids = texts.map { column.intern($0) }
        #expect(ids == Self.dictionaryIDs(texts))
        #expect(Set(Self.equivalent.map { column.intern($0) }).count == 6)
        // Each id's bytes are its text's.
        var first: [Int32: String] = [:]
        for (text, id) in zip(texts, ids) where first[id] == nil { first[id] = text }
        #expect(column.valueCount == first.count)
        #expect(first.allSatisfy { column.text($0.key) == $0.value })
    }

    @Test("a person's value is counted once a person; empty and missing are -1")
    func counted() {
        var column = TextColumn()
        for text in ["b", "a", nil, "b", "", "a\u{0}", "b"] as [String?] { column.append(text) }
        #expect((0..<column.count).map { column[$0] } == [0, 1, -1, 0, -1, 2, 0])
        #expect(column.frequency(0) == 3.0 / 5.0)
        #expect(column.frequency(2) == 1.0 / 5.0)
    }
}

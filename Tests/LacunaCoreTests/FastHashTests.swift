@testable import LacunaCore
import Foundation
import Testing

/// Keys hashed by `FastHash` (`TextKey`, `LocalDate`) are found as Swift's own hashing finds them:
/// texts Swift holds equal hash alike, whatever their bytes, and the hashes spread over a dictionary's
/// buckets.
@Suite("Keys hashed by FastHash")
struct FastHashTests {
    /// Texts, each beside another Swift holds equal to it with other bytes, and texts only nearly alike.
    static let equalPairs: [(String, String)] = [
        ("Ngā", "Nga\u{304}"), ("\u{212A}elly", "Kelly"), ("\u{2126}", "\u{3A9}"), ("\u{212B}ngstr\u{F6}m", "A\u{30A}ngstro\u{308}m"),
        ("Zo\u{EB}", "Zoe\u{308}"), ("Tāmati Ōtaki", "Ta\u{304}mati O\u{304}taki"), ("Ē", "E\u{304}"),
    ]
    static let texts: [String] = ["", "a", "A", "ab", "ba", "Tipene", "tipene", "fifteen bytes!!", "sixteen bytes!!!", "seventeen bytes!!",
                                  "x\u{0}y", "x\u{0}z", "🙂 Ōtaki", "Nga", "Ngā", String(repeating: "Tē ", count: 40),
                                  String(repeating: "Tē ", count: 41), "021 555 0123", "0215550123"]

    @Test("texts Swift holds equal hash alike, at any seed, composed or not; a dictionary of them finds one by the other")
    func equalTextsHashAlike() {
        for (a, b) in Self.equalPairs {
            #expect(a == b && Array(a.utf8) != Array(b.utf8), "\(a.debugDescription) is not another spelling of an equal text")
            for seed in [0, 1, -1, 0x5EED, Int.max, Int.min] {
                #expect(TextKey(a)._rawHashValue(seed: seed) == TextKey(b)._rawHashValue(seed: seed), "\(a.debugDescription) at seed \(seed)")
            }
            #expect(TextKey(a).hashValue == TextKey(b).hashValue && TextKey(a) == TextKey(b))
            var hasher = Hasher(), other = Hasher()
            hasher.combine(TextKey(a))
            other.combine(TextKey(b))
            #expect(hasher.finalize() == other.finalize())
            let table = [TextKey(a): 1]
            #expect(table[TextKey(b)] == 1)
        }
    }

    @Test("a dictionary keyed by TextKey holds what one keyed by String holds, as it grows, its keys read back")
    func asByString() {
        var byText: [TextKey: Int] = [:], byString: [String: Int] = [:]
        let keys = Self.texts + Self.equalPairs.flatMap { [$0.0, $0.1] } + (0..<3_000).map { "patient \($0 % 1_700) \($0 % 3)" }
        for (place, key) in keys.enumerated() {
            byText[TextKey(key), default: 0] += place
            byString[key, default: 0] += place
        }
        #expect(byText.count == byString.count)
        for key in keys { #expect(byText[TextKey(key)] == byString[key], "\(key.debugDescription)") }
        #expect(Dictionary(uniqueKeysWithValues: byText.map { ($0.key.text, $0.value) }) == byString)
        #expect(byText[TextKey("no such key")] == nil)
    }

    @Test("the bytes' hash is a function of every byte and the length, in every length from none to five words and a half")
    func everyByteCounts() {
        for length in 0...44 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let hash = bytes.withUnsafeBufferPointer { FastHash.hash($0, seed: 7) }
            #expect(hash == bytes.withUnsafeBufferPointer { FastHash.hash($0, seed: 7) })
            // One more zero byte is another text.
            #expect(hash != (bytes + [0]).withUnsafeBufferPointer { FastHash.hash($0, seed: 7) }, "length \(length)")
            for place in 0..<length {
                var changed = bytes
                changed[place] ^= 0x20
                #expect(hash != changed.withUnsafeBufferPointer { FastHash.hash($0, seed: 7) }, "length \(length), byte \(place)")
            }
        }
    }

    /// How many of a table's 1,024 buckets `hashes` fill, by their low bits (as a dictionary places them).
    func bucketsFilled(_ hashes: [Int]) -> Int { Set(hashes.map { $0 & 1023 }).count }

    @Test("keys that differ only in a few bits, or far from the start, spread over a dictionary's buckets")
    func spread() {
        // 4,096 keys into 1,024 buckets: at random, each is empty with odds of one in 55.
        let numbered = (0..<4_096).map { FastHash.hash(TextKey("P\($0)").text, seed: 99) }
        let late = (0..<4_096).map { FastHash.hash(String(repeating: "x", count: 21) + String($0), seed: 99) }
        let days = (0..<4_096).map { LocalDate(year: 1950, month: 1, day: 1)!.adding(days: $0)._rawHashValue(seed: 99) }
        let counts = (0..<4_096).map { FastHash.hash(UInt64($0) << 32, seed: 99) }
        for (name, hashes) in [("numbered", numbered), ("late", late), ("days", days), ("high bits", counts)] {
            #expect(bucketsFilled(hashes) > 980, "\(name): \(bucketsFilled(hashes)) of 1,024 buckets")
        }
        // Another seed places them elsewhere.
        #expect((0..<64).contains { FastHash.hash("P\($0)", seed: 1) & 1023 != FastHash.hash("P\($0)", seed: 2) & 1023 })
    }

    @Test("dates equal hash alike, and a dictionary of days finds each")
    func dates() {
        let first = LocalDate(year: 2025, month: 4, day: 3)!
        #expect(first._rawHashValue(seed: 5) == LocalDate(iso: "2025-04-03")!._rawHashValue(seed: 5))
        var byDay: [LocalDate: Int] = [:]
        for k in 0..<800 { byDay[first.adding(days: k)] = k }
        #expect(byDay.count == 800 && (0..<800).allSatisfy { byDay[first.adding(days: $0)] == $0 })
    }

    @Test("digests equal hash alike, unequal ones spread, and a dictionary of them counts each")
    func digests() {
        let digests = (0..<4_096).map { SHA256.digest(joining: ["record", String($0)], separator: "\u{1F}") }
        #expect(digests[7]._rawHashValue(seed: 3) == SHA256.digest(joining: ["record", "7"], separator: "\u{1F}")._rawHashValue(seed: 3))
        #expect(bucketsFilled(digests.map { $0._rawHashValue(seed: 3) }) > 980)
        var seen: [SHA256.Digest: Int] = [:]
        for digest in digests + digests.prefix(100) { seen[digest, default: 0] += 1 }
        #expect(seen.count == 4_096 && seen[digests[50]] == 2 && seen[digests[150]] == 1)
    }
}

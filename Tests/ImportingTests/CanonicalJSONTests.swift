import Foundation
import Testing
import LacunaCore
@testable import Importing

/// A portal message's JSON as its content key reads it: Foundation's text with sorted keys, written here.
@Suite("Canonical JSON: Foundation's sorted-key text, to the byte")
struct CanonicalJSONTests {
    /// Foundation's text of an object (what `CanonicalJSON` stands in for).
    static func foundation(_ object: [String: Any]) -> String? {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("random objects of texts, nulls, objects and arrays, with keys that sort by number, case and accent, and texts with every control character, quotes, slashes and letters beyond ASCII: Foundation's text; a number or true anywhere: none")
    func sameAsFoundation() throws {
        var random = SeededRandom(seed: 2026)
        // Keys Foundation orders by its own comparison: numbers by value (a2 before a10), case aside but
        // forced apart (Name, name), accents, underscores and digits.
        let keys = ["a", "A", "a2", "a10", "a1", "name", "Name", "NAME", "nhi", "dob", "é", "e", "f", "_id", "id", "Id", "message_id", "sent_at",
                    "z9", "z10", "b 2", "b 10", "ā", "Ō", "o", "x-y", "x_y", "1", "10", "2"]
        let pieces = ["plain", "", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}",
                      "Tāmati", "ŋ", "😀", "e\u{301}", "http://x/y", "<b>&amp;</b>", "\u{2028}"]
        func text() -> String { (0..<Int(random.next() % 5)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        func value(depth: Int) -> Any {
            switch random.next() % (depth > 2 ? 2 : 5) {
            case 0: return text()
            case 1: return NSNull()
            case 2: return object(depth: depth + 1)
            case 3: return (0..<Int(random.next() % 4)).map { _ in value(depth: depth + 1) }
            default: return text()
            }
        }
        func object(depth: Int) -> [String: Any] {
            var object: [String: Any] = [:]
            for _ in 0..<Int(random.next() % 8) { object[keys[Int(random.next() % UInt64(keys.count))]] = value(depth: depth) }
            return object
        }
        var canonical = CanonicalJSON()
        var written = 0
        for round in 0..<600 {
            let made = object(depth: 0)
            // Parsed back as a file's message is (Foundation's own values), and as made.
            let parsed = try #require(try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: made)) as? [String: Any])
            for object in [made, parsed] {
                let expected = try #require(Self.foundation(object))
                #expect(canonical.text(object) == expected, "round \(round): \(expected)")
                written += 1
            }
        }
        #expect(written == 1_200)
        // A number, true or false is left to Foundation.
        for odd in [["n": 1] as [String: Any], ["b": true], ["o": ["x": 2.5]], ["a": ["s", 3]]] {
            #expect(canonical.text(odd) == nil)
        }
        let message = try #require(try JSONSerialization.jsonObject(with: Data(#"{"id":7,"body":"hi"}"#.utf8)) as? [String: Any])
        #expect(canonical.text(message) == nil)
    }
}

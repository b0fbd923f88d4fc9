import Foundation
import Testing
@testable import Store
import TestFolders

/// Prepared statements are cached by their text (`StatementText`: hashed by its length and ends, compared whole).
@Suite("Prepared statements cached by their text")
struct StatementCacheTests {
    @Test("the same text made again finds the statement prepared for it; a text alike in length and ends, not in the middle, its own")
    func byWholeText() throws {
        let database = try Database(path: TestFolder.made("lacuna-statements").appendingPathComponent("s.sqlite").path)
        let padding = String(repeating: " ", count: 90)
        func text(_ n: Int) -> String { "SELECT 1" + padding + "+ \(n)" + padding + "AS x" }
        let first = try database.statement(text(2))
        // Built again, not the same storage.
        #expect(try database.statement(String(text(2).utf8.map { Character(UnicodeScalar($0)) })) === first)
        let other = try database.statement(text(3))
        #expect(other !== first)
        #expect(try database.rows(text(2), []).first?.first?.int == 3)
        #expect(try database.rows(text(3), []).first?.first?.int == 4)
    }

    @Test("equal texts hash alike; texts of other bytes are not equal")
    func equalAndHash() {
        let texts = ["", "a", "INSERT INTO t VALUES (?)", String(repeating: "(?, ?), ", count: 400), String(repeating: "(?, ?), ", count: 400) + "x",
                     "x" + String(repeating: "(?, ?), ", count: 400), "Ngā", "Nga\u{304}"]
        for a in texts {
            for b in texts {
                let equal = StatementText(a) == StatementText(b)
                #expect(equal == Array(a.utf8).elementsEqual(Array(b.utf8)))
                if equal { #expect(StatementText(a).hashValue == StatementText(b).hashValue) }
            }
        }
    }
}

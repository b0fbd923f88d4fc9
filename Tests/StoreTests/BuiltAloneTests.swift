import Foundation
import Testing
@testable import Store
import TestFolders

/// A new case is built with no journal (`Database(path:alone:)`): a write that fails cannot be undone,
/// so the connection says it is spoiled and does nothing more; a connection with a journal undoes it.
@Suite("A database built alone, with no journal")
struct BuiltAloneTests {
    /// A database with one committed row in `t`, and room for few more pages.
    func database(alone: Bool) throws -> Database {
        let database = try Database(path: TestFolder.made("lacuna-alone").appendingPathComponent("case.sqlite.building").path, alone: alone)
        try database.execute("CREATE TABLE t (x BLOB); INSERT INTO t VALUES (x'00');")
        let pages = try #require(try database.rows("PRAGMA page_count", []).first?.first?.int)
        try database.execute("PRAGMA max_page_count = \(pages + 4)")
        return database
    }

    /// Inserts rows of 2 KB in one transaction until the file may grow no more.
    func fill(_ database: Database) throws {
        try database.transaction {
            for _ in 0..<100 { try database.run("INSERT INTO t VALUES (randomblob(2048))", []) }
        }
    }

    struct Refused: Error {}

    @Test("no journal; a committed transaction leaves it whole and usable")
    func committed() throws {
        let database = try database(alone: true)
        #expect(try database.rows("PRAGMA journal_mode", []).first?.first?.string == "off")
        try database.transaction { try database.run("INSERT INTO t VALUES (x'01')", []) }
        #expect(!database.spoiled)
        #expect(try database.rows("SELECT count(*) FROM t", []).first?.first?.int == 2)
    }

    @Test("a write that fails (the file full), in a transaction or alone, spoils it: nothing more is asked of SQLite, and saying why",
          arguments: [true, false])
    func failedWrite(inTransaction: Bool) throws {
        let database = try database(alone: true)
        #expect(throws: DatabaseError.self) {
            if inTransaction { try fill(database) } else { try database.run("INSERT INTO t VALUES (randomblob(100000))", []) }
        }
        #expect(database.spoiled)
        do {
            _ = try database.rows("SELECT count(*) FROM t", [])
            Issue.record("a spoiled connection answered a query")
        } catch let error as DatabaseError {
            #expect(error.code == 4)  // SQLITE_ABORT
            #expect(error.description.contains("could not be undone"))
        }
        #expect(throws: DatabaseError.self) { try database.transaction { } }
    }

    @Test("a transaction given up for an error of its own (not SQLite's) spoils it too: its writes stay")
    func givenUp() throws {
        let database = try database(alone: true)
        #expect(throws: Refused.self) {
            try database.transaction {
                try database.run("INSERT INTO t VALUES (x'02')", [])
                throw Refused()
            }
        }
        #expect(database.spoiled)
        #expect(throws: DatabaseError.self) { try database.execute("SELECT 1") }
    }

    @Test("with a journal the same failures are undone, and the connection goes on")
    func journaled() throws {
        let database = try database(alone: false)
        #expect(throws: DatabaseError.self) { try fill(database) }
        #expect(throws: Refused.self) {
            try database.transaction {
                try database.run("INSERT INTO t VALUES (x'02')", [])
                throw Refused()
            }
        }
        #expect(!database.spoiled)
        #expect(try database.rows("SELECT count(*) FROM t", []).first?.first?.int == 1)
    }
}

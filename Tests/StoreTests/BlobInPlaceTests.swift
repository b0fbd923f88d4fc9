import Foundation
import Testing
@testable import Store
import TestFolders

/// A row whose last value is a large blob (a memo, a file's block of traces), written with room for
/// the blob and the bytes then put in place (`Database.run(_:_:blob:table:column:row:)`), stores what
/// binding the blob as a value stores; and the row and its bytes go in together or not at all.
@Suite("Blobs written in place")
struct BlobInPlaceTests {
    func database() throws -> Database {
        let database = try Database(path: TestFolder.made("lacuna-blob").appendingPathComponent("blob.sqlite").path)
        try database.execute("""
            CREATE TABLE memo (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, body BLOB NOT NULL);
            CREATE TABLE bound (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, body BLOB NOT NULL);
            """)
        return database
    }

    static let upsert = "(id, fingerprint, body) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, body = excluded.body"

    @Test("blobs empty, of a byte, across many pages and replacing a longer or shorter one: read back as bound ones are, byte for byte")
    func sameBytes() throws {
        let database = try database()
        var random = SystemRandomNumberGenerator()
        for count in [0, 1, 4_095, 4_096, 70_000, 3_000_000, 10, 0, 250_000] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            try database.run("INSERT INTO memo " + Self.upsert, [.text("f\(count)")], blob: bytes, table: "memo", column: "body", row: 1)
            try database.run("INSERT INTO bound " + Self.upsert, [.text("f\(count)"), .blob(bytes)])
            let placed = try database.rows("SELECT fingerprint, body FROM memo", [])
            #expect(placed == (try database.rows("SELECT fingerprint, body FROM bound", [])))
            #expect(placed.count == 1 && placed.first?[1] == .blob(bytes), "\(count) bytes")
        }
    }

    @Test("a blob that cannot be put in place (no such column): an error, and neither the row nor its bytes stored, inside a transaction or not")
    func allOrNothing() throws {
        let database = try database()
        #expect(throws: DatabaseError.self) {
            try database.run("INSERT INTO memo " + Self.upsert, [.text("one")], blob: [1, 2, 3], table: "memo", column: "nothing", row: 1)
        }
        #expect(try database.rows("SELECT count(*) FROM memo", []) == [[.integer(0)]])
        try database.transaction {
            try database.run("INSERT INTO bound " + Self.upsert, [.text("kept"), .blob([9])])
            #expect(throws: DatabaseError.self) {
                try database.run("INSERT INTO memo " + Self.upsert, [.text("two")], blob: [4, 5], table: "memo", column: "body", row: 2)
            }
        }
        // The failed write undone; the transaction's other write kept.
        #expect(try database.rows("SELECT count(*) FROM memo", []) == [[.integer(0)]])
        #expect(try database.rows("SELECT fingerprint, body FROM bound", []) == [[.text("kept"), .blob([9])]])
    }
}

import Foundation
import Testing
@testable import Remnants

enum SQLiteSamples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/samples/sqlite").standardized
    static var available: Bool { FileManager.default.fileExists(atPath: folder.path) }
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

@Suite("Public SQLite samples read page by page, or said plainly", .enabled(if: SQLiteSamples.available, "../shared/samples/sqlite is absent: skipped"))
struct SQLiteSampleTests {
    @Test("a users table with long values on overflow pages: every row, whole")
    func overflow() throws {
        let reading = try SQLiteRemnantReader.read(path: SQLiteSamples.path("dc3_corpus_07-01_users.db"))
        #expect(reading.tables.map(\.name) == ["users"])
        #expect(reading.tables[0].columns == ["id", "name", "code", "zip"])
        let users = reading.rows.filter { $0.table == "users" && $0.origin == .live }
        #expect(users.count == 20)
        #expect(users.allSatisfy { !$0.cutShort })
        // Row 20013's code is 4,068 characters: longer than a 4 KiB page holds, so read through its overflow page.
        let long = try #require(users.first { $0.values[0] == .integer(20013) })
        if case .text(let code) = long.values[2] { #expect(code.count == 4068) } else { Issue.record("code is not text") }
        #expect(long.values[3] == .integer(18609))
    }

    @Test("a dropped table: its rows carved from the freed page")
    func dropped() throws {
        let reading = try SQLiteRemnantReader.read(path: SQLiteSamples.path("dc3_corpus_0A-01_dropped_table_freelist.db"))
        #expect(reading.notes.contains { $0.contains("schema lists no table") })
        let carved = reading.rows.filter { $0.origin == .free }
        #expect(carved.count >= 15)
        // The dropped table's CREATE statement was carved too: the rows are named by it.
        #expect(reading.tables.map(\.name) == ["users"])
        #expect(carved.filter { $0.table == "users" }.count >= 15)
    }

    @Test("a WAL not checkpointed is replayed: the newer state, not the file's")
    func wal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lacuna-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("v.sqlite").path
        try FileManager.default.copyItem(atPath: SQLiteSamples.path("dc3_version_history_test.sqlite"), toPath: database)
        let without = try SQLiteRemnantReader.read(path: database)
        try FileManager.default.copyItem(atPath: SQLiteSamples.path("dc3_version_history_test.sqlite-wal"), toPath: database + "-wal")
        let with = try SQLiteRemnantReader.read(path: database)
        #expect(with.notes.contains { $0.contains("WAL") })
        let before = without.rows.filter { $0.table == "testing" && $0.origin == .live }.map(\.values)
        let after = with.rows.filter { $0.table == "testing" && $0.origin == .live }.map(\.values)
        #expect(before != after)
        #expect(with.tables.first { $0.name == "testing" }?.rowidColumn == 0)
    }

    @Test("a file of zeros is said, not read as a database")
    func zeroed() {
        #expect(throws: SQLiteImage.Failure.self) { try SQLiteRemnantReader.read(path: SQLiteSamples.path("dc3_invalid_database_zeroed.sqlite")) }
        do {
            _ = try SQLiteRemnantReader.read(path: SQLiteSamples.path("dc3_invalid_database_zeroed.sqlite"))
        } catch {
            #expect(error.description.contains("zero"))
        }
    }
}

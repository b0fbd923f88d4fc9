import Foundation
import Testing
@testable import Remnants
import TestFolders

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
        let folder = TestFolder.fresh("lacuna-wal")
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

@Suite("Plain SQL dumps as sqlite3, mysqldump and pg_dump write them")
struct SQLDumpTests {
    func read(_ text: String) throws -> SQLiteRemnantReader.Reading {
        let folder = TestFolder.fresh("lacuna-dump")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("pms.sql").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try SQLiteRemnantReader.read(path: path)
    }

    @Test("sqlite3 .dump: tables, rows, '' escapes, NULL, reals, blobs, a statement over several lines")
    func sqlite() throws {
        let reading = try read("""
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE appointments (id INTEGER PRIMARY KEY, patient_id INTEGER, start TEXT, reason TEXT, fee REAL, scan BLOB);
            INSERT INTO appointments VALUES(1,7,'2025-04-03T09:00','O''Brien; knee',45.5,X'0A0B');
            INSERT INTO appointments VALUES(2,8,'2025-04-03T09:15','two
            lines',NULL,NULL);
            COMMIT;
            """)
        #expect(reading.tables.map(\.name) == ["appointments"])
        #expect(reading.rows.count == 2)
        #expect(reading.rows[0].values == [.integer(1), .integer(7), .text("2025-04-03T09:00"), .text("O'Brien; knee"), .real(45.5), .blob([0x0A, 0x0B])])
        #expect(reading.rows[0].rowid == 1 && reading.rows[0].columns.count == 6)
        #expect(reading.rows[1].values[3] == .text("two\nlines") && reading.rows[1].values[4] == .null)
    }

    @Test("mysqldump: backticks, backslash escapes, several rows per INSERT, a column list; pg_dump's schema-qualified names")
    func mysqlAndPostgres() throws {
        let mysql = try read("""
            /*!40101 SET NAMES utf8mb4 */;
            CREATE TABLE `patients` (
              `id` int NOT NULL AUTO_INCREMENT,
              `family` varchar(80) DEFAULT NULL,
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB;
            INSERT INTO `patients` VALUES (1,'O\\'Neill'),(2,'Ngata\\\\Te Whata'),(3,NULL);
            INSERT INTO `patients` (`family`, `id`) VALUES ('Smith',4);
            """)
        #expect(mysql.tables.first?.columns == ["id", "family"])
        #expect(mysql.rows.map(\.values) == [[.integer(1), .text("O'Neill")], [.integer(2), .text("Ngata\\Te Whata")], [.integer(3), .null],
                                            [.text("Smith"), .integer(4)]])
        #expect(mysql.rows[3].columns == ["family", "id"])
        let pg = try read("""
            CREATE TABLE public.documents (
                id integer NOT NULL,
                title text
            );
            INSERT INTO public.documents VALUES (10, 'Discharge summary');
            """)
        #expect(pg.tables.map(\.name) == ["documents"] && pg.rows.first?.table == "documents")
    }
}

@Suite("SQLite records from damaged bytes")
struct SQLiteRecordTests {
    @Test("a header claiming values of exabytes is not a record, and never overflows (a 10,000-patient drill's damaged database crashed the run)")
    func hugeSerialTypes() {
        // Header of 21 bytes: two serial types each a nine-byte varint near Int64.max, then a small body.
        var payload: [UInt8] = [21]
        for _ in 0..<2 { payload += [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] }
        payload += [0x01, 0x01] + Array(repeating: 0x41, count: 8)
        payload[0] = UInt8(1 + 18 + 2)
        #expect(SQLiteRecord.decode(payload, encoding: 1) == nil)
        #expect(SQLiteRecord.decode(payload, encoding: 1, exact: false) == nil)
        #expect(SQLiteRecord.decodePrefix(payload[...], encoding: 1) == nil)
        #expect(SQLiteRecord.decodeTypes(payload[1...], columns: 3, encoding: 1) == nil)
        #expect(SQLiteRecord.size(ofSerialType: Int64.max) == nil && SQLiteRecord.size(ofSerialType: 13) == 0)
    }

    /// A record of these values as SQLite writes it: header size, serial types, body (text in `encoding`).
    static func record(_ values: [SQLiteValue], encoding: Int = 1) -> [UInt8] {
        /// A varint of up to 14 bits (a header and its serial types here).
        func varint(_ n: Int) -> [UInt8] { n < 0x80 ? [UInt8(n)] : [UInt8(0x80 | n >> 7), UInt8(n & 0x7F)] }
        var types: [UInt8] = [], body: [UInt8] = []
        for value in values {
            switch value {
            case .null: types.append(0)
            case .integer(let n):
                types.append(6)
                body += (0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> ($0 * 8)) }
            case .real(let d):
                types.append(7)
                body += (0..<8).reversed().map { UInt8(truncatingIfNeeded: d.bitPattern >> UInt64($0 * 8)) }
            case .text(let s):
                let bytes = encoding == 1 ? Array(s.utf8)
                    : s.utf16.flatMap { encoding == 2 ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                types += varint(13 + 2 * bytes.count)
                body += bytes
            case .blob(let b):
                types += varint(12 + 2 * b.count)
                body += b
            }
        }
        return varint(1 + types.count) + types + body
    }

    @Test("a record read where it lies in a page is the record read from a copy of its bytes, in each text encoding")
    func inPlace() {
        let rows: [[SQLiteValue]] = [
            [.integer(7), .text("Ngāti Whātua"), .null, .real(-2.5), .blob([0, 1, 0xFF])],
            [.text(""), .text("2024-03-05"), .integer(-1), .text("a \"quoted\" note, with a comma")],
            [.text("O'Brien"), .text("🙂 Tūī")],
        ]
        for encoding in 1...3 {
            for values in rows {
                let bytes = Self.record(values, encoding: encoding)
                #expect(SQLiteRecord.decode(bytes, encoding: encoding) == values)
                // Inside a page, with other bytes either side: the same values, nothing read past the range.
                let page = [UInt8](repeating: 0xA5, count: 13) + bytes + [UInt8](repeating: 0x5A, count: 9)
                #expect(SQLiteRecord.decode(page, in: 13..<(13 + bytes.count), encoding: encoding) == values)
                // Cut short (a lost overflow page): not a record when exact, its first values and NULLs when not.
                let cut = 13..<(13 + bytes.count - 2)
                #expect(SQLiteRecord.decode(page, in: cut, encoding: encoding) == nil)
                #expect(SQLiteRecord.decode(page, in: cut, encoding: encoding, exact: false)
                        == SQLiteRecord.decode(Array(page[cut]), encoding: encoding, exact: false))
                #expect(SQLiteRecord.decode(page, in: cut, encoding: encoding, exact: false)?.last == .null)
            }
        }
    }

    @Test("records carved from a page's bytes at any offset, with junk around them, come back whole")
    func carvedInPlace() {
        let first: [SQLiteValue] = [.integer(12), .text("Tipene"), .text("2019-07-01")]
        let second: [SQLiteValue] = [.text("Walker"), .text("booked"), .integer(3)]
        var page = [UInt8](repeating: 0, count: 40) + [0xFF, 0x03, 0x81]
        for (rowid, values) in [(UInt8(5), first), (UInt8(9), second)] {
            let record = Self.record(values)
            page += [UInt8(record.count), rowid] + record + [0x00, 0x07]
        }
        page += [UInt8](repeating: 0, count: 30)
        let carved = SQLiteRemnantReader.carve(page, from: 0, encoding: 1)
        #expect(carved.map(\.rowid) == [5, 9])
        #expect(carved.map(\.values) == [first, second])
    }

    @Test("a text's form (date, number, word, phrase) as the column profile counts it")
    func textForm() {
        // The rule as it was first written, for comparison.
        func reference(_ text: String) -> Int {
            let utf8 = text.utf8
            if utf8.count >= 8, let first = utf8.first, (48...57).contains(first), utf8.dropFirst(4).first == UInt8(ascii: "-") { return 0 }
            if !utf8.isEmpty, utf8.allSatisfy({ (48...57).contains($0) || $0 == 46 || $0 == 45 }) { return 1 }
            return utf8.contains(32) ? 3 : 2
        }
        let texts = ["", "2024-03-05", "2024-3-5", "1999-12-31 10:00", "12345678", "-1.5", "0.", "Tamati", "Mere Tipene",
                     "booked", " ", "2024/03/05", "20-4-03-05", "Ngāti Whātua", "1234-", "1234-5678", "a longer text held in a heap buffer, not inline"]
        for text in texts {
            #expect(SQLiteRemnantReader.Shapes.TextProfile.form(text) == reference(text), "\(text)")
        }
        #expect(texts.map(SQLiteRemnantReader.Shapes.TextProfile.form).prefix(8) == [2, 0, 0, 0, 1, 1, 1, 2])
    }
}

import Foundation
import Testing
import Store
@testable import Remnants
import TestFolders

/// A practice system's database of known rows, damaged the ways disks and crashes damage them; what the
/// page reader recovers in each case, against the truth.
@Suite("Damaged databases: what is recovered, against the truth", .serialized)
struct CorruptionMatrixTests {
    static let patients = 1500, appointments = 3000

    /// Writes the database (4 KiB pages, rollback journal) and returns its path and its page size.
    func practice(wal: Bool = false, deleting: Int = 0) throws -> (path: String, folder: URL) {
        let folder = TestFolder.fresh("lacuna-damage")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("pms.sqlite").path
        do {
            let db = try Database(path: path)
            try db.execute("PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;")
            try db.execute("""
                CREATE TABLE patients (id INTEGER PRIMARY KEY, nhi TEXT NOT NULL, family TEXT, given TEXT, dob TEXT);
                CREATE TABLE appointments (id INTEGER PRIMARY KEY, patient_id INTEGER, start TEXT, provider TEXT, status TEXT, reason TEXT, booked TEXT);
                """)
            try db.transaction {
                for n in 1...Self.patients {
                    try db.run("INSERT INTO patients VALUES (?, ?, ?, ?, ?)", [.integer(Int64(n)), .text("ZZZ\(String(format: "%04d", n))"),
                                                                            .text("Family\(n)"), .text("Given\(n)"), .text("19\(50 + n % 50)-0\(1 + n % 9)-1\(n % 9)")])
                }
                for n in 1...Self.appointments {
                    try db.run("INSERT INTO appointments VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [.integer(Int64(n)), .integer(Int64(1 + n % Self.patients)), .text("2025-04-0\(1 + n % 6)T09:\(10 + n % 50):00"),
                                .text(["RS", "AN", "JL"][n % 3]), .text("Booked"), .text("reason \(n) " + String(repeating: "x", count: n % 40)), .text("2025-03-2\(n % 9)")])
                }
            }
            // Debian builds SQLite with secure delete on; most practice systems' builds leave it off.
            if deleting > 0 { try db.execute("PRAGMA secure_delete = OFF; DELETE FROM appointments WHERE id % 50 = 0 AND id <= \(deleting * 50)") }
        }
        if wal {
            // Later bookings written in WAL mode and never checkpointed: copied while the connection is open.
            let db = try Database(path: path)
            try db.execute("PRAGMA wal_autocheckpoint = 0;")
            try db.transaction {
                for n in (Self.appointments + 1)...(Self.appointments + 200) {
                    try db.run("INSERT INTO appointments VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [.integer(Int64(n)), .integer(1), .text("2025-04-07T09:00:00"), .text("RS"), .text("Booked"), .text("late"), .text("2025-04-06")])
                }
            }
            let copy = folder.appendingPathComponent("copy.sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
            return (copy, folder)
        }
        return (path, folder)
    }

    func damage(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Rows recovered per table (any origin; a row counted once by its table and id).
    func recovered(_ reading: SQLiteRemnantReader.Reading) -> (patients: Int, appointments: Int, unassigned: Int) {
        var keys: [String: Set<String>] = [:]
        var unassigned = 0
        for row in reading.rows {
            guard let table = row.table else { unassigned += 1; continue }
            let id = row.rowid.map(String.init) ?? row.values.first.map(\.description) ?? ""
            keys[table, default: []].insert(id)
        }
        return (keys["patients"]?.count ?? 0, keys["appointments"]?.count ?? 0, unassigned)
    }

    @Test("intact, random pages overwritten, a root zeroed, page 1 zeroed, truncated at half, deleted rows, WAL not checkpointed")
    func matrix() throws {
        var lines: [String] = []
        func report(_ name: String, _ reading: SQLiteRemnantReader.Reading, expected: (Int, Int)) -> (patients: Int, appointments: Int, unassigned: Int) {
            let got = recovered(reading)
            lines.append("\(name): patients \(got.patients)/\(expected.0), appointments \(got.appointments)/\(expected.1), rows with no table \(got.unassigned)")
            return got
        }
        // Intact.
        let intact = try practice()
        let whole = report("intact", try SQLiteRemnantReader.read(path: intact.path), expected: (Self.patients, Self.appointments))
        #expect(whole.patients == Self.patients && whole.appointments == Self.appointments)

        // Three leaf pages overwritten with noise: the rows on the others.
        let noisy = try practice()
        let pageSize = 4096
        let pageCount = try Data(contentsOf: URL(fileURLWithPath: noisy.path)).count / pageSize
        try damage(noisy.path) { bytes in
            var seed: UInt64 = 42
            for page in [pageCount / 4, pageCount / 2, 3 * pageCount / 4] {
                for k in 0..<pageSize {
                    seed = seed &* 6364136223846793005 &+ 1442695040888963407
                    bytes[page * pageSize + k] = UInt8(truncatingIfNeeded: seed >> 33)
                }
            }
        }
        let afterNoise = report("3 pages overwritten", try SQLiteRemnantReader.read(path: noisy.path), expected: (Self.patients, Self.appointments))
        #expect(afterNoise.patients + afterNoise.appointments >= (Self.patients + Self.appointments) * 85 / 100)

        // The appointments table's root (an interior page) zeroed: its leaves are orphans, still found.
        let rootless = try practice()
        let schema = try SQLiteRemnantReader.read(path: rootless.path)
        let root = try #require(schema.tables.first { $0.name == "appointments" }?.rootPage)
        try damage(rootless.path) { bytes in for k in 0..<pageSize { bytes[(root - 1) * pageSize + k] = 0 } }
        let noRoot = report("appointments root zeroed", try SQLiteRemnantReader.read(path: rootless.path), expected: (Self.patients, Self.appointments))
        #expect(noRoot.appointments == Self.appointments)

        // Page 1 zeroed: the schema is lost; the rows are found, without their tables' names.
        let headless = try practice()
        try damage(headless.path) { bytes in for k in 0..<pageSize { bytes[k] = 0 } }
        let noHeader = try SQLiteRemnantReader.read(path: headless.path)
        let noSchema = report("page 1 zeroed", noHeader, expected: (Self.patients, Self.appointments))
        #expect(noSchema.unassigned >= (Self.patients + Self.appointments) * 95 / 100)
        #expect(noHeader.notes.contains { $0.contains("page size") })

        // Truncated at half: the first half's rows.
        let cut = try practice()
        try damage(cut.path) { bytes in bytes = Array(bytes.prefix(bytes.count / 2)) }
        let half = report("truncated at 50%", try SQLiteRemnantReader.read(path: cut.path), expected: (Self.patients, Self.appointments))
        #expect(half.patients + half.appointments >= (Self.patients + Self.appointments) * 40 / 100)

        // Deleted bookings: carved from the free space of their pages.
        let deleted = try practice(deleting: 40)
        let afterDelete = try SQLiteRemnantReader.read(path: deleted.path)
        let carved = afterDelete.rows.filter { $0.table == "appointments" && $0.origin == .free }
        let free = carved.count
        lines.append("40 bookings deleted: \(free) carved back from free space")
        // What comes back is the booking as it was: its reason names a deleted one (ids 50, 100 … 2000).
        #expect(carved.allSatisfy { row in
            guard row.values.count == 7, case .text(let reason) = row.values[5], let n = Int(reason.split(separator: " ")[1]) else { return false }
            return n % 50 == 0 && n <= 2000 && row.values[3] == .text(["RS", "AN", "JL"][n % 3])
        })
        #expect(free >= 30)

        // A WAL never checkpointed: its committed bookings are there.
        let walCase = try practice(wal: true)
        let withWAL = report("WAL not checkpointed (+200 bookings)", try SQLiteRemnantReader.read(path: walCase.path), expected: (Self.patients, Self.appointments + 200))
        #expect(withWAL.appointments == Self.appointments + 200)
        print(lines.joined(separator: "\n"))
    }
}

extension CorruptionMatrixTests {
    @Test("two tables of the same width: an orphaned row goes to the one whose rows it looks like")
    func sameWidth() throws {
        let folder = TestFolder.fresh("lacuna-width")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("pms.sqlite").path
        do {
            let db = try Database(path: path)
            try db.execute("""
                PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;
                CREATE TABLE notes (id INTEGER PRIMARY KEY, patient_id INTEGER, body TEXT, written TEXT);
                CREATE TABLE measures (id INTEGER PRIMARY KEY, weight REAL, height REAL, scan BLOB);
                """)
            try db.transaction {
                for n in 1...2000 {
                    try db.run("INSERT INTO notes VALUES (?, ?, ?, ?)", [.integer(Int64(n)), .integer(Int64(n % 300)), .text("note \(n) " + String(repeating: "y", count: n % 30)), .text("2025-04-03")])
                    try db.run("INSERT INTO measures VALUES (?, ?, ?, ?)", [.integer(Int64(n)), .real(60 + Double(n % 40)), .real(150 + Double(n % 50)), .blob([1, 2, 3])])
                }
            }
        }
        let before = try SQLiteRemnantReader.read(path: path)
        let root = try #require(before.tables.first { $0.name == "notes" }?.rootPage)
        try damage(path) { bytes in for k in 0..<4096 { bytes[(root - 1) * 4096 + k] = 0 } }
        let after = try SQLiteRemnantReader.read(path: path)
        let notes = after.rows.filter { $0.table == "notes" }
        // The measures table still has its live rows, so its shapes are known; the notes' orphans are told from them.
        #expect(notes.count == 2000)
        #expect(notes.allSatisfy { $0.origin == .orphan })
        #expect(after.rows.filter { $0.table == "measures" }.count == 2000)
    }

    @Test("bookings and consultation notes of the same width and kinds: an orphaned page goes to the table whose values it holds")
    func sameKinds() throws {
        for lost in ["appointments", "consultations"] {
            let folder = TestFolder.fresh("lacuna-kinds")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("pms.sqlite").path
            let statuses = ["Completed", "Arrived", "DNA", "Cancelled", "Booked"]
            let reasons = ["cough", "repeat prescription", "sore ear", "blood pressure check", "rash", "medical certificate", "back pain"]
            do {
                let db = try Database(path: path)
                try db.execute("""
                    PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM;
                    CREATE TABLE appointments (guid TEXT, patient_id INTEGER, start TEXT, provider TEXT, status TEXT, reason TEXT);
                    CREATE TABLE consultations (guid TEXT, patient_id INTEGER, written TEXT, provider TEXT, reason TEXT, note TEXT);
                    """)
                try db.transaction {
                    for n in 1...3000 {
                        let when = "2025-04-0\(1 + n % 5)T\(10 + n % 8):\(10 + n % 50):00+13:00", reason = reasons[n % reasons.count]
                        try db.run("INSERT INTO appointments VALUES (?, ?, ?, ?, ?, ?)",
                                   [.text("\(n * 7919 % 100_003)-a"), .integer(Int64(n % 700)), .text(when), .text(["WS", "ML", "JT"][n % 3]), .text(statuses[n % 5]), .text(reason)])
                        try db.run("INSERT INTO consultations VALUES (?, ?, ?, ?, ?, ?)",
                                   [.text("\(n * 6007 % 100_003)-c"), .integer(Int64(n % 700)), .text(when), .text(["WS", "ML", "JT"][n % 3]), .text(reason),
                                    .text("S: \(reason), \(n % 9) days. O: examined. P: review if no better.")])
                    }
                }
            }
            let before = try SQLiteRemnantReader.read(path: path)
            let root = try #require(before.tables.first { $0.name == lost }?.rootPage)
            try damage(path) { bytes in for k in 0..<4096 { bytes[(root - 1) * 4096 + k] = 0 } }
            let after = try SQLiteRemnantReader.read(path: path)
            let orphans = after.rows.filter { $0.origin == .orphan }
            // The lost table's rows are all orphans now, and its kinds are the other's (no INTEGER PRIMARY KEY
            // stored as NULL to tell them either): only their values tell them apart.
            #expect(orphans.count >= 2900, "\(lost): \(orphans.count) orphans")
            #expect(orphans.allSatisfy { $0.table == lost }, "\(lost): \(Dictionary(grouping: orphans, by: { $0.table ?? "none" }).mapValues(\.count))")
        }
    }
}

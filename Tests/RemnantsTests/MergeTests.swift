import Foundation
import Testing
import Store
@testable import Remnants
import TestFolders

/// The merge's rules, one by one, on a small practice database and an index that mirrored it.
@Suite("Merging the database and the index: one record per key, the right winner, nothing lost")
struct MergeTests {
    /// appointments 1–6 in the database; the index mirrors them as appt-<id> with its own lag and gaps.
    func copies() throws -> (database: String, index: String, folder: URL) {
        let folder = TestFolder.fresh("lacuna-merge")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("pms.sqlite").path
        do {
            let db = try Database(path: path)
            try db.execute("""
                PRAGMA journal_mode = DELETE;
                CREATE TABLE patients (id INTEGER PRIMARY KEY, nhi TEXT, family TEXT, given TEXT, dob TEXT);
                CREATE TABLE appointments (id INTEGER PRIMARY KEY, patient_id INTEGER, start TEXT, status TEXT, reason TEXT, updated_at TEXT);
                INSERT INTO patients VALUES (1, 'ZZZ0016', 'Ngata', 'Aroha', '1990-01-02'), (2, 'ZZZ0024', 'Tipene', 'Jane', '1980-05-12');
                INSERT INTO appointments VALUES
                  (1, 1, '2025-04-03T09:00', 'Booked',    'knee',      '2025-04-01T10:00:00Z'),
                  (2, 1, '2025-04-03T09:15', 'Booked',    'rash',      '2025-04-03T09:20:00Z'),
                  (3, 2, '2025-04-03T09:30', 'Completed', '',          '2025-04-03T10:00:00Z'),
                  (4, 2, '2025-04-04T10:00', 'Booked',    'bloods',    NULL),
                  (5, 9, '2025-04-04T10:30', 'Booked',    'flu vax',   '2025-04-02T08:00:00Z');
                """)
        }
        let index = """
        {"_index":"appts","_id":"appt-1","_version":4,"_source":{"patientId":1,"start":"2025-04-03T09:00","status":"Arrived","reason":"knee","updated_at":"2025-04-03T09:05:00+13:00"}}
        {"_index":"appts","_id":"appt-2","_version":2,"_source":{"patientId":1,"start":"2025-04-03T09:15","status":"Booked","reason":"rash","updated_at":"2025-04-02T20:00:00Z"}}
        {"_index":"appts","_id":"appt-3","_version":1,"_source":{"patientId":2,"start":"2025-04-03T09:30","status":"Completed","reason":"sore throat","updated_at":"2025-04-03T10:00:00Z"}}
        {"_index":"appts","_id":"appt-4","_version":1,"_seq_no":10,"_source":{"patientId":2,"status":"Booked"}}
        {"_index":"appts","_id":"appt-4","_version":1,"_seq_no":12,"_source":{"patientId":2,"status":"Cancelled"}}
        {"_index":"appts","_id":"appt-7","_version":1,"_source":{"patientId":2,"start":"2025-04-05T11:00","status":"Booked","reason":"new","updated_at":"2025-04-04T18:00:00Z"}}
        {"_index":"patients","_id":"1","_source":{"nhi":"ZZZ0016","family":"Ngata","given":"Aroha","dob":"1990-01-02"}}
        """
        let indexPath = folder.appendingPathComponent("dump.ndjson").path
        try Data((index + "\n" + "{\"delete\":{\"_index\":\"appts\",\"_id\":\"appt-5\"}}\n").utf8).write(to: URL(fileURLWithPath: indexPath))
        return (path, indexPath, folder)
    }

    /// Patients and appointments, as a person would have checked the proposal.
    let practiceMap = TableMap(tables: [
        .init(name: "patients", holds: "patients", database: "patients", index: "patients", key: "id"),
        .init(name: "appointments", holds: "appointments", database: "appointments", index: "appts", key: "id", indexID: "appt-{key}",
              updated: "updated_at", fields: ["patient_id": "patientId"], patient: "patient_id"),
    ])

    func merged(_ files: (database: String, index: String, folder: URL), map: TableMap) throws -> [String: RemnantMerge.TableResult] {
        var gathered = RemnantCopies(map: map)
        _ = IndexDumpReader.read(path: files.index) { gathered.add(document: $0) }
        gathered.add(database: try SQLiteRemnantReader.read(path: files.database), file: "pms.sqlite")
        var results = map.tables.map { RemnantMerge.merge(gathered.tables[$0.name] ?? [:], table: $0) }
        MergeOutput.checkPatients(&results)
        return Dictionary(uniqueKeysWithValues: results.map { ($0.table.name, $0) })
    }

    @Test("the map proposed: kinds, keys, timestamps, the mirroring index and its appt-{key} rule")
    func proposal() throws {
        let files = try copies()
        var documents: [String: [IndexDocument]] = [:]
        _ = IndexDumpReader.read(path: files.index) { documents[$0.index ?? "", default: []].append($0) }
        let proposal = MapProposal.propose(database: try SQLiteRemnantReader.read(path: files.database), documents: documents)
        let appointments = try #require(proposal.map.tables.first { $0.name == "appointments" })
        #expect(appointments.holds == "appointments" && appointments.key == "id" && appointments.updated == "updated_at")
        #expect(appointments.index == "appts" && appointments.indexID == "appt-{key}")
        #expect(appointments.fields["patient_id"] == "patientId")
        #expect(proposal.map.tables.first { $0.name == "patients" }?.holds == "patients")
        // Written and read back as the person will see it.
        let yaml = proposal.map.yaml(comments: proposal.comments)
        #expect(try TableMap.read(yaml, file: "map.yml") == proposal.map)
        #expect(yaml.contains("# "))
        // The index on its own (a run reads each file by itself): its _ids still say appt-{key}.
        let alone = MapProposal.propose(database: nil, documents: ["appts": documents["appts"] ?? []])
        #expect(alone.map.tables.first { $0.index == "appts" }?.indexID == "appt-{key}")
    }

    @Test("winners by each rule; fields filled from the loser; index-only and tombstones kept as such; provenance per field")
    func rules() throws {
        let files = try copies()
        let map = practiceMap
        let results = try merged(files, map: map)
        let appointments = try #require(results["appointments"])
        let byKey = Dictionary(uniqueKeysWithValues: appointments.records.map { ($0.key, $0) })
        // 1: the index is newer by the business timestamp (09:05 +13:00 is after 10:00Z the day before).
        #expect(byKey["1"]?.fields["status"] == "Arrived" && byKey["1"]?.rule == "business timestamp")
        #expect(byKey["1"]?.provenance["status"]?.hasPrefix("index") == true)
        // 2: the database is newer.
        #expect(byKey["2"]?.fields["status"] == "Booked" && byKey["2"]?.winner.hasPrefix("database") == true)
        // 3: same timestamp: the live row wins, and its empty reason is filled from the index.
        #expect(byKey["3"]?.fields["reason"] == "sore throat" && byKey["3"]?.filled == ["reason"])
        #expect(byKey["3"]?.provenance["reason"]?.hasPrefix("index") == true)
        // 4: no timestamp anywhere: the live row first; of the index's two copies the higher _seq_no is the one
        // set against it, and the disagreement is a conflict, not lost.
        #expect(byKey["4"]?.fields["status"] == "Booked" && byKey["4"]?.winner.hasPrefix("database") == true)
        #expect(appointments.conflicts.contains { $0.key == "4" && $0.field == "status" && $0.dropped == "Cancelled" })
        // 5: deleted in the index; the database still has the row: kept, and said.
        #expect(byKey["5"]?.status.contains("deleted in the index") == true)
        #expect(byKey["5"]?.fields["reason"] == "flu vax")
        // 7: only the index has it.
        #expect(byKey["7"]?.status == "in the index only: deleted or lost, cannot tell")
        #expect(byKey["7"]?.fields["patient_id"] == "2")
        // Booking 5's patient 9 is not among the patients.
        #expect(appointments.missingPatients == 1)
        #expect(results["patients"]?.records.count == 2)
        #expect(results["patients"]?.byStatus["agreeing"] == 1 && results["patients"]?.byStatus["database only"] == 1)
        // Nothing read is lost: every copy is in some record.
        #expect(appointments.records.count == 6)
    }

    @Test("merge writes merged.sqlite, a CSV per table, conflicts.csv and the report, owner-only")
    func output() throws {
        let files = try copies()
        let map = TableMap(tables: [.init(name: "appointments", holds: "appointments", database: "appointments", index: "appts", key: "id",
                                          indexID: "appt-{key}", updated: "updated_at", fields: ["patient_id": "patientId"])])
        let results = try merged(files, map: map)
        let out = files.folder.appendingPathComponent("merged")
        try MergeOutput.write(Array(results.values), readings: ["dump.ndjson: elasticdump"], to: out)
        for name in ["merged.sqlite", "appointments.csv", "conflicts.csv", "report.txt"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let db = try Database(path: out.appendingPathComponent("merged.sqlite").path)
        #expect(try db.rows("SELECT status FROM appointments WHERE id = '1'").first?.first == .text("Arrived"))
        let report = try String(contentsOf: out.appendingPathComponent("report.txt"), encoding: .utf8)
        #expect(report.contains("in the index only") && report.contains("fields filled from another copy: 1"))
    }
}

extension MergeTests {
    @Test("the spooled merge (copies on disk, one key at a time) gives what the in-memory merge gives")
    func spooled() throws {
        let files = try copies()
        let map = practiceMap
        let memory = try merged(files, map: map)
        let out = files.folder.appendingPathComponent("spooled")
        let spool = try CopySpool(folder: out)
        var gathered = RemnantCopies(map: map) { spool.add(table: $0, key: $1, copy: $2) }
        _ = IndexDumpReader.read(path: files.index) { gathered.add(document: $0) }
        _ = try SQLiteRemnantReader.read(path: files.database) { gathered.add(row: $0, columns: [:], file: "pms.sqlite") }   // rows as found
        try spool.finish()
        let results = try StreamingMerge.write(map: map, spool: spool, readings: [], to: out)
        for result in results {
            let expected = try #require(memory[result.table.name])
            #expect(result.byStatus == expected.byStatus, "\(result.table.name)")
            #expect(result.fieldsFilled == expected.fieldsFilled && result.missingPatients == expected.missingPatients)
        }
        let db = try Database(path: out.appendingPathComponent("merged.sqlite").path)
        #expect(try db.rows("SELECT status, reason FROM appointments WHERE id = '3'").first == [.text("Completed"), .text("sore throat")])
    }
}

@Suite("An index document's key by its _id rule")
struct DocumentKeyTests {
    @Test("read from the bytes as from the characters: every id and rule of up to three of letters, digits, the hole, a dash, an accent, line ends")
    func keyByBytesAsByCharacters() {
        let pieces = ["a", "7", "-", "{key}", "é", "e\u{301}", "\r", "\n", "\r\n", "{"]
        var texts: [String] = [""], layer: [String] = [""]
        for _ in 1...3 {
            layer = layer.flatMap { prefix in pieces.map { prefix + $0 } }
            texts += layer
        }
        var wrong: [String] = [], byBytes = 0
        for template in texts {
            for id in texts {
                let bytes = TableMap.Table.keyByBytes(id: id, template: template), characters = TableMap.Table.keyByCharacters(id: id, template: template)
                if let bytes { byBytes += 1; if bytes != characters { wrong.append("\(id.unicodeScalars.map(\.value)) \(template)") } }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, first \(wrong.prefix(5))")
        #expect(byBytes > 50_000)
        let table = TableMap.Table(name: "appointments", holds: "appointments", database: "appointments", index: "pms-appointments",
                                   key: "id", indexID: "appt-{key}")
        #expect(table.key(ofDocumentID: "appt-12", source: nil) == "12")
        #expect(table.key(ofDocumentID: "doc-12", source: nil) == nil)
        #expect(table.key(ofDocumentID: "appt-é", source: nil) == "é")
    }
}

@Suite("Timestamps as copies write them")
struct TimestampTests {
    @Test("ISO with and without zone, T or space, fractions; epoch seconds and milliseconds; the same instant agrees")
    func forms() {
        let utc = RemnantMerge.seconds("2025-04-03T09:05:00Z")
        #expect(utc == 1743671100)
        #expect(RemnantMerge.seconds("2025-04-03T22:05:00+13:00") == utc)
        #expect(RemnantMerge.seconds("2025-04-03 09:05:00") == utc)
        #expect(RemnantMerge.seconds("2025-04-03T09:05:00.500Z") == 1743671100.5)
        #expect(RemnantMerge.seconds("1743671100000") == utc)
        #expect(RemnantMerge.seconds("1743671100") == utc)
        #expect(RemnantMerge.seconds("2025-04-03") == 1743638400)
        #expect(RemnantMerge.seconds("next Tuesday") == nil)
    }
}

public import Foundation
import Reports
import Store

/// What `lacuna remnants merge` writes: `merged.sqlite` (a table per mapped table, with each record's
/// status, winning rule and per-field provenance), `<table>.csv` the same for people, `conflicts.csv`
/// (every field two copies disagree on, which was kept and why) and `report.txt` (per table: database
/// only, index only, agreeing, conflicting by rule, fields filled, stale copies dropped, records whose
/// patient is missing; per file: how it was read). Owner-only files.
public enum MergeOutput {
    public static func write(_ results: [RemnantMerge.TableResult], readings: [String], to folder: URL) throws {
        try OutputFolder.prepare(folder, inside: false)
        let databasePath = folder.appendingPathComponent("merged.sqlite").path
        for suffix in ["", "-wal", "-shm"] { unlink(databasePath + suffix) }
        do {
            let db = try Database(path: databasePath)
            try db.transaction {
                for result in results {
                    let columns = result.columns + ["_status", "_rule", "_winner", "_filled", "_provenance"]
                    let quoted = columns.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                    let name = "\"" + result.table.name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    try db.execute("CREATE TABLE \(name) (\(quoted.joined(separator: ", ")))")
                    let insert = "INSERT INTO \(name) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
                    for record in result.records {
                        let provenance = record.provenance.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
                        let values = result.columns.map { SQLValue(record.fields[$0]) }
                            + [.text(record.status), .text(record.rule), .text(record.winner), .text(record.filled.joined(separator: " ")), .text(provenance)]
                        try db.run(insert, values)
                    }
                }
            }
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        }
        chmod(databasePath, 0o600)

        for result in results {
            var csv = CSVWriter(header: result.columns + ["_status", "_rule", "_winner", "_filled"])
            for record in result.records {
                csv.append(result.columns.map { record.fields[$0] ?? "" } + [record.status, record.rule, record.winner, record.filled.joined(separator: " ")])
            }
            try OutputFile.write(csv.data, to: folder.appendingPathComponent(safeName(result.table.name) + ".csv"))
        }
        var conflicts = CSVWriter(header: ["table", "key", "field", "kept", "dropped", "kept_from", "dropped_from", "rule"])
        for result in results {
            for c in result.conflicts { conflicts.append([c.table, c.key, c.field, c.kept, c.dropped, c.keptFrom, c.droppedFrom, c.rule]) }
        }
        try OutputFile.write(conflicts.data, to: folder.appendingPathComponent("conflicts.csv"))
        try OutputFile.write(Data(report(results, readings: readings).utf8), to: folder.appendingPathComponent("report.txt"))
    }

    /// The report, as text.
    public static func report(_ results: [RemnantMerge.TableResult], readings: [String]) -> String {
        var out = "How each file was read\n"
        for line in readings { out += "  \(line)\n" }
        for result in results {
            out += "\n\(result.table.name) (\(result.table.holds)): \(result.merged) records\n"
            for (status, count) in result.byStatus.sorted(by: { $0.key < $1.key }) { out += "  \(status): \(count)\n" }
            for (rule, count) in result.byRule.sorted(by: { $0.key < $1.key }) { out += "  conflicting, won by \(rule): \(count)\n" }
            out += "  fields filled from another copy: \(result.fieldsFilled)\n"
            out += "  stale copies dropped: \(result.staleDropped)\n"
            if result.table.patient != nil { out += "  records whose patient is not among the merged patients: \(result.missingPatients)\n" }
        }
        return out
    }

    /// A table name as a file name (letters, digits, - and _ only).
    static func safeName(_ name: String) -> String {
        let kept = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return kept.isEmpty ? "table" : String(kept)
    }

    /// Counts, per table with a `patient` column, records whose patient is missing from the merged patients.
    public static func checkPatients(_ results: inout [RemnantMerge.TableResult]) {
        guard let patients = results.first(where: { $0.table.holds == "patients" }) else { return }
        let keys = Set(patients.records.map(\.key))
        for i in results.indices {
            guard let column = results[i].table.patient else { continue }
            results[i].missingPatients = results[i].records.filter { record in
                guard let patient = record.fields[column], !patient.isEmpty else { return false }
                return !keys.contains(patient)
            }.count
        }
    }
}

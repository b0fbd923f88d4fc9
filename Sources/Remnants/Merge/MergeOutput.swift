public import Foundation

/// What `lacuna remnants merge` writes, from merged tables held in memory (`MergeWriter` writes the
/// files: `merged.sqlite`, a CSV per table, `conflicts.csv`, `report.txt`), and the report: per table
/// database only, index only, agreeing, conflicting by rule, fields filled, stale copies dropped,
/// records whose patient is missing; per file, how it was read.
public enum MergeOutput {
    public static func write(_ results: [RemnantMerge.TableResult], readings: [String], to folder: URL) throws {
        let writer = try MergeWriter(folder: folder)
        for result in results {
            try writer.begin(result.table, columns: result.columns)
            let conflicts = Dictionary(grouping: result.conflicts, by: \.key)
            for record in result.records { try writer.add(record, conflicts: conflicts[record.key] ?? []) }
            try writer.end()
        }
        try writer.finish(results, readings: readings)
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

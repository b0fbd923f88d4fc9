import Foundation
import LacunaCore

/// One copy of a record: a database row (live, orphaned, carved from free space) or an index document.
public struct RemnantCopy: Sendable {
    /// Where the copy came from, in the order a tie prefers them.
    public enum Kind: Int, Sendable, Comparable, CustomStringConvertible {
        /// A row on an orphaned page is the database's own latest state, only unreachable: before the index, which lags.
        case live = 0, orphan = 1, index = 2, free = 3
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        public var description: String {
            switch self {
            case .live: return "database"
            case .index: return "index"
            case .orphan: return "database (orphaned page)"
            case .free: return "database (recovered from unallocated space: may be deleted or stale)"
            }
        }
    }

    public var kind: Kind
    public var file: String
    /// "page 12", "line 40".
    public var place: String
    /// Column → value as text; a column absent was not in this copy (filtered out, or a partial update).
    public var fields: [String: String]
    /// Fields whose value is damaged (not valid UTF-8, cut short by a lost overflow page).
    public var damaged: Set<String> = []
    /// The business timestamp, in seconds (UTC where the text says no zone).
    public var timestamp: Double?
    public var version: Int64?
    public var seqNo: Int64?
    /// The index (for `_version`/`_seq_no`, which compare only within one index).
    public var index: String?
    /// A bulk delete.
    public var tombstone = false
    /// Reading order, for copies nothing else tells apart.
    public var order = 0

    /// Whether the field holds something usable.
    func has(_ field: String) -> Bool {
        guard let value = fields[field], !value.isEmpty, !damaged.contains(field) else { return false }
        return true
    }
}

/// One merged record with where each field came from.
public struct MergedRecord: Sendable {
    public var key: String
    public var fields: [String: String]
    /// Field → the copy it came from ("database page 12", "index dump.ndjson line 40").
    public var provenance: [String: String]
    /// agreeing, conflicting, database only, index only, tombstone.
    public var status: String
    /// The rule that chose the winner.
    public var rule: String
    public var winner: String
    /// Fields the winner lacked and a loser filled.
    public var filled: [String]
}

/// A field two copies disagree on.
public struct MergeConflict: Sendable {
    public var table, key, field, kept, dropped, keptFrom, droppedFrom, rule: String
}

/// Merges every copy of each record into one, by key: the winner by the business timestamp, else the
/// index's version or sequence number within one index, else a live database row before an index copy
/// before an orphaned or carved one; a field the winner lacks (filtered out, empty, damaged) filled from
/// the next copy that has it; each field's provenance kept.
public enum RemnantMerge {
    public struct TableResult: Sendable {
        public var table: TableMap.Table
        public var records: [MergedRecord] = []
        public var conflicts: [MergeConflict] = []
        public var columns: [String] = []
        /// Counts for the report: status → records; rule → conflicting records; fields filled; stale copies dropped.
        public var byStatus: [String: Int] = [:]
        public var byRule: [String: Int] = [:]
        public var fieldsFilled = 0
        public var staleDropped = 0
        /// Records whose patient is not among the merged patients.
        public var missingPatients = 0
        /// Records merged (kept in `records` only by the in-memory merge).
        public var merged = 0

        public init(table: TableMap.Table) { self.table = table }

        /// Counts one merged key for the report.
        public mutating func count(_ one: One) {
            merged += 1
            byStatus[one.record.status, default: 0] += 1
            if !one.conflicts.isEmpty { byRule[one.record.rule, default: 0] += 1 }
            fieldsFilled += one.record.filled.count
            staleDropped += one.stale
        }
    }

    public static func merge(_ copiesByKey: [String: [RemnantCopy]], table: TableMap.Table) -> TableResult {
        var result = TableResult(table: table)
        var columns: Set<String> = []
        for copies in copiesByKey.values { for copy in copies { columns.formUnion(copy.fields.keys) } }
        result.columns = [table.key] + columns.subtracting([table.key]).sorted()
        for key in copiesByKey.keys.sorted(by: numericFirst) {
            let one = mergeOne(key: key, copies: copiesByKey[key]!, table: table, columns: result.columns)
            result.count(one)
            result.records.append(one.record)
            result.conflicts += one.conflicts
        }
        return result
    }

    /// One key's copies merged.
    public struct One: Sendable {
        public var record: MergedRecord
        public var conflicts: [MergeConflict]
        public var stale: Int
    }

    public static func mergeOne(key: String, copies: [RemnantCopy], table: TableMap.Table, columns: [String]) -> One {
        let (ordered, rule) = rank(copies)
        let winner = ordered[0]
        var fields: [String: String] = [:], provenance: [String: String] = [:], filled: [String] = []
        var conflicts: [MergeConflict] = []
        let live = ordered.filter { !$0.tombstone }
        // Each copy described once (a record's fields share the words).
        let described = live.map(describe)
        for column in columns where column != table.key {
            guard let at = live.firstIndex(where: { $0.has(column) }) ?? live.firstIndex(where: { $0.fields[column] != nil }) else { continue }
            let source = live[at], value = source.fields[column]
            fields[column] = value
            provenance[column] = described[at]
            if !winner.has(column) && source.has(column) { filled.append(column) }
            // Disagreements between copies that both have the field.
            for (k, other) in live.enumerated() where k != at && other.has(column) && other.fields[column] != value {
                conflicts.append(MergeConflict(table: table.name, key: key, field: column, kept: value ?? "", dropped: other.fields[column] ?? "",
                                               keptFrom: described[at], droppedFrom: described[k], rule: rule))
            }
        }
        fields[table.key] = key
        let kinds = Set(copies.map(\.kind))
        let inDatabase = kinds.contains(.live) || kinds.contains(.orphan) || kinds.contains(.free)
        let inIndex = kinds.contains(.index)
        let status: String
        if winner.tombstone { status = "tombstone: deleted in the index" }
        else if copies.contains(where: \.tombstone) { status = "deleted in the index, but the database still holds it: check" }
        else if inDatabase && inIndex { status = conflicts.isEmpty ? "agreeing" : "conflicting" }
        else if inIndex { status = "in the index only: deleted or lost, cannot tell" }
        else if kinds == [.free] { status = "recovered from unallocated space: may be deleted or stale" }
        else { status = "database only" }
        let stale = ordered.dropFirst().filter { copy in
            copy.fields.contains { field, value in winner.has(field) && value != winner.fields[field] && !value.isEmpty }
        }.count
        return One(record: MergedRecord(key: key, fields: fields, provenance: provenance, status: status, rule: rule,
                                        winner: describe(winner), filled: filled), conflicts: conflicts, stale: stale)
    }

    /// The copies best first, and the rule that put the first there.
    static func rank(_ copies: [RemnantCopy]) -> ([RemnantCopy], String) {
        guard copies.count > 1 else { return (copies, "one copy") }
        var rule = "database row (live, then orphaned) before index copy before carved copy"
        let sorted = copies.sorted { a, b in
            if let ta = a.timestamp, let tb = b.timestamp, ta != tb { return ta > tb }
            if let ia = a.index, ia == b.index {
                if let va = a.version, let vb = b.version, va != vb { return va > vb }
                if let sa = a.seqNo, let sb = b.seqNo, sa != sb { return sa > sb }
            }
            if a.kind != b.kind { return a.kind < b.kind }
            return a.order > b.order   // the later copy of the same kind (a later line, a later bulk action)
        }
        let first = sorted[0], second = sorted[1]
        if let t1 = first.timestamp, let t2 = second.timestamp, t1 != t2 { rule = "business timestamp" }
        else if let i = first.index, i == second.index, let v1 = first.version, let v2 = second.version, v1 != v2 { rule = "index _version" }
        else if let i = first.index, i == second.index, let s1 = first.seqNo, let s2 = second.seqNo, s1 != s2 { rule = "index _seq_no" }
        else if first.kind == second.kind { rule = "later copy" }
        return (sorted, rule)
    }

    static func describe(_ copy: RemnantCopy) -> String { "\(copy.kind) \(copy.file) \(copy.place)" }

    /// Keys in numeric order where they are numbers ("2" before "10").
    static func numericFirst(_ a: String, _ b: String) -> Bool {
        if let x = Int64(a), let y = Int64(b) { return x < y }
        return a < b
    }

    /// A timestamp as indexes and databases write them: ISO 8601 with or without a zone, a `T` or
    /// seconds, with fractions; epoch seconds or milliseconds. UTC where no zone is written (the same
    /// rule for every copy). Read by hand: this runs once per copy, millions of times.
    public static func seconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard !b.isEmpty else { return nil }
        if b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let n = Double(text) else { return nil }
            if b.count >= 12 { return n / 1000 }   // epoch milliseconds
            return b.count >= 9 ? n : nil
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for k in from..<(from + count) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard let year = number(0, 4), b.count >= 10, b[4] == 0x2D, let month = number(5, 2), b[7] == 0x2D, let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0.0, at = 10
        if at < b.count, b[at] == 0x54 || b[at] == 0x20 {   // T or space
            guard let h = number(at + 1, 2), at + 3 < b.count, b[at + 3] == 0x3A, let m = number(at + 4, 2) else { return nil }
            hour = h; minute = m; at += 6
            if at < b.count, b[at] == 0x3A, let sec = number(at + 1, 2) {
                second = Double(sec); at += 3
                if at < b.count, b[at] == 0x2E || b[at] == 0x2C {
                    var scale = 0.1
                    at += 1
                    while at < b.count, b[at] >= 0x30 && b[at] <= 0x39 { second += Double(b[at] - 0x30) * scale; scale /= 10; at += 1 }
                }
            }
        }
        var offset = 0
        if at < b.count {
            if b[at] == 0x5A { at += 1 }
            else if b[at] == 0x2B || b[at] == 0x2D {
                let sign = b[at] == 0x2D ? -1 : 1
                guard let oh = number(at + 1, 2) else { return nil }
                var om = 0
                if let m = number(at + 3, 2) { om = m } else if at + 3 < b.count, b[at + 3] == 0x3A, let m = number(at + 4, 2) { om = m }
                offset = sign * (oh * 3600 + om * 60)
                at = b.count
            }
        }
        guard let days = LocalDate(year: year, month: month, day: day)?.dayNumber else { return nil }
        return Double(days * 86400 + hour * 3600 + minute * 60 - offset) + second
    }
}

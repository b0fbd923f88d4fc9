public import Foundation
import Reports
import Store

/// The merge for copies bigger than memory: every copy is spooled to a scratch SQLite file beside the
/// output (owner-only, removed afterwards), then read back one key at a time in key order, merged, and
/// written out as it goes. Memory holds one key's copies, the column names, and the patients' keys.
public final class CopySpool {
    private let database: Database
    private let path: String
    private var pending = 0
    /// Table → the field names its copies carry.
    public private(set) var columns: [String: Set<String>] = [:]

    public init(folder: URL) throws {
        try OutputFolder.prepare(folder, inside: false)
        path = folder.appendingPathComponent(".copies.sqlite").path
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        database = try Database(path: path)
        try database.execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE; PRAGMA cache_size = -65536;
            CREATE TABLE copies (tbl TEXT, key TEXT, kind INTEGER, ord INTEGER, file TEXT, place TEXT, ts REAL, version INTEGER,
                                 seq INTEGER, idx TEXT, tomb INTEGER, damaged TEXT, fields BLOB);
            BEGIN;
            """)
    }

    deinit { remove() }

    /// Removes the scratch file (and any journal beside it) now. The merge's reading threads hold the
    /// spool too, and one may let it go only after the program has ended (then it is never deinitialised
    /// and the file stays: the merge test found one left, once, on a busy machine); the merge removes it when
    /// it ends, whatever it ended with, and `deinit` is only a backstop.
    public func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    /// Spools one copy.
    public func add(table: String, key: String, copy: RemnantCopy) {
        columns[table, default: []].formUnion(copy.fields.keys)
        let values: [SQLValue] = [
            .text(table), .text(key), .integer(Int64(copy.kind.rawValue)), .integer(Int64(copy.order)), .text(copy.file), .text(copy.place),
            copy.timestamp.map { .real($0) } ?? .null, copy.version.map { .integer($0) } ?? .null, copy.seqNo.map { .integer($0) } ?? .null,
            copy.index.map { .text($0) } ?? .null, .integer(copy.tombstone ? 1 : 0), .text(copy.damaged.sorted().joined(separator: "\u{1F}")),
            .blob(Self.encode(copy.fields)),
        ]
        try? database.run("INSERT INTO copies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        pending += 1
        if pending >= 100_000 {
            try? database.execute("COMMIT; BEGIN;")
            pending = 0
        }
    }

    /// Ends the spooling and orders the copies by table and key.
    public func finish() throws {
        try database.execute("COMMIT; CREATE INDEX copies_by_key ON copies (tbl, key, ord);")
    }

    /// Each key of `table` with its copies, in key order.
    public func eachKey(of table: String, _ body: (String, [RemnantCopy]) throws -> Void) throws {
        let statement = try database.statement("SELECT key, kind, ord, file, place, ts, version, seq, idx, tomb, damaged, fields FROM copies WHERE tbl = ? ORDER BY key, ord")
        try statement.bind([.text(table)])
        var key: String?
        var group: [RemnantCopy] = []
        while try statement.step() {
            let row = statement.row()
            guard case .text(let k) = row[0] else { continue }
            if k != key, let current = key {
                try body(current, group)
                group.removeAll(keepingCapacity: true)
            }
            key = k
            func int(_ v: SQLValue) -> Int64? { if case .integer(let i) = v { return i } else { return nil } }
            func text(_ v: SQLValue) -> String? { if case .text(let t) = v { return t } else { return nil } }
            var copy = RemnantCopy(kind: RemnantCopy.Kind(rawValue: Int(int(row[1]) ?? 2)) ?? .index, file: text(row[3]) ?? "", place: text(row[4]) ?? "",
                                   fields: [:], order: Int(int(row[2]) ?? 0))
            if case .real(let ts) = row[5] { copy.timestamp = ts } else if let ts = int(row[5]) { copy.timestamp = Double(ts) }
            copy.version = int(row[6])
            copy.seqNo = int(row[7])
            copy.index = text(row[8])
            copy.tombstone = int(row[9]) == 1
            if let damaged = text(row[10]), !damaged.isEmpty { copy.damaged = Set(damaged.split(separator: "\u{1F}").map(String.init)) }
            if case .blob(let bytes) = row[11] { copy.fields = Self.decode(bytes) }
            group.append(copy)
        }
        if let current = key { try body(current, group) }
    }

    /// Fields as length-prefixed UTF-8: any byte may be in a value.
    static func encode(_ fields: [String: String]) -> [UInt8] {
        var out: [UInt8] = []
        for (k, v) in fields {
            for part in [k, v] {
                let bytes = Array(part.utf8)
                var n = UInt32(bytes.count)
                for _ in 0..<4 { out.append(UInt8(n & 0xFF)); n >>= 8 }
                out += bytes
            }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        var at = 0
        func next() -> String? {
            guard at + 4 <= bytes.count else { return nil }
            let n = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            at += 4
            guard at + n <= bytes.count else { return nil }
            defer { at += n }
            return String(decoding: bytes[at..<(at + n)], as: UTF8.self)
        }
        while let k = next(), let v = next() { fields[k] = v }
        return fields
    }
}

/// The spool, handed to the thread that reads it back while the writer waits for its records (the
/// spool's connection is used by that thread alone until it ends).
struct UncheckedSpool: @unchecked Sendable {
    let spool: CopySpool
}

/// Writes the merge of spooled copies as it goes (`MergeWriter`: the same files as `MergeOutput.write`).
/// Reading the spool and merging run on one thread, writing on another.
public enum StreamingMerge {
    public static func write(map: TableMap, spool: CopySpool, readings: [String], to folder: URL) throws -> [RemnantMerge.TableResult] {
        let writer = try MergeWriter(folder: folder)
        var results: [RemnantMerge.TableResult] = []
        var patientKeys: Set<String>?
        // Patients first, so that every other table's patients can be checked against them.
        let ordered = map.tables.filter { $0.holds == "patients" } + map.tables.filter { $0.holds != "patients" }
        for table in ordered {
            var result = RemnantMerge.TableResult(table: table)
            result.columns = [table.key] + (spool.columns[table.name] ?? []).subtracting([table.key]).sorted()
            try writer.begin(table, columns: result.columns)
            var keys: Set<String> = []
            let source = UncheckedSpool(spool: spool), columns = result.columns
            let merged = Handoff<(String, RemnantMerge.One)>.produce { emit in
                try source.spool.eachKey(of: table.name) { key, copies in
                    emit((key, RemnantMerge.mergeOne(key: key, copies: copies, table: table, columns: columns)))
                }
            }
            try merged.each { key, one in
                result.count(one)
                if table.holds == "patients" { keys.insert(key) }
                if let column = table.patient, let patients = patientKeys, let patient = one.record.fields[column], !patient.isEmpty, !patients.contains(patient) {
                    result.missingPatients += 1
                }
                try writer.add(one.record, conflicts: one.conflicts)
            }
            try writer.end()
            if table.holds == "patients" { patientKeys = (patientKeys ?? []).union(keys) }
            results.append(result)
        }
        try writer.finish(results, readings: readings)
        return results
    }
}

public import LacunaCore
import Foundation

/// The counts of one imported file: read = imported + duplicates + rejected.
public struct FileCounts: Sendable, Hashable {
    public var read: Int
    public var imported: Int
    public var duplicates: Int
    public var rejected: Int
    public var encoding: String?
    public var warnings: [String]
    /// How the file was read, in words (`FileImport.reading`).
    public var reading: [String]
    /// What made the file useless as it is (`FileImport.errors`).
    public var errors: [String]

    public init(read: Int, imported: Int, duplicates: Int, rejected: Int, encoding: String?, warnings: [String], reading: [String] = [],
                errors: [String] = []) {
        self.read = read
        self.imported = imported
        self.duplicates = duplicates
        self.rejected = rejected
        self.encoding = encoding
        self.warnings = warnings
        self.reading = reading
        self.errors = errors
    }
}

/// The case database (`case.sqlite`): the one owner of the schema. Imports are one transaction per
/// file; derived facts are replaced in one transaction per run; what people record is never touched
/// by a run. A run killed at any point leaves either a file wholly imported or not at all.
public final class CaseStore {
    /// The case database: SQLite in the output folder by default, PostgreSQL where a region shares a server.
    public let database: any SQLConnection
    /// What this session wrote, kept for `traces()` where asked (`keepWrittenTraces()`).
    private(set) var written = WrittenTraces.State.off
    /// The ids of the traces `traces()` last gave out, let go at every import (`HeldTraceIDs`).
    private(set) var heldTraceIDs: HeldTraceIDs?
    /// The memory the last file's block of traces was written in, kept for the next file's (`insertBlock`):
    /// the largest file's (46 MB at 100,000 patients) was otherwise memory fresh from the system, for
    /// every file after it. Let go when the traces are given out (`traces()`), before linking.
    private var blockRoom: [UInt8] = []
    /// The text of each many-row insert made this session, by its table, columns and rows: a hundred
    /// rows of 33 placeholders took longer to write out than SQLite takes to find the prepared statement.
    private var insertTexts: [InsertShape: String] = [:]

    private struct InsertShape: Hashable {
        let table: String
        let columns: [String]
        let rows: Int
        let then: String
    }

    /// Opens or creates the case at `path` (SQLite) and brings its schema up to date.
    public convenience init(path: String) throws {
        try self.init(connection: try Database(path: path))
    }

    /// The case on an open connection (PostgreSQL's, say), its schema brought up to date.
    public init(connection: any SQLConnection) throws {
        database = connection
        try Migrations.migrate(database)
    }

    /// The counts of a file already imported with exactly this content, or nil.
    public func importedFile(kind: SourceKind, path: String, sha256: String) throws -> FileCounts? {
        let rows = try database.rows(
            "SELECT \(Self.countColumns) FROM source_file WHERE kind = ? AND path = ? AND sha256 = ?",
            [.text(kind.rawValue), .text(path), .text(sha256)])
        return rows.first.map { Self.counts($0) }
    }

    /// The files imported at `path` whose stamp was `stamp` when they were read (`recordImport`'s
    /// `stamp`: what the file system says of a file, never its bytes), each with the fingerprint of its
    /// bytes and how they were read (`sha256`), of its bytes alone, and its counts. A caller that finds
    /// its file here unchanged since, read the same way, need not read its bytes to know it was imported.
    public func importedFiles(kind: SourceKind, path: String, stamp: String) throws -> [(sha256: String, contentSHA256: String?, counts: FileCounts)] {
        try database.rows(
            "SELECT \(Self.countColumns), sha256, content_sha256 FROM source_file WHERE kind = ? AND path = ? AND stamp = ? ORDER BY id",
            [.text(kind.rawValue), .text(path), .text(stamp)]).map { row in
            (row[8].string ?? "", row[9].string, Self.counts(row))
        }
    }

    /// Records the stamp a file imported before (by its `sha256`) has now: a file copied or touched
    /// since, its bytes the same, is then known by its stamp again.
    public func restamp(kind: SourceKind, path: String, sha256: String, stamp: String) throws {
        try database.run("UPDATE source_file SET stamp = ? WHERE kind = ? AND path = ? AND sha256 = ?",
                         [.text(stamp), .text(kind.rawValue), .text(path), .text(sha256)])
    }

    /// The columns of `source_file` that `counts(_:)` reads, in its order.
    private static let countColumns = "read, imported, duplicates, rejected, encoding, warnings, reading, errors"

    private static func counts(_ row: [SQLValue]) -> FileCounts {
        FileCounts(read: row[0].int ?? 0, imported: row[1].int ?? 0, duplicates: row[2].int ?? 0,
                   rejected: row[3].int ?? 0, encoding: row[4].string,
                   warnings: (row[5].string ?? "").split(byte: 0x0A).map(String.init),
                   reading: (row[6].string ?? "").split(byte: 0x0A).map(String.init),
                   errors: (row[7].string ?? "").split(byte: 0x0A).map(String.init))
    }

    /// Stores one file's traces and rejects in one transaction. A trace whose content key the case
    /// already holds (the same record from an earlier or overlapping file) counts as a duplicate.
    /// `sha256` identifies the bytes and how they were read; `contentSHA256` the bytes alone: the
    /// traces of an earlier reading of the same bytes (a newer reader, a new rules file) are replaced,
    /// and with them the facts derived from them (every run derives those again).
    /// `stamp`: what the file system said of the file before it was read (`importedFiles(kind:path:stamp:)`).
    /// `beforeCommit` runs inside the transaction (tests use it to kill the process there).
    public func recordImport(kind: SourceKind, path: String, sha256: String, contentSHA256: String? = nil, stamp: String? = nil,
                             size: Int, encoding: String?,
                             traces: consuming [Trace], rejects: [Reject], warnings: [String], reading: [String] = [], errors: [String] = [],
                             beforeCommit: () -> Void = {}) throws -> FileCounts {
        // Each trace inserted is given its stored form in place (`store`): where the caller hands over the
        // only copy of its traces (`FileImport.takeTraces`), none is copied (each was, its texts retained
        // again, and the one read let go: 310,000 traces at 100,000 patients).
        var traces = traces
        // Traces added or taken away: the ids given out no longer stand for the table.
        heldTraceIDs = nil
        if case .undecided = written {
            written = try database.rows("SELECT id FROM trace LIMIT 1").isEmpty ? .keeping(WrittenTraces()) : .gaveUp
        }
        // Every trace inserted, as `traces()` will give it: its file's block, and kept where the case keeps them.
        var kept: [Trace] = []
        let (counts, fileID) = try database.transaction { () throws -> (FileCounts, SQLValue) in
            if let contentSHA256 {
                let earlier = try database.rows("SELECT id FROM source_file WHERE kind = ? AND path = ? AND content_sha256 = ? AND sha256 != ?",
                                                [.text(kind.rawValue), .text(path), .text(contentSHA256), .text(sha256)])
                if !earlier.isEmpty {
                    // Traces deleted: those kept are no longer every trace in the case.
                    written = .gaveUp
                    try database.execute(Self.clearDerived)
                    // The earlier reading goes whole, its file's row too: kept, it said the file was imported
                    // that way, and a file read that way again (a layout tried and taken back) lost its records.
                    for row in earlier {
                        for table in ["trace_block", "trace", "reject", "duplicate", "source_file"] {
                            try database.run("DELETE FROM \(table) WHERE \(table == "source_file" ? "id" : "file_id") = ?", [row[0]])
                        }
                    }
                }
            }
            // The rejects and duplicates listed are those of the file as it is now: an earlier version's go.
            for table in ["reject", "duplicate"] {
                try database.run("""
                    DELETE FROM \(table) WHERE file_id IN (SELECT id FROM source_file WHERE kind = ? AND path = ? AND sha256 != ?)
                    """, [.text(kind.rawValue), .text(path), .text(sha256)])
            }
            try database.run("""
                INSERT INTO source_file (kind, path, sha256, content_sha256, stamp, size, encoding, read, imported, duplicates, rejected,
                                         warnings, reading, errors, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, '', ?, ?, datetime('now'))
                """, [.text(kind.rawValue), .text(path), .text(sha256), SQLValue(contentSHA256), SQLValue(stamp), SQLValue(size), SQLValue(encoding),
                      .text(reading.joined(separator: "\n")), .text(errors.joined(separator: "\n"))])
            let fileID = try database.rows("SELECT last_insert_rowid()")[0][0]
            // Many rows a statement: one round trip per hundred records, which a server needs (a
            // statement a record made a PostgreSQL import five times slower than SQLite's).
            var imported = 0
            var duplicates: [[SQLValue]] = []
            var highest = try highestTraceID()
            var repeats = RowRepeats()
            for batch in Self.batches(traces.indices, columns: Self.traceColumns.count) {
                let rows = batch.map { Self.values(of: traces[$0], fileID: fileID) }
                let ids = try insertTraces(rows, keys: batch.map { traces[$0].contentKey }, above: &highest)
                for (k, (row, id)) in zip(batch, zip(rows, ids)) {
                    // Not inserted: the case holds its key already, or an earlier record of the file has it.
                    if let id {
                        imported += 1
                        Self.store(&traces[k], row: row, id: id, file: path, repeats: &repeats)
                        kept.append(traces[k])
                    } else {
                        let locator = traces[k].locator
                        duplicates.append([fileID, .text(kind.rawValue), SQLValue(locator.line), SQLValue(locator.endLine),
                                           SQLValue(locator.message), SQLValue(locator.byteOffset), .text(traces[k].contentKey)])
                    }
                }
            }
            try insertBlock(of: kept, file: fileID)
            try insert(into: "duplicate", ["file_id", "kind", "line", "end_line", "message", "byte_offset", "content_key"], duplicates)
            try insert(into: "reject", ["file_id", "kind", "line", "end_line", "message", "byte_offset", "reason"], rejects.map { reject in
                [fileID, .text(kind.rawValue), SQLValue(reject.locator.line), SQLValue(reject.locator.endLine),
                 SQLValue(reject.locator.message), SQLValue(reject.locator.byteOffset), .text(reject.reason)]
            })
            let counts = FileCounts(read: traces.count + rejects.count, imported: imported,
                                    duplicates: traces.count - imported, rejected: rejects.count,
                                    encoding: encoding, warnings: warnings, reading: reading, errors: errors)
            try database.run(
                "UPDATE source_file SET read = ?, imported = ?, duplicates = ?, rejected = ?, warnings = ? WHERE id = ?",
                [SQLValue(counts.read), SQLValue(counts.imported), SQLValue(counts.duplicates), SQLValue(counts.rejected),
                 .text(warnings.joined(separator: "\n")), fileID])
            beforeCommit()
            return (counts, fileID)
        }
        if case .keeping(var all) = written {
            written = .gaveUp
            all.add(kept, file: Int64(fileID.int ?? 0))
            written = .keeping(all)
        }
        return counts
    }

    /// The highest trace id the case holds (0 for none), where SQLite numbers the next.
    private func highestTraceID() throws -> Int64 {
        guard database.dialect == .sqlite else { return 0 }
        return Int64(try database.rows("SELECT coalesce(max(id), 0) FROM trace")[0][0].int ?? 0)
    }

    /// Inserts rows of `traceColumns` but those whose content key the case holds already (or an earlier
    /// row holds); gives each row's new id, nil for a row not inserted. SQLite numbers each new row one
    /// above the highest it holds, so the rows inserted are those above `highest` (which then moves to the
    /// last), in the order given: where every row was inserted, the next ids (the highest checked); where
    /// some were not, read back by id and matched in step, without the table of its own
    /// `RETURNING` keeps (which cost SQLite as much again as the insert) or a dictionary of keys.
    /// PostgreSQL's ids come from a sequence other sessions draw from too: `RETURNING` there, by key.
    private func insertTraces(_ rows: [[SQLValue]], keys: [String], above highest: inout Int64) throws -> [Int64?] {
        let text = insertText(into: "trace", Self.traceColumns, rows: rows.count, then: " ON CONFLICT (content_key) DO NOTHING")
        guard database.dialect == .sqlite else {
            var inserted: [String: Int64] = [:]
            for row in try database.rows(text + " RETURNING id, content_key", rows.flatMap { $0 }) {
                if let key = row[1].string { inserted[key] = Int64(row[0].int ?? 0) }
            }
            // A key inserted belongs to its first row; a later row with it repeats that one.
            return keys.map { inserted.removeValue(forKey: $0) }
        }
        try database.run(text, rows: rows[...])
        let count = database.changes
        guard count > 0 else { return Array(repeating: nil, count: rows.count) }
        if count == rows.count, let top = try database.rows("SELECT max(id) FROM trace")[0][0].int, Int64(top) == highest + Int64(count) {
            // Every row inserted, the highest id now as many above the last: the rows' ids are the next ones,
            // in order. Nothing read back (the rows' ids and keys read back were 0.6% of a fresh run at 100,000 patients).
            defer { highest = Int64(top) }
            return (1...Int64(count)).map { highest + $0 }
        }
        let new = try database.rows("SELECT id, content_key FROM trace WHERE id > ? ORDER BY id", [.integer(highest)])
        // Only where the ids ran out (2⁶³) would SQLite number a row below the highest: said, never miscounted.
        guard new.count == count else {
            throw DatabaseError(code: 1 /* SQLITE_ERROR */, message: "\(count) trace(s) inserted but \(new.count) found above id \(highest)",
                                statement: "SELECT id, content_key FROM trace WHERE id > ?")
        }
        highest = Int64(new[new.count - 1][0].int ?? Int(highest))
        // The next row inserted is the next given with its key: a row not inserted has a key the case
        // held before, or one inserted for a row before it, so never the next new row's.
        var next = 0
        return keys.map { key in
            guard next < new.count, new[next][1].string == key else { return nil }
            defer { next += 1 }
            return Int64(new[next][0].int ?? 0)
        }
    }

    private static let traceColumns = [
        "content_key", "file_id", "kind", "record_type", "line", "end_line", "message", "byte_offset",
        "local_date", "local_time", "instant", "precision",
        "nhi", "nhi_unchecked", "family_name", "given_name", "preferred_name", "given_initial", "family_initial",
        "dob", "sex", "mobile", "phone", "email", "address", "postcode", "card_last4", "payer_name", "portal_id",
        "local_patient_id", "people_named", "provider", "payload",
    ]
    /// Where a row of `traceColumns` holds its time's four columns, and its date of birth.
    private static let timeColumn = traceColumns.firstIndex(of: "local_date")!
    private static let dobColumn = traceColumns.firstIndex(of: "dob")!

    /// `INSERT INTO table (columns) VALUES (?, …), …` for `rows` rows and what follows (`then`),
    /// written once a session for each shape.
    private func insertText(into table: String, _ columns: [String], rows: Int, then: String = "") -> String {
        let shape = InsertShape(table: table, columns: columns, rows: rows, then: then)
        if let text = insertTexts[shape] { return text }
        let text = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Self.placeholders(rows: rows, columns: columns.count) + then
        insertTexts[shape] = text
        return text
    }

    /// `(?, ?), (?, ?)` for rows of values.
    static func placeholders(rows: Int, columns: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Rows in slices of at most a hundred, and fewer where they are wide: both engines take 32,766 values
    /// a statement. The rows short of a full slice go in slices of 64, 32, … 1 of them (as many of those as
    /// they need), so that a table's statements have a few shapes: each shape is prepared once a run and
    /// kept, where a statement for every file's last few rows (some 50 to 100 wide, parsed anew each) was a
    /// tenth of storing a fresh run's traces.
    /// (Of a list's places as well as of a list: `traces.indices` gives the places of each slice.)
    static func batches<Rows: RandomAccessCollection>(_ rows: Rows, columns: Int) -> [Rows.SubSequence] where Rows.Index == Int {
        let size = max(1, min(100, 30_000 / max(1, columns)))
        let first = rows.startIndex, whole = rows.count / size * size
        var slices = stride(from: 0, to: whole, by: size).map { rows[first + $0..<first + $0 + size] }
        var start = whole, part = 64
        while start < rows.count {
            while part > rows.count - start { part /= 2 }
            slices.append(rows[first + start..<first + start + part])
            start += part
        }
        return slices
    }

    /// What becomes of a row whose key an earlier row has.
    enum LaterRow {
        /// It takes the earlier row's place (`ON CONFLICT … DO UPDATE`): the earlier row's place, its values.
        case replaces
        /// It is left out (`INSERT OR IGNORE`).
        case isIgnored
    }

    /// `rows` unique by the columns at `key`, `later` saying which of two rows with one key is kept, in
    /// the order of each key's first row, with each key's place among them. Settled here rather than by
    /// the database: PostgreSQL refuses a statement that meets its own row twice.
    static func unique(_ rows: [[SQLValue]], keyedBy key: [Int], later: LaterRow) -> (rows: [[SQLValue]], place: [[SQLValue]: Int]) {
        var place: [[SQLValue]: Int] = Dictionary(minimumCapacity: rows.count)
        var unique: [[SQLValue]] = []
        unique.reserveCapacity(rows.count)
        for row in rows {
            let rowKey = key.map { row[$0] }
            if let earlier = place[rowKey] {
                if later == .replaces { unique[earlier] = row }
            } else {
                place[rowKey] = unique.count
                unique.append(row)
            }
        }
        return (unique, place)
    }

    /// Rows into a table, many a statement.
    func insert(into table: String, _ columns: [String], _ rows: [[SQLValue]]) throws {
        for batch in Self.batches(rows, columns: columns.count) {
            try database.run(insertText(into: table, columns, rows: batch.count), rows: batch)
        }
    }

    static func values(of trace: Trace, fileID: SQLValue) -> [SQLValue] {
        let i = trace.identity
        return [
            .text(trace.contentKey), fileID, .text(trace.kind.rawValue), .text(trace.recordType),
            SQLValue(trace.locator.line), SQLValue(trace.locator.endLine), SQLValue(trace.locator.message),
            SQLValue(trace.locator.byteOffset),
            SQLValue(trace.time?.localDate.description), SQLValue(trace.time?.localTime?.description),
            SQLValue(trace.time?.instant?.isoUTC), SQLValue(trace.time?.precision.rawValue),
            SQLValue(i.nhi), SQLValue(i.nhiUnchecked), SQLValue(i.familyName), SQLValue(i.givenName),
            SQLValue(i.preferredName), SQLValue(i.givenInitial), SQLValue(i.familyInitial), SQLValue(i.dob?.description),
            SQLValue(i.sex), SQLValue(i.mobile), SQLValue(i.phone), SQLValue(i.email), SQLValue(i.address),
            SQLValue(i.postcode), SQLValue(i.cardLast4), SQLValue(i.payerName), SQLValue(i.portalID),
            SQLValue(i.localPatientID), SQLValue(i.peopleNamed), SQLValue(trace.provider),
            .text(PayloadCoding.encode(trace.payload)),
        ]
    }

    /// Every trace in the case, by file name and then in each file's order: the order a run on every file
    /// at once would store them in, whichever day each file arrived (a case run again after a late file
    /// must decide exactly as a case that had it from the start).
    public func traces() throws -> [Trace] {
        let traces = try everyTrace()
        // Blocks are written at imports (and here, where they were read from the rows); what they were written in goes.
        blockRoom = []
        heldTraceIDs = HeldTraceIDs(traces)
        heldTraceIDs?.dataVersion = try dataVersion()
        return traces
    }

    /// Every trace in the case, in `traces()`'s order: those this session wrote, where it kept them;
    /// else from the files' blocks; else from the rows.
    private func everyTrace() throws -> [Trace] {
        let files = try fileOrder()
        if case .keeping(let kept) = written {
            // Handed out once: what is kept is let go.
            written = .gaveUp
            if let traces = try inOrder(kept, files: files) { return traces }
        }
        if let traces = try fromBlocks(files: files) { return traces }
        let columns = Self.traceColumns.filter { $0 != "file_id" }.map { "t.\($0)" }.joined(separator: ", ")
        var traces: [Trace] = []
        var repeats = RowRepeats()
        // Read as stored and put in order here: the database sorting every trace's whole row was a third of
        // reading them back. Row by row, each made a trace as it is read: all the rows held at once, beside
        // their traces, were the peak of a large run's memory.
        var order: [(rank: Int, id: Int64, file: Int64)] = []
        // Every trace's page read once, not kept (`readingOnce`).
        try database.readingOnce { try database.forEachRow("SELECT t.id, t.file_id, \(columns) FROM trace t", [], reading: { row in
            let fileID = Int64(row.int(1) ?? 0)
            // After id, file_id and content_key, the columns as `traceColumns` gives them.
            let trace = Self.decode(row, from: 3, contentKey: row.string(2), id: Int64(row.int(0) ?? 0), file: files.path[fileID] ?? "",
                                    repeats: &repeats, payload: { PayloadCoding.decode($0 ?? "") })
            order.append((files.rank[fileID] ?? Int.max, trace.id!, fileID))
            traces.append(trace)
        }) }
        let sorted = order.indices.sorted { (order[$0].rank, order[$0].id) < (order[$1].rank, order[$1].id) }
        let read = sorted.map { traces[$0] }
        // The blocks did not account for every row (a case an earlier version wrote to, a block that could not
        // be read): each file's is written from what was read, so that the next run reads blocks. A cache: a
        // block not written is no failure of the run.
        if !read.isEmpty { try? keepBlocks(read, files: sorted.map { order[$0].file }) }
        return read
    }

    /// Writes every file's block anew from `traces` (each of the file `files` gives at its place, as the
    /// rows gave them), where the case still holds just these traces.
    func keepBlocks(_ traces: [Trace], files: [Int64]) throws {
        var byFile: [Int64: [Trace]] = [:]
        for (trace, file) in zip(traces, files) { byFile[file, default: []].append(trace) }
        try database.transaction {
            guard let rows = try traceRowsSpan(), rows[0].int == traces.count,
                  rows[1].int.map(Int64.init) == traces.lazy.compactMap(\.id).min(), rows[2].int.map(Int64.init) == traces.lazy.compactMap(\.id).max()
            else { return }
            try database.run("DELETE FROM trace_block")
            for (file, traces) in byFile.sorted(by: { $0.key < $1.key }) { try insertBlock(of: traces, file: .integer(file)) }
        }
    }

    /// Stores `traces` (one file's, in id order, as `traces()` gives them) as the file's block; none for none.
    /// `file`: the file's id (the block's key).
    private func insertBlock(of traces: [Trace], file: SQLValue) throws {
        guard let lowest = traces.first?.id, let highest = traces.last?.id else { return }
        var room: [UInt8] = []
        swap(&room, &blockRoom)
        let body = TraceBlock.encoded(traces, reusing: consume room)
        try database.run("INSERT INTO trace_block (file_id, traces, lowest_id, highest_id, body) VALUES (?, ?, ?, ?, ?)",
                         [file, SQLValue(traces.count), .integer(lowest), .integer(highest)], blob: body,
                         table: "trace_block", column: "body", row: Int64(file.int ?? 0))
        blockRoom = body
    }

    /// Every trace from the files' blocks (`TraceBlock`), in `traces()`'s order: nil where the blocks do
    /// not account for every row (as many, between the same ids: a case an earlier version wrote to) or
    /// one cannot be read, and the rows are then read instead (and the blocks written from them).
    private func fromBlocks(files: (rank: [Int64: Int], path: [Int64: String])) throws -> [Trace]? {
        guard let rows = try traceRowsSpan(), let count = rows[0].int, count > 0,
              let blocks = try database.rows("SELECT count(*), CAST(sum(traces) AS BIGINT), min(lowest_id), max(highest_id) FROM trace_block").first,
              blocks[1].int == count, blocks[2].int == rows[1].int, blocks[3].int == rows[2].int
        else { return nil }
        var byFile: [(rank: Int, traces: [Trace])] = []
        byFile.reserveCapacity(blocks[0].int ?? 0)
        var damaged = false
        try database.readingOnce { try database.forEachRow("SELECT file_id, traces, lowest_id, highest_id, body FROM trace_block", [], { (row: [SQLValue]) in
            guard !damaged, let fileID = row[0].int.map(Int64.init), let path = files.path[fileID], case .blob(let body) = row[4],
                  let traces = try? TraceBlock.decoded(body, file: path), traces.count == row[1].int,
                  traces.first?.id == row[2].int.map(Int64.init), traces.last?.id == row[3].int.map(Int64.init),
                  zip(traces, traces.dropFirst()).allSatisfy({ $0.id! < $1.id! })
            else {
                damaged = true
                return
            }
            byFile.append((files.rank[fileID] ?? Int.max, traces))
        }) }
        guard !damaged else { return nil }
        // The files in order, each block's traces in the order of their ids already.
        byFile.sort { $0.rank < $1.rank }
        var traces: [Trace] = []
        traces.reserveCapacity(count)
        for file in byFile { traces.append(contentsOf: file.traces) }
        return traces
    }

    /// Files in the order their traces are given: by path (as the database orders texts), then as stored;
    /// each path one text, shared by its traces.
    private func fileOrder() throws -> (rank: [Int64: Int], path: [Int64: String]) {
        var rank: [Int64: Int] = [:], path: [Int64: String] = [:], texts: [String: String] = [:]
        for (place, row) in try database.rows("SELECT id, path FROM source_file ORDER BY path, id").enumerated() {
            guard let id = row[0].int.map(Int64.init) else { continue }
            let text = row[1].string ?? ""
            rank[id] = place
            path[id] = texts[text] ?? text
            texts[text] = path[id]
        }
        return (rank, path)
    }

    /// How many trace rows the case holds, and their lowest and highest ids (one row of three values).
    /// Counting reads every page of the table's smallest index (23 MB at 100,000 patients): read once,
    /// not kept in the cache, where at the start of linking they made the most of a run's memory larger.
    func traceRowsSpan() throws -> [SQLValue]? {
        try database.readingOnce { try database.rows("SELECT count(*), min(id), max(id) FROM trace").first }
    }

    /// The traces this session wrote, in `traces()`'s order, where the table holds just those; nil where
    /// it holds others (another process wrote to the case), which are then read as ever.
    private func inOrder(_ kept: WrittenTraces, files: (rank: [Int64: Int], path: [Int64: String])) throws -> [Trace]? {
        guard let row = try traceRowsSpan(),
              kept.matches(count: row[0].int ?? -1, lowestID: Int64(row[1].int ?? 0), highestID: Int64(row[2].int ?? 0)) else { return nil }
        var order: [(rank: Int, id: Int64, trace: Trace)] = []
        order.reserveCapacity(kept.count)
        for (fileID, traces) in kept.byFile {
            let rank = files.rank[fileID] ?? Int.max
            for trace in traces { order.append((rank, trace.id ?? 0, trace)) }
        }
        order.sort { ($0.rank, $0.id) < ($1.rank, $1.id) }
        return order.map(\.trace)
    }

    /// Keep the traces this store writes from here on, while they are every trace in the case, so that
    /// `traces()` hands them back rather than reading them (a run that imports every file of a new case).
    public func keepWrittenTraces() {
        if case .off = written { written = .undecided }
    }

    /// What the rows of `trace` repeat, each read once: a record type is one text shared by its traces
    /// (not a copy a row), and a kind or a precision the same as the row before's (rows come a file at a
    /// time) is not looked for among the names again.
    struct RowRepeats {
        var recordTypes: [String: String] = [:]
        var recordType = ""
        var kindText = SourceKind.register.rawValue, kind = SourceKind.register
        var precisionText = TraceTime.Precision.day.rawValue, precision = TraceTime.Precision.day

        mutating func recordType(_ text: String) -> String {
            if text == recordType { return recordType }
            if let known = recordTypes[text] {
                recordType = known
            } else {
                recordTypes[text] = text
                recordType = text
            }
            return recordType
        }

        mutating func kind(_ text: String) -> SourceKind {
            if text != kindText { (kindText, kind) = (text, SourceKind(rawValue: text) ?? .register) }
            return kind
        }

        mutating func precision(_ text: String?) -> TraceTime.Precision {
            guard let text else { return .day }
            if text != precisionText { (precisionText, precision) = (text, TraceTime.Precision(rawValue: text) ?? .day) }
            return precision
        }
    }

    /// A trace from a row of `trace`: from `start` on, each column of `traceColumns` after `file_id` in
    /// turn. `payload` reads the last.
    static func decode(_ row: SQLRow, from start: Int, contentKey: String?, id: Int64, file: String, repeats: inout RowRepeats,
                               payload: (String?) -> Payload) -> Trace {
        var c = start
        func text() -> String? { defer { c += 1 }; return row.string(c) }
        func number() -> Int? { defer { c += 1 }; return row.int(c) }
        let kind = repeats.kind(text() ?? "")
        let recordType = repeats.recordType(text() ?? "")
        let locator = Locator(line: number(), endLine: number(), message: number(), byteOffset: number())
        let time = Self.time(row, at: c, repeats: &repeats)
        c += 4
        var identity = Identity()
        identity.nhi = text()
        identity.nhiUnchecked = text()
        identity.familyName = text()
        identity.givenName = text()
        identity.preferredName = text()
        identity.givenInitial = text()
        identity.familyInitial = text()
        identity.dob = text().flatMap(LocalDate.init(iso:))
        identity.sex = text()
        identity.mobile = text()
        identity.phone = text()
        identity.email = text()
        identity.address = text()
        identity.postcode = text()
        identity.cardLast4 = text()
        identity.payerName = text()
        identity.portalID = text()
        identity.localPatientID = text()
        identity.peopleNamed = number()
        let provider = text()
        var trace = Trace(kind: kind, recordType: recordType, file: file, locator: locator, time: time,
                          identity: identity, provider: provider, payload: payload(text()), contentKey: contentKey ?? "")
        trace.id = id
        return trace
    }

    /// A trace's time from its four stored columns from `c` on (local date, local time, instant,
    /// precision); nil where the date is not there or not read.
    private static func time(_ row: SQLRow, at c: Int, repeats: inout RowRepeats) -> TraceTime? {
        guard let localDate = row.string(c).flatMap(LocalDate.init(iso:)) else { return nil }
        return TraceTime(localDate: localDate, localTime: row.string(c + 1).flatMap(Self.time), instant: row.string(c + 2).flatMap(Date.init(iso8601:)),
                         precision: repeats.precision(row.string(c + 3)))
    }

    /// Makes `trace` what `traces()` will read back once it is stored with `row` (`values(of:)`'s) under `id`
    /// (`decode` of the row): the stored texts of its times and its date of birth read again (an instant
    /// keeps whole seconds), its file the stored name, its record type the run's one text of it. Its
    /// other fields are stored as they are and read back the same, so they are the trace's own, not made
    /// again from the row (a fresh run at 100,000 patients made 310,000 traces again).
    static func store(_ trace: inout Trace, row: [SQLValue], id: Int64, file: String, repeats: inout RowRepeats) {
        trace.id = id
        trace.file = file
        trace.recordType = repeats.recordType(trace.recordType)
        let values = SQLRow(row)
        trace.time = Self.time(values, at: Self.timeColumn, repeats: &repeats)
        if let dob = trace.identity.dob {
            // As written (`YYYY-MM-DD`) in all but a year out of four digits: set only where it differs.
            let read = values.string(Self.dobColumn).flatMap(LocalDate.init(iso:))
            if read != dob { trace.identity.dob = read }
        }
    }

    /// Every reject in the case, by file and place.
    public func rejects() throws -> [Reject] {
        try database.rows("""
            SELECT r.kind, f.path, r.line, r.end_line, r.message, r.byte_offset, r.reason
            FROM reject r JOIN source_file f ON f.id = r.file_id ORDER BY f.path, r.byte_offset, r.line, r.id
            """).map { row in
            Reject(kind: SourceKind(rawValue: row[0].string ?? "") ?? .register, file: row[1].string ?? "",
                   locator: Locator(line: row[2].int, endLine: row[3].int, message: row[4].int, byteOffset: row[5].int),
                   reason: row[6].string ?? "")
        }
    }

    /// Records recognised as duplicates, each with where the trace it repeats was first read.
    public func duplicates() throws -> [DuplicateRecord] {
        try database.rows("""
            SELECT d.kind, f.path, d.line, d.end_line, d.message, d.byte_offset, of.path, t.line, t.end_line, t.message, t.byte_offset
            FROM duplicate d JOIN source_file f ON f.id = d.file_id
            LEFT JOIN trace t ON t.content_key = d.content_key LEFT JOIN source_file of ON of.id = t.file_id
            ORDER BY f.path, d.byte_offset, d.line, d.id
            """).map { row in
            DuplicateRecord(kind: SourceKind(rawValue: row[0].string ?? "") ?? .register, file: row[1].string ?? "",
                            locator: Locator(line: row[2].int, endLine: row[3].int, message: row[4].int, byteOffset: row[5].int),
                            originalFile: row[6].string ?? "",
                            originalLocator: Locator(line: row[7].int, endLine: row[8].int, message: row[9].int, byteOffset: row[10].int))
        }
    }

    /// The review decisions people recorded on links, by `<trace content key>|<patient id>`: `confirm`
    /// or `reject`, the latest winning. They are not derived: re-runs keep them.
    public func linkDecisions() throws -> [String: String] {
        var decisions: [String: String] = [:]
        for row in try database.rows("SELECT subject_key, decision FROM review_decision WHERE subject = 'link' ORDER BY id") {
            if let key = row[0].string, let decision = row[1].string { decisions[key] = decision }
        }
        return decisions
    }

    /// Records a person's decision on a link (a later decision on the same link replaces it).
    public func recordLinkDecision(key: String, decision: String, by person: String, note: String?) throws {
        try database.transaction {
            try database.run("DELETE FROM review_decision WHERE subject = 'link' AND subject_key = ?", [.text(key)])
            try database.run("""
                INSERT INTO review_decision (subject, subject_key, decision, decided_by, decided_at, note)
                VALUES ('link', ?, ?, ?, datetime('now'), ?)
                """, [.text(key), .text(decision), .text(person), SQLValue(note)])
        }
    }

    /// The call outcomes people recorded, by candidate id, the latest winning.
    public func callOutcomes() throws -> [String: CallOutcome] {
        try callOutcomeHistory().compactMapValues(\.last)
    }

    /// Every outcome recorded for each candidate, oldest first.
    public func callOutcomeHistory() throws -> [String: [CallOutcome]] {
        var outcomes: [String: [CallOutcome]] = [:]
        for row in try database.rows("""
            SELECT candidate_id, outcome, seen_on, attempts, summary, follow_ups, next_attempt, closed_reason
            FROM call_outcome ORDER BY id
            """) {
            guard let id = row[0].string else { continue }
            outcomes[id, default: []].append(
                CallOutcome(candidateID: id, outcome: row[1].string ?? "", seenOn: row[2].string ?? "",
                            attempts: row[3].string ?? "", summary: row[4].string ?? "", followUps: row[5].string ?? "",
                            nextAttempt: row[6].string ?? "", closed: row[7].string ?? ""))
        }
        return outcomes
    }

    /// Records what a caller wrote for a candidate; earlier records stay (the latest wins when read).
    /// `typedAt` is when it was typed (the saved file's modification time, ISO 8601 UTC); `source`
    /// where it was read (`call-lists/RS.csv line 4`).
    public func recordCallOutcome(_ outcome: CallOutcome, by caller: String, typedAt: String? = nil, source: String? = nil) throws {
        try database.run("""
            INSERT INTO call_outcome (candidate_id, recorded_at, caller, outcome, seen_on, attempts, summary, follow_ups, next_attempt,
                                      closed_reason, typed_at, source)
            VALUES (?, datetime('now'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(outcome.candidateID), .text(caller), .text(outcome.outcome), .text(outcome.seenOn), .text(outcome.attempts),
                  .text(outcome.summary), .text(outcome.followUps), .text(outcome.nextAttempt), .text(outcome.closed),
                  SQLValue(typedAt), SQLValue(source)])
    }

    /// When each candidate's latest outcome was typed (ISO 8601 UTC), where known.
    public func callOutcomeTimes() throws -> [String: String] {
        var times: [String: String] = [:]
        for row in try database.rows("SELECT candidate_id, typed_at FROM call_outcome ORDER BY id") {
            guard let id = row[0].string else { continue }
            times[id] = row[1].string
        }
        return times
    }

    /// What the case knows of a file people fill in: the bytes' SHA-256 when last written or read, and
    /// whether a run wrote them.
    public func sheetSeen(_ name: String) throws -> (sha256: String, written: Bool)? {
        guard let row = try database.rows("SELECT sha256, written FROM sheet_seen WHERE name = ?", [.text(name)]).first,
              let sha = row[0].string else { return nil }
        return (sha, row[1].int == 1)
    }

    /// Notes the bytes of a file people fill in, as a run wrote them or as a person saved them.
    public func markSheetSeen(_ name: String, sha256: String, written: Bool) throws {
        try database.run("""
            INSERT INTO sheet_seen (name, sha256, written, seen_at) VALUES (?, ?, ?, datetime('now'))
            ON CONFLICT(name) DO UPDATE SET sha256 = excluded.sha256, written = excluded.written, seen_at = excluded.seen_at
            """, [.text(name), .text(sha256), .integer(written ? 1 : 0)])
    }

    /// Keeps a file as it was saved (before a run writes it again); returns its number in `kept_file`.
    @discardableResult
    public func keepFile(_ name: String, bytes: [UInt8], modifiedAt: String?, reason: String) throws -> Int {
        try database.run("""
            INSERT INTO kept_file (name, sha256, modified_at, kept_at, reason, content) VALUES (?, ?, ?, datetime('now'), ?, ?)
            """, [.text(name), .text(SHA256.hex(bytes: bytes)), SQLValue(modifiedAt), .text(reason), .blob(bytes)])
        return try database.rows("SELECT last_insert_rowid()")[0][0].int ?? 0
    }

    /// A kept file's name and bytes.
    public func keptFile(_ id: Int) throws -> (name: String, bytes: [UInt8])? {
        guard let row = try database.rows("SELECT name, content FROM kept_file WHERE id = ?", [.integer(Int64(id))]).first,
              let name = row[0].string, case .blob(let bytes) = row[1] else { return nil }
        return (name, bytes)
    }

    /// Removes everything a run derives (it is derived again before the run ends).
    static let clearDerived = "DELETE FROM review_item; DELETE FROM encounter_evidence; DELETE FROM encounter; DELETE FROM link; DELETE FROM unmatched; DELETE FROM patient; DELETE FROM inbox_item_trace; DELETE FROM inbox_item; DELETE FROM derived_digest; DELETE FROM derived_row_prints; DELETE FROM derived_memo;"

    /// One derived table's rows as `replaceDerived` writes them: unique by the columns at `key` (none:
    /// unique already), `later` saying which of two rows with one key is stored.
    struct DerivedRows {
        let table: String
        let columns: [String]
        let rows: [[SQLValue]]
        var key: [Int] = []
        var later = LaterRow.replaces
        /// The table's primary key: the columns at `key`, or the first column of a table unique already.
        var primaryKey: [Int] { key.isEmpty ? [0] : key }
    }

    /// Replaces everything a run derives, in one transaction, with `memo` (what the caller derived them
    /// from and may take back while it stands: `derivedMemo`), or with no memo. `beforeCommit` runs inside it.
    ///
    /// A table (with the rows that hang on it: an encounter's evidence, an inbox item's traces) whose rows
    /// are, by their digest, the ones the last run stored is left as it is: a run after a call outcome or
    /// a resend rewrote tens of thousands of patients and links it had just written, the same.
    public func replaceDerived(patients: [Patient], links: [Link], encounters: [Encounter],
                               unmatched: [(traceID: Int64, reason: String)], inboxItems: [InboxItem] = [],
                               reviewItems: [ReviewItemRecord] = [], memo: (fingerprint: String, body: [UInt8])? = nil,
                               beforeCommit: () -> Void = {}) throws {
        // Each group's rows made as it is written and let go after, not every group's at once (a row is a
        // list of values of its own: the links' and the patients' were 75 MB at 100,000 patients, held
        // together at the run's end where it holds the most).
        let groups: [(name: String, tables: () -> [DerivedRows])] = [
            ("review", { [DerivedRows(table: "review_item", columns: ["trace_id", "decision_key", "source", "locator", "patient_id", "rule",
                                                                    "match_probability", "explanation"],
                                    rows: reviewItems.map { item in
                                        [.integer(item.traceID), .text(item.decisionKey), .text(item.source), .text(item.locator), .text(item.patientID),
                                         .text(item.rule), .real(item.matchProbability), .text(item.explanation)]
                                    }, key: [0, 4])] }),
            ("inbox", { [DerivedRows(table: "inbox_item", columns: ["item_id", "patient_id", "received", "source", "kind", "summary", "abnormal",
                                                                  "provider", "message_ids"],
                                   rows: inboxItems.map { item in
                                       [.text(item.itemID), SQLValue(item.patientID), .text(item.received.payloadText), .text(item.source.rawValue),
                                        .text(item.kind.rawValue), .text(item.summary), SQLValue(item.abnormal?.rawValue), SQLValue(item.provider),
                                        .text(item.messageIDs.joined(separator: ";"))]
                                   }),
                       DerivedRows(table: "inbox_item_trace", columns: ["item_id", "trace_id"],
                                   rows: inboxItems.flatMap { item in item.traceIDs.map { [.text(item.itemID), .integer($0)] } },
                                   key: [0, 1], later: .isIgnored)] }),
            ("patient", { [DerivedRows(table: "patient", columns: ["id", "origin", "nhi", "family_name", "given_name", "preferred_name", "dob", "sex",
                                                                 "mobile", "phone", "email", "address", "usual_provider", "source_trace_id"],
                                     rows: patients.map { p in
                                         let i = p.identity
                                         return [.text(p.id), .text(p.origin.rawValue), SQLValue(i.nhi), SQLValue(i.familyName), SQLValue(i.givenName),
                                                 SQLValue(i.preferredName), SQLValue(i.dob?.description), SQLValue(i.sex), SQLValue(i.mobile),
                                                 SQLValue(i.phone), SQLValue(i.email), SQLValue(i.address), SQLValue(p.usualProvider),
                                                 p.sourceTraceID.map { .integer($0) } ?? .null]
                                     })] }),
            ("link", { [DerivedRows(table: "link", columns: ["trace_id", "patient_id", "rule", "weight"],
                                  rows: links.map { [.integer($0.traceID), .text($0.patientID), .text($0.rule), .real($0.weight)] }, key: [0, 1])] }),
            ("encounter", { [DerivedRows(table: "encounter", columns: ["candidate_id", "patient_id", "date", "provider", "confidence", "tier",
                                                                     "priority", "reason"],
                                       rows: encounters.map { e in
                                           [.text(e.candidateID), .text(e.patientID), .text(e.date.description), SQLValue(e.provider),
                                            .real(e.confidence), .text(e.tier.rawValue), SQLValue(e.priority.rawValue), .text(e.reason)]
                                       }),
                           DerivedRows(table: "encounter_evidence", columns: ["candidate_id", "trace_id", "summary", "weight"],
                                       rows: encounters.flatMap { e in
                                           e.evidence.map { [.text(e.candidateID), .integer($0.traceID), .text($0.summary), .real($0.weight)] }
                                       }, key: [0, 1])] }),
            ("unmatched", { [DerivedRows(table: "unmatched", columns: ["trace_id", "reason"],
                                       rows: unmatched.map { [.integer($0.traceID), .text($0.reason)] }, key: [0])] }),
        ]
        // References to traces checked here where the case's trace ids are known, and then not by SQLite row
        // by row (which read the trace table back); SQLite's check is set again after the transaction,
        // whether it was written or not (the setting cannot change inside one).
        let checkedHere = try derivedTraceReferencesHeld(patients: patients, links: links, encounters: encounters, unmatched: unmatched,
                                                        inboxItems: inboxItems, reviewItems: reviewItems)
        if checkedHere { try database.execute("PRAGMA foreign_keys = OFF") }
        defer { if checkedHere { try? database.execute("PRAGMA foreign_keys = ON") } }
        try database.transaction {
            let stored = Dictionary(try database.rows("SELECT name, digest FROM derived_digest").compactMap { row in
                row[0].string.flatMap { name in row[1].string.map { (name, $0) } }
            }, uniquingKeysWith: { first, _ in first })
            for group in groups {
                let tables = group.tables()
                let (digest, prints) = Self.digest(tables)
                if stored[group.name] == digest { continue }
                try rewrite(tables, prints: prints, was: stored[group.name], digest: digest)
                try database.run("INSERT INTO derived_digest (name, digest) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET digest = excluded.digest",
                                 [.text(group.name), .text(digest)])
            }
            // What these rows were derived from, kept with them; without one, no memo stands for them.
            if let memo {
                try replaceMemo(in: "derived_memo", fingerprint: memo.fingerprint, body: memo.body)
            } else {
                try database.run("DELETE FROM derived_memo")
            }
            beforeCommit()
        }
    }

    /// What a group of derived tables holds, as one fingerprint: each table's name, columns and rows in
    /// order, under the schema's version (a migration that changes a table makes every group written
    /// again); with each row's own fingerprint (`RowPrint`), of which the group's is made.
    static func digest(_ tables: [DerivedRows]) -> (digest: String, prints: [[RowPrint]]) {
        var print = Fingerprint()
        print.count(Migrations.all.count)
        var prints: [[RowPrint]] = []
        for rows in tables {
            print.text(rows.table)
            for column in rows.columns { print.text(column) }
            print.text(rows.key.map(String.init).joined(separator: ",") + (rows.later == .replaces ? "r" : "i"))
            print.count(rows.rows.count)
            var these: [RowPrint] = []
            these.reserveCapacity(rows.rows.count)
            for row in rows.rows {
                let rowPrint = RowPrint(row)
                print.integer(Int64(bitPattern: rowPrint.first))
                print.integer(Int64(bitPattern: rowPrint.second))
                these.append(rowPrint)
            }
            prints.append(these)
        }
        return (print.hex(), prints)
    }

    /// Appends to the access log: who did what to the case (never patient data in `detail`).
    public func logAccess(actor: String, action: String, detail: String) throws {
        try database.run("INSERT INTO access_log (at, actor, action, detail) VALUES (datetime('now'), ?, ?, ?)",
                         [.text(actor), .text(action), .text(detail)])
    }

    private static func time(_ text: String) -> LocalTime? {
        // `HH:MM:SS` as stored, from its bytes; anything else taken apart.
        let asStored = text.withUTF8Bytes { b -> (Int, Int, Int)? in
            guard b.count == 8, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"), let hour = b.digits(at: 0, width: 2),
                  let minute = b.digits(at: 3, width: 2), let second = b.digits(at: 6, width: 2) else { return nil }
            return (hour, minute, second)
        }
        if let (hour, minute, second) = asStored { return LocalTime(hour: hour, minute: minute, second: second) }
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return LocalTime(hour: parts[0], minute: parts[1], second: parts[2])
    }
}

/// A trace's payload as stored: JSON with sorted keys, so the same payload is the same text.
// MARK: Whose case this is

/// The case a database holds: its name and practice, and the playbook that first made it.
public struct CaseOwner: Sendable, Equatable {
    public var caseName: String
    public var practiceName: String
    public var playbook: String

    public init(caseName: String, practiceName: String, playbook: String) {
        self.caseName = caseName
        self.practiceName = practiceName
        self.playbook = playbook
    }
}

extension CaseStore {
    /// The case this database holds, once a run has claimed it.
    public func caseOwner() throws -> CaseOwner? {
        guard let row = try database.rows("SELECT case_name, practice_name, playbook FROM case_owner WHERE id = 1").first,
              let name = row[0].string, let practice = row[1].string, let playbook = row[2].string else { return nil }
        return CaseOwner(caseName: name, practiceName: practice, playbook: playbook)
    }

    /// Records (or, taking the case over, replaces) whose case this database holds.
    public func claimCase(_ owner: CaseOwner) throws {
        try database.run("""
            INSERT INTO case_owner (id, case_name, practice_name, playbook, since) VALUES (1, ?, ?, ?, datetime('now'))
            ON CONFLICT(id) DO UPDATE SET case_name = excluded.case_name, practice_name = excluded.practice_name, playbook = excluded.playbook
            """, [.text(owner.caseName), .text(owner.practiceName), .text(owner.playbook)])
    }
}

// MARK: The last run's counts

extension CaseStore {
    /// The counts the last run finished with; nil before the first.
    public func lastRun() throws -> RunTally? {
        guard let row = try database.rows("SELECT finished_at, counts FROM last_run WHERE id = 1").first,
              let finished = row[0].string, let text = row[1].string else { return nil }
        var counts: [String: Int] = [:]
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Int(parts[1]) { counts[String(parts[0])] = value }
        }
        return RunTally(finishedAt: finished, counts: counts)
    }

    /// Keeps this run's counts in place of the last one's.
    public func recordRun(_ tally: RunTally) throws {
        let counts = tally.counts.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
        try database.run("""
            INSERT INTO last_run (id, finished_at, counts) VALUES (1, ?, ?)
            ON CONFLICT(id) DO UPDATE SET finished_at = excluded.finished_at, counts = excluded.counts
            """, [.text(tally.finishedAt), .text(counts)])
    }
}

// MARK: What the last run was made from

extension CaseStore {
    /// The last finished run's input fingerprint; nil before the first, or after a run that did not finish.
    public func runInputs() throws -> String? {
        try database.rows("SELECT fingerprint FROM run_inputs WHERE id = 1").first?[0].string
    }

    /// Records what a finished run was made from (nil forgets it: the next run reads everything).
    public func recordRunInputs(_ fingerprint: String?) throws {
        guard let fingerprint else {
            try database.run("DELETE FROM run_inputs", [])
            return
        }
        try database.run("""
            INSERT INTO run_inputs (id, fingerprint) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint
            """, [.text(fingerprint)])
    }

    /// The bytes the last run that linked kept, where they were made from what `fingerprint` stands for.
    public func linkageMemo(fingerprint: String) throws -> [UInt8]? {
        // Compared by the database: the bytes (tens of megabytes in a large practice) are read only where they fit.
        guard let row = try database.rows("SELECT body FROM linkage_memo WHERE id = 1 AND fingerprint = ?", [.text(fingerprint)]).first,
              case .blob(let bytes) = row[0] else { return nil }
        return bytes
    }

    /// What the last run derived, where it was derived from `fingerprint` (`replaceDerived`'s memo):
    /// the derived tables hold what it was derived with.
    public func derivedMemo(fingerprint: String) throws -> [UInt8]? {
        guard let row = try database.rows("SELECT body FROM derived_memo WHERE id = 1 AND fingerprint = ?", [.text(fingerprint)]).first,
              case .blob(let bytes) = row[0] else { return nil }
        return bytes
    }

    /// Keeps what a run's linking found, replacing what an earlier run kept.
    public func recordLinkageMemo(fingerprint: String, body: [UInt8]) throws {
        try replaceMemo(in: "linkage_memo", fingerprint: fingerprint, body: body)
    }

    /// The one row of a memo table (`linkage_memo`, `derived_memo`, `model_memo`: each named here, never
    /// from input), replaced by `fingerprint` and `body`.
    private func replaceMemo(in table: String, fingerprint: String, body: [UInt8]) throws {
        try database.run("""
            INSERT INTO \(table) (id, fingerprint, body) VALUES (1, ?, ?)
            ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, body = excluded.body
            """, [.text(fingerprint)], blob: body, table: table, column: "body", row: 1)
    }

    /// The model the last linking kept (its parameters and what it made of each identity, as bytes),
    /// with the fingerprint of what it was trained on.
    public func modelMemo() throws -> (fingerprint: String, body: [UInt8])? {
        guard let row = try database.rows("SELECT fingerprint, body FROM model_memo WHERE id = 1").first,
              let fingerprint = row[0].string, case .blob(let bytes) = row[1] else { return nil }
        return (fingerprint, bytes)
    }

    /// Keeps a model trained on what `fingerprint` stands for, replacing the one kept before.
    public func recordModelMemo(fingerprint: String, body: [UInt8]) throws {
        try replaceMemo(in: "model_memo", fingerprint: fingerprint, body: body)
    }

    /// What people have recorded in the case so far, as the newest row of each kind: a call, a review
    /// decision, an item filed, a file kept. Any new one changes it.
    public func recordedByPeople() throws -> String {
        let row = try database.rows("""
            SELECT (SELECT coalesce(max(id), 0) FROM call_outcome), (SELECT coalesce(max(id), 0) FROM review_decision),
                   (SELECT coalesce(max(id), 0) FROM item_filed), (SELECT coalesce(max(id), 0) FROM kept_file)
            """).first ?? []
        return row.map { String($0.int ?? 0) }.joined(separator: " ")
    }
}

import CSQLite
import Foundation
import LacunaCore

/// A value bound to or read from SQLite.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Bytes kept as they are (a file people saved, in whatever encoding).
    case blob([UInt8])
}

/// An SQLite failure. Its description carries SQLite's message and the statement's text, never the
/// values bound to it (they are patient data).
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let statement: String?

    /// `code` is SQLite's result code, or -1 for another engine's error (its SQLSTATE is in `message`).
    public init(code: Int32, message: String, statement: String?) {
        self.code = code
        self.message = message
        self.statement = statement
    }

    public var description: String {
        (code == -1 ? "PostgreSQL error: \(message)" : "SQLite error \(code): \(message)") + (statement.map { " (in: \($0.prefix(80)))" } ?? "")
    }
}

/// One SQLite connection, used from one thread: a thin layer over the C API.
///
/// Chosen over GRDB.swift for this project because the case database needs a handful of statements,
/// full control of transactions for crash safety, and error text that can never include bound values;
/// a thin layer gives all three with no package to build.
public final class Database: SQLConnection {
    public let dialect = SQLDialect.sqlite
    private var handle: OpaquePointer?
    private var cache: [StatementText: Statement] = [:]
    /// Written with no journal (`alone`): what a failed statement or transaction wrote stays written.
    private var unjournaled = false
    /// True once SQLite has failed, or a transaction has been rolled back, on a connection written with
    /// no journal (`alone`): the file may hold half of what was being written, so no statement or
    /// transaction is begun on it any more (each fails, saying so) and the file is not to be kept.
    public private(set) var spoiled = false

    /// Opens (creating if needed) the database at `path`. The file is created readable by its owner
    /// only, as are SQLite's journal files beside it.
    ///
    /// `alone`: a new case being built in a file nothing else opens (`CaseRun` moves it into place when
    /// the run ends; a run cut short leaves nothing anyone reads): it is written with no journal and
    /// nothing is synced, so each page is written once. On the write-ahead log every page was
    /// written twice (to the log, then back into the file) and read back between: a first run at 100,000
    /// patients wrote 1,040 MB and read 1,000 MB for a case of 410 MB (built alone: 550 MB and 360 MB),
    /// and spent 0.4 to 0.5 s more CPU in the kernel. A rollback journal kept in memory copied every page
    /// a transaction changed as it was, in chunks of a kilobyte each allocated and freed (at 100,000
    /// patients 1.7 million chunks, and 1.5 G of the run's 89.6 G instructions): without it, a transaction
    /// that fails cannot be undone, so the connection is then `spoiled` and the file is let go (`NewCaseFile`).
    /// The file is switched to the log (`journal_mode = WAL`) when it is next opened without `alone`.
    public init(path: String, alone: Bool = false) throws {
        let previous = umask(0o077)
        defer { umask(previous) }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw DatabaseError(code: status, message: message, statement: nil)
        }
        chmod(path, 0o600)
        sqlite3_busy_timeout(handle, 5000)
        // Temporary files in memory: each import's many-row inserts keep a statement journal (the pages a
        // statement changes, as they were, should the statement fail halfway), which SQLite otherwise
        // writes to a file of its own in /var/tmp, patients' rows in it, only to throw it away at the
        // statement's end: 85 MB of writes for a 10,000-patient practice's first run. And 32 MB of pages
        // kept (the default is 2 MB): the content keys' index, which every insert reads at a random place,
        // was read again from the file, 69 MB a run for a case of 24 MB. At 100,000 patients the two
        // took the run's system time from 6.8 s to 2.9 s, for 34 MB more memory.
        try execute(alone ? "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        unjournaled = alone
        try execute("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;")
    }

    /// How long a statement waits for another connection's write (a run writing its derived facts)
    /// before it fails.
    public func busyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Keeps up to `megabytes` of the file in memory (page cache and a memory map): for a connection
    /// that serves many reads over a long time, such as the worklist's.
    public func keepInMemory(megabytes: Int) throws {
        try execute("PRAGMA cache_size = -\(megabytes * 1024); PRAGMA mmap_size = \(megabytes * 1_048_576);")
    }

    /// Sets the size of the file's pages (a new file's, before its first table; an existing file keeps
    /// its own), and then the cache's size again: SQLite counts the pages its cache may hold from the page
    /// size it knows when the cache's size is set, so the 32 MB set for pages of 4 KB held as many pages
    /// of 16 KB once they were larger: 128 MB of a new case's memory while its traces were written.
    public func setPageSize(_ bytes: Int) throws {
        let kept = try cacheSizeSetting()
        try execute("PRAGMA page_size = \(bytes)")
        try execute("PRAGMA cache_size = \(kept)")
    }

    /// The cache's size as set (`PRAGMA cache_size`: pages, or kilobytes where negative).
    private func cacheSizeSetting() throws -> Int { try rows("PRAGMA cache_size").first?.first?.int ?? -32_768 }

    deinit {
        close()
    }

    /// Closes the connection (its statements first); any use after it fails. For a file that is to be
    /// moved or synced now, not when the last reference goes.
    public func close() {
        cache.removeAll()
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// Runs one or more statements that bind nothing.
    public func execute(_ sql: String) throws {
        try refuseIfSpoiled(sql)
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if status != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? "error"
            sqlite3_free(errorMessage)
            if unjournaled { spoiled = true }
            throw DatabaseError(code: status, message: message, statement: sql)
        }
    }

    /// A prepared statement, cached by its text.
    public func statement(_ sql: String) throws -> Statement {
        try refuseIfSpoiled(sql)
        if let cached = cache[StatementText(sql)] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
        guard status == SQLITE_OK, let raw else { throw error(status, sql) }
        let statement = Statement(raw: raw, sql: sql, database: self)
        cache[StatementText(sql)] = statement
        return statement
    }

    /// Runs a statement with arguments, for writes.
    public func run(_ sql: String, _ arguments: [SQLValue]) throws {
        let statement = try statement(sql)
        defer { statement.letGoOfBlobs() }
        try statement.bind(arguments)
        while try statement.step() {}
    }

    /// Runs a write of one row whose last parameter is `blob` (a memo, a file's block of traces: tens of
    /// megabytes at 100,000 patients): the row made with room for the blob (a zeroblob, which SQLite
    /// writes without making it), then the blob's bytes written into that room from where they lie
    /// (`sqlite3_blob_write`). Bound as a value, SQLite built the row whole in memory of its own, a copy
    /// of the blob made and let go at a large run's peak. `table`, `column` and `row` (the row's INTEGER
    /// PRIMARY KEY) say where the blob lands; each is the code's, never from input. The row and its
    /// bytes are written together or not at all (a savepoint).
    public func run(_ sql: String, _ arguments: [SQLValue], blob: [UInt8], table: String, column: String, row: Int64) throws {
        try execute("SAVEPOINT lacuna_blob")
        do {
            let statement = try statement(sql)
            defer { statement.letGoOfBlobs() }
            try statement.bind(arguments, roomFor: blob.count)
            while try statement.step() {}
            if !blob.isEmpty { try write(blob, table: table, column: column, row: row) }
            try execute("RELEASE lacuna_blob")
        } catch {
            sqlite3_exec(handle, "ROLLBACK TO lacuna_blob; RELEASE lacuna_blob", nil, nil, nil)
            throw error
        }
    }

    /// `bytes` written over the blob of that length in `column` of the row of `table` whose key is `row`.
    private func write(_ bytes: [UInt8], table: String, column: String, row: Int64) throws {
        var blob: OpaquePointer?
        var status = sqlite3_blob_open(handle, "main", table, column, row, 1, &blob)
        guard status == SQLITE_OK, let blob else {
            sqlite3_blob_close(blob)
            throw error(status, "writing the blob of \(table).\(column)")
        }
        status = bytes.withUnsafeBytes { sqlite3_blob_write(blob, $0.baseAddress, Int32($0.count), 0) }
        let closed = sqlite3_blob_close(blob)
        guard status == SQLITE_OK, closed == SQLITE_OK else { throw error(status == SQLITE_OK ? closed : status, "writing the blob of \(table).\(column)") }
    }

    /// Runs a statement whose arguments are the rows' values, bound where they lie: joining a hundred
    /// rows of 33 into one array of values, for every many-row insert of a run, copied each value and
    /// grew the array as it went (150 M of a fresh run's 8.7 G instructions at 10,000 patients).
    public func run(_ sql: String, rows: ArraySlice<[SQLValue]>) throws {
        let statement = try statement(sql)
        defer { statement.letGoOfBlobs() }
        try statement.bind(rows: rows)
        while try statement.step() {}
    }

    /// Rows of a query, each as its column values.
    public func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]] {
        let statement = try statement(sql)
        try statement.bind(arguments)
        var rows: [[SQLValue]] = []
        while try statement.step() { rows.append(statement.row()) }
        return rows
    }

    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: ([SQLValue]) throws -> Void) throws {
        let statement = try statement(sql)
        try statement.bind(arguments)
        // Left reset whatever `body` does, so a query stopped half-way holds no read open.
        defer { statement.reset() }
        while try statement.step() { try body(statement.row()) }
    }

    public func forEachRow(_ sql: String, _ arguments: [SQLValue], reading body: (SQLRow) throws -> Void) throws {
        let statement = try statement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() { try body(SQLRow(statement: statement)) }
    }

    /// Runs `body` with a page cache of 2 MB, then gives the cache back its size. For a query that reads
    /// a table whole and once (a re-run's traces): its pages filled the cache only to be left there, each
    /// a page of memory the process took from the system afresh; 16 MB of a 10,000-patient re-run's
    /// peak of 144 MB, and 5,000 of its 31,000 page faults.
    public func readingOnce<T>(_ body: () throws -> T) throws -> T {
        let kept = try cacheSizeSetting()
        try execute("PRAGMA cache_size = -2048")
        defer { try? execute("PRAGMA cache_size = \(kept)") }
        return try body()
    }

    /// Frees the pages the cache holds that no statement is using (`sqlite3_db_release_memory`); the
    /// cache fills again as pages are read.
    public func releaseMemory() {
        sqlite3_db_release_memory(handle)
    }

    /// The bytes of pages the connection keeps in its cache now.
    public var pageCacheBytes: Int {
        var current: Int32 = 0, highest: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0)
        return Int(current)
    }

    /// `BEGIN IMMEDIATE`: the write lock at once, so two runs wait rather than fail half-way.
    public func begin() throws { try execute("BEGIN IMMEDIATE") }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() {
        guard handle != nil else { return }
        // Without a journal nothing written is undone: the transaction's writes (those SQLite had to put
        // in the file before the end) may be there in part.
        if unjournaled, sqlite3_get_autocommit(handle) == 0 { spoiled = true }
        // Asked even of a spoiled connection (not through `execute`), its failure of no use to anyone.
        sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// SQLite's failure of `sql` as an error; on a connection with no journal, it spoils it (`spoiled`).
    func error(_ status: Int32, _ sql: String?) -> DatabaseError {
        if unjournaled { spoiled = true }
        return DatabaseError(code: status, message: String(cString: sqlite3_errmsg(handle)), statement: sql)
    }

    /// The failure a spoiled connection gives for anything asked of it.
    private func refuseIfSpoiled(_ sql: String) throws {
        guard spoiled else { return }
        throw DatabaseError(code: SQLITE_ABORT, message: "a write to the case being built failed and, with no journal, could not be undone; nothing more is written to it",
                            statement: sql)
    }
}

/// A statement's text as the key its prepared statement is cached by: hashed by its length and its
/// first and last 64 bytes, compared byte for byte. A many-row insert's text is some ten kilobytes of
/// placeholders, and hashing it whole for every statement run was a third of a percent of a fresh run
/// at 100,000 patients; texts alike at both ends and of one length only share a bucket.
struct StatementText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: StatementText, right: StatementText) -> Bool {
        var left = left.text, right = right.text
        return left.withUTF8 { l in right.withUTF8 { r in l.count == r.count && (l.count == 0 || memcmp(l.baseAddress!, r.baseAddress!, l.count) == 0) } }
    }

    func hash(into hasher: inout Hasher) {
        text.withUTF8Bytes { bytes in
            hasher.combine(bytes.count)
            let raw = UnsafeRawBufferPointer(bytes)
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.prefix(64)))
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw.suffix(64)))
        }
    }
}

/// A prepared statement. Bind, step, read columns.
public final class Statement {
    private let raw: OpaquePointer
    private let sql: String
    private unowned let database: Database

    init(raw: OpaquePointer, sql: String, database: Database) {
        self.raw = raw
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(raw)
        texts?.deallocate()
    }

    /// How many parameters the last `bind` set: those past the next one's values are set to NULL again.
    private var bound = 0
    /// The bytes of the texts the last `bind` set, one after another: SQLite reads them in place until
    /// they are bound again (each text copied by SQLite, and freed by it, was most of binding a row).
    private var texts: UnsafeMutableRawBufferPointer?
    /// The blobs the last `bind` set, by parameter, kept for SQLite to read in place until they are
    /// bound again or let go (`letGoOfBlobs`).
    private var blobs: [(parameter: Int32, bytes: [UInt8])] = []
    /// Where an empty text points (a NULL pointer would bind NULL); none of its bytes is read.
    private static let emptyText: StaticString = " "

    func reset() {
        // Parameters are not cleared here: `bind` sets every one its caller gives and NULLs those left
        // from before (clearing them all was most of reusing an insert of a hundred rows).
        sqlite3_reset(raw)
    }

    /// Sets the parameters to `values` in order; any further parameter is NULL.
    public func bind(_ values: [SQLValue]) throws {
        try bind(rows: CollectionOfOne(values))
    }

    /// Sets the parameters to `values` in order, and the one after them to a blob of `count` zero bytes
    /// that SQLite writes without making (`sqlite3_bind_zeroblob`); any further parameter is NULL.
    func bind(_ values: [SQLValue], roomFor count: Int) throws {
        try bind(values)
        let parameter = Int32(values.count + 1)
        let status = sqlite3_bind_zeroblob(raw, parameter, Int32(count))
        guard status == SQLITE_OK else { throw database.error(status, sql) }
        bound = values.count + 1
    }

    /// Sets the parameters to the rows' values, one row after another (a many-row insert's), as `bind`
    /// sets them to the same values made into one array: the rows are not copied into one first.
    func bind<Rows: Collection>(rows: Rows) throws where Rows.Element == [SQLValue] {
        let count = rows.reduce(0) { $0 + $1.count }
        if bound > count {
            for index in count..<bound {
                let status = sqlite3_bind_null(raw, Int32(index + 1))
                guard status == SQLITE_OK else { throw database.error(status, sql) }
            }
        }
        bound = count
        // Every parameter is bound again below: those bound to the last blobs among them.
        blobs.removeAll(keepingCapacity: true)
        // The texts' bytes into one buffer the statement keeps (a larger one where the last is too small,
        // the last freed once nothing is bound to it any more): every parameter is bound again below.
        // Each row's values read in place (`values[k]` of its buffer, not copies of each value and its text:
        // a retain and a release of every text, twice, for every row inserted).
        var size = 0
        for row in rows {
            row.withUnsafeBufferPointer { values in
                for k in values.indices { if case .text(let v) = values[k] { size += v.utf8.count } }
            }
        }
        var replaced: UnsafeMutableRawBufferPointer?
        if size > (texts?.count ?? 0) {
            replaced = texts
            texts = .allocate(byteCount: max(size, 2 * (texts?.count ?? 0)), alignment: 1)
        }
        defer { replaced?.deallocate() }
        var at = 0
        var index: Int32 = 0
        for row in rows {
            try row.withUnsafeBufferPointer { values in try bind(values, from: &index, texts: texts, at: &at) }
        }
    }

    /// Binds `values` to the parameters after `index`, texts copied into `texts` from `at`.
    private func bind(_ values: UnsafeBufferPointer<SQLValue>, from index: inout Int32, texts: UnsafeMutableRawBufferPointer?,
                      at: inout Int) throws {
        for k in values.indices {
            index += 1
            let status: Int32
            switch values[k] {
            case .null: status = sqlite3_bind_null(raw, index)
            case .integer(let v): status = sqlite3_bind_int64(raw, index, v)
            case .real(let v): status = sqlite3_bind_double(raw, index, v)
            // By its length, not to its first NUL: a text with a NUL in it (a damaged file's) is kept whole.
            // Its bytes read where it keeps them (`withUTF8Bytes`: a mutable copy for `withUTF8` retained
            // and released six million texts at 100,000 patients).
            case .text(let v):
                let length = v.utf8.count
                guard length > 0, let texts else {
                    status = sqlite3_bind_text(raw, index, UnsafeRawPointer(Self.emptyText.utf8Start).assumingMemoryBound(to: CChar.self), 0, nil)
                    break
                }
                let place = texts.baseAddress! + at
                v.withUTF8Bytes { place.copyMemory(from: $0.baseAddress!, byteCount: length) }
                at += length
                status = sqlite3_bind_text(raw, index, place.assumingMemoryBound(to: CChar.self), Int32(length), nil)
            // Where its bytes lie, not copied by SQLite (a null destructor, SQLITE_STATIC): the statement keeps
            // the bytes (`blobs`) for as long as they are bound. SQLite's copy of a file's block of traces,
            // tens of megabytes at 100,000 patients, was memory the kernel zeroed for it.
            case .blob(let v):
                blobs.append((index, v))
                status = v.withUnsafeBytes { sqlite3_bind_blob(raw, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(v.count), nil) }
            }
            guard status == SQLITE_OK else { throw database.error(status, sql) }
        }
    }

    /// Sets the parameters bound to blobs to NULL and lets go of the blobs: for a write whose rows are
    /// stepped through, so that the statement, cached, holds no file's bytes until it is next used.
    func letGoOfBlobs() {
        guard !blobs.isEmpty else { return }
        // Reset first: SQLite binds nothing to a statement stepped since it was last reset.
        sqlite3_reset(raw)
        for (parameter, _) in blobs { sqlite3_bind_null(raw, parameter) }
        blobs.removeAll()
    }

    /// Advances; true while there is a row to read.
    public func step() throws -> Bool {
        let status = sqlite3_step(raw)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(status, sql)
        }
    }

    public func row() -> [SQLValue] {
        (0..<Int(sqlite3_column_count(raw))).map(value(at:))
    }

    /// One column of the row stepped to.
    func value(at column: Int) -> SQLValue {
        let column = Int32(column)
        switch sqlite3_column_type(raw, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(raw, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(raw, column))
        case SQLITE_NULL: return .null
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(raw, column))
            guard count > 0, let bytes = sqlite3_column_blob(raw, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .text(text(at: column))
        }
    }

    /// A text column's text. The text first, then its length in bytes (SQLite's order: the length is
    /// of the text as read).
    private func text(at column: Int32) -> String {
        guard let text = sqlite3_column_text(raw, column) else { return "" }
        let count = Int(sqlite3_column_bytes(raw, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// `value(at:).string`, a text column's made straight from its bytes.
    func string(at column: Int) -> String? {
        switch sqlite3_column_type(raw, Int32(column)) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT: return text(at: Int32(column))
        default: return value(at: column).string
        }
    }

    /// `value(at:).int`, an integer column's without a value made for it.
    func int(at column: Int) -> Int? {
        switch sqlite3_column_type(raw, Int32(column)) {
        case SQLITE_NULL: return nil
        case SQLITE_INTEGER: return Int(sqlite3_column_int64(raw, Int32(column)))
        default: return value(at: column).int
        }
    }
}

extension SQLValue {
    /// `.text` for a value, `.null` for nil.
    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }

    public var string: String? {
        switch self {
        case .text(let v): return v
        case .blob(let v): return String(decoding: v, as: UTF8.self)
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .null: return nil
        }
    }

    public var int: Int? {
        switch self {
        case .integer(let v): return Int(v)
        case .real(let v): return Int(v)
        case .text(let v): return Int(v)
        case .blob: return nil
        case .null: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        case .text(let v): return Double(v)
        case .blob: return nil
        case .null: return nil
        }
    }
}

/// The SQL a case database speaks. The Store writes SQLite's SQL; a connection to another engine
/// translates each statement once (`SQLDialect.translate`) and keeps the result.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One connection to a case database, used from one thread: what `CaseStore` and `WorklistStore`
/// need of an engine. SQLite (`Database`, the embedded default) and PostgreSQL (`PostgresCaseDatabase`
/// in the `PostgresStore` module, for many practices and staff on one server) both provide it.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs one or more statements that bind nothing (a migration's script).
    func execute(_ sql: String) throws
    /// Runs a statement with arguments, for writes.
    func run(_ sql: String, _ arguments: [SQLValue]) throws
    /// Runs a statement whose arguments are the rows' values, one row after another (a many-row insert).
    func run(_ sql: String, rows: ArraySlice<[SQLValue]>) throws
    /// Runs a write of one row whose last parameter is `blob`, a large one (a memo, a file's block of
    /// traces); `table`, `column` and `row` (its INTEGER PRIMARY KEY) say where it lands, for an engine
    /// that can write it there in place (`Database`'s).
    func run(_ sql: String, _ arguments: [SQLValue], blob: [UInt8], table: String, column: String, row: Int64) throws
    /// Rows of a query, each as its column values.
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]]
    /// Each row of a query in turn, none kept: for a table as large as the case's traces, whose rows
    /// all held at once were a large run's peak of memory.
    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: ([SQLValue]) throws -> Void) throws
    /// Each row of a query in turn, its columns read only as asked for (`SQLRow`): for the case's
    /// traces, read back on every run, without an array of values made for each row first.
    func forEachRow(_ sql: String, _ arguments: [SQLValue], reading body: (SQLRow) throws -> Void) throws
    /// Runs `body`, a query that reads a large table whole, once, its pages kept by the engine no
    /// more than it must (`Database`'s reading-once cache); as it is where the engine keeps nothing.
    func readingOnce<T>(_ body: () throws -> T) throws -> T
    /// Lets go of the pages the engine keeps in this process's memory and no statement is using, for
    /// the process to use that memory again (`Database`'s page cache); nothing where the engine keeps none.
    func releaseMemory()
    /// Rows changed by the last statement.
    var changes: Int { get }
    /// Begins, commits and rolls back the transaction `transaction(_:)` wraps.
    func begin() throws
    func commit() throws
    func rollback()
}

extension SQLConnection {
    /// The blob bound as the last argument (an engine with nothing faster).
    public func run(_ sql: String, _ arguments: [SQLValue], blob: [UInt8], table: String, column: String, row: Int64) throws {
        try run(sql, arguments + [.blob(blob)])
    }

    /// Rows made whole as values, then read (an engine with nothing faster).
    public func forEachRow(_ sql: String, _ arguments: [SQLValue], reading body: (SQLRow) throws -> Void) throws {
        try forEachRow(sql, arguments) { values in try body(SQLRow(values)) }
    }

    public func readingOnce<T>(_ body: () throws -> T) throws -> T { try body() }

    public func releaseMemory() {}

    /// The rows' values joined into one list of arguments (an engine with nothing faster).
    public func run(_ sql: String, rows: ArraySlice<[SQLValue]>) throws { try run(sql, Array(rows.joined())) }

    public func run(_ sql: String) throws { try run(sql, []) }
    public func rows(_ sql: String) throws -> [[SQLValue]] { try rows(sql, []) }
    public func forEachRow(_ sql: String, _ body: ([SQLValue]) throws -> Void) throws { try forEachRow(sql, [], body) }

    /// Runs `body` in one transaction: all of it is written or none.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try begin()
        do {
            let value = try body()
            try commit()
            return value
        } catch {
            rollback()
            throw error
        }
    }
}

/// One row of a query while it is being read: each column's value as `SQLValue` gives it (`string`,
/// `int`), taken from the engine's own row where one is under way (SQLite's statement), or from values
/// already made. Valid only inside the call that gives it.
public struct SQLRow {
    private let statement: Statement?
    private let values: [SQLValue]

    /// A row of values already made.
    public init(_ values: [SQLValue]) {
        statement = nil
        self.values = values
    }

    /// The row a statement has just stepped to.
    init(statement: Statement) {
        self.statement = statement
        values = []
    }

    public subscript(column: Int) -> SQLValue { statement?.value(at: column) ?? values[column] }

    /// `self[column].string`, a text made straight from the engine's bytes.
    public func string(_ column: Int) -> String? {
        if let statement { return statement.string(at: column) }
        return values[column].string
    }

    /// `self[column].int`, without a value made for it.
    public func int(_ column: Int) -> Int? {
        if let statement { return statement.int(at: column) }
        return values[column].int
    }
}

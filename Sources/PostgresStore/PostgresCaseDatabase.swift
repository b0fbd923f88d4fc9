import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
public import Store

/// A case database on PostgreSQL (issue 20): many practices' cases and many staff on one server, with
/// its replication and backups. The same statements and migrations as SQLite's, translated once each
/// (`SQLDialect.translate`); used from one thread at a time, as `Database` is, by waiting on the
/// connection's event loop.
///
/// Error text names the statement, never the values bound to it (they are patient data).
public final class PostgresCaseDatabase: SQLConnection {
    public let dialect = SQLDialect.postgres
    private let connection: PostgresConnection
    private let logger: Logger
    private var translated: [String: String] = [:]
    private var lastChanges = 0

    /// One event loop for every connection of the process: the connections' sockets, never the caller's thread.
    private static let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Connects to `url`: `postgres://user[:password]@host[:port]/database`, or a Unix socket's folder as
    /// `postgres:///database?host=/var/run/postgresql` (the server's peer authentication, no password).
    public init(url: String) throws {
        let target = try PostgresURL(url)
        var logger = Logger(label: "lacuna.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let configuration: PostgresConnection.Configuration
        if let socket = target.socketFolder {
            configuration = .init(unixSocketPath: socket + "/.s.PGSQL.\(target.port)", username: target.user,
                                  password: target.password, database: target.database)
        } else {
            configuration = .init(host: target.host, port: target.port, username: target.user, password: target.password,
                                  database: target.database, tls: .disable)
        }
        do {
            connection = try PostgresConnection.connect(on: Self.loops.next(), configuration: configuration, id: 1, logger: logger).wait()
        } catch {
            throw DatabaseError(code: -1, message: "cannot connect to PostgreSQL at \(target.described): \(Self.reason(error))", statement: nil)
        }
    }

    /// Creates the database `name` on the server `url` reaches (through its own database, `postgres`
    /// say) and returns the address of the new one: a case of its own for a practice of a region.
    public static func createDatabase(_ name: String, server url: String) throws -> String {
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !name.isEmpty else {
            throw DatabaseError(code: -1, message: "a database name is letters, digits and _", statement: nil)
        }
        try PostgresCaseDatabase(url: url).execute("CREATE DATABASE \(name)")
        guard var components = URLComponents(string: url) else { throw DatabaseError(code: -1, message: "not a postgres:// address", statement: nil) }
        components.path = "/" + name
        return components.string ?? url
    }

    deinit {
        try? connection.close().wait()
    }

    /// Each statement of the script in turn (the server takes one at a time over this protocol).
    public func execute(_ sql: String) throws {
        for statement in Self.statements(sql) {
            do {
                let result = try connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait()
                lastChanges = result.metadata.rows ?? 0
            } catch {
                throw DatabaseError(code: -1, message: Self.reason(error), statement: statement)
            }
        }
    }

    /// A script's statements: split at semicolons outside quotes, `$tag$` bodies and `--` comments.
    static func statements(_ script: String) -> [String] {
        var out: [String] = [], current = ""
        let chars = Array(script)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "'" || c == "\"" {
                current.append(c)
                i += 1
                while i < chars.count {
                    current.append(chars[i])
                    i += 1
                    if chars[i - 1] == c { break }
                }
                continue
            }
            // A `$tag$ … $tag$` body (a function's) is one piece, semicolons and all.
            if c == "$", let close = chars[(i + 1)...].firstIndex(of: "$"), chars[(i + 1)..<close].allSatisfy({ $0.isLetter || $0 == "_" }) {
                let tag = chars[i...close]
                if let end = (close + 1..<chars.count).first(where: { chars[$0...].starts(with: tag) }) {
                    current += String(chars[i..<end + tag.count])
                    i = end + tag.count
                    continue
                }
            }
            if c == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !statement.isEmpty { out.append(statement) }
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        let last = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !last.isEmpty { out.append(last) }
        return out
    }

    public func run(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try query(sql, arguments)
    }

    public func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [[SQLValue]] {
        try query(sql, arguments).rows.map { row in row.map(Self.value) }
    }

    /// The result arrives whole (as the server's bytes); each row is made values only as it is read.
    public func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: ([SQLValue]) throws -> Void) throws {
        for row in try query(sql, arguments).rows { try body(row.map(Self.value)) }
    }

    public var changes: Int { lastChanges }

    public func begin() throws { try execute("BEGIN") }
    public func commit() throws { try execute("COMMIT") }
    public func rollback() { try? execute("ROLLBACK") }

    private func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        let text: String
        if let known = translated[sql] {
            text = known
        } else {
            text = dialect.translate(sql)
            translated[sql] = text
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for value in arguments {
            switch value {
            case .null: binds.appendNull()
            case .integer(let v): binds.append(v)
            case .real(let v): binds.append(v)
            case .text(let v): binds.append(Self.storable(v))
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        do {
            let result = try connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger).wait()
            lastChanges = result.metadata.rows ?? 0
            return result
        } catch {
            throw DatabaseError(code: -1, message: Self.reason(error), statement: sql)
        }
    }

    /// A cell as the Store reads SQLite's: whole numbers, reals, text, bytes or nothing.
    static func value(_ cell: PostgresCell) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return (try? cell.decode(Int64.self)).map(SQLValue.integer) ?? .null
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .numeric:
            if let whole = try? cell.decode(Int64.self) { return .integer(whole) }
            return (try? cell.decode(Double.self)).map(SQLValue.real) ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { .integer($0 ? 1 : 0) } ?? .null
        case .bytea:
            return (try? cell.decode(ByteBuffer.self)).map { .blob(Array($0.readableBytesView)) } ?? .null
        default:
            return (try? cell.decode(String.self)).map { .text(readable($0)) } ?? .null
        }
    }

    /// PostgreSQL's text cannot hold U+0000, which damaged files and odd exports do carry (SQLite keeps
    /// it): stored as U+E000 "0", and U+E000 itself doubled, so every text reads back exactly as given
    /// and equal texts stay equal in the database's comparisons.
    static let escape: Unicode.Scalar = "\u{E000}"

    static func storable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\u{0}" || $0 == escape }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{0}": out.append(escape); out.append("0")
            case escape: out.append(escape); out.append(escape)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func readable(_ text: String) -> String {
        guard text.unicodeScalars.contains(escape) else { return text }
        var out = String.UnicodeScalarView()
        var pending = false
        for scalar in text.unicodeScalars {
            if pending {
                out.append(scalar == "0" ? "\u{0}" : scalar)
                pending = false
            } else if scalar == escape {
                pending = true
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The server's own message (PSQLError hides it from `description` by default): the SQLSTATE and
    /// the text, which names tables and columns; never its detail, and for a value the server could not
    /// take (SQLSTATE class 22, "invalid input syntax for type bigint: …") not the value.
    static func reason(_ error: any Error) -> String {
        func said(_ code: String, _ message: String) -> String {
            let text = code.hasPrefix("22") ? String(message.prefix { $0 != ":" }) : message
            return "\(code) \(text)".trimmingCharacters(in: .whitespaces)
        }
        if let psql = error as? PSQLError, let server = psql.serverInfo {
            return said(server[.sqlState] ?? "", server[.message] ?? "")
        }
        if let old = error as? PostgresError, case .server(let server) = old {
            return said(server.fields[.sqlState] ?? "", server.fields[.message] ?? "")
        }
        return String(describing: type(of: error))
    }
}

/// The parts of a `postgres://` address.
struct PostgresURL {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    var socketFolder: String?

    init(_ text: String) throws {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw DatabaseError(code: -1, message: "not a postgres:// address (postgres://user@host:5432/database, or postgres:///database?host=/var/run/postgresql)", statement: nil)
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        // As psql does: the operating system's user name where the address names none (what peer
        // authentication on the server's socket expects).
        user = components.user ?? query["user"] ?? getpwuid(geteuid()).flatMap { String(validatingCString: $0.pointee.pw_name) }
            ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        // Better in PGPASSWORD than in the address, which a process list shows.
        password = components.password ?? query["password"] ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        port = components.port ?? Int(query["port"] ?? "") ?? 5432
        database = String(components.path.drop { $0 == "/" })
        if database.isEmpty { database = user }
        let hostQuery = query["host"]
        if let folder = hostQuery, folder.hasPrefix("/") {
            socketFolder = folder
            host = "localhost"
        } else if let h = components.host, !h.isEmpty {
            host = h
        } else {
            socketFolder = "/var/run/postgresql"
            host = "localhost"
        }
    }

    /// Where, for a message: the host or socket and the database, never a password.
    var described: String { "\(socketFolder ?? "\(host):\(port)")/\(database)" }
}

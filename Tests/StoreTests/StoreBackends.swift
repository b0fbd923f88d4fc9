import Foundation
import PostgresStore
import Store
import Testing

/// The engines the Store's tests run on: SQLite always; PostgreSQL where a server answers on this
/// machine's socket (`make test` installs and starts Debian's; `LACUNA_TEST_POSTGRES` names another).
/// Where none answers the PostgreSQL cases are skipped, saying so, unless `LACUNA_REQUIRE_POSTGRES` is
/// set (as `make test` sets it), when they fail.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The server's address without a database (`postgres:///?host=/var/run/postgresql` by default).
    static var serverURL: String {
        ProcessInfo.processInfo.environment["LACUNA_TEST_POSTGRES"] ?? "postgres:///postgres?host=/var/run/postgresql"
    }

    /// A new, empty case database on this engine; nil (said) where PostgreSQL is not there to use.
    func freshConnection() throws -> (any SQLConnection)? {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lacuna-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try Database(path: folder.appendingPathComponent("case.sqlite").path)
        case .postgres:
            return try Self.freshPostgresDatabase().map { try PostgresCaseDatabase(url: $0) }
        }
    }

    /// A new database on the test server, by its address; nil where no server answers (and not required).
    static func freshPostgresDatabase() throws -> String? {
        let admin: PostgresCaseDatabase
        do {
            admin = try PostgresCaseDatabase(url: serverURL)
        } catch {
            if ProcessInfo.processInfo.environment["LACUNA_REQUIRE_POSTGRES"] != nil { throw error }
            print("PostgreSQL is not running here (\(error)); its cases are skipped. `make test` installs and starts it.")
            return nil
        }
        let name = "lacuna_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try admin.execute("CREATE DATABASE \(name)")
        var components = URLComponents(string: serverURL)!
        components.path = "/" + name
        return components.string!
    }
}

import Foundation
import PostgresStore

/// The PostgreSQL server the tests use: Debian's on this machine's socket (`make test` installs and
/// starts it), or the one `LACUNA_TEST_POSTGRES` names. Where none answers, tests of the PostgreSQL
/// backend are skipped, saying so, unless `LACUNA_REQUIRE_POSTGRES` is set (as `make test` sets it),
/// when they fail.
public enum TestServer {
    public static var url: String {
        ProcessInfo.processInfo.environment["LACUNA_TEST_POSTGRES"] ?? "postgres:///postgres?host=/var/run/postgresql"
    }

    /// A new, empty database on the server, by its address; nil (said) where no server answers.
    public static func freshDatabase() throws -> String? {
        do {
            _ = try PostgresCaseDatabase(url: url)
        } catch {
            if ProcessInfo.processInfo.environment["LACUNA_REQUIRE_POSTGRES"] != nil { throw error }
            print("PostgreSQL is not running here (\(error)); this test's PostgreSQL case is skipped. `make test` installs and starts it.")
            return nil
        }
        let name = "lacuna_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try PostgresCaseDatabase.createDatabase(name, server: url)
    }
}

/// The engines a test runs on.
public enum Engine: String, CaseIterable, Sendable {
    case sqlite, postgres
}

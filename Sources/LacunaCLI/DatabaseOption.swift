import ArgumentParser
import PostgresStore
import Store

/// `--database postgres://…`: the case database on a region's PostgreSQL server instead of
/// `case.sqlite` in the output folder (issue 20). The outputs still go to the output folder.
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("database"),
            help: "The case database on a PostgreSQL server: postgres://user@host:5432/database (password in PGPASSWORD), or postgres:///database?host=/var/run/postgresql. Default: case.sqlite in the output folder.")
    var url: String?

    /// Opens the server's database, or nil for the embedded default.
    var opener: (@Sendable () throws -> any SQLConnection)? {
        guard let url else { return nil }
        return { try PostgresCaseDatabase(url: url) }
    }
}

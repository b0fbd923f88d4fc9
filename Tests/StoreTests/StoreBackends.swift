import Foundation
import PostgresStore
import Store
import TestPostgres
import TestFolders

extension Engine {
    /// A new, empty case database on this engine; nil (said) where PostgreSQL is not there to use.
    func freshConnection() throws -> (any SQLConnection)? {
        switch self {
        case .sqlite:
            let folder = TestFolder.fresh("lacuna-store")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try Database(path: folder.appendingPathComponent("case.sqlite").path)
        case .postgres:
            return try TestServer.freshDatabase().map { try PostgresCaseDatabase(url: $0) }
        }
    }
}

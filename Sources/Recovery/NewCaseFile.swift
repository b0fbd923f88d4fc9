import Foundation
import Store

/// A new case's database, built in a file of its own beside the place it goes (`case.sqlite.building`)
/// and moved to `case.sqlite` when the run ends.
///
/// Nothing else opens a case that is not there yet (`lacuna serve` waits for `case.sqlite`; the run's
/// lock keeps other runs out), so it is built without the write-ahead log (`Database(path:alone:)`):
/// each page written once, nothing synced until the end. A run cut short (killed, the machine down)
/// leaves only the building file, which no one reads and the next run starts again from nothing, as
/// it would have from a case killed before its first file committed. A run that fails with an error
/// moves what it built into place, as the case on the log kept it, unless the error was a write to
/// the case itself: written with no journal, a failed write cannot be undone (`Database.spoiled`), so
/// the file is let go and the next run builds the case again from the sources.
struct NewCaseFile {
    /// Where the case goes: `case.sqlite` in the output folder.
    let path: String
    /// Where it is built.
    var building: String { path + ".building" }
    /// The size of a new case's pages, in bytes.
    static let pageSize = 16_384

    /// Nil where the folder holds a case already (it is opened where it is).
    init?(folder: URL) {
        path = folder.appendingPathComponent("case.sqlite").path
        guard !FileManager.default.fileExists(atPath: path) else { return nil }
    }

    /// The file to build in, empty: whatever a run cut short left there is let go.
    func open() throws -> Database {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(building + suffix) }
        let database = try Database(path: building, alone: true)
        // Pages of 16 KB, not SQLite's 4 KB (set before the first table, the file's for good): a new case
        // writes its traces whole, 375 MB at 100,000 patients, and each page was a write of its own to the
        // kernel (95,000 of them, a second of system time on some runs); a re-run after a new file writes
        // as many bytes in a quarter of the writes. A case made with 4 KB pages keeps them. (The cache
        // stays 32 MB, not as many pages of 16 KB as it held of 4 KB: `setPageSize`.)
        try database.setPageSize(Self.pageSize)
        return database
    }

    /// Closes `database`, puts its file on the disk and moves it to `case.sqlite`, on the write-ahead log
    /// from then on (as every case opened is). A spoiled one is let go instead (`discard`), and the
    /// move fails, saying so.
    func moveIntoPlace(_ database: Database) throws {
        if database.spoiled {
            discard(database)
            throw MoveError(description: Self.letGo)
        }
        database.close()
        try Self.sync(building)
        // A log or its index left beside a case since deleted would be read as this case's.
        unlink(path + "-wal")
        unlink(path + "-shm")
        guard rename(building, path) == 0 else {
            throw MoveError(description: "\(building): cannot be moved to case.sqlite (\(String(cString: strerror(errno)))); check the folder's permissions and run again")
        }
        try Self.sync((path as NSString).deletingLastPathComponent)
        try Database(path: path).close()
    }

    /// Closes `database` and removes the file it was built in: nothing of it is kept.
    func discard(_ database: Database) {
        database.close()
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(building + suffix) }
    }

    /// What a person is told where the case being built is let go.
    static let letGo = "a write to the case being built failed and could not be undone, so the case was not kept; the next run builds it again from the sources"

    /// Asks the system to write `path` (a file or a folder's entries) to the disk now.
    private static func sync(_ path: String) throws {
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw MoveError(description: "\(path): cannot be opened to write it to the disk (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw MoveError(description: "\(path): cannot be written to the disk (\(String(cString: strerror(errno)))); check free space and run again")
        }
    }

    struct MoveError: Error, CustomStringConvertible {
        let description: String
    }
}

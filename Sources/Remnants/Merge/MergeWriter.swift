import Foundation
import Reports
import Store

/// Writes what `lacuna remnants merge` gives, a record at a time, as it comes: `merged.sqlite` (a table
/// per mapped table, with each record's status, winning rule and per-field provenance), `<table>.csv`
/// the same for people, `conflicts.csv` (every field two copies disagree on, which was kept and why)
/// and, at the end, `report.txt`. Owner-only files; each CSV is written to a partial file and renamed.
final class MergeWriter {
    private let folder: URL
    private let databasePath: String
    private let db: Database
    private var conflicts: StreamedFile
    private var csv: StreamedFile?
    private var insert = ""
    private var columns: [String] = []

    init(folder: URL) throws {
        self.folder = folder
        try OutputFolder.prepare(folder, inside: false)
        databasePath = folder.appendingPathComponent("merged.sqlite").path
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(databasePath + suffix) }
        db = try Database(path: databasePath)
        try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        conflicts = try StreamedFile(folder.appendingPathComponent("conflicts.csv"))
        conflicts.row(["table", "key", "field", "kept", "dropped", "kept_from", "dropped_from", "rule"])
    }

    /// Starts a table: its columns (the key first), then the record's status, rule, winner and what was filled.
    /// `_provenance` names each field that came from a copy other than the winner, and that copy.
    func begin(_ table: TableMap.Table, columns: [String]) throws {
        self.columns = columns
        let all = columns + ["_status", "_rule", "_winner", "_filled", "_provenance"]
        let name = Self.quoted(table.name)
        try db.execute("CREATE TABLE \(name) (\(all.map(Self.quoted).joined(separator: ", "))); BEGIN;")
        insert = "INSERT INTO \(name) VALUES (\(Array(repeating: "?", count: all.count).joined(separator: ", ")))"
        csv = try StreamedFile(folder.appendingPathComponent(MergeOutput.safeName(table.name) + ".csv"))
        csv?.row(columns + ["_status", "_rule", "_winner", "_filled"])
    }

    func add(_ record: MergedRecord, conflicts found: [MergeConflict]) throws {
        // The winner is in `_winner`: only the fields another copy gave are named.
        let provenance = record.provenance.filter { $0.value != record.winner }.sorted { $0.key < $1.key }
            .map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        let filled = record.filled.joined(separator: " ")
        try db.run(insert, columns.map { SQLValue(record.fields[$0]) }
            + [.text(record.status), .text(record.rule), .text(record.winner), .text(filled), .text(provenance)])
        csv?.row(columns.map { record.fields[$0] ?? "" } + [record.status, record.rule, record.winner, filled])
        for c in found { conflicts.row([c.table, c.key, c.field, c.kept, c.dropped, c.keptFrom, c.droppedFrom, c.rule]) }
    }

    func end() throws {
        try db.execute("COMMIT;")
        try csv?.finish()
        csv = nil
    }

    /// The conflicts file closed, the database owner-only, and the report written.
    func finish(_ results: [RemnantMerge.TableResult], readings: [String]) throws {
        try conflicts.finish()
        chmod(databasePath, 0o600)
        try OutputFile.write(Data(MergeOutput.report(results, readings: readings).utf8), to: folder.appendingPathComponent("report.txt"))
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// A CSV file written as rows come: owner-only, into a partial file renamed over the name at the end.
struct StreamedFile {
    private let url: URL
    private let partial: URL
    private let handle: FileHandle
    private var buffer = Data()

    init(_ url: URL) throws {
        self.url = url
        partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
        unlink(partial.path)
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OutputError(url, errno: errno) }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
    }

    mutating func row(_ cells: [String]) {
        for (n, cell) in cells.enumerated() {
            if n > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: CSVWriter.cell(cell).utf8)
        }
        buffer.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        if buffer.count >= 1 << 20 {
            handle.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish() throws {
        handle.write(buffer)
        buffer.removeAll()
        try handle.close()
        guard rename(partial.path, url.path) == 0 else { throw OutputError(url, errno: errno) }
    }
}

import ArgumentParser
import Foundation
import Remnants

/// `lacuna remnants read|map|merge`: for IT staff with a damaged practice database and the search
/// index that mirrored it.
struct RemnantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remnants",
        abstract: "Read, map and merge what survives of a damaged practice system: its SQLite file and search-index copies.",
        subcommands: [Read.self, Map.self, Merge.self])

    /// The copies named on the command line.
    struct Copies: ParsableArguments {
        @Option(name: .customLong("database"), help: "A damaged SQLite file (its -wal beside it is replayed).", completion: .file())
        var databases: [String] = []

        @Option(name: .customLong("index"), help: "An index dump or response page, or a folder of them (NDJSON, JSON, gzip).", completion: .file())
        var indexes: [String] = []

        func validate() throws {
            guard !databases.isEmpty || !indexes.isEmpty else { throw ValidationError("name at least one --database or --index") }
        }

        /// The index files: those named, and the files in the folders named (sorted, so split dumps go in order).
        func indexFiles() -> [String] {
            var files: [String] = []
            for path in indexes {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    files.append(path)
                    continue
                }
                if isFolder.boolValue {
                    let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                        .filter { !$0.hasPrefix(".") && !$0.contains("/.") }
                        .map { (path as NSString).appendingPathComponent($0) }
                        .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                    files += found.sorted()
                } else {
                    files.append(path)
                }
            }
            return files
        }

        /// Reads every copy: databases page by page, index files streamed to `each`; one line per file saying how.
        /// `streaming`: database rows handed out as found (path, row carrying its table's columns), not kept.
        func read(streaming: ((String, SQLiteRemnantReader.Row) -> Void)? = nil,
                  _ each: (IndexDocument) -> Void) -> (databases: [(String, SQLiteRemnantReader.Reading)], lines: [String]) {
            var lines: [String] = []
            var read: [(String, SQLiteRemnantReader.Reading)] = []
            for path in databases {
                do {
                    var origins: [SQLiteRemnantReader.Origin: Int] = [:]
                    let reading: SQLiteRemnantReader.Reading
                    if let streaming {
                        // Each row as found, with its table's column names.
                        reading = try SQLiteRemnantReader.read(path: path) { row in
                            origins[row.origin, default: 0] += 1
                            streaming(path, row)
                        }
                    } else {
                        reading = try SQLiteRemnantReader.read(path: path)
                        origins = Dictionary(grouping: reading.rows, by: \.origin).mapValues(\.count)
                    }
                    read.append((path, reading))
                    lines.append("\(path): SQLite, \(reading.pageSize)-byte pages, \(reading.pages) pages; tables \(reading.tables.map(\.name).joined(separator: ", ")); rows: \(origins[.live] ?? 0) live, \(origins[.orphan] ?? 0) on orphaned pages, \(origins[.free] ?? 0) carved from free space"
                                 + (reading.damagedPages.isEmpty ? "" : "; damaged pages \(reading.damagedPages.map(String.init).joined(separator: " "))"))
                    for note in reading.notes { lines.append("  \(note)") }
                } catch {
                    lines.append("\(path): not read: \(error)")
                }
            }
            for path in indexFiles() {
                let reading = IndexDumpReader.read(path: path, each)
                let shapes = reading.shapes.sorted().joined(separator: ", ")
                lines.append("\(path): \(shapes.isEmpty ? "no documents" : shapes)\(reading.compressed ? " (gzip)" : ""), \(reading.documents) documents"
                             + (reading.statedTotal.map { ", the page says \($0) in all" } ?? "") + ", \(reading.rejects.count) rejected")
                for note in reading.notes { lines.append("  \(note)") }
                for reject in reading.rejects.prefix(20) { lines.append("  line \(reject.line): \(reject.reason)") }
                if reading.rejects.count > 20 { lines.append("  … \(reading.rejects.count - 20) more rejected") }
            }
            return (read, lines)
        }
    }

    /// What the reading thread finds, and the lines saying how each file read.
    final class Found: @unchecked Sendable {
        enum Item: Sendable {
            case row(String, SQLiteRemnantReader.Row)
            case document(IndexDocument)
        }
        let copies: Copies
        var lines: [String] = []
        init(copies: Copies) { self.copies = copies }
    }

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "read", abstract: "How each copy reads: shapes, pages, rows and documents found, what was damaged.")
        @OptionGroup var copies: Copies

        func run() throws {
            var count = 0
            let (_, lines) = copies.read { _ in count += 1 }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "map", abstract: "Proposes a table map (which table and index hold what) for a person to check.")
        @OptionGroup var copies: Copies
        @Option(help: "Where to write the map (else it is printed).")
        var out: String?

        func run() throws {
            var documents: [String: [IndexDocument]] = [:]
            let (databases, lines) = copies.read { document in
                let index = document.index ?? ""
                if (documents[index]?.count ?? 0) < MapProposal.sample { documents[index, default: []].append(document) }
            }
            for line in lines { say(line) }
            let proposal = MapProposal.propose(database: databases.first?.1, documents: documents)
            let yaml = proposal.map.yaml(comments: proposal.comments)
            if let out {
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: out))
                chmod(out, 0o600)
                say("map written to \(out): check it before merging")
            } else {
                print(yaml, terminator: "")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merges every copy into one record per key, by the map; writes merged.sqlite, a CSV per table, conflicts.csv and report.txt.")
        @OptionGroup var copies: Copies
        @Option(help: "The table map (from `lacuna remnants map`, checked).")
        var map: String
        @Option(help: "The folder to write into.", completion: .directory)
        var out: String

        func run() throws {
            guard let text = try? String(contentsOfFile: map, encoding: .utf8) else {
                say("lacuna: cannot read the map \(map)")
                throw ExitCode(2)
            }
            let tableMap: TableMap
            do { tableMap = try TableMap.read(text, file: map) } catch {
                say("lacuna: \(error)")
                throw ExitCode(2)
            }
            // Copies go to a scratch file beside the output, so memory does not grow with the dumps.
            let folder = URL(fileURLWithPath: out)
            let spool = try CopySpool(folder: folder)
            defer { spool.remove() }
            var gathered = RemnantCopies(map: tableMap) { spool.add(table: $0, key: $1, copy: $2) }
            // Reading (pages, JSON) on a thread of its own while this one gathers and spools.
            let read = Found(copies: copies)
            let found = Handoff<Found.Item>.produce { emit in
                withoutActuallyEscaping(emit) { emit in
                    read.lines = read.copies.read(streaming: { path, row in emit(.row(path, row)) }) { emit(.document($0)) }.lines
                }
            }
            try found.each { item in
                switch item {
                case .row(let path, let row): gathered.add(row: row, columns: [:], file: path)
                case .document(let document): gathered.add(document: document)
                }
            }
            let lines = read.lines
            try spool.finish()
            var readings = lines
            for (index, count) in gathered.unmapped.sorted(by: { $0.key < $1.key }) { readings.append("index \(index): \(count) documents no mapped table takes") }
            for (table, count) in gathered.keyless.sorted(by: { $0.key < $1.key }) { readings.append("\(table): \(count) copies without a key, not merged") }
            let results = try StreamingMerge.write(map: tableMap, spool: spool, readings: readings, to: folder)
            print(MergeOutput.report(results, readings: readings), terminator: "")
        }
    }
}

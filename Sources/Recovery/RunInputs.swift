import Foundation
import Glibc
import LacunaCore
import Reports
import Store

/// Everything a run's outputs are made from, as one fingerprint: the playbook's bytes, the run's
/// options, every source file (a damaged database with its journal), rules file, template and remnant
/// map by its size, time and inode, the sheets people edit beside the outputs (call lists,
/// review.csv), what people recorded in the case (calls, decisions, filings, kept files), and the
/// program itself. A re-run whose fingerprint equals the last finished run's has nothing new to read:
/// it stops after these `stat` calls and leaves every output as it was (issue 20: "a re-run with
/// nothing new reads only the fingerprints").
struct RunInputs {
    let fingerprint: String

    init(playbook: Playbook, work: WorkOptions, outputFolder: URL, store: CaseStore) throws {
        var lines: [String] = []
        let stat = Self.stat
        lines.append("playbook " + SHA256.hex(bytes: [UInt8](FileManager.default.contents(atPath: playbook.url.path) ?? Data())))
        lines.append("options \(work.perEvening) \(work.smsFormat.rawValue) \(work.annotationType.rawValue) \(work.receivingApplication) \(work.compactWeak) \(work.clock.timeZone.identifier)")
        lines.append(Self.program)
        for source in playbook.sources {
            lines.append("source \(source.kind.rawValue) \(source.path) \(source.layout ?? "") \(source.rules ?? "")")
            for file in (try? SourceFiles.resolve(source.path, relativeTo: playbook.folder)) ?? [] {
                lines.append(stat(file.display))
                // A damaged database's journal, replayed with it.
                if source.kind == .dbRemnant { lines.append(stat(file.journal.display)) }
            }
            if let rules = source.rules {
                for file in (try? SourceFiles.resolve(rules, relativeTo: playbook.folder)) ?? [] { lines.append(stat(file.display)) }
            }
        }
        lines.append(stat(playbook.folder.appendingPathComponent("remnants-map.yml").path))
        if let templates = playbook.templates {
            let folder = templates.hasPrefix("/") ? templates : playbook.folder.appendingPathComponent(templates).path
            for file in (try? SourceFiles.resolve(folder, relativeTo: playbook.folder)) ?? [] { lines.append(stat(file.display)) }
        }
        // What people edit beside the outputs, and what they recorded in the case.
        lines.append(stat(outputFolder.appendingPathComponent("review.csv").path))
        let lists = outputFolder.appendingPathComponent("call-lists")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: lists.path)) ?? []).sorted() {
            lines.append(stat(lists.appendingPathComponent(name).path))
        }
        lines.append("recorded " + (try store.recordedByPeople()))
        fingerprint = SHA256.hex(lines.joined(separator: "\n"))
    }

    /// A file by its size, time (to the nanosecond) and inode (a changed file changes one of them), as
    /// `lstat` gives them: a link is the link (as `FileManager`'s attributes, which cost some 46,000
    /// instructions a file in a dictionary of everything else about it, gave them).
    static func stat(_ path: String) -> String {
        var status = Glibc.stat()
        guard lstat(path, &status) == 0 else { return "\(path) absent" }
        return "\(path) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)"
    }

    /// The running program, by its file: a new build may read, link or write differently.
    static var program: String {
        "program " + stat(ProcessInfo.processInfo.arguments.first.flatMap { executable($0) } ?? "")
    }

    /// The running program's file: a path as given, else found on PATH.
    static func executable(_ argument: String) -> String? {
        if argument.contains("/") { return argument }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(argument)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// The outputs a skipped run leaves in place: all must still be there.
    static let outputs = ["candidates.csv", "inbox.csv", "unmatched.csv", "rejects.csv", "duplicates.csv", "summary.json", "review.csv",
                          "report.html", "recalls.csv", "sms.csv", "sms-upload.csv", "call-lists/index.html", "annotations/annotations.csv"]

    static func outputsPresent(in folder: URL) -> Bool {
        outputs.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }
}

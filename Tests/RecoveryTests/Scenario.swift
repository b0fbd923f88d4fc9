import Foundation
import Testing
import Drill
@testable import Recovery
import TestFolders

/// A drill written to a fresh temporary folder, and helpers to run and inspect it.
struct Scenario {
    let folder: URL

    /// `classic` writes the drill's first layouts, for a test that edits a known file.
    init(seed: UInt64 = 3, patients: Int = 400, classic: Bool = false) throws {
        folder = TestFolder.fresh("lacuna-scenario")
        var options = DrillOptions(seed: seed, patients: patients)
        options.classic = classic
        _ = try Drill.write(to: folder, options: options)
    }

    var playbookURL: URL { folder.appendingPathComponent("playbook.yml") }
    var out: URL { folder.appendingPathComponent("out") }

    @discardableResult
    func run(out: URL? = nil) throws -> RunOutcome {
        try CaseRun(playbook: try Playbook.load(playbookURL), outputOverride: out ?? self.out).run()
    }

    func bytes(_ name: String, in out: URL? = nil) throws -> Data {
        try Data(contentsOf: (out ?? self.out).appendingPathComponent(name))
    }

    func summary(in out: URL? = nil) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try bytes("summary.json", in: out)) as! [String: Any]
    }

    /// Row counts of the case's tables, to compare two runs.
    func tableCounts(in out: URL? = nil) throws -> [String: Int] {
        let store = try StoreAccess(path: (out ?? self.out).appendingPathComponent("case.sqlite").path)
        return try store.counts()
    }

    /// The built `lacuna` executable, beside the test bundle.
    static var executable: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lacuna"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/lacuna").standardized,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the real executable; returns how it ended.
    /// `fileKilobytes`: no file the run writes may grow past this (`ulimit -f`, the signal ignored): a
    /// write past it fails as on a full disk.
    func runProcess(_ arguments: [String], environment: [String: String] = [:], fileKilobytes: Int? = nil) throws
        -> (status: Int32, signalled: Bool, stderr: String, stdout: String) {
        let binary = try #require(Scenario.executable, "the lacuna executable was not built beside the tests")
        let process = Process()
        if let fileKilobytes {
            // POSIX counts `ulimit -f` in blocks of 512 bytes.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "trap '' XFSZ; ulimit -f \(fileKilobytes * 2); exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Standard output to a file: a pipe nobody reads while the process runs could fill and stall it.
        let outFile = TestFolder.fresh("lacuna-stdout")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile) }
        let output = try FileHandle(forWritingTo: outFile)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try output.close()
        let printed = String(decoding: (try? Data(contentsOf: outFile)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, text, printed)
    }
}

import Store

/// Read-only questions about a case database.
struct StoreAccess {
    let store: CaseStore

    init(path: String) throws { store = try CaseStore(path: path) }

    func counts() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for table in ["source_file", "trace", "reject", "patient", "link", "encounter", "encounter_evidence", "unmatched", "call_outcome", "review_decision"] {
            result[table] = try store.database.rows("SELECT count(*) FROM \(table)")[0][0].int
        }
        return result
    }
}

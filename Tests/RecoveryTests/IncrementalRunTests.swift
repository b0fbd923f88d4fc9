import Foundation
import LacunaCore
@testable import Recovery
import Store
import Testing

/// Issue 20: a case run again after something new arrives must end exactly where a case run once on
/// everything would: the same bytes in every output and the same rows in every table. Each test runs
/// one case step by step (the incremental way) and another case once on the same inputs, at the same
/// clock, and compares them.
@Suite("An incremental re-run equals a fresh run on the same inputs")
struct IncrementalRunTests {
    /// One moment for every run, so "made on" and due dates agree.
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    func run(_ scenario: Scenario, into out: URL) throws -> RunOutcome {
        var run = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        run.work.now = Self.now
        return try run.run()
    }

    /// Every output but the case database, by its path inside the folder. The report's "since the last
    /// run" part is the one thing that must differ (one case has a last run, the other does not), so it
    /// is left out of the comparison.
    func outputs(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        where !path.hasPrefix("case.sqlite") && !path.hasSuffix(".lock") {
            let url = folder.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            var bytes = try Data(contentsOf: url)
            if path == "report.html" { bytes = Self.withoutSinceLastRun(bytes) }
            result[path] = bytes
        }
        return result
    }

    static func withoutSinceLastRun(_ bytes: Data) -> Data {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let start = text.range(of: "<p class=since>"),
              let end = text.range(of: "</p>", range: start.upperBound..<text.endIndex) else { return bytes }
        return Data((String(text[..<start.lowerBound]) + String(text[end.upperBound...])).utf8)
    }

    /// Every table's rows as text, sorted, with the case's own numbering (trace and file ids, which
    /// follow the order files arrived in) replaced by what it stands for (the trace's content key, the
    /// file's path and digest) and the times things were written left out. The run's own history
    /// (`last_run`, `run_inputs`, the access log, the migrations' dates) is what differs by design, and
    /// so do the linking and the derived facts kept for the next run (`linkage_memo`, `derived_memo`: bytes
    /// in the case's own numbering) and the digests of the derived rows last written (`derived_digest`: of
    /// rows in that numbering too), with what was kept of each derived row (`derived_row_prints`: its key's
    /// fingerprint and values, in that numbering), and what each chart annotation's file said when it was
    /// written (`note_made`: its inode and time). Each file's block of traces is compared by its file and count alone. A file's stamp is what the file system said of it when it was read,
    /// history as its time is.
    func tables(_ folder: URL) throws -> [String: [String]] {
        let database = try CaseStore(path: folder.appendingPathComponent("case.sqlite").path).database
        var traceKey: [Int: String] = [:], fileKey: [Int: String] = [:]
        for row in try database.rows("SELECT id, content_key FROM trace") { traceKey[row[0].int!] = row[1].string }
        for row in try database.rows("SELECT id, kind, path, sha256 FROM source_file") {
            fileKey[row[0].int!] = "\(row[1].string!) \(row[2].string!) \(row[3].string!)"
        }
        let history: Set<String> = ["last_run", "run_inputs", "access_log", "lacuna_migrations", "linkage_memo", "derived_memo", "derived_digest",
                                      "derived_row_prints", "note_made"]
        var result: [String: [String]] = [:]
        let names = try database.rows("SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0[0].string }
        for table in names where !history.contains(table) {
            let columns = try database.rows("SELECT name FROM pragma_table_info('\(table)')").compactMap { $0[0].string }
            var rows: [String] = []
            for row in try database.rows("SELECT * FROM \(table)") {
                var cells: [String] = []
                for (column, value) in zip(columns, row) {
                    if column.hasSuffix("_at") || column == "at" || column == "since" || column == "stamp" { continue }
                    if (table == "trace" || table == "source_file" || table == "reject" || table == "duplicate") && column == "id" { continue }
                    // Each file's block is compared by its file and how many traces it holds: its ids and bytes are
                    // in the case's own numbering (that it gives the rows' traces is what the outputs show).
                    if table == "trace_block" && ["lowest_id", "highest_id", "body"].contains(column) { continue }
                    let text = value.string ?? "∅"
                    switch column {
                    case "trace_id", "source_trace_id": cells.append("\(column)=" + (value.int.flatMap { traceKey[$0] } ?? text))
                    case "file_id": cells.append("\(column)=" + (value.int.flatMap { fileKey[$0] } ?? text))
                    default: cells.append("\(column)=\(text)")
                    }
                }
                rows.append(cells.joined(separator: " | "))
            }
            result[table] = rows.sorted()
        }
        return result
    }

    func expectSame(_ stepwise: URL, _ once: URL) throws {
        let a = try outputs(stepwise), b = try outputs(once)
        #expect(Set(a.keys) == Set(b.keys), "outputs written differ: \(Set(a.keys).symmetricDifference(b.keys).sorted())")
        for name in a.keys.sorted() where b[name] != nil && a[name] != b[name] {
            Issue.record("\(name) differs: \(Self.firstDifference(a[name]!, b[name]!))")
        }
        let ta = try tables(stepwise), tb = try tables(once)
        #expect(Set(ta.keys) == Set(tb.keys))
        for table in ta.keys.sorted() where ta[table] != tb[table] {
            let onlyA = Set(ta[table]!).subtracting(tb[table] ?? []), onlyB = Set(tb[table] ?? []).subtracting(ta[table]!)
            Issue.record("table \(table) differs: \(onlyA.count) row(s) only stepwise, e.g. \(onlyA.sorted().first ?? "-"); \(onlyB.count) only at once, e.g. \(onlyB.sorted().first ?? "-")")
        }
    }

    /// The first line where two files part, for a failure message a person can act on.
    static func firstDifference(_ a: Data, _ b: Data) -> String {
        func lines(_ data: Data) -> [Substring] {
            String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        }
        let la = lines(a), lb = lines(b)
        for (i, (x, y)) in zip(la, lb).enumerated() where x != y {
            return "line \(i + 1): \(x.prefix(160)) ≠ \(y.prefix(160))"
        }
        return "one is \(la.count) lines, the other \(lb.count)"
    }

    @Test("nothing new: the re-run's outputs and rows are the fresh run's")
    func nothingNew() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        _ = try run(scenario, into: stepwise)
        _ = try run(scenario, into: stepwise)
        _ = try run(scenario, into: once)
        try expectSame(stepwise, once)
    }

    @Test("one new file (a resend, a statement that arrived a day late): the same as a case that had it from the start",
          arguments: ["lab", "healthlink", "bank", "portal"])
    func oneNewFile(folder: String) throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let lab = scenario.folder.appendingPathComponent("sources/\(folder)")
        // The file that sorts in the middle of the folder, so the case's numbering differs from a fresh run's.
        let files = try FileManager.default.contentsOfDirectory(atPath: lab.path).sorted()
        let late = files[files.count / 2]
        let aside = scenario.folder.appendingPathComponent("late-\(late)")
        try FileManager.default.moveItem(at: lab.appendingPathComponent(late), to: aside)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        let before = try run(scenario, into: stepwise)
        try FileManager.default.moveItem(at: aside, to: lab.appendingPathComponent(late))
        let after = try run(scenario, into: stepwise)
        #expect(after.view.encounters.count >= before.view.encounters.count)
        _ = try run(scenario, into: once)
        try expectSame(stepwise, once)
    }

    @Test("a layout tried and taken back: the same as a case that never had it (the files read the first way again)")
    func layoutTakenBack() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let plain = try String(contentsOf: scenario.playbookURL, encoding: .utf8)
        let bank = try #require(plain.split(separator: "\n").first { $0.contains("kind: bank") }.map(String.init))
        let forced = plain.replacingOccurrences(of: bank, with: bank.replacingOccurrences(of: " }", with: ", layout: anz }"))
        #expect(forced != plain)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        _ = try run(scenario, into: stepwise)
        try forced.write(to: scenario.playbookURL, atomically: true, encoding: .utf8)
        _ = try run(scenario, into: stepwise)
        try plain.write(to: scenario.playbookURL, atomically: true, encoding: .utf8)
        let back = try run(scenario, into: stepwise)
        let bankSummary = try #require(back.view.sources.first { $0.kind == .bank })
        #expect(bankSummary.imported + bankSummary.duplicates > 0)
        _ = try run(scenario, into: once)
        try expectSame(stepwise, once)
    }

    @Test("a re-run rewrites only the outputs whose content changed; the others keep their file and time")
    func onlyChangedOutputsRewritten() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let lab = scenario.folder.appendingPathComponent("sources/lab")
        let late = try FileManager.default.contentsOfDirectory(atPath: lab.path).sorted().last!
        let aside = scenario.folder.appendingPathComponent("late-\(late)")
        try FileManager.default.moveItem(at: lab.appendingPathComponent(late), to: aside)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try run(scenario, into: out)
        func inodes() throws -> [String: Int] {
            var found: [String: Int] = [:]
            for name in try outputs(out).keys {
                found[name] = (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.systemFileNumber] as? Int) ?? -1
            }
            return found
        }
        let before = try outputs(out), beforeInodes = try inodes()
        try FileManager.default.moveItem(at: aside, to: lab.appendingPathComponent(late))
        _ = try run(scenario, into: out)
        let after = try outputs(out), afterInodes = try inodes()
        var kept = 0, rewritten = 0
        for (name, bytes) in after where before[name] != nil {
            if before[name] == bytes && name != "report.html" {
                #expect(afterInodes[name] == beforeInodes[name], "\(name) was written again with the same content")
                kept += 1
            } else if before[name] != bytes {
                #expect(afterInodes[name] != beforeInodes[name])
                rewritten += 1
            }
        }
        #expect(kept > 0 && rewritten > 0, "kept \(kept), rewritten \(rewritten)")
        // An owner-only copy is what counts as unchanged: a file opened up to others is written again, owner-only.
        let annotation = try #require(after.keys.first { $0.hasPrefix("annotations/") && $0.hasSuffix(".hl7") })
        chmod(out.appendingPathComponent(annotation).path, 0o644)
        var again = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        again.work.now = Self.now
        again.skipWhenUnchanged = false
        _ = try again.run()
        let mode = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(annotation).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a new review decision: the same as a case that had the decision before its first run")
    func newReviewDecision() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        _ = try run(scenario, into: stepwise)
        let review = try table(try Data(contentsOf: stepwise.appendingPathComponent("review.csv")))
        let item = try #require(review.first, "the drill gives links to check")
        let key = "\(item["trace_key"]!)|\(item["patient_id"]!)"
        try CaseStore(path: stepwise.appendingPathComponent("case.sqlite").path)
            .recordLinkDecision(key: key, decision: "reject", by: "practice manager", note: nil)
        _ = try run(scenario, into: stepwise)
        try FileManager.default.createDirectory(at: once, withIntermediateDirectories: true)
        try CaseStore(path: once.appendingPathComponent("case.sqlite").path)
            .recordLinkDecision(key: key, decision: "reject", by: "practice manager", note: nil)
        _ = try run(scenario, into: once)
        try expectSame(stepwise, once)
        let reviewed = try table(try Data(contentsOf: stepwise.appendingPathComponent("review.csv")))
        #expect(reviewed.contains { $0["trace_key"] == item["trace_key"] && $0["decision"] == "reject" })
    }

    @Test("a new call outcome: the same as a case that had the outcome before its first run")
    func newCallOutcome() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        _ = try run(scenario, into: stepwise)
        let candidate = try #require(try table(try Data(contentsOf: stepwise.appendingPathComponent("candidates.csv"))).first?["candidate_id"])
        let outcome = CallOutcome(candidateID: candidate, outcome: "reached", seenOn: "yes", summary: "seen for a cough")
        try CaseStore(path: stepwise.appendingPathComponent("case.sqlite").path).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        _ = try run(scenario, into: stepwise)
        try FileManager.default.createDirectory(at: once, withIntermediateDirectories: true)
        try CaseStore(path: once.appendingPathComponent("case.sqlite").path).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        _ = try run(scenario, into: once)
        try expectSame(stepwise, once)
    }
}

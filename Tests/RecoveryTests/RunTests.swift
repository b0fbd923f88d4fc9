import Foundation
import Testing
import LacunaCore
import Store
@testable import Recovery
import TestFolders

@Suite("lacuna run, end to end on a drill")
struct RunTests {
    @Test("every source's counts add up: read = imported + duplicates + rejected")
    func countsAddUp() throws {
        let scenario = try Scenario()
        try scenario.run()
        let sources = try scenario.summary()["sources"] as! [[String: Any]]
        #expect(sources.count == 12)
        // The damaged practice database and the index copy are read, not skipped.
        for kind in ["db-remnant", "search-index"] {
            let remnant = try #require(sources.first { $0["kind"] as? String == kind })
            #expect((remnant["imported"] as! Int) > 0, "\(kind)")
            #expect((remnant["linked"] as! Int) > 0, "\(kind)")
        }
        for source in sources {
            let read = source["read"] as! Int, imported = source["imported"] as! Int
            let duplicates = source["duplicates"] as! Int, rejected = source["rejected"] as! Int
            #expect(read == imported + duplicates + rejected, "\(source["kind"]!)")
        }
        let register = try #require(sources.first { $0["kind"] as? String == "register" })
        #expect((register["imported"] as! Int) > 390)
        let candidates = String(decoding: try scenario.bytes("candidates.csv"), as: UTF8.self)
        #expect(candidates.hasPrefix("\u{FEFF}rank,candidate_id,patient_id,nhi,family_name,given_name,dob,mobile,date,provider,confidence,tier,sources,evidence,reason\r\n"))
        let figures = try Evaluation.evaluate(output: scenario.out, truth: scenario.folder.appendingPathComponent("truth"))
        let recall = try #require(figures.first { $0.name == "recall" })
        #expect(recall.value > 0.6, "\(recall)")
    }

    @Test("each source's linked records are those of its files, of its kind (a damaged database's and an index's, of any), that the case links")
    func linkedBySource() throws {
        let scenario = try Scenario()
        try scenario.run()
        let sources = try scenario.summary()["sources"] as! [[String: Any]]
        var said: [String: Int] = [:]
        for source in sources { said[source["kind"] as! String, default: 0] += source["linked"] as! Int }
        let database = try Database(path: scenario.out.appendingPathComponent("case.sqlite").path)
        for (kind, linked) in said {
            let anyKind = kind == "db-remnant" || kind == "search-index"
            let counted = try database.rows("""
                SELECT count(*) FROM trace t JOIN source_file f ON f.id = t.file_id
                WHERE f.kind = ? AND (? = 1 OR t.kind = f.kind) AND EXISTS (SELECT 1 FROM link l WHERE l.trace_id = t.id)
                """, [.text(kind), .integer(anyKind ? 1 : 0)]).first?.first?.int
            #expect(counted == linked, "\(kind)")
        }
        #expect(said.values.allSatisfy { $0 > 0 } && said.count == 12, "\(said)")
    }

    @Test("the damaged database and the index give back the inbox the lab and Healthlink did not resend; with the resends, no item twice")
    func remnantInbox() throws {
        let scenario = try Scenario()
        try scenario.run()
        let truth = scenario.folder.appendingPathComponent("truth")
        let inboxTruth = try Evaluation.table(truth.appendingPathComponent("inbox.csv"))
        let inbox = try Evaluation.table(scenario.out.appendingPathComponent("inbox.csv"))
        // Every item once: a copy joins the resend's item (by filler number, document id, or patient, kind and time).
        #expect(Evaluation.inboxMatches(truth: inboxTruth, found: inbox).count == inbox.count, "\(inbox.count) rows for \(inboxTruth.count) items")
        #expect(inbox.allSatisfy { ["lab", "healthlink", "portal"].contains($0["source"] ?? "") }, "a sender's own version speaks for the item")
        // Received as the practice reads it: the lost days' local date, with Auckland's April offset.
        #expect(inbox.allSatisfy { row in
            let received = row["received"] ?? ""
            return received.count == 10 || (received.hasSuffix("+13:00") || received.hasSuffix("+12:00"))
        }, "\(inbox.prefix(3).map { $0["received"] ?? "" })")

        // As if neither had resent: what the copies hold comes back as inbox items of their patients.
        var playbook = try String(contentsOf: scenario.playbookURL, encoding: .utf8)
        playbook = playbook.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("kind: lab") && !$0.contains("kind: healthlink") }.joined(separator: "\n")
        try playbook.write(to: scenario.playbookURL, atomically: true, encoding: .utf8)
        let alone = scenario.folder.appendingPathComponent("out-copies")
        try scenario.run(out: alone)
        let figures = try Evaluation.evaluate(output: alone, truth: truth)
        let recall = try #require(figures.first { $0.name == "inbox_recall" })
        #expect(recall.value > 0.9, "\(recall)")
        let fromCopies = try Evaluation.table(alone.appendingPathComponent("inbox.csv")).filter { ["db-remnant", "search-index"].contains($0["source"] ?? "") }
        #expect(!fromCopies.isEmpty && fromCopies.allSatisfy { !($0["patient_id"] ?? "").isEmpty })
    }

    @Test("running twice gives byte-identical candidates and no new rows")
    func rerun() throws {
        let scenario = try Scenario()
        try scenario.run()
        let first = try scenario.bytes("candidates.csv")
        let counts = try scenario.tableCounts()
        let summary = try scenario.bytes("summary.json")
        try scenario.run()
        #expect(try scenario.bytes("candidates.csv") == first)
        #expect(try scenario.tableCounts() == counts)
        #expect(try scenario.bytes("summary.json") == summary)
    }

    @Test("a new file adds only itself: a copy of a source is all duplicates")
    func newFileIsDuplicates() throws {
        let scenario = try Scenario()
        try scenario.run()
        let first = try scenario.bytes("candidates.csv")
        let traces = try scenario.tableCounts()["trace"]!
        // The second Pathlab resend already repeats part of the first; now the whole of it arrives again.
        try FileManager.default.copyItem(at: scenario.folder.appendingPathComponent("sources/callbacks.csv"),
                                         to: scenario.folder.appendingPathComponent("sources/callbacks-copy.csv"))
        var playbook = try String(contentsOf: scenario.playbookURL, encoding: .utf8)
        playbook = playbook.replacingOccurrences(of: "path: sources/callbacks.csv", with: "path: sources/callbacks*.csv")
        try playbook.write(to: scenario.playbookURL, atomically: true, encoding: .utf8)
        try scenario.run()
        #expect(try scenario.tableCounts()["trace"]! == traces)
        let callbacks = try #require((try scenario.summary()["sources"] as! [[String: Any]]).first { $0["kind"] as? String == "callbacks" })
        #expect(callbacks["files"] as? Int == 2)
        #expect(callbacks["duplicates"] as! Int == callbacks["imported"] as! Int)
        #expect(try scenario.bytes("candidates.csv") == first)
        // Each duplicate is listed with the record it repeats.
        let listed = String(decoding: try scenario.bytes("duplicates.csv"), as: UTF8.self).split(whereSeparator: \.isNewline)
        let copies = listed.filter { $0.hasPrefix("callbacks,sources/callbacks-copy.csv,\"line ") }
        #expect(copies.count == callbacks["duplicates"] as! Int)
        #expect(copies.allSatisfy { $0.contains(",sources/callbacks.csv,\"line ") })
    }

    @Test("what people recorded survives every re-run")
    func peoplesRecordsSurvive() throws {
        let scenario = try Scenario()
        try scenario.run()
        let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
        let candidate = try #require(try store.database.rows("SELECT candidate_id FROM encounter ORDER BY candidate_id LIMIT 1").first?[0].string)
        try store.database.run("INSERT INTO call_outcome (candidate_id, recorded_at, caller, outcome, summary) VALUES (?, '2025-04-10T19:00', 'RS', 'reached', 'seen for knee')",
                               [.text(candidate)])
        try store.database.run("INSERT INTO review_decision (subject, subject_key, decision, decided_by, decided_at) VALUES ('encounter', ?, 'confirm', 'RS', '2025-04-10')",
                               [.text(candidate)])
        try scenario.run()
        try scenario.run()
        let after = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
        #expect(try after.database.rows("SELECT summary FROM call_outcome WHERE candidate_id = ?", [.text(candidate)]).first?[0].string == "seen for knee")
        #expect(try after.database.rows("SELECT count(*) FROM review_decision")[0][0].int == 1)
        // The candidate the outcome belongs to is still there, under the same id.
        #expect(try after.database.rows("SELECT count(*) FROM encounter WHERE candidate_id = ?", [.text(candidate)])[0][0].int == 1)
    }

    @Test("the case files are readable by their owner only")
    func permissions() throws {
        let scenario = try Scenario()
        try scenario.run()
        for name in ["case.sqlite", "candidates.csv", "summary.json", "rejects.csv"] {
            let mode = try FileManager.default.attributesOfItem(atPath: scenario.out.appendingPathComponent(name).path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name)")
        }
    }
}

@Suite("kill -9 at any point, then run again: the clean-run result")
struct CrashTests {
    @Test("killed while importing or while deriving", arguments: ["import:1", "import:3", "import:5", "derive"])
    func killAndRerun(_ point: String) throws {
        let scenario = try Scenario(seed: 8, patients: 300)
        let clean = scenario.folder.appendingPathComponent("clean")
        try scenario.run(out: clean)
        let killed = try scenario.runProcess(["run", scenario.playbookURL.path], environment: ["LACUNA_CRASH_AT": point])
        #expect(killed.signalled && killed.status == 9, "the run was expected to die by SIGKILL at \(point)")
        let rerun = try scenario.runProcess(["run", scenario.playbookURL.path])
        #expect(rerun.status == 0 && !rerun.signalled)
        #expect(try scenario.bytes("candidates.csv") == scenario.bytes("candidates.csv", in: clean))
        #expect(try scenario.bytes("summary.json") == scenario.bytes("summary.json", in: clean))
        #expect(try scenario.tableCounts() == scenario.tableCounts(in: clean))
    }
}

@Suite("A new case is built aside and moved into place")
struct NewCaseTests {
    /// (`Database.setPageSize`, which sets the cache's size again once the pages are larger.)
    @Test("the case being built in 16 KB pages keeps its page cache to 32 MB while an import writes more (not 8,000 pages of 16 KB, the count 32 MB of 4 KB pages gave)")
    func cacheOfItsSize() throws {
        let folder = TestFolder.fresh("lacuna-new-case")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = try #require(NewCaseFile(folder: folder))
        let database = try file.open()
        defer { file.discard(database) }
        try database.execute("CREATE TABLE filled (x BLOB)")
        try database.begin()
        try database.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 4000) INSERT INTO filled SELECT randomblob(16000) FROM n")
        #expect(database.pageCacheBytes > 16 * 1_048_576 && database.pageCacheBytes < 36 * 1_048_576,
                "\(database.pageCacheBytes) bytes of pages in the cache, set to 32 MB")
        try database.commit()
    }

    @Test("killed while building: nothing at case.sqlite, and the next run starts over (a log a deleted case left is not read); finished: case.sqlite alone, on the write-ahead log, whole")
    func builtAside() throws {
        let scenario = try Scenario(seed: 8, patients: 300)
        let clean = scenario.folder.appendingPathComponent("clean")
        try scenario.run(out: clean)
        let casePath = scenario.out.appendingPathComponent("case.sqlite").path
        // What a case deleted by hand leaves beside it: its log, whose pages would be read as the new case's.
        try FileManager.default.createDirectory(at: scenario.out, withIntermediateDirectories: true)
        let other = scenario.folder.appendingPathComponent("other.sqlite").path
        let writer = try Database(path: other)
        try writer.execute("PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        try FileManager.default.copyItem(atPath: other + "-wal", toPath: casePath + "-wal")
        writer.close()
        let killed = try scenario.runProcess(["run", scenario.playbookURL.path], environment: ["LACUNA_CRASH_AT": "import:3"])
        #expect(killed.signalled && killed.status == 9)
        #expect(!FileManager.default.fileExists(atPath: casePath))
        #expect(FileManager.default.fileExists(atPath: casePath + ".building"))
        let rerun = try scenario.runProcess(["run", scenario.playbookURL.path])
        #expect(rerun.status == 0 && !rerun.signalled, "\(rerun.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scenario.out.path).filter { $0.hasPrefix("case.sqlite") }
        #expect(left == ["case.sqlite"], "\(left)")
        let database = try Database(path: casePath)
        #expect(try database.rows("PRAGMA journal_mode", []).first?.first?.string == "wal")
        // Built in pages of 16 KB (a write to the kernel each, a new case's traces written whole).
        #expect(try database.rows("PRAGMA page_size", []).first?.first?.int == NewCaseFile.pageSize)
        #expect(try database.rows("PRAGMA integrity_check", []).first?.first?.string == "ok")
        #expect(try scenario.bytes("candidates.csv") == scenario.bytes("candidates.csv", in: clean))
        #expect(try scenario.tableCounts() == scenario.tableCounts(in: clean))
    }

    @Test("a write to the case being built fails (the disk full): the run says so and keeps no half-written case; the next run is the clean run")
    func failedWriteLetGo() throws {
        let scenario = try Scenario(seed: 8, patients: 300)
        let clean = scenario.folder.appendingPathComponent("clean")
        try scenario.run(out: clean)
        let whole = try #require(try FileManager.default.attributesOfItem(atPath: clean.appendingPathComponent("case.sqlite").path)[.size] as? Int)
        // Room for a third of the case: the first files' imports are written, a later one's cannot be.
        let failed = try scenario.runProcess(["run", scenario.playbookURL.path], fileKilobytes: whole / 3 / 1024)
        #expect(failed.status == 1 && !failed.signalled, "\(failed.stderr)")
        #expect(failed.stderr.contains("case.sqlite: SQLite error") && failed.stderr.contains("the next run builds it again"), "\(failed.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scenario.out.path).filter { $0.hasPrefix("case.sqlite") }
        #expect(left.isEmpty, "\(left)")
        let rerun = try scenario.runProcess(["run", scenario.playbookURL.path])
        #expect(rerun.status == 0 && !rerun.signalled, "\(rerun.stderr)")
        let database = try Database(path: scenario.out.appendingPathComponent("case.sqlite").path)
        #expect(try database.rows("PRAGMA integrity_check", []).first?.first?.string == "ok")
        #expect(try scenario.bytes("candidates.csv") == scenario.bytes("candidates.csv", in: clean))
        #expect(try scenario.tableCounts() == scenario.tableCounts(in: clean))
    }
}

@Suite("The newcomer's path")
struct DemoTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    @Test("playbooks/demo-clinic.yml runs against the committed fixture and names files relative to itself")
    func demo() throws {
        let out = TestFolder.fresh("lacuna-demo")
        let book = try Playbook.load(Self.repository.appendingPathComponent("playbooks/demo-clinic.yml"))
        let outcome = try CaseRun(playbook: book, outputOverride: out).run()
        #expect(outcome.view.encounters.count > 50)
        #expect(outcome.view.traces.values.allSatisfy { $0.file.hasPrefix("../fixtures/demo-clinic/sources/") })
        for name in ["candidates.csv", "inbox.csv", "unmatched.csv", "rejects.csv", "summary.json", "report.html", "case.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        // A card payment nobody could be tied to is listed for reception with its time, amount and terminal.
        let unmatched = try String(contentsOf: out.appendingPathComponent("unmatched.csv"), encoding: .utf8)
        let card = try #require(unmatched.split(whereSeparator: \.isNewline).first { $0.hasPrefix("eftpos,") && $0.contains("not seen in the ledger") })
        #expect(card.contains("$"))
        #expect(card.contains("terminal "))
    }
}

@Suite("Exit status as CONTRACT says")
struct ExitStatusTests {
    @Test("0 when outputs were written, 2 for a usage error, 1 when nothing could be produced")
    func statuses() throws {
        let scenario = try Scenario(seed: 2, patients: 100)
        #expect(try scenario.runProcess(["run", scenario.playbookURL.path]).status == 0)
        #expect(try scenario.runProcess(["run"]).status == 2)
        #expect(try scenario.runProcess(["drill", scenario.folder.path, "--noise", "loud"]).status == 2)
        let missing = try scenario.runProcess(["run", scenario.folder.appendingPathComponent("nope.yml").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.yml"))
        // Another case's playbook into this case's folder: 1, and a message saying how to go on.
        let other = scenario.folder.appendingPathComponent("other.yml")
        let text = try String(contentsOf: scenario.playbookURL, encoding: .utf8)
        try text.replacingOccurrences(of: "case: ", with: "case: Other ").write(to: other, atomically: true, encoding: .utf8)
        let foreign = try scenario.runProcess(["run", other.path, "--out", scenario.out.path])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("--same-case"))
        #expect(try scenario.runProcess(["run", other.path, "--out", scenario.out.path, "--same-case"]).status == 0)
        // A register none of whose headers were understood: the outputs are written, the run ends in 1.
        try "Foo,Bar\nx,y\n".write(to: scenario.folder.appendingPathComponent("unknown-register.csv"), atomically: true, encoding: .utf8)
        let bad = scenario.folder.appendingPathComponent("bad.yml")
        try text.replacingOccurrences(of: "sources/register.xlsx", with: "unknown-register.csv").write(to: bad, atomically: true, encoding: .utf8)
        // `check` says so before anything is run, and writes nothing.
        let checked = try scenario.runProcess(["check", bad.path])
        #expect(checked.status == 1 && checked.stderr.contains("every one of its") && checked.stdout.contains("unknown-register.csv"))
        let good = try scenario.runProcess(["check", scenario.playbookURL.path])
        #expect(good.status == 0 && good.stdout.contains("header on row") && good.stdout.contains("rows:"), "\(good.stderr)")
        let unread = try scenario.runProcess(["run", bad.path, "--out", scenario.folder.appendingPathComponent("out-bad").path])
        #expect(unread.status == 1, "\(unread.stderr)")
        #expect(unread.stderr.contains("must not be worked from"))
        let version = try scenario.runProcess(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("lacuna "))
    }
}

@Suite("The command line as a person uses it")
struct CommandLineTests {
    @Test("progress: plain lines per phase when standard error is not a terminal (the import's files and bytes, link, infer, write)")
    func plainProgress() throws {
        let scenario = try Scenario(seed: 2, patients: 100)
        let run = try scenario.runProcess(["run", scenario.playbookURL.path])
        #expect(run.status == 0)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let phases = lines.filter { $0.hasPrefix("… ") }.map { $0.split(separator: ":").first.map(String.init) ?? $0 }
        #expect(phases.prefix(5) == ["… import", "… import done", "… link", "… infer", "… write"], "\(lines)")
        #expect(lines.contains { $0.range(of: #"^… import: \d+ file\(s\), \d+\.\d MB$"#, options: .regularExpression) != nil })
        // No bar's control characters in a log.
        #expect(!run.stderr.contains("\u{1B}[") && !run.stderr.contains("\r"))
    }

    @Test("completion: paths where a file or folder goes, the values an option takes; init and --version")
    func completion() throws {
        let scenario = try Scenario(seed: 2, patients: 100)
        let bash = try scenario.runProcess(["--generate-completion-script", "bash"])
        #expect(bash.status == 0)
        for values in [["e164", "tnz", "textahq", "modica"], ["oru", "mdm"], ["gp", "nurse", "reception", "admin"], ["low", "medium", "high"]] {
            #expect(bash.stdout.contains(values.map { "'\($0)'" }.joined(separator: "$'\\n'")), "\(values)")
        }
        #expect(bash.stdout.contains("yml|yaml") && bash.stdout.contains("init"))
        let version = try scenario.runProcess(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("lacuna 0."))
        // init on the drill's sources proposes a playbook that check takes.
        let proposed = try scenario.runProcess(["init", scenario.folder.appendingPathComponent("sources").path, "--print",
                                                "--from", "2025-04-03", "--to", "2025-04-04"])
        #expect(proposed.status == 0 && proposed.stdout.contains("sources:") && proposed.stdout.contains("# CHECK"), "\(proposed.stderr)")
    }
}

@Suite("A re-run with nothing new stops after the fingerprints")
struct UnchangedRunTests {
    /// Every output file's bytes and modification time.
    func outputs(_ folder: URL) throws -> [String: (Data, Date)] {
        var result: [String: (Data, Date)] = [:]
        for path in FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [] where !path.hasPrefix("case.sqlite") {
            let url = folder.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date ?? .distantPast
            result[path] = (try Data(contentsOf: url), modified)
        }
        return result
    }

    @Test("nothing new: said, nothing rewritten; a call recorded, a sheet edited, a file touched or an output deleted runs in full")
    func skips() throws {
        let scenario = try Scenario(seed: 2, patients: 100)
        #expect(try scenario.runProcess(["run", scenario.playbookURL.path]).status == 0)
        let before = try outputs(scenario.out)
        let again = try scenario.runProcess(["run", scenario.playbookURL.path])
        #expect(again.status == 0 && again.stdout.contains("nothing new since the last run"), "\(again.stdout)")
        let after = try outputs(scenario.out)
        #expect(Set(after.keys) == Set(before.keys))
        for (name, (bytes, modified)) in before { #expect(after[name]?.0 == bytes && after[name]?.1 == modified, "\(name)") }

        // A call recorded in the case (as the worklist does): read, and the outputs written again.
        let encounter = try #require(try table(try scenario.bytes("candidates.csv")).first?["candidate_id"])
        do {
            let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
            try store.recordCallOutcome(CallOutcome(candidateID: encounter, outcome: "no answer"), by: "reception")
        }
        let recorded = try scenario.runProcess(["run", scenario.playbookURL.path])
        #expect(recorded.status == 0 && !recorded.stdout.contains("nothing new"))
        #expect(try scenario.runProcess(["run", scenario.playbookURL.path]).stdout.contains("nothing new"))

        // A person's edit of a call list is read.
        let list = try #require(try FileManager.default.contentsOfDirectory(atPath: scenario.out.appendingPathComponent("call-lists").path)
            .first { $0.hasSuffix(".csv") })
        let listURL = scenario.out.appendingPathComponent("call-lists/\(list)")
        var text = try String(contentsOf: listURL, encoding: .utf8)
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[1] += "x"   // the caller column of the first row: who rang
        try lines.joined(separator: "\r\n").write(to: listURL, atomically: true, encoding: .utf8)
        #expect(!(try scenario.runProcess(["run", scenario.playbookURL.path]).stdout.contains("nothing new")))

        // A source file touched (a resend saved again): looked at again.
        let source = try #require(FileManager.default.enumerator(atPath: scenario.folder.appendingPathComponent("sources").path)?
            .allObjects.compactMap { $0 as? String }.first { $0.hasSuffix(".csv") })
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)],
                                              ofItemAtPath: scenario.folder.appendingPathComponent("sources/\(source)").path)
        #expect(!(try scenario.runProcess(["run", scenario.playbookURL.path]).stdout.contains("nothing new")))

        // A deleted output is written again; --everything reads everything.
        try FileManager.default.removeItem(at: scenario.out.appendingPathComponent("report.html"))
        #expect(!(try scenario.runProcess(["run", scenario.playbookURL.path]).stdout.contains("nothing new")))
        #expect(FileManager.default.fileExists(atPath: scenario.out.appendingPathComponent("report.html").path))
        #expect(!(try scenario.runProcess(["run", scenario.playbookURL.path, "--everything"]).stdout.contains("nothing new")))
        // A file changed where the case holds its new stamp (a file system whose times never move): not read
        // again by a run, read and hashed by `--everything`.
        let changed = scenario.folder.appendingPathComponent("sources/\(source)")
        try (try Data(contentsOf: changed) + Data("\r\n".utf8)).write(to: changed)
        func rows() throws -> Int {
            try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path).database
                .rows("SELECT count(*) FROM source_file WHERE path = ?", [.text("sources/\(source)")])[0][0].int ?? -1
        }
        let rowsBefore = try rows()
        try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path).database
            .run("UPDATE source_file SET stamp = ? WHERE path = ?",
                 [.text(try #require(SourceFile(path: Array(changed.path.utf8)).stamp()?.text)), .text("sources/\(source)")])
        #expect(try scenario.runProcess(["run", scenario.playbookURL.path]).status == 0)
        #expect(try rows() == rowsBefore)
        #expect(try scenario.runProcess(["run", scenario.playbookURL.path, "--everything"]).status == 0)
        #expect(try rows() == rowsBefore + 1)
        // Another option is another run.
        #expect(!(try scenario.runProcess(["run", scenario.playbookURL.path, "--per-evening", "7"]).stdout.contains("nothing new")))
    }

    @Test("a file's stamp changes with its time (to the nanosecond), its size and its inode; a missing file is absent")
    func stamps() throws {
        let folder = TestFolder.fresh("lacuna-stamps")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("register.csv").path
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: file))
        let first = RunInputs.stat(file)
        #expect(RunInputs.stat(file) == first)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_800_000_000.25)], ofItemAtPath: file)
        let timed = RunInputs.stat(file)
        #expect(timed != first)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_800_000_000.5)], ofItemAtPath: file)
        #expect(RunInputs.stat(file) != timed)
        // The same time, other bytes (a file saved again within the same moment, longer).
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("c,d\n".utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_800_000_000.5)], ofItemAtPath: file)
        let longer = RunInputs.stat(file)
        #expect(longer != timed)
        // Replaced by another file of the same size and time: another inode.
        let other = folder.appendingPathComponent("other.csv").path
        try Data("a,b\nc,d\n".utf8).write(to: URL(fileURLWithPath: other))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_800_000_000.5)], ofItemAtPath: other)
        try FileManager.default.removeItem(atPath: file)
        #expect(RunInputs.stat(file) == "\(file) absent")
        try FileManager.default.moveItem(atPath: other, toPath: file)
        #expect(RunInputs.stat(file) != longer)
    }

    @Test("a run that failed (exit 1) is never skipped: the next one fails again, saying why")
    func failedRunsAreNotSkipped() throws {
        let scenario = try Scenario(seed: 2, patients: 100)
        try "Foo,Bar\nx,y\n".write(to: scenario.folder.appendingPathComponent("unknown-register.csv"), atomically: true, encoding: .utf8)
        let bad = scenario.folder.appendingPathComponent("bad.yml")
        try String(contentsOf: scenario.playbookURL, encoding: .utf8).replacingOccurrences(of: "sources/register.xlsx", with: "unknown-register.csv")
            .write(to: bad, atomically: true, encoding: .utf8)
        #expect(try scenario.runProcess(["run", bad.path]).status == 1)
        let again = try scenario.runProcess(["run", bad.path])
        #expect(again.status == 1 && !again.stdout.contains("nothing new"))
    }
}

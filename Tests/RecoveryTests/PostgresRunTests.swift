import Foundation
import LacunaCore
import PostgresStore
@testable import Recovery
import Store
import TestPostgres
import Testing

/// Issue 20, item 5: a case on a region's PostgreSQL server is the same case as on SQLite. The drill's
/// practice is run on both, at one clock, and every output compared byte for byte; then a call is
/// recorded in each and the case run again. Needs a PostgreSQL server on this machine's socket (`make
/// test` installs and starts Debian's); without one the test says so and is skipped, unless
/// `LACUNA_REQUIRE_POSTGRES` is set, when it fails.
@Suite("A case on PostgreSQL")
struct PostgresRunTests {
    func run(_ scenario: Scenario, into out: URL, database url: String?, linker: CountingLinker = CountingLinker()) throws -> RunOutcome {
        var run = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        run.work.now = IncrementalRunTests.now
        run.linker = linker
        if let url { run.openDatabase = { try PostgresCaseDatabase(url: url) } }
        return try run.run()
    }

    func expectSameOutputs(_ a: URL, _ b: URL) throws {
        let left = try IncrementalRunTests().outputs(a), right = try IncrementalRunTests().outputs(b)
        #expect(Set(left.keys) == Set(right.keys), "\(Set(left.keys).symmetricDifference(right.keys).sorted())")
        for name in left.keys.sorted() where right[name] != nil && left[name] != right[name] {
            Issue.record("\(name) differs: \(IncrementalRunTests.firstDifference(left[name]!, right[name]!))")
        }
    }

    @Test("the drill's practice on PostgreSQL: every output as on SQLite, a recorded call and a re-run included")
    func sameAsSQLite() throws {
        guard let url = try TestServer.freshDatabase() else { return }
        let scenario = try Scenario(seed: 5, patients: 150)
        let onServer = scenario.folder.appendingPathComponent("on-postgres"), embedded = scenario.folder.appendingPathComponent("on-sqlite")
        let linker = CountingLinker()
        let server = try run(scenario, into: onServer, database: url, linker: linker)
        let local = try run(scenario, into: embedded, database: nil)
        #expect(server.view.encounters.count == local.view.encounters.count && !local.view.encounters.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: onServer.appendingPathComponent("case.sqlite").path))
        try expectSameOutputs(onServer, embedded)

        // A call recorded in each case (as the worklist records it), then the case run again.
        let candidate = try #require(local.view.rankedEncounters.first?.candidateID)
        let outcome = CallOutcome(candidateID: candidate, outcome: "reached", seenOn: "yes", summary: "seen for a cough")
        try CaseStore(connection: try PostgresCaseDatabase(url: url)).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        try CaseStore(path: embedded.appendingPathComponent("case.sqlite").path).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        _ = try run(scenario, into: onServer, database: url, linker: linker)
        #expect(linker.count == 1, "the server's case took back its last linking (nothing new but a call)")
        _ = try run(scenario, into: embedded, database: nil)
        try expectSameOutputs(onServer, embedded)
        let counts = { (store: CaseStore) throws -> [Int] in
            try ["trace", "link", "encounter", "encounter_evidence", "inbox_item", "review_item", "call_outcome", "duplicate", "reject"]
                .map { try store.database.rows("SELECT count(*) FROM \($0)")[0][0].int ?? -1 }
        }
        #expect(try counts(CaseStore(connection: try PostgresCaseDatabase(url: url)))
                == counts(CaseStore(path: embedded.appendingPathComponent("case.sqlite").path)))
    }

    @Test("a server that is not there is said plainly, with no password in the message")
    func noServer() throws {
        var run = CaseRun(playbook: try Playbook.load(try Scenario(seed: 5, patients: 20).playbookURL))
        run.openDatabase = { try PostgresCaseDatabase(url: "postgres://lacuna:secret-word@127.0.0.1:1/nothing") }
        do {
            _ = try run.run()
            Issue.record("expected the run to refuse")
        } catch {
            let said = "\(error)"
            #expect(said.contains("cannot open the case database") && said.contains("127.0.0.1:1/nothing"), "\(said)")
            #expect(!said.contains("secret-word"))
        }
    }
}

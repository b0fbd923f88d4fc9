import Foundation
import Inference
import LacunaCore
import Store
import Testing
@testable import Recovery

/// Issue 20: a run derived from the same links as the last (a call outcome typed since, the next
/// day's run) takes back what that run derived (encounters, inbox items) and leaves the derived
/// tables as that run wrote them, rather than inferring and comparing every row again; anything
/// that changes what deriving reads derives afresh.
@Suite("What the last run derived, taken back")
struct DerivedMemoTests {
    let incremental = IncrementalRunTests()

    func run(_ scenario: Scenario, into out: URL) throws -> RunOutcome {
        var run = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        run.work.now = IncrementalRunTests.now
        return try run.run()
    }

    func store(_ out: URL) throws -> CaseStore { try CaseStore(path: out.appendingPathComponent("case.sqlite").path) }

    /// The kept memo, its first encounter's reason replaced by `marker`: what a run shows if it took the memo back.
    func mark(_ out: URL, _ marker: String) throws {
        let row = try #require(try store(out).database.rows("SELECT body FROM derived_memo").first)
        guard case .blob(let bytes) = row[0] else { Issue.record("the memo is not bytes"); return }
        var memo = try DerivedMemo(decoding: bytes)
        memo.encounters[0].reason = marker
        try store(out).database.run("UPDATE derived_memo SET body = ?", [.blob(memo.encoded)])
    }

    func candidates(_ out: URL) throws -> String {
        String(decoding: try Data(contentsOf: out.appendingPathComponent("candidates.csv")), as: UTF8.self)
    }

    @Test("a new call outcome takes back what was derived; a decision derives afresh, the same as a case that had both from the start")
    func callOutcomeThenDecision() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        _ = try run(scenario, into: stepwise)
        let candidate = try #require(try table(try Data(contentsOf: stepwise.appendingPathComponent("candidates.csv"))).first?["candidate_id"])
        let outcome = CallOutcome(candidateID: candidate, outcome: "reached", seenOn: "yes", summary: "seen for a cough")
        try store(stepwise).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        try mark(stepwise, "taken back from the memo")
        _ = try run(scenario, into: stepwise)
        #expect(try candidates(stepwise).contains("taken back from the memo"), "a run after a call outcome derived afresh")

        // A review decision changes the links deriving reads: derived afresh, the marker gone.
        let key = try #require(try store(stepwise).database.rows("""
            SELECT t.content_key || '|' || l.patient_id FROM link l JOIN trace t ON t.id = l.trace_id
            WHERE t.kind <> 'register' ORDER BY t.content_key LIMIT 1
            """).first?[0].string)
        try store(stepwise).recordLinkDecision(key: key, decision: "reject", by: "practice manager", note: nil)
        _ = try run(scenario, into: stepwise)
        #expect(try !candidates(stepwise).contains("taken back from the memo"))

        try FileManager.default.createDirectory(at: once, withIntermediateDirectories: true)
        try store(once).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        try store(once).recordLinkDecision(key: key, decision: "reject", by: "practice manager", note: nil)
        _ = try run(scenario, into: once)
        try incremental.expectSame(stepwise, once)
    }

    @Test("damaged kept bytes, or none kept: derived afresh, the outputs and tables those of deriving afresh")
    func damaged() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try run(scenario, into: out)
        let before = try incremental.outputs(out)
        let rows = try incremental.tables(out)
        for damage: [UInt8] in [[], Array("lacuna derived memo 1".utf8), [0xFF, 0xFF, 0xFF]] {
            try store(out).database.run("UPDATE derived_memo SET body = ?", [.blob(damage)])
            _ = try run(scenario, into: out)
            #expect(try incremental.outputs(out) == before)
            #expect(try incremental.tables(out) == rows)
        }
        try store(out).database.run("DELETE FROM derived_memo")
        _ = try run(scenario, into: out)
        #expect(try incremental.outputs(out) == before)
        #expect(try incremental.tables(out) == rows)
        #expect(try store(out).database.rows("SELECT count(*) FROM derived_memo") == [[.integer(1)]], "the memo is written again with the derived rows")
    }

    @Test("kept encounters and inbox items read back exactly: every value, decimals and instants to the bit")
    func readsBackExactly() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let day = try #require(LocalDate(year: 2025, month: 4, day: 3))
        let encounters = [
            Encounter(candidateID: "C-1", patientID: "P1", date: day, provider: "RS", confidence: 1.0 / 3.0, tier: .probable,
                      priority: .abnormalResult,
                      evidence: [Evidence(traceID: 7, kind: .appointments, summary: "booked 09:15 with RS, Tāmati", weight: -0.0),
                                 Evidence(traceID: -2, kind: .lab, summary: "", weight: .ulpOfOne)],
                      reason: "two traces\nagree"),
            Encounter(candidateID: "C-2", patientID: "NHI:ZZZ0016", date: day.adding(days: 1), provider: nil, confidence: 0.95, tier: .confirmed,
                      priority: .other, evidence: [], reason: ""),
        ]
        let items = [
            InboxItem(itemID: "lab:1", patientID: "P1",
                      received: TraceTime(instant: Date(timeIntervalSince1970: 1_743_627_302.125), clock: clock, precision: .second),
                      source: .lab, kind: .result, summary: "HbA1c 48 (H)", abnormal: .critical, provider: "RS",
                      messageIDs: ["M1", "M1R"], traceIDs: [3, 4]),
            InboxItem(itemID: "portal:9", patientID: nil, received: TraceTime(date: day), source: .portal, kind: .repeatPrescription,
                      summary: "a repeat", abnormal: nil, provider: nil, messageIDs: [], traceIDs: []),
            InboxItem(itemID: "hl:2", patientID: "P2", received: TraceTime(date: day, time: try #require(LocalTime(hour: 23, minute: 59, second: 7)), clock: clock),
                      source: .healthlink, kind: .letter, summary: "discharge", abnormal: .abnormal, provider: nil,
                      messageIDs: ["X"], traceIDs: [Int64.max, Int64.min]),
        ]
        let bytes = DerivedMemo(encounters: encounters, inboxItems: items).encoded
        let back = try DerivedMemo(decoding: bytes)
        #expect(back.encounters == encounters)
        #expect(back.inboxItems == items)
        #expect(back.encounters[0].evidence[0].weight.sign == .minus)
        // Cut anywhere, or of another format: refused, never half read.
        for cut in [1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ByteRunError.self) { try DerivedMemo(decoding: Array(bytes.prefix(cut))) }
        }
        #expect(throws: ByteRunError.self) { try DerivedMemo(decoding: bytes + [0]) }
    }

    @Test("the fingerprint: the practice's hours however their dictionary was filled, changed by any decision, hours or linkage")
    func fingerprint() throws {
        var days: [Int: ClosedRange<Int>] = [:]
        for day in 1...5 { days[day] = 480...1020 }
        var reversed: [Int: ClosedRange<Int>] = [:]
        reversed.reserveCapacity(64)
        for day in (1...5).reversed() { reversed[day] = 480...1020 }
        let closed: Set<LocalDate> = [LocalDate(year: 2025, month: 4, day: 18)!, LocalDate(year: 2025, month: 4, day: 21)!]
        let hours = PracticeHours(days: days, closed: closed), same = PracticeHours(days: reversed, closed: Set(closed.reversed()))
        let decisions = ["a|P1": "reject", "b|P2": "accept"]
        func print(_ hours: PracticeHours?, _ decisions: [String: String] = decisions, linkage: String = "L") -> String? {
            DerivedMemo.fingerprint(linkage: linkage, decisions: decisions, inferrer: FirstInference(hours: hours))
        }
        #expect(print(hours) != nil)
        #expect(print(hours) == print(same))
        #expect(print(hours) != print(nil))
        #expect(print(hours) != print(PracticeHours(days: days, closed: [])))
        #expect(print(hours) != print(hours, ["a|P1": "accept", "b|P2": "accept"]))
        #expect(print(hours) != print(hours, ["a|P1": "reject"]))
        #expect(print(hours) != print(hours, linkage: "M"))
        // An inferrer whose settings it cannot write in order: no memo, derived every run.
        #expect(DerivedMemo.fingerprint(linkage: "L", decisions: [:], inferrer: OtherInference()) == nil)
    }
}

/// An inferrer the memo knows nothing of.
struct OtherInference: EncounterInferrer {
    func infer(traces: [Trace], links: [Link], patients: [Patient], window: Window) -> [Encounter] { [] }
}

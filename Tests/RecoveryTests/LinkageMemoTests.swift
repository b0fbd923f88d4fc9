import Foundation
import LacunaCore
import Linkage
import Store
import Synchronization
import Testing
@testable import Recovery

/// The case's linker, counting how often a run asks it to link.
final class CountingLinker: PatientLinker {
    let calls = Mutex(0)

    func link(traces: [Trace], window: Window, providers: [Provider]) -> LinkageResult {
        calls.withLock { $0 += 1 }
        return CaseLinker().link(traces: traces, window: window, providers: providers)
    }

    var count: Int { calls.withLock { $0 } }
}

/// Evidence that knows nothing (a memo made in a test, with no review asked of it).
struct NoEvidence: LinkEvidence {
    func probability(trace: Int64, patient: String) -> Double? { nil }
    func explanation(trace: Int64, patient: String) -> LinkExplanation? { nil }
}

/// Issue 20: a run made from the same traces as the last one that linked (a call outcome or a review
/// decision typed since, the next day's run) takes back what that run's linking found rather than
/// linking again, and ends exactly where linking afresh would.
@Suite("What the last run's linking found, taken back")
struct LinkageMemoTests {
    let incremental = IncrementalRunTests()

    func run(_ scenario: Scenario, into out: URL, linker: CountingLinker) throws -> RunOutcome {
        var run = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        run.work.now = IncrementalRunTests.now
        run.linker = linker
        return try run.run()
    }

    func store(_ out: URL) throws -> CaseStore { try CaseStore(path: out.appendingPathComponent("case.sqlite").path) }

    @Test("a new call outcome: not linked again, and the same as a case that had the outcome from the start")
    func callOutcomeNotLinkedAgain() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        let linker = CountingLinker()
        _ = try run(scenario, into: stepwise, linker: linker)
        #expect(linker.count == 1)
        let candidate = try #require(try table(try Data(contentsOf: stepwise.appendingPathComponent("candidates.csv"))).first?["candidate_id"])
        let outcome = CallOutcome(candidateID: candidate, outcome: "reached", seenOn: "yes", summary: "seen for a cough")
        try store(stepwise).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        _ = try run(scenario, into: stepwise, linker: linker)
        #expect(linker.count == 1, "a run with nothing new but a call outcome linked again")
        try FileManager.default.createDirectory(at: once, withIntermediateDirectories: true)
        try store(once).recordCallOutcome(outcome, by: "reception", typedAt: "2026-12-01T19:00")
        _ = try run(scenario, into: once, linker: CountingLinker())
        try incremental.expectSame(stepwise, once)
    }

    @Test("a decision on a link the review did not list: linked again (its explanation was not kept), the same as from the start")
    func decisionOnUnlistedLink() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        let linker = CountingLinker()
        _ = try run(scenario, into: stepwise, linker: linker)
        // A link the model is sure of (so not in review.csv, and not explained), of a trace that is no register row.
        let row = try #require(try store(stepwise).database.rows("""
            SELECT t.content_key, l.patient_id FROM link l JOIN trace t ON t.id = l.trace_id
            WHERE t.kind <> 'register' AND l.rule LIKE 'model:%' AND l.weight >= 0.99 ORDER BY t.content_key LIMIT 1
            """).first)
        let key = "\(row[0].string!)|\(row[1].string!)"
        let listed = try table(try Data(contentsOf: stepwise.appendingPathComponent("review.csv")))
        #expect(!listed.contains { "\($0["trace_key"] ?? "")|\($0["patient_id"] ?? "")" == key })
        try store(stepwise).recordLinkDecision(key: key, decision: "reject", by: "practice manager", note: nil)
        _ = try run(scenario, into: stepwise, linker: linker)
        #expect(linker.count == 2, "the kept linking had no explanation for the decided link, so the run links again")
        let reviewed = try table(try Data(contentsOf: stepwise.appendingPathComponent("review.csv")))
        #expect(reviewed.contains { "\($0["trace_key"] ?? "")|\($0["patient_id"] ?? "")" == key && $0["decision"] == "reject" })
        try FileManager.default.createDirectory(at: once, withIntermediateDirectories: true)
        try store(once).recordLinkDecision(key: key, decision: "reject", by: "practice manager", note: nil)
        _ = try run(scenario, into: once, linker: CountingLinker())
        try incremental.expectSame(stepwise, once)
    }

    @Test("damaged kept bytes, or a new file: linked again, the outputs those of linking afresh")
    func damagedOrNewFile() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let out = scenario.folder.appendingPathComponent("out")
        let linker = CountingLinker()
        _ = try run(scenario, into: out, linker: linker)
        let before = try incremental.outputs(out)
        for damage: [UInt8] in [[], Array("lacuna linkage memo 1".utf8), [0xFF, 0xFF, 0xFF]] {
            try store(out).database.run("UPDATE linkage_memo SET body = ?", [.blob(damage)])
            _ = try run(scenario, into: out, linker: linker)
            #expect(try incremental.outputs(out) == before)
        }
        #expect(linker.count == 4)
        // Linked afresh and kept again: the next run takes it back.
        _ = try run(scenario, into: out, linker: linker)
        #expect(linker.count == 4)
        // A new file: the traces changed, so the case is linked again.
        let lab = scenario.folder.appendingPathComponent("sources/lab")
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.path).sorted().first)
        // A resend of its messages under new message ids (MSH-10), so they are new records.
        let segments = String(decoding: try Data(contentsOf: lab.appendingPathComponent(first)), as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r" || $0 == "\n" })
            .map { segment -> String in
                guard segment.hasPrefix("MSH|") else { return String(segment) }
                var fields = segment.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                if fields.count > 9 { fields[9] += "R" }
                return fields.joined(separator: "|")
            }
        try Data(segments.joined(separator: "\r").utf8).write(to: lab.appendingPathComponent("zz-resend.hl7"))
        _ = try run(scenario, into: out, linker: linker)
        #expect(linker.count == 5)
    }

    @Test("a link's rule and patient written once in the memo: each rule's text once, each patient by their place; an id no patient has, and a number past those written, read as such")
    func textsWrittenOnce() throws {
        let rule = "model: NHI+date of birth+given name+family name, p 1.00", other = "name+dob"
        let patients = ["P1", "P2", "P3"].map { Patient(id: $0, origin: .register, identity: Identity(), usualProvider: nil, sourceTraceID: nil) }
        var memo = LinkageMemo(linkage: LinkageResult(patients: patients, links: [], unmatched: []), recorded: RecordedEvidence(NoEvidence()))
        memo.links = (0..<300).map { Link(traceID: Int64($0), patientID: ["P1", "P2", "P3"][$0 % 3], rule: $0 % 2 == 0 ? rule : other, weight: 0.5) }
        // A link to an id the list does not hold (none the linker gives) is kept all the same.
        memo.links.append(Link(traceID: 300, patientID: "NOT-LISTED", rule: rule, weight: 0.25))
        memo.unmatched = [(301, "no register patient fits"), (302, "no register patient fits")]
        let byID = TracesByID([])
        let bytes = memo.encoded(traces: byID)
        func occurrences(_ text: String) -> Int {
            let needle = Array(text.utf8)
            return bytes.indices.dropLast(needle.count - 1).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.count
        }
        #expect(occurrences(rule) == 1 && occurrences(other) == 1 && occurrences("no register patient fits") == 1)
        #expect(occurrences("P2") == 1, "a patient's id is written with the patients, and links name the place")
        #expect(bytes.count < 300 * 16, "300 links of a few bytes and a weight each (written out, a rule alone was 56 bytes a link)")
        let read = try LinkageMemo(decoding: bytes, traces: byID)
        #expect(read.links == memo.links)
        #expect(read.unmatched.map(\.reason) == memo.unmatched.map(\.reason))
        // A text's number past those written so far is damage, not a text.
        var writer = ByteRunWriter(), texts = MemoTexts.Writer()
        texts.write("a", into: &writer)
        writer.count(5)
        var input = ByteRunReader(writer.bytes), reader = MemoTexts.Reader()
        #expect(try reader.read(from: &input) == "a")
        #expect(throws: ByteRunError.self) { try reader.read(from: &input) }
        // So is a patient's place past the list and its one escape.
        var places = ByteRunWriter()
        places.count(4)
        var placesInput = ByteRunReader(places.bytes)
        #expect(throws: ByteRunError.self) { try PatientPlaces.read(from: &placesInput, ids: ["P1", "P2", "P3"]) }
    }

    @Test("what is kept reads back as the linker gave it: patients (merged from several traces too), links, unmatched, scores")
    func keptReadsBack() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try run(scenario, into: out, linker: CountingLinker())
        let playbook = try Playbook.load(scenario.playbookURL)
        var traces = try store(out).traces()
        ClinicianCodes.resolve(&traces, providers: playbook.providers)
        let byID = TracesByID(traces)
        let fingerprint = LinkageMemo.fingerprint(traces: traces, window: playbook.window, providers: playbook.providers,
                                                  callingCode: playbook.callingCode, linker: CountingLinker())
        let bytes = try #require(try store(out).linkageMemo(fingerprint: fingerprint), "the run kept its linking under the fingerprint of its inputs")
        let memo = try LinkageMemo(decoding: bytes, traces: byID)
        let linked = CaseLinker().link(traces: traces, window: playbook.window, providers: playbook.providers)
        #expect(memo.patients == linked.patients)
        #expect(memo.patients.contains { $0.origin == .traces }, "the drill has patients the register does not hold")
        #expect(memo.links == linked.links)
        #expect(memo.unmatched.map(\.traceID) == linked.unmatched.map(\.traceID))
        #expect(memo.unmatched.map(\.reason) == linked.unmatched.map(\.reason))
        let model = ModelEvidence(scoring: try #require(linked.scoring))
        #expect(!memo.probabilities.isEmpty && !memo.explanations.isEmpty)
        for (pair, kept) in memo.probabilities { #expect(kept == model.probability(trace: pair.trace, patient: pair.patient)) }
        for (pair, kept) in memo.explanations { #expect(kept == model.explanation(trace: pair.trace, patient: pair.patient)) }
        // Every link of a trace that is no register row was scored, and those below `sure` explained.
        let scored = Set(memo.probabilities.map(\.pair))
        for link in linked.links where byID[link.traceID]?.kind != .register {
            #expect(scored.contains(LinkageMemo.Pair(trace: link.traceID, patient: link.patientID)))
        }
        let explained = Set(memo.explanations.map(\.pair))
        for (pair, p) in memo.probabilities where (p ?? 1) < LinkReview.sure { #expect(explained.contains(pair)) }
        // Written again, the same bytes.
        #expect(memo.encoded(traces: byID) == bytes)
        // A patient whose identity is no one trace's is kept whole.
        var merged = memo
        merged.patients[0].identity.email = "kept.whole@example.org"
        #expect(try LinkageMemo(decoding: merged.encoded(traces: byID), traces: byID).patients[0] == merged.patients[0])
        // Another case's fingerprint finds nothing.
        #expect(try store(out).linkageMemo(fingerprint: "another") == nil)
    }
}

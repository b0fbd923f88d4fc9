import Foundation
import LacunaCore
import Linkage
import Store
import Synchronization
import Testing
@testable import Recovery

/// The case's linker, keeping for each linking the fingerprint of the model it was handed (nil: none),
/// of what its own model was trained on, and whether it had anything new to keep.
final class ModelWatchingLinker: PatientLinker {
    let seen = Mutex<[(kept: String?, trainedOn: String?, keeps: Bool)]>([])
    /// The last linking's model, to ask after the run whether its table was made.
    let scoring = Mutex<IdentityScoring?>(nil)

    func link(traces: [Trace], window: Window, providers: [Provider]) -> LinkageResult {
        link(traces: traces, window: window, providers: providers, kept: nil)
    }

    func link(traces: [Trace], window: Window, providers: [Provider], kept: KeptModel?) -> LinkageResult {
        let result = CaseLinker().link(traces: traces, window: window, providers: providers, kept: kept)
        seen.withLock { $0.append((kept?.trainedOn, result.scoring?.trainedOn, result.toKeep != nil)) }
        scoring.withLock { $0 = result.scoring }
        return result
    }

    var last: (kept: String?, trainedOn: String?, keeps: Bool)? { seen.withLock { $0.last } }
}

/// Issue 20: a run after a new file takes back the model the case kept where the file gives no
/// identity the case lacks (`ModelMemo`, `KeptModel`), trains again where it does, and either way ends
/// where a case that had the file from the start ends.
@Suite("The model kept in the case")
struct ModelMemoTests {
    let incremental = IncrementalRunTests()

    func run(_ scenario: Scenario, into out: URL, linker: any PatientLinker = CaseLinker()) throws -> RunOutcome {
        var run = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        run.work.now = IncrementalRunTests.now
        run.linker = linker
        return try run.run()
    }

    /// A lab file of the drill's, written again as `name` by `change` (its text in, its text out).
    func labFile(_ scenario: Scenario, as name: String, _ change: (String) -> String) throws {
        let lab = scenario.folder.appendingPathComponent("sources/lab")
        let plain = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.path).sorted().first { !$0.contains("mllp") })
        let text = try String(contentsOf: lab.appendingPathComponent(plain), encoding: .utf8)
        let changed = change(text)
        #expect(changed != text)
        try changed.write(to: lab.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Every message's control id (MSH-10) with an X after it: the same results sent again as new messages.
    static func newMessageIDs(_ text: String) -> String {
        text.replacing(/(^|[\r\n])(MSH\|(?:[^|\r\n]*\|){8})/.matchingSemantics(.unicodeScalar)) { match in match.output.1 + match.output.2 + "X" }
    }

    /// A case run, changed by `between` (its sources, its case file), run again, and held to a case run
    /// once on the same inputs; what the linker saw the first time and the second.
    func runTwice(linker: ModelWatchingLinker = ModelWatchingLinker(), _ between: (Scenario, URL) throws -> Void)
        throws -> (first: (kept: String?, trainedOn: String?, keeps: Bool), second: (kept: String?, trainedOn: String?, keeps: Bool)) {
        let scenario = try Scenario(seed: 5, patients: 150)
        let stepwise = scenario.folder.appendingPathComponent("stepwise"), once = scenario.folder.appendingPathComponent("once")
        _ = try run(scenario, into: stepwise, linker: linker)
        let first = try #require(linker.last)
        try between(scenario, stepwise)
        let after = try run(scenario, into: stepwise, linker: linker)
        #expect(after.view.sources.first { $0.kind == .lab }.map { $0.imported } ?? 0 > 0)
        #expect(linker.seen.withLock { $0.count } == 2, "the new file was not linked")
        let second = try #require(linker.last)
        _ = try run(scenario, into: once)
        try incremental.expectSame(stepwise, once)
        return (first, second)
    }

    @Test("a lab's results sent again as new messages: the model, its scores and its answers taken back, its table never made, the memo left as it was; and the same as a case that had them from the start")
    func sameIdentitiesTakeTheModelBack() throws {
        let linker = ModelWatchingLinker()
        var memo: [UInt8] = []
        let (first, second) = try runTwice(linker: linker) { scenario, stepwise in
            memo = try #require(try CaseStore(path: stepwise.appendingPathComponent("case.sqlite").path).modelMemo()).body
            try labFile(scenario, as: "zz-again.hl7", Self.newMessageIDs)
        }
        #expect(first.kept == nil)
        #expect(second.kept == first.trainedOn && second.trainedOn == first.trainedOn, "the model was not taken back")
        #expect(first.keeps && !second.keeps, "the results' identities were scored again")
        let scoring = try #require(linker.scoring.withLock { $0 })
        #expect(!scoring.answersGiven.weights.isEmpty, "the review asked the model nothing")
        #expect(!scoring.tableMade, "the model's table was made for answers the case kept")
        let kept = try #require(ModelMemo.kept(fingerprint: second.trainedOn ?? "", body: memo))
        #expect(kept.answers == scoring.answersGiven)
    }

    @Test("a file naming people the case has not met: trained again, and the same as a case that had it from the start")
    func newIdentitiesTrainAgain() throws {
        let (first, second) = try runTwice { scenario, _ in
            // Every patient's family name (PID-5) written another way, in new messages.
            try labFile(scenario, as: "zz-renamed.hl7") { text in
                Self.newMessageIDs(text).replacing(/(^|[\r\n])(PID\|(?:[^|\r\n]*\|){4}[^|^\r\n]+)/.matchingSemantics(.unicodeScalar)) {
                    match in match.output.1 + match.output.2 + "ZZ"
                }
            }
        }
        #expect(second.kept == first.trainedOn)
        #expect(second.trainedOn != first.trainedOn, "new identities left the model as it was")
        #expect(second.keeps)
    }

    @Test("a damaged memo is not taken back: the case trains again and ends where a fresh case does")
    func damagedMemo() throws {
        let (_, second) = try runTwice { scenario, stepwise in
            let store = try CaseStore(path: stepwise.appendingPathComponent("case.sqlite").path)
            let kept = try #require(try store.modelMemo())
            try store.database.run("UPDATE model_memo SET body = ?", [.blob(Array(kept.body.dropLast(3)))])
            try labFile(scenario, as: "zz-again.hl7", Self.newMessageIDs)
        }
        #expect(second.kept == nil && second.keeps)
    }

    @Test("linking keeps its model and hands on none: what the rest of the run uses of linking is its links, patients and reviews, and the model, its table and its answers are let go")
    func modelLetGoAfterLinking() throws {
        let scenario = try Scenario(seed: 5, patients: 150)
        let out = scenario.folder.appendingPathComponent("out")
        _ = try run(scenario, into: out)
        var caseRun = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: out)
        caseRun.work.now = IncrementalRunTests.now
        let store = try CaseStore(path: out.appendingPathComponent("case.sqlite").path)
        // Linked afresh (no linkage kept), with the model the case keeps: the model was there to ask.
        try store.database.run("DELETE FROM linkage_memo")
        let watching = ModelWatchingLinker()
        caseRun.linker = watching
        let linked = try caseRun.link(try store.traces(), decisions: [:], store: store)
        #expect(try #require(watching.scoring.withLock { $0 }).modelTakenBack)
        #expect(!linked.linkage.links.isEmpty)
        #expect(linked.linkage.scoring == nil, "the model is handed on past linking, and held to the end of the run")
        #expect(linked.linkage.toKeep == nil)
    }

    @Test("a memo reads back bit for bit; damaged, lengthened or written by another program, it is not read")
    func memoBytes() throws {
        let parameters = FellegiSunterParameters(lambda: 0.1 + 0.2, m: [[0.9, 0.07, 0.03], [1.0 / 3, 2.0 / 3]],
                                                 u: [[1e-5, 0.2, 0.79999], [0.5, 0.5]])
        let scores: [ModelScores?] = [
            ModelScores(scored: [(3, 12.5, MatchModel.probability(weight: 12.5)), (0, -0.1, MatchModel.probability(weight: -0.1))],
                        rule: "model: NHI+date of birth, p 1.00"),
            nil, ModelScores(scored: [], rule: nil), ModelScores(scored: [(7, 1.0 / 3, MatchModel.probability(weight: 1.0 / 3))], rule: nil),
            ModelScores(scored: [(5, 12.5, MatchModel.probability(weight: 12.5))], rule: "model: NHI+date of birth, p 1.00"),
        ]
        let why = MatchExplanation(prior: -9.3, steps: [
            MatchExplanation.Step(comparison: "family name", level: "exact", weight: 8.25, frequencyAdjustment: -1.0 / 3),
            MatchExplanation.Step(comparison: "email", level: "missing", weight: 0, frequencyAdjustment: 0),
        ])
        let answers = ModelAnswers(weights: [ModelPair(patientRow: 3, identity: 0): 12.5, ModelPair(patientRow: 0, identity: 2): -1.0 / 3,
                                             ModelPair(patientRow: 70_000, identity: 1): .infinity],
                                   explanations: [ModelPair(patientRow: 0, identity: 2): why])
        let kept = KeptModel(trainedOn: "f", parameters: parameters, scores: scores, answers: answers)
        let body = ModelMemo.encoded(kept)
        let read = try #require(ModelMemo.kept(fingerprint: "f", body: body))
        #expect(read == kept)
        // A rule two identities share is written once (a few dozen rules name every identity).
        let rule = Array("model: NHI+date of birth, p 1.00".utf8)
        #expect(body.indices.dropLast(rule.count - 1).filter { body[$0..<($0 + rule.count)].elementsEqual(rule) }.count == 1)
        #expect(read.answers.weights[ModelPair(patientRow: 0, identity: 2)]?.bitPattern == (-1.0 / 3).bitPattern)
        // The same answers, however they were gathered: the same bytes.
        var gatheredOtherwise = ModelAnswers()
        gatheredOtherwise.weights.reserveCapacity(1_000)
        for (pair, weight) in answers.weights.reversed() { gatheredOtherwise.weights[pair] = weight }
        gatheredOtherwise.explanations = answers.explanations
        #expect(ModelMemo.encoded(KeptModel(trainedOn: "f", parameters: parameters, scores: scores, answers: gatheredOtherwise)) == body)
        // Probabilities as scoring works them out, to the bit.
        #expect(read.scores[0]?.scored.map(\.probability.bitPattern) == scores[0]?.scored.map(\.probability.bitPattern))
        #expect(ModelMemo.kept(fingerprint: "f", body: Array(body.dropLast())) == nil)
        #expect(ModelMemo.kept(fingerprint: "f", body: body + [0]) == nil)
        var other = ByteRunWriter()
        other.text(ModelMemo.format)
        other.text("program /elsewhere/lacuna 1 2.3 4")
        var rest = ByteRunReader(body)
        _ = try rest.text()
        _ = try rest.text()
        let tail = Array(body[rest.offset...])
        #expect(ModelMemo.kept(fingerprint: "f", body: other.bytes + tail) == nil)
        #expect(ModelMemo.kept(fingerprint: "f", body: Array(body.prefix(rest.offset)) + tail) != nil)
    }
}

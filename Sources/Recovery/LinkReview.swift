import Foundation
import Importing
import LacunaCore
import Linkage
import Reports
import Store

/// Review of uncertain links. Every link of a trace that names someone is scored by the probabilistic
/// model (register patients against traces, trained on the case itself); links the model is not sure
/// of are listed in `review.csv` with their match weights. A person writes `confirm` or `reject` in
/// the `decision` column; the next run stores it in the case (`review_decision`) and applies it, and
/// so does every run after, whatever the linker decides.
enum LinkReview {
    /// Below this model probability a link is listed for review.
    static let sure = 0.95

    /// Decisions written into the last `review.csv`, stored in the case. Returns how many were new.
    static func collectDecisions(from file: URL, store: CaseStore, person: String) throws -> Int {
        guard let data = FileManager.default.contents(atPath: file.path) else { return 0 }
        let document = CSVReader.read(Array(data))
        guard let header = document.records.first?.fields,
              let keyColumn = header.firstIndex(of: "trace_key"), let patientColumn = header.firstIndex(of: "patient_id"),
              let decisionColumn = header.firstIndex(of: "decision") else { return 0 }
        let known = try store.linkDecisions()
        var recorded = 0
        for record in document.records.dropFirst() {
            let fields = record.fields
            guard fields.count > max(keyColumn, patientColumn, decisionColumn),
                  let decision = normalised(fields[decisionColumn]) else { continue }
            let key = "\(fields[keyColumn])|\(fields[patientColumn])"
            if known[key] == decision { continue }
            try store.recordLinkDecision(key: key, decision: decision, by: person, note: "review.csv")
            recorded += 1
        }
        return recorded
    }

    /// `confirm`/`reject` from what people write: yes, no, y, n, ok, wrong…
    static func normalised(_ text: String) -> String? {
        switch text.trimmingSpaces.lowercased() {
        case "confirm", "confirmed", "yes", "y", "ok", "right", "correct", "c": return "confirm"
        case "reject", "rejected", "no", "n", "wrong", "incorrect", "r": return "reject"
        default: return nil
        }
    }

    /// Scores the links, applies the stored decisions, and lists what a person should review.
    static func review(_ linkage: LinkageResult, traces: [Trace], decisions: [String: String]) -> (LinkageResult, [LinkReviewItem]) {
        let byID = Dictionary(uniqueKeysWithValues: traces.compactMap { t in t.id.map { ($0, t) } })
        // The linker's own model where it has one; else one trained here on the same terms.
        let scoring = linkage.scoring ?? IdentityScoring(patients: linkage.patients,
                                                         traces: linkage.links.compactMap { byID[$0.traceID] })

        var result = linkage
        var items: [LinkReviewItem] = []
        var kept: [Link] = []
        var rejectedTraces: Set<Int64> = []
        for var link in linkage.links {
            guard let trace = byID[link.traceID] else { kept.append(link); continue }
            let decision = decisions["\(trace.contentKey)|\(link.patientID)"] ?? ""
            if decision == "reject" {
                rejectedTraces.insert(link.traceID)
            } else {
                if decision == "confirm" {
                    link.weight = max(link.weight, 0.99)
                    link.rule += "; confirmed in review"
                }
                kept.append(link)
            }
            // Only links a person should see are explained; the rest need their probability alone.
            guard trace.kind != .register, let probability = scoring.probability(trace: link.traceID, patient: link.patientID),
                  probability < sure || !decision.isEmpty,
                  let why = scoring.explain(trace: link.traceID, patient: link.patientID) else { continue }
            items.append(LinkReviewItem(
                traceID: link.traceID, traceKey: trace.contentKey, source: trace.file, locator: trace.locator.description,
                patientID: link.patientID, rule: link.rule, linkWeight: link.weight, matchProbability: why.probability,
                explanation: why.steps.filter { $0.level != "missing" }
                    .map { "\($0.comparison): \($0.level) \(String(format: "%+.1f", $0.weight + $0.frequencyAdjustment))" }
                    .joined(separator: "; "),
                explanationHTML: why.html, decision: decision))
        }
        let stillLinked = Set(kept.map(\.traceID))
        for traceID in rejectedTraces where !stillLinked.contains(traceID) {
            result.unmatched.append((traceID, "link rejected in review"))
        }
        result.links = kept
        return (result, items)
    }
}

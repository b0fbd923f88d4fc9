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

    /// The columns of `review.csv` a decision needs, with the header words people use.
    static let meanings: HeaderMap.Synonyms = [
        "trace_key": ["trace key"], "patient_id": ["patient id", "patient"], "decision": ["decision", "confirm or reject", "decided"],
    ]

    /// Decisions written into the last `review.csv`, stored in the case: how many were new, and what
    /// was said of the file (broken rows and words not understood, by line; never what was typed).
    static func collectDecisions(from file: URL, store: CaseStore, person: String) throws -> (recorded: Int, messages: [String]) {
        guard let data = FileManager.default.contents(atPath: file.path) else { return (0, []) }
        let bytes = [UInt8](data)
        let sha = SHA256.hex(bytes: bytes)
        let name = "review.csv"
        if try store.sheetSeen(name)?.sha256 == sha { return (0, []) }
        defer { try? store.markSheetSeen(name, sha256: sha, written: false) }
        let stamp = (try? FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)?.isoUTC
        guard let sheet = EditedSheet.read(bytes, meanings: meanings, required: "decision"),
              sheet.rows.allSatisfy({ $0.values["trace_key"] != nil && $0.values["patient_id"] != nil }) else {
            let kept = try store.keepFile(name, bytes: bytes, modifiedAt: stamp, reason: "no decision, trace_key or patient_id column found")
            return (0, ["\(name): the `decision`, `trace_key` or `patient_id` column is missing, so no decision in it was read; the file is kept in the case (kept file \(kept)); put the header row back and run again"])
        }
        var messages = sheet.brokenLines.map { "\(name) line \($0): the row could not be read (a stray quote?), so its decision was not recorded" }
        let known = try store.linkDecisions()
        var recorded = 0
        for row in sheet.rows {
            let text = row.values["decision"] ?? ""
            guard !text.isEmpty else { continue }
            guard let decision = normalised(text) else {
                messages.append("\(name) line \(row.line): the decision is neither confirm nor reject; not applied (the file is kept in the case)")
                continue
            }
            let key = "\(row.values["trace_key"] ?? "")|\(row.values["patient_id"] ?? "")"
            if known[key] == decision { continue }
            try store.recordLinkDecision(key: key, decision: decision, by: person, note: "\(name) line \(row.line)")
            recorded += 1
        }
        if recorded > 0 || !messages.isEmpty {
            let kept = try store.keepFile(name, bytes: bytes, modifiedAt: stamp, reason: "held what people typed")
            messages.append("\(name): \(recorded) decision(s) recorded; the file as saved is kept in the case (kept file \(kept))")
        }
        return (recorded, messages)
    }

    /// `confirm`/`reject` from what people write: yes, no, y, n, ok, wrong…
    static func normalised(_ text: String) -> String? {
        switch text.trimmingSpaces.lowercased() {
        case "confirm", "confirmed", "yes", "y", "ok", "right", "correct", "c": return "confirm"
        case "reject", "rejected", "no", "n", "wrong", "incorrect", "r": return "reject"
        default: return nil
        }
    }

    /// Scores the links, applies the stored decisions, and lists what a person should review. The
    /// scores are `evidence`'s where given (the answers kept from the last run); else the linker's own
    /// model's; else a model trained here on the same terms.
    static func review(_ linkage: LinkageResult, traces: [Trace], decisions: [String: String],
                       evidence: (any LinkEvidence)? = nil) -> (LinkageResult, [LinkReviewItem]) {
        let byID = TracesByID(traces)
        let scoring = evidence ?? ModelEvidence(scoring: linkage.scoring ?? IdentityScoring(patients: linkage.patients,
                                                                                             traces: linkage.links.compactMap { byID[$0.traceID] }))

        var result = linkage
        var items: [LinkReviewItem] = []
        // Where nobody has decided anything (most runs) the links stay as they are, not copied one by one
        // (a list grown by doubling: 25 MB at 100,000 patients, held to the run's end beside the links).
        let deciding = !decisions.isEmpty
        var kept: [Link] = []
        if deciding { kept.reserveCapacity(linkage.links.count) }
        var rejectedTraces: Set<Int64> = []
        for var link in linkage.links {
            guard let trace = byID[link.traceID] else {
                if deciding { kept.append(link) }
                continue
            }
            // The key is made only where someone decided something.
            let decision = deciding ? decisions["\(trace.contentKey)|\(link.patientID)"] ?? "" : ""
            if decision == "reject" {
                rejectedTraces.insert(link.traceID)
            } else if deciding {
                if decision == "confirm" {
                    link.weight = max(link.weight, 0.99)
                    link.rule += "; confirmed in review"
                }
                kept.append(link)
            }
            // Only links a person should see are explained; the rest need their probability alone.
            guard trace.kind != .register, let probability = scoring.probability(trace: link.traceID, patient: link.patientID),
                  probability < sure || !decision.isEmpty,
                  let why = scoring.explanation(trace: link.traceID, patient: link.patientID) else { continue }
            items.append(LinkReviewItem(
                traceID: link.traceID, traceKey: trace.contentKey, source: trace.file, locator: trace.locator.description,
                patientID: link.patientID, rule: link.rule, linkWeight: link.weight, matchProbability: why.probability,
                explanation: why.text, explanationHTML: why.html, decision: decision))
        }
        guard deciding else { return (result, items) }
        let stillLinked = Set(kept.map(\.traceID))
        for traceID in rejectedTraces where !stillLinked.contains(traceID) {
            result.unmatched.append((traceID, "link rejected in review"))
        }
        result.links = kept
        return (result, items)
    }
}

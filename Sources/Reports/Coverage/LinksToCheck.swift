import LacunaCore

extension CoverageReport {
    /// Links under review shown in the report; the rest are in `review.csv`.
    static let reviewRows = 200
    /// Of those, the ones whose weights are folded in beside them (the least sure, which a person reads
    /// first); `review.csv`'s `why` has every link's. A large case's page stays a page, not megabytes
    /// of folded tables.
    static let weightRows = 50

    /// Links a person should confirm or reject, least likely first: who the source named, who it was
    /// tied to, how sure the model is and why, and the candidates that rest on it. A link under review
    /// is applied (a patient missed costs more than a call that finds the wrong one), never silently:
    /// the candidates on it say so on the worksheet and in candidates.csv.
    static func linksToCheck(_ view: CaseView) -> String {
        guard !view.reviews.isEmpty else { return "" }
        let open = view.reviews.filter { $0.decision.isEmpty }
            .sorted { ($0.matchProbability, $0.traceKey, $0.patientID) < ($1.matchProbability, $1.traceKey, $1.patientID) }
        var h = "<h2 id=links>Links to check</h2>\n<p>\(open.count) link(s) wait for a person; \(view.reviews.count - open.count) decided. "
            + "Each ties a record that named someone to a patient the model is not sure of. Write <i>confirm</i> or <i>reject</i> in the "
            + "decision column of <a href=\"review.csv\">review.csv</a> and run again: decisions are kept in the case.</p>\n"
        guard !open.isEmpty else { return h }
        var candidates: [Int64: [String]] = [:]
        for (rank, encounter) in view.rankedEncounters.enumerated() {
            for item in view.uncheckedLinks(of: encounter) {
                candidates[item.traceID, default: []].append("#\(rank + 1) \(DateWords.shortDay(encounter.date))")
            }
        }
        h += "<table class=links><tr><th>sure</th><th>the source said</th><th>tied to</th><th>why</th><th>candidates on it</th></tr>\n"
        for (row, item) in open.prefix(reviewRows).enumerated() {
            let trace = view.traces[item.traceID]
            let said = trace.map { "\(EvidenceWords.sourceName($0.kind)): " + escape(CaseReports.known($0.identity, trace: $0)) } ?? "trace \(item.traceID)"
            let place = trace.map { "<div class=src>\(escape($0.file)) \(escape($0.locator.description))</div>" } ?? ""
            let patient = view.patients[item.patientID].map { patientWords($0.identity, id: $0.id) } ?? escape(item.patientID)
            // Rounded down: a link listed because it is under 95% never reads as 95%.
            let sure = "\(Int((item.matchProbability * 100).rounded(.down)))%"
            h += "<tr><td class=\(item.matchProbability < 0.5 ? "unlikely" : "maybe")>\(sure)</td><td class=l>\(said)\(place)</td><td class=l>\(patient)</td>"
                + "<td class=l>\(escape(EvidenceWords.why(item.rule)))"
                + (row < weightRows ? "<details><summary>weights</summary>\(item.explanationHTML)</details>" : "") + "</td>"
                + "<td class=l>\((candidates[item.traceID] ?? ["none"]).joined(separator: ", "))</td></tr>\n"
        }
        h += "</table>\n"
        if open.count > weightRows {
            h += "<p>Weights are folded in beside the first \(weightRows); every link's are in the <i>why</i> column of <a href=\"review.csv\">review.csv</a>.</p>\n"
        }
        if open.count > reviewRows { h += "<p>… and \(open.count - reviewRows) more in <a href=\"review.csv\">review.csv</a>.</p>\n" }
        return h
    }
}

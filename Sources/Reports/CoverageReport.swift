import LacunaCore

/// `report.html`: what each source gave, what was linked and what is left over, and the candidates per
/// day by tier. Self-contained: no script, no external file, prints on A4.
enum CoverageReport {
    static func html(_ view: CaseView) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Coverage: \(escape(view.caseName))</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}
        td:first-child,th:first-child,td.l{text-align:left}th{background:#eee}.warn{color:#8a4b00}
        @page{size:A4;margin:15mm}
        </style></head><body>
        <h1>\(escape(view.practiceName)): \(escape(view.caseName))</h1>
        <p>Lost window: \(view.window.from) to \(view.window.to). \(view.encounters.count) candidate encounters,
        \(view.unmatched.count) traces tied to no patient, \(view.rejects.count) records that could not be read.</p>
        <h2>Sources</h2>
        <table><tr><th>kind</th><th>path</th><th>files</th><th>read</th><th>imported</th><th>duplicates</th><th>rejected</th><th>linked</th><th>left over</th></tr>

        """
        for s in view.sources {
            let status = s.status == "imported" ? "" : " <span class=warn>(\(escape(s.status)))</span>"
            h += "<tr><td>\(s.kind.rawValue)\(status)</td><td class=l>\(escape(s.path))</td><td>\(s.files)</td><td>\(s.read)</td><td>\(s.imported)</td><td>\(s.duplicates)</td><td>\(s.rejected)</td><td>\(s.linked)</td><td>\(max(0, s.imported - s.linked))</td></tr>\n"
        }
        h += "</table>\n<h2>Candidates per day</h2>\n<table><tr><th>date</th><th>confirmed</th><th>probable</th><th>possible</th></tr>\n"
        for date in view.window.dates {
            let on = view.encounters.filter { $0.date == date }
            h += "<tr><td>\(date)</td>" + Tier.allCases.map { tier in "<td>\(on.filter { $0.tier == tier }.count)</td>" }.joined() + "</tr>\n"
        }
        h += "</table>\n"
        h += settlements(view)
        h += candidates(view)
        h += reviews(view)
        let warnings = view.sources.flatMap(\.warnings)
        if !warnings.isEmpty {
            h += "<h2>Warnings</h2>\n<ul>\n" + warnings.map { "<li class=warn>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        h += "</body></html>\n"
        return h
    }

    /// Every candidate in rank order, and why: the traces behind it as a waterfall (folded; no script).
    static func candidates(_ view: CaseView) -> String {
        guard !view.encounters.isEmpty else { return "" }
        var h = "<h2>Candidates and why</h2>\n<p>Each candidate's traces, where they came from, and what each weighed.</p>\n"
        for (rank, encounter) in view.rankedEncounters.enumerated() {
            let why = EncounterExplanation(encounter, reference: view.reference)
            h += "<details><summary>\(rank + 1). patient \(escape(encounter.patientID)), \(encounter.date), "
                + "\(encounter.tier.rawValue) \(String(format: "%.2f", encounter.confidence))</summary>\n\(why.html)\n</details>\n"
        }
        return h
    }

    /// Links to review: the model's probability and why, as a waterfall of match weights.
    static func reviews(_ view: CaseView) -> String {
        let open = view.reviews.filter { $0.decision.isEmpty }
        guard !view.reviews.isEmpty else { return "" }
        var h = "<h2>Links to review</h2>\n<p>\(open.count) link(s) in the grey zone wait for a person; "
            + "\(view.reviews.count - open.count) decided. Write <i>confirm</i> or <i>reject</i> in the decision column of "
            + "review.csv and run again: decisions are kept in the case.</p>\n"
        for item in open.prefix(40) {
            h += "<h3 style=\"font-size:13px\">trace \(item.traceID) (\(escape(item.source)) \(escape(item.locator))) → patient \(escape(item.patientID)): "
                + String(format: "%.0f%%", item.matchProbability * 100) + "</h3>\n" + item.explanationHTML + "\n"
        }
        if open.count > 40 { h += "<p>… and \(open.count - 40) more in review.csv.</p>\n" }
        return h
    }

    /// The card settlements against the terminal exports, gaps first.
    static func settlements(_ view: CaseView) -> String {
        guard !view.settlements.isEmpty else { return "" }
        let gaps = view.settlements.filter(\.isGap)
        var h = "<h2>Card settlements</h2>\n<p>\(view.settlements.count - gaps.count) settlement line(s) match the terminal takings; "
        h += gaps.isEmpty ? "nothing is missing.</p>\n" : "<span class=warn>\(gaps.count) do not</span>: a terminal export or a bank statement to ask for, or a day that does not add up.</p>\n"
        h += "<table><tr><th>bank date</th><th>terminal</th><th>bank</th><th>terminal takings</th><th>takings of</th><th>state</th><th>what it means</th></tr>\n"
        for check in gaps + view.settlements.filter({ !$0.isGap }) {
            let state = check.isGap ? "<span class=warn>\(check.state.rawValue)</span>" : check.state.rawValue
            h += "<tr><td>\(check.bankDate?.description ?? "")</td><td class=l>\(escape(check.terminal ?? "?"))</td>"
            h += "<td>\(check.bankCents.map(Money.format) ?? "")</td><td>\(check.terminalCents.map(Money.format) ?? "")</td>"
            h += "<td class=l>\(check.takingsDates.map(\.description).joined(separator: ", "))</td><td class=l>\(state)</td>"
            h += "<td class=l>\(escape(check.note))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

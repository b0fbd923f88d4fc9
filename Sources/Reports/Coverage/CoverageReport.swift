import LacunaCore

/// `report.html`: what each source gave, what was linked and what is left over, and the candidates per
/// day by tier. Self-contained: no script, no external file, prints on A4.
enum CoverageReport {
    /// Files and sources that gave nothing, first: they are what the practice must fix.
    static func errors(_ view: CaseView) -> String {
        let errors = view.sources.flatMap(\.errors)
        guard !errors.isEmpty else { return "" }
        return "<h2 class=err id=not-read>Not read</h2>\n<ul>\n" + errors.map { "<li class=err>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// How each file was read: the layout or that it was inferred, the header, each column's role and why.
    static func readings(_ view: CaseView) -> String {
        let lines = view.sources.flatMap { source in source.readings.map { (source.kind, $0) } }
        guard !lines.isEmpty else { return "" }
        var h = "<h3>How each file was read</h3>\n<p>Columns are found by what their headers say and what their cells hold; a known "
            + "layout or a rules file only adds to the evidence. Check a file whose reading looks wrong with <code>lacuna inspect FILE</code> "
            + "and name its columns with <code>columns:</code> or a rules file.</p>\n<table><tr><th>kind</th><th>file and how it was read</th></tr>\n"
        for (kind, line) in lines {
            h += "<tr><td>\(kind.rawValue)</td><td class=l>\(escape(line))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    static let style = """
    body{font:14px/1.45 system-ui,"DejaVu Sans",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
    h1{margin-bottom:0.2em}h2{margin-top:1.6em;border-bottom:2px solid #ddd;padding-bottom:2px}h3{margin-bottom:0.3em}
    table{border-collapse:collapse;margin:0.6em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right;vertical-align:top}
    td:first-child,th,td.l{text-align:left}th{background:#eee}.warn{color:#8a4b00}.err{color:#b00020}
    .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:10px;margin:0.8em 0}
    .tile{display:block;border:1px solid #bbb;border-radius:6px;padding:8px 10px;color:#222;text-decoration:none;background:#fafafa}
    .tile b{display:block;font-size:26px;line-height:1.1}.tile span{display:block;font-weight:600}.tile small{color:#555}
    .tile.alarm{border-color:#b71c1c;background:#fdecea}.tile.alarm b{color:#b71c1c}
    .since{background:#f1f8e9;border-left:4px solid #7cb342;padding:6px 10px}
    ol.steps li{margin:0.35em 0}
    td.critical{background:#b71c1c;color:#fff;font-weight:600}td.abnormal{background:#ffe0b2}
    td.unlikely{background:#fdecea;color:#b71c1c;font-weight:600}td.maybe{background:#fff8e1}
    .src{color:#666;font-size:12px}details summary{cursor:pointer;color:#555;font-size:12px}
    .it{color:#555}
    @page{size:A4;margin:15mm}
    @media print{body{margin:0;max-width:none}.tile{break-inside:avoid}}
    """

    static func html(_ view: CaseView, glance given: AtAGlance? = nil, options: WorkOptions = WorkOptions()) -> String {
        let glance = given ?? AtAGlance(view, options: options)
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(view.practiceName)): \(escape(view.caseName))</title>
        <style>\(style)</style></head><body>
        <h1>\(escape(view.practiceName)): \(escape(view.caseName))</h1>
        <p>The lost days: <b>\(escape(DateWords.window(view.window)))</b>. Made \(escape(DateWords.instant(options.now, clock: options.clock))).</p>

        """
        h += glance.html(view, options: options)
        h += lostInbox(view)
        h += linksToCheck(view)
        h += calls(view, glance: glance)
        h += errors(view)
        h += checklist(glance.checklist)
        h += "<h2>Sources</h2>\n<table><tr><th>kind</th><th>path</th><th>files</th><th>read</th><th>imported</th><th>duplicates</th><th>rejected</th><th>linked</th><th>unmatched</th><th>about no one</th></tr>\n"
        for s in view.sources {
            let status = s.status == "imported" ? "" : " <span class=warn>(\(escape(s.status)))</span>"
            h += "<tr><td>\(s.kind.rawValue)\(status)</td><td class=l>\(escape(s.path))</td><td>\(s.files)</td><td>\(s.read)</td><td>\(s.imported)</td><td>\(s.duplicates)</td><td>\(s.rejected)</td><td>\(s.linked)</td><td>\(s.unmatched)</td><td>\(max(0, s.imported - s.linked - s.unmatched))</td></tr>\n"
        }
        h += "</table>\n<p>Read = imported + duplicates + rejected. <i>Unmatched</i> traces name someone the case could not tie to a patient "
            + "(unmatched.csv, for reception to chase); <i>about no one</i> are records that name nobody (settlement lines, fees). "
            + "Each bar below is one source's records as shares; the number after it is how many were read.</p>\n"
        h += SVGCharts.horizontalBars(
            rows: view.sources.map { s in (s.kind.rawValue, [s.linked, s.unmatched, max(0, s.imported - s.linked - s.unmatched), s.duplicates, s.rejected]) },
            series: [.init(label: "linked", colour: "#2e7d32"), .init(label: "unmatched", colour: "#ef6c00"),
                     .init(label: "about no one", colour: "#9e9e9e"), .init(label: "duplicate", colour: "#90caf9"),
                     .init(label: "rejected", colour: "#c62828")]) + "\n"
        h += "<h2>Candidates per day</h2>\n<table><tr><th>date</th><th>confirmed</th><th>probable</th><th>possible</th></tr>\n"
        for date in view.window.dates {
            let on = view.encounters.filter { $0.date == date }
            h += "<tr><td>\(DateWords.shortDay(date))</td>" + Tier.allCases.map { tier in "<td>\(on.filter { $0.tier == tier }.count)</td>" }.joined() + "</tr>\n"
        }
        h += "</table>\n"
        h += SVGCharts.columns(
            groups: view.window.dates.map { date in
                let on = view.encounters.filter { $0.date == date }
                return (DateWords.day(date, year: false),
                        Tier.allCases.map { tier in on.filter { $0.tier == tier }.count })
            },
            series: [.init(label: "confirmed", colour: "#2e7d32"), .init(label: "probable", colour: "#f9a825"),
                     .init(label: "possible", colour: "#bdbdbd")]) + "\n"
        h += settlements(view)
        h += residual(view)
        h += "<h2 class=it>For IT: how the case was made</h2>\n"
        h += readings(view)
        let warnings = view.sources.flatMap(\.warnings)
        if !warnings.isEmpty {
            h += "<h3>Warnings</h3>\n<ul>\n" + warnings.map { "<li class=warn>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        h += candidates(view)
        h += "</body></html>\n"
        return h
    }

    /// The calls per clinician: patients, evenings, and how many are reached or closed.
    static func calls(_ view: CaseView, glance: AtAGlance) -> String {
        var h = "<h2 id=calls>Calls per clinician</h2>\n"
        guard !glance.clinicians.isEmpty else { return h + "<p>No candidate to call.</p>\n" }
        h += "<table><tr><th>clinician</th><th>patients</th><th>reached or closed</th><th>still to call</th><th>worksheets</th></tr>\n"
        for c in glance.clinicians {
            let sheets = c.evenings.enumerated().map { "<a href=\"\($1)\">evening \($0 + 1)</a>" }.joined(separator: " ")
            h += "<tr><td class=l>\(escape(c.name))</td><td>\(c.patients)</td><td>\(c.done)</td><td>\(c.patients - c.done)</td>"
                + "<td class=l>\(sheets) · <a href=\"\(c.csv)\">CSV</a></td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// The sources to ask for and how far each has come; letters for the rest are in `requests/`.
    static func checklist(_ list: SourceChecklist) -> String {
        var h = "<h2 id=requests>Sources to ask for</h2>\n<table><tr><th>source</th><th>state</th><th>what was found</th><th>letter</th></tr>\n"
        for item in list.items {
            let state = item.state == .received ? item.state.rawValue : "<span class=warn>\(item.state.rawValue)</span>"
            let letter = item.state == .received ? "" : "<a href=\"requests/\(item.key).txt\">requests/\(item.key).txt</a>"
            h += "<tr><td class=l>\(escape(item.title))</td><td class=l>\(state)</td><td class=l>\(escape(item.note))</td><td class=l>\(letter)</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// Traces nobody explains: tied to no patient, or tied to one but supporting no candidate and no
    /// lost inbox item. These are what is still unexplained.
    static func residual(_ view: CaseView) -> String {
        var explained = Set<Int64>()
        for encounter in view.encounters { for evidence in encounter.evidence { explained.insert(evidence.traceID) } }
        for item in view.inboxItems { explained.formUnion(item.traceIDs) }
        let unmatchedIDs = Set(view.unmatched.map(\.traceID))
        let window = view.window
        let quiet: Set<SourceKind> = [.register, .ledger]
        let residual = view.traces.values.filter { trace in
            guard let id = trace.id, !explained.contains(id), !quiet.contains(trace.kind) else { return false }
            if unmatchedIDs.contains(id) { return true }
            guard view.links[id] != nil, let time = trace.time else { return false }
            return window.contains(time.localDate)
        }.sorted { ($0.kind, $0.file, $0.locator.byteOffset ?? 0, $0.id ?? 0) < ($1.kind, $1.file, $1.locator.byteOffset ?? 0, $1.id ?? 0) }
        var h = "<h2>What is still unexplained</h2>\n"
        guard !residual.isEmpty else { return h + "<p>Every trace of the lost days is tied to a candidate or a lost inbox item.</p>\n" }
        let byKind = Dictionary(grouping: residual, by: \.kind)
        h += "<p>\(residual.count) trace(s) support no candidate and no lost inbox item: "
            + byKind.keys.sorted().map { "\(byKind[$0]!.count) \($0.rawValue)" }.joined(separator: ", ")
            + ". Those tied to no patient are in unmatched.csv; the others are tied to a patient but say nothing about a visit in the lost days on their own.</p>\n"
        h += "<table><tr><th>source</th><th>where</th><th>when</th><th>what</th><th>why unexplained</th></tr>\n"
        for trace in residual.prefix(60) {
            let id = trace.id ?? -1
            let why = unmatchedIDs.contains(id) ? "tied to no patient" : "patient \(view.links[id]?.patientID ?? "?"), no candidate"
            let when = trace.time.map(DateWords.stamp) ?? ""
            h += "<tr><td class=l>\(trace.kind.rawValue)</td><td class=l>\(escape(trace.file + " " + trace.locator.description))</td>"
                + "<td class=l>\(when)</td><td class=l>\(escape(trace.payload["_summary"] ?? trace.recordType))</td><td class=l>\(escape(why))</td></tr>\n"
        }
        h += "</table>\n"
        if residual.count > 60 { h += "<p>… and \(residual.count - 60) more.</p>\n" }
        return h
    }

    /// Candidates explained in the report (the page stays readable for a large case: each is a folded
    /// table of its traces; candidates.csv's `evidence` and the worksheets explain every one).
    static let candidateRows = 100

    /// Every candidate in rank order, and why: the traces behind it as a waterfall (folded; no script).
    static func candidates(_ view: CaseView) -> String {
        guard !view.encounters.isEmpty else { return "" }
        var h = "<h3>Candidates and why</h3>\n<p>Each candidate's traces, where they came from, and what each weighed"
            + (view.encounters.count > candidateRows ? "; the first \(candidateRows) here, all in candidates.csv" : "") + ".</p>\n"
        for (rank, encounter) in view.rankedEncounters.prefix(candidateRows).enumerated() {
            let why = EncounterExplanation(encounter, reference: view.reference)
            h += "<details><summary>\(rank + 1). patient \(escape(encounter.patientID)), \(encounter.date), "
                + "\(encounter.tier.rawValue) \(encounter.confidence.fixedDecimals(2))</summary>\n\(why.html)\n</details>\n"
        }
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
        text.escapedForMarkup
    }
}

public import Foundation
public import LacunaCore

/// The top of `report.html`, for the practice manager: the case in a few numbers (lost results and
/// letters, critical first; patients to call per clinician and evenings; reached so far; links to
/// check; sources missing), what changed since the last run, the next steps in order, and a link to
/// every output.
struct AtAGlance {
    struct Clinician {
        var name: String
        var patients: Int
        var done: Int
        /// The worksheets, `call-lists/WS-evening-1.html` …
        var evenings: [String]
        var csv: String
    }

    let tally: RunTally
    let clinicians: [Clinician]
    let checklist: SourceChecklist
    /// Links under review the model thinks more likely wrong than right.
    let unlikelyLinks: Int
    /// Candidates resting on a link not yet checked.
    let candidatesOnUncheckedLinks: Int
    let failures: [String]
    /// The practice's clock, for when the last run finished.
    let clock: PracticeClock

    init(_ view: CaseView, options: WorkOptions) {
        let lists = CallLists.build(view, perEvening: options.perEvening)
        func done(_ card: CallCard) -> Bool {
            card.encounters.allSatisfy { view.callOutcomes[$0.candidateID]?.isDone ?? false }
        }
        clinicians = lists.map { list in
            Clinician(name: list.providerName, patients: list.cards.count, done: list.cards.filter(done).count,
                      evenings: list.evenings.indices.map { "call-lists/\(list.fileLabel)-evening-\($0 + 1).html" },
                      csv: "call-lists/\(list.fileLabel).csv")
        }
        checklist = SourceChecklist(view)
        let open = view.reviews.filter { $0.decision.isEmpty }
        unlikelyLinks = open.filter { $0.matchProbability < 0.5 }.count
        candidatesOnUncheckedLinks = view.encounters.filter { !view.uncheckedLinks(of: $0).isEmpty }.count
        failures = view.sources.flatMap(\.errors)
        clock = options.clock
        tally = RunTally(
            finishedAt: options.now.isoUTC, candidates: view.encounters.count,
            confirmed: view.encounters.filter { $0.tier == .confirmed }.count,
            probable: view.encounters.filter { $0.tier == .probable }.count,
            possible: view.encounters.filter { $0.tier == .possible }.count,
            lostItems: view.inboxItems.count, critical: view.inboxItems.filter { $0.abnormal == .critical }.count,
            abnormal: view.inboxItems.filter { $0.abnormal == .abnormal }.count,
            patientsToCall: clinicians.map(\.patients).reduce(0, +), patientsDone: clinicians.map(\.done).reduce(0, +),
            linksToCheck: open.count, unmatched: view.unmatched.count,
            sourcesMissing: checklist.items.filter { $0.state != .received }.count)
    }

    func html(_ view: CaseView, options: WorkOptions) -> String {
        var h = "<section class=glance><h2>At a glance</h2>\n<div class=tiles>\n"
        func tile(_ number: Int, _ label: String, _ detail: String, href: String, alarm: Bool = false) {
            h += "<a class=\"tile\(alarm ? " alarm" : "")\" href=\"\(href)\"><b>\(number)</b><span>\(label)</span><small>\(detail)</small></a>\n"
        }
        let results = view.inboxItems.filter { $0.kind == .result }.count
        tile(tally.lostItems, "lost results and letters",
             "\(tally.critical) critical, \(tally.abnormal) abnormal; \(results) result(s), \(tally.lostItems - results) letter(s) and message(s)",
             href: "#lost-inbox", alarm: tally.critical > 0)
        let evenings = clinicians.map(\.evenings.count).reduce(0, +)
        tile(tally.patientsToCall, "patients to call",
             "\(clinicians.count) clinician list(s), \(evenings) evening(s) of \(options.perEvening)", href: "#calls")
        tile(tally.patientsDone, "reached or closed", "of \(tally.patientsToCall) patients on the lists", href: "#calls")
        tile(tally.linksToCheck, "links to check",
             "\(unlikelyLinks) more likely wrong than right; \(candidatesOnUncheckedLinks) candidate(s) rest on one",
             href: "#links", alarm: unlikelyLinks > 0)
        tile(tally.sourcesMissing, "sources to ask for", "request letters written", href: "#requests", alarm: false)
        tile(tally.unmatched, "traces tied to no one", "for reception to chase", href: "unmatched.csv")
        h += "</div>\n"
        if !failures.isEmpty {
            h += "<p class=err><b>\(failures.count) file(s) or source(s) gave nothing</b>: what was made from the rest is below, "
                + "but fix these first (<a href=\"#not-read\">what was not read</a>).</p>\n"
        }
        h += since(view.previousRun)
        h += nextSteps(view)
        h += outputs()
        return h + "</section>\n"
    }

    /// What changed since the last run, or that this is the first.
    func since(_ previous: RunTally?) -> String {
        guard let previous else { return "<p class=since>This is the case's first run.</p>\n" }
        let when = Date(iso8601: previous.finishedAt).map { DateWords.instant($0, clock: clock) } ?? previous.finishedAt
        let rows: [(String, Int, Int)] = [
            ("candidates", previous.candidates, tally.candidates), ("confirmed", previous.confirmed, tally.confirmed),
            ("lost results and letters", previous.lostItems, tally.lostItems), ("critical", previous.critical, tally.critical),
            ("patients to call", previous.patientsToCall, tally.patientsToCall),
            ("reached or closed", previous.patientsDone, tally.patientsDone),
            ("links to check", previous.linksToCheck, tally.linksToCheck), ("traces tied to no one", previous.unmatched, tally.unmatched),
            ("sources to ask for", previous.sourcesMissing, tally.sourcesMissing),
        ]
        let changed = rows.filter { $0.1 != $0.2 }
        guard !changed.isEmpty else { return "<p class=since>Nothing has changed since the last run (\(when)).</p>\n" }
        return "<p class=since>Since the last run (\(when)): " + changed.map { name, before, now in
            "\(name) \(before) → \(now) (\(now > before ? "+" : "−")\(abs(now - before)))"
        }.joined(separator: "; ") + ".</p>\n"
    }

    /// What to do, in the order it matters to patients.
    func nextSteps(_ view: CaseView) -> String {
        var steps: [String] = []
        if !failures.isEmpty {
            steps.append("<b>Fix what was not read</b> (<a href=\"#not-read\">below</a>): run <code>lacuna check</code> on the playbook, name the columns, and run again.")
        }
        if tally.critical + tally.abnormal > 0 {
            steps.append("<b>Act on the \(tally.critical + tally.abnormal) critical and abnormal lost result(s) today</b>: "
                + "<a href=\"#lost-inbox\">the lost inbox</a> (<a href=\"inbox.csv\">inbox.csv</a>), worst first; each is also on its patient's worksheet.")
        }
        if tally.linksToCheck > 0 {
            steps.append("<b>Check the \(tally.linksToCheck) link(s) under review</b> before anyone rings on them: "
                + "<a href=\"#links\">who the source named and who it was tied to</a>; write confirm or reject in "
                + "<a href=\"review.csv\">review.csv</a> and run again.")
        }
        if tally.patientsToCall > tally.patientsDone {
            steps.append("<b>Give each clinician their worksheets</b> (<a href=\"call-lists/index.html\">call lists</a>): "
                + "\(tally.patientsToCall - tally.patientsDone) patient(s) still to reach. Record each call in the worklist "
                + "(<code>lacuna serve</code>) or in the list's CSV, and run again.")
        }
        let asks = checklist.items.filter { $0.state != .received }
        if !asks.isEmpty {
            steps.append("<b>Ask for what is missing</b>: \(asks.count) request letter(s) in <a href=\"requests/\">requests/</a> "
                + "(\(asks.map { CoverageReport.escape($0.title) }.joined(separator: "; "))).")
        }
        if tally.candidates > 0 {
            steps.append("<b>Import the chart annotations</b> (<a href=\"annotations/annotations.csv\">annotations/</a>) into the practice "
                + "system's HL7 inbox, so every chart shows the lost visit until it is written up.")
            steps.append("<b>Send the text</b> in <a href=\"sms.csv\">sms.csv</a> through the practice's SMS provider (upload <a href=\"sms-upload.csv\">sms-upload.csv</a>), and the recall "
                + "list <a href=\"recalls.csv\">recalls.csv</a> to whoever books recalls.")
        }
        if tally.unmatched > 0 {
            steps.append("<b>Reception chases the \(tally.unmatched) trace(s) tied to no one</b> (<a href=\"unmatched.csv\">unmatched.csv</a>): "
                + "payments and messages whose person could not be found.")
        }
        steps.append("<b>Run again</b> whenever a resend, an export or a batch of call outcomes arrives: this report says what changed.")
        return "<h3>Next steps</h3>\n<ol class=steps>\n" + steps.map { "<li>\($0)</li>\n" }.joined() + "</ol>\n"
    }

    /// Every output, what it is and who uses it.
    func outputs() -> String {
        var rows: [(String, String, String)] = [
            ("call-lists/index.html", "call lists", "each clinician's evening worksheets, printed double-sided"),
        ]
        for clinician in clinicians {
            let sheets = clinician.evenings.enumerated().map { "<a href=\"\($1)\">evening \($0 + 1)</a>" }.joined(separator: " ")
            rows.append(("", "", "\(CoverageReport.escape(clinician.name)): \(clinician.patients) patient(s), \(clinician.done) done — \(sheets) · <a href=\"\(clinician.csv)\">CSV</a>"))
        }
        rows += [
            ("inbox.csv", "lost inbox", "results, letters and messages the practice system never received, critical first"),
            ("review.csv", "links to review", "write confirm or reject in its decision column"),
            ("candidates.csv", "candidates", "every candidate visit, ranked, with its evidence and where it came from"),
            ("annotations/annotations.csv", "chart annotations", "one HL7 file per candidate for the practice system's inbox"),
            ("recalls.csv", "recalls", "patients to recall, by clinician and due date"),
            ("sms.csv", "SMS list", "one text per household: numbers, whose, consent and the text"),
            ("sms-upload.csv", "SMS upload", "the same numbers only, as the SMS provider's bulk upload takes them (--sms-format)"),
            ("requests/", "request letters", "one letter per source still missing"),
            ("unmatched.csv", "unmatched", "traces tied to no patient, for reception"),
            ("rejects.csv", "rejects", "records that could not be read, by file and line, for IT"),
            ("duplicates.csv", "duplicates", "records already in the case"),
            ("summary.json", "summary", "these counts for scripts"),
        ]
        var h = "<h3>Outputs</h3>\n<table class=outputs><tr><th>file</th><th>what</th><th>for</th></tr>\n"
        for (file, what, detail) in rows {
            let link = file.isEmpty ? "" : "<a href=\"\(file)\">\(file)</a>"
            h += "<tr><td class=l>\(link)</td><td class=l>\(what)</td><td class=l>\(detail)</td></tr>\n"
        }
        return h + "</table>\n"
    }
}

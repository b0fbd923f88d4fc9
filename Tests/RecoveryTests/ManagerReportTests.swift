import Foundation
import Testing
import LacunaCore
@testable import Reports
import Store
@testable import Recovery

@Suite("report.html as a practice manager reads it")
struct ManagerReportTests {
    func report(_ scenario: Scenario) throws -> String { String(decoding: try scenario.bytes("report.html"), as: UTF8.self) }

    @Test("at a glance: the lost inbox (critical first), calls per clinician, links to check, sources to ask for, next steps in order; every link opens a file the run wrote")
    func glance() throws {
        let scenario = try Scenario()
        let outcome = try scenario.run()
        let view = outcome.view
        let html = try report(scenario)
        for heading in ["At a glance", "Next steps", "Outputs", "Lost results and letters", "Links to check", "Calls per clinician",
                        "Sources to ask for", "For IT: how the case was made"] {
            #expect(html.contains(heading), "\(heading)")
        }
        #expect(html.contains("<b>\(view.inboxItems.count)</b><span>lost results and letters</span>"))
        #expect(html.contains("<b>\(Set(view.encounters.map(\.patientID)).count)</b><span>patients to call</span>"))
        let open = view.reviews.filter { $0.decision.isEmpty }.count
        #expect(open > 0)
        #expect(html.contains("<b>\(open)</b><span>links to check</span>"))
        #expect(html.contains("This is the case's first run."))

        // The urgent part comes first: the lost inbox before the sources, its critical rows before the rest.
        let inboxAt = try #require(html.range(of: "id=lost-inbox>")), sourcesAt = try #require(html.range(of: "<h2>Sources</h2>"))
        #expect(inboxAt.lowerBound < sourcesAt.lowerBound)
        let inboxTable = try #require(html.range(of: "<table class=inbox>"))
        let inboxRows = html[inboxTable.upperBound...].components(separatedBy: "</table>")[0].components(separatedBy: "<tr>").dropFirst(2)
        let flags = inboxRows.map { $0.hasPrefix("<td class=critical>") ? 0 : $0.hasPrefix("<td class=abnormal>") ? 1 : 2 }
        #expect(!flags.isEmpty && flags == flags.sorted())
        #expect(flags.first == (view.inboxItems.contains { $0.abnormal == .critical } ? 0 : flags.first))

        // Next steps: results before the links, the links before the worksheets.
        let steps = try #require(html.range(of: "<ol class=steps>")).upperBound
        let stepText = String(html[steps...].prefix(6000))
        let results = try #require(stepText.range(of: "lost result")), links = try #require(stepText.range(of: "link(s) under review")),
            sheets = try #require(stepText.range(of: "worksheets"))
        #expect(results.lowerBound < links.lowerBound && links.lowerBound < sheets.lowerBound)

        // Every link to a file opens one the run wrote.
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
            .filter { !$0.hasPrefix("#") }
        #expect(hrefs.count > 15)
        for href in Set(hrefs) {
            #expect(FileManager.default.fileExists(atPath: scenario.out.appendingPathComponent(href).path), "\(href)")
        }
        // Every anchor a link names is on the page.
        for anchor in Set(html.components(separatedBy: "href=\"#").dropFirst().compactMap { $0.split(separator: "\"").first }) {
            #expect(html.contains("id=\(anchor)>") || html.contains("id=\(anchor) "), "#\(anchor)")
        }
        for outside in ["<script", "src=", "http://", "https://", "@import"] { #expect(!html.contains(outside)) }
    }

    @Test("a link under review shows both people: who the source named and the register's patient with name and date of birth; its candidates say so")
    func linksWithNames() throws {
        let scenario = try Scenario()
        let outcome = try scenario.run()
        let view = outcome.view
        let html = try report(scenario)
        let item = try #require(view.reviews.filter { $0.decision.isEmpty }.min { $0.matchProbability < $1.matchProbability })
        let patient = try #require(view.patients[item.patientID]?.identity)
        let linksPart = String(html[try #require(html.range(of: "id=links>")).lowerBound...])
        let row = try #require(linksPart.components(separatedBy: "<tr>").first { $0.contains(CoverageReport.escape(CallWorksheet.displayName(patient, id: item.patientID))) })
        if let dob = patient.dob { #expect(row.contains("born \(DateWords.date(dob))")) }
        let trace = try #require(view.traces[item.traceID])
        #expect(row.contains(CoverageReport.escape(CaseReports.known(trace.identity, trace: trace))))
        #expect(row.contains(EvidenceWords.sourceName(trace.kind)))

        // No candidate rests on such a link silently: candidates.csv says so, and so does its worksheet.
        let resting = view.encounters.filter { !view.uncheckedLinks(of: $0).isEmpty }
        #expect(!resting.isEmpty)
        let rows = try table(try scenario.bytes("candidates.csv"))
        for encounter in resting {
            let row = try #require(rows.first { $0["candidate_id"] == encounter.candidateID })
            #expect(row["reason"]?.contains("link to check in review.csv") == true)
        }
        let sheets = try FileManager.default.contentsOfDirectory(atPath: scenario.out.appendingPathComponent("call-lists").path)
            .filter { $0.hasSuffix(".html") && $0 != "index.html" }
        let printed = try sheets.map { try String(contentsOf: scenario.out.appendingPathComponent("call-lists/\($0)"), encoding: .utf8) }.joined()
        #expect(printed.contains("Check it is this patient before anything clinical") || printed.contains("tied by a link still to check")
                || printed.contains("tied by links still to check"))
    }

    @Test("a large case's page stays a page: weights beside the first links only, explanations for the first candidates, where the rest are said")
    func largeCaseBounded() throws {
        let scenario = try Scenario()
        var view = try scenario.run().view
        let item = try #require(view.reviews.first)
        view.reviews = (0..<120).map { n in
            var copy = item
            copy.traceKey = "k\(n)"
            copy.decision = ""
            return copy
        }
        let links = CoverageReport.linksToCheck(view)
        #expect(links.components(separatedBy: "<summary>weights</summary>").count - 1 == CoverageReport.weightRows)
        let rows = links.components(separatedBy: "<tr><td class=unlikely>").count + links.components(separatedBy: "<tr><td class=maybe>").count - 2
        #expect(rows == 120)
        #expect(links.contains("every link's are in the <i>why</i> column"))
        let encounter = try #require(view.encounters.first)
        view.encounters = (0..<150).map { n in
            var copy = encounter
            copy.candidateID = "C\(n)"
            return copy
        }
        let candidates = CoverageReport.candidates(view)
        #expect(candidates.components(separatedBy: "<details>").count - 1 == CoverageReport.candidateRows)
        #expect(candidates.contains("the first \(CoverageReport.candidateRows) here, all in candidates.csv"))
    }

    @Test("progress since the last run: a call recorded between runs shows as reached, with the count before and after")
    func sinceLastRun() throws {
        let scenario = try Scenario()
        let first = try scenario.run()
        let encounter = try #require(first.view.rankedEncounters.first)
        do {
            let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
            #expect(try store.lastRun()?.candidates == first.view.encounters.count)
            // A card is done when every candidate of the patient is.
            for same in first.view.encounters where same.patientID == encounter.patientID {
                try store.recordCallOutcome(CallOutcome(candidateID: same.candidateID, outcome: "spoke to patient", closed: "documented"), by: "gp")
            }
        }
        try scenario.run()
        let html = try report(scenario)
        #expect(html.contains("Since the last run ("))
        #expect(html.contains("reached or closed 0 → 1 (+1)"))
        // Nothing new: said plainly, and the case keeps one row of counts, not one per run.
        try scenario.run()
        #expect(try report(scenario).contains("Nothing has changed since the last run"))
        let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
        #expect(try store.database.rows("SELECT count(*) FROM last_run")[0][0].int == 1)
    }

    @Test("the worksheet in plain words: the booking's reason and type, the clinician's name, the source and its line, why it is this patient")
    func worksheetWords() throws {
        let scenario = try Scenario()
        let outcome = try scenario.run()
        let view = outcome.view
        let sheets = try FileManager.default.contentsOfDirectory(atPath: scenario.out.appendingPathComponent("call-lists").path)
            .filter { $0.hasSuffix(".html") && $0 != "index.html" }
        let printed = try sheets.map { try String(contentsOf: scenario.out.appendingPathComponent("call-lists/\($0)"), encoding: .utf8) }.joined()
        #expect(printed.contains("the appointment book, "))
        #expect(!printed.contains("model: ") && !printed.contains(", byte ") && !printed.contains(", p 1.00"))
        #expect(printed.contains(" match</td>"))
        // Bookings with a reason in the book carry it.
        let reasons = view.encounters.flatMap(\.evidence).compactMap { view.traces[$0.traceID] }
            .filter { $0.kind == .appointments }.compactMap { $0.payload["_reason"] }.filter { $0.count > 3 }
        try #require(!reasons.isEmpty)
        #expect(reasons.contains { printed.contains(CoverageReport.escape(String($0.prefix(30)))) })
        let provider = try #require(view.providers.first)
        #expect(printed.contains("with \(CoverageReport.escape(provider.name))"))
        // Dates of birth as clinicians read them.
        #expect(printed.range(of: #"Born <b>\d{1,2} [A-Z][a-z]{2} \d{4}</b>"#, options: .regularExpression) != nil)
    }

    @Test("the plain words for a link's rule")
    func ruleWords() {
        #expect(EvidenceWords.why("model: date of birth+identifier+given name+family name, p 1.00") == "date of birth, NHI, given name and family name match")
        #expect(EvidenceWords.why("model: given name+family name, p 0.21") == "given name and family name match; the model is 21% sure")
        #expect(EvidenceWords.why("nhi") == "NHI match")
        #expect(EvidenceWords.why("model: nhi+identifier+given name, p 0.99") == "NHI and given name match")
        #expect(EvidenceWords.why("name+dob") == "name and date of birth match")
        #expect(EvidenceWords.why("name") == "name only")
        #expect(EvidenceWords.why("name, one of 2") == "name only; one of 2")
        #expect(EvidenceWords.why("card+household+same-day") == "card, household and paid the same day match")
        #expect(EvidenceWords.why("nhi; confirmed in review") == "NHI match; confirmed by a person")
        // Said again, from the words kept: the same; a rule never asked before worked out.
        #expect(EvidenceWords.why("nhi; confirmed in review") == "NHI match; confirmed by a person")
        #expect(EvidenceWords.why("name") == EvidenceWords.whyAnyRule("name") && EvidenceWords.why(nil) == EvidenceWords.whyAnyRule(nil))
        #expect(EvidenceWords.why(nil) == "the patient's own record")
        #expect(EvidenceWords.why("register") == "the patient's own record")
        // A loosely linked record's rule, which inference writes after what it showed, said the same way.
        #expect(EvidenceWords.linkSaid("portal message reads as a follow-up [linked by model: date of birth+family name, p 0.62]")
                == "portal message reads as a follow-up [linked loosely: date of birth and family name match; the model is 62% sure]")
        #expect(EvidenceWords.linkSaid("booked [cancelled] [linked by name, one of 2] later")
                == "booked [cancelled] [linked loosely: name only; one of 2] later")
        #expect(EvidenceWords.linkSaid("booked [cancelled]") == "booked [cancelled]")
        #expect(EvidenceWords.linkSaid("paid [linked by card-in-ledger]", rule: false) == "paid [linked loosely]")
    }

    @Test("--compact-weak: weak candidates with nothing lost go several to a side, each side a fixed sheet")
    func compactWeak() throws {
        let scenario = try Scenario()
        var caseRun = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: scenario.out)
        caseRun.work.compactWeak = true
        let outcome = try caseRun.run()
        let weak = Set(outcome.view.encounters.filter { $0.tier == .possible }.map(\.patientID))
        try #require(!weak.isEmpty)
        let sheets = try FileManager.default.contentsOfDirectory(atPath: scenario.out.appendingPathComponent("call-lists").path)
            .filter { $0.hasSuffix(".html") && $0 != "index.html" }
        let printed = try sheets.map { try String(contentsOf: scenario.out.appendingPathComponent("call-lists/\($0)"), encoding: .utf8) }
        #expect(printed.contains { $0.contains("Weak candidates, to ask briefly") })
        for page in printed {
            // Every printed side is a sheet, and an evening has an even number of them.
            let sides = page.components(separatedBy: "<section class=\"sheet").count - 1
            #expect(sides % 2 == 0)
        }
    }
}

import Foundation
import LacunaCore

/// A printable evening of calls: A4 HTML, one patient a sheet (printed double-sided), self-contained (no script, font or
/// image from outside), and the same list as CSV for those who keep it in a spreadsheet.
enum CallWorksheet {
    static let style = """
    @page{size:A4;margin:12mm}
    *{box-sizing:border-box}
    body{font:9.5pt/1.3 "DejaVu Sans",Arial,sans-serif;color:#111;margin:0}
    @media screen{body{margin:8mm auto;max-width:186mm}}
    .sheet{height:271mm;overflow:hidden;break-after:page;break-inside:avoid}
    @media screen{.sheet{height:auto;overflow:visible;border-bottom:1px dashed #999;margin-bottom:6mm}}
    .cover{font-size:8.5pt}.cover td{padding:0.3mm 1.5mm}
    .guide li{margin:1.5mm 0}
    .blank p{color:#777;text-align:center;margin-top:120mm}
    .more{font-style:italic;margin-top:1.5mm}
    .check{border:1.5px solid #b71c1c;padding:1mm 2mm;font-weight:600}
    .compact td{height:31mm}.lines{margin-top:6mm;color:#555}
    h1{font-size:14pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:0}h3{font-size:10pt;margin:2.5mm 0 1mm;border-bottom:1px solid #999}
    .head{display:flex;justify-content:space-between;align-items:flex-start;border-bottom:2px solid #111;padding-bottom:1.5mm}
    .badge{border:1.5px solid #111;border-radius:3px;padding:0 2mm;font-weight:bold;white-space:nowrap}
    .critical{background:#b71c1c;color:#fff;border-color:#b71c1c}.abnormal{background:#ffe0b2}
    .ids{margin:1.5mm 0;display:grid;grid-template-columns:1fr 1fr;gap:0 6mm}
    table{border-collapse:collapse;width:100%;table-layout:fixed}
    td,th{border:1px solid #bbb;padding:0.8mm 1.5mm;vertical-align:top;text-align:left;overflow-wrap:anywhere}
    th{background:#eee;font-weight:600}
    .src{color:#555;font-size:8.5pt}
    .box{display:inline-block;width:3.2mm;height:3.2mm;border:1px solid #111;margin:0 1mm 0 3mm;vertical-align:-0.4mm}
    .prompts td{height:13mm}.prompts td:first-child{width:30%}.prompts tr.tall td{height:30mm}
    .attempts td{height:7mm}
    .opt{white-space:nowrap}
    p{margin:1mm 0}
    .keep{break-inside:avoid}
    .foot{font-size:8pt;color:#555;margin-top:2mm}
    """

    /// One evening's worksheet for one clinician.
    static func html(_ view: CaseView, list: CallList, evening: Int, options: WorkOptions) -> String {
        let cards = list.evenings[evening]
        let firstNumber = list.evenings[..<evening].reduce(0) { $0 + $1.count } + 1
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Calls \(esc(list.providerName)), evening \(evening + 1)</title>
        <style>\(style)</style></head><body>

        """
        // Every printed side is one fixed sheet side (`.sheet`), so that double-sided printing cannot
        // slip: the cover pages and the guide make an even count (a blank side where needed), then each
        // patient is exactly one sheet, the evidence on the front and the call on the back.
        let chunks = stride(from: 0, to: max(cards.count, 1), by: coverRows).map { Array(cards.indices.dropFirst($0).prefix(coverRows)) }
        for (page, chunk) in chunks.enumerated() {
            h += """
            <section class="sheet cover"><h1>\(esc(view.practiceName)): calls for \(esc(list.providerName)), evening \(evening + 1) of \(list.evenings.count)\(chunks.count > 1 ? " (\(page + 1) of \(chunks.count))" : "")</h1>
            <p>Lost days: \(esc(DateWords.window(view.window))). Printed \(DateWords.day(options.today)). \(cards.count) patient(s), numbers \(firstNumber) to \(firstNumber + cards.count - 1) of \(list.cards.count), most urgent first.
            Confirm identity with two identifiers before discussing anything. A voicemail is a generic message only (the practice's name and number, nothing clinical).
            Flags never replace reviewing every result. Print double-sided (flip on the long edge): each patient is one sheet, the evidence on the front and the call on the back.</p>
            <table><tr><th style="width:6%">#</th><th>patient</th><th style="width:14%">mobile</th><th style="width:24%">why first</th><th style="width:30%">days</th></tr>

            """
            for offset in chunk {
                let card = cards[offset], identity = card.patient?.identity ?? Identity()
                h += "<tr><td>\(firstNumber + offset)</td><td>\(esc(displayName(identity, id: card.patientID)))</td>"
                    + "<td>\(esc(identity.mobile.map { phoneWords($0) } ?? ""))</td><td>\(esc(CallLists.label(card.priority)))</td>"
                    + "<td>\(card.encounters.map { DateWords.shortDay($0.date) + " (" + $0.tier.rawValue + ")" }.joined(separator: ", "))</td></tr>\n"
            }
            h += "</table></section>\n"
        }
        h += guide(view)
        if (chunks.count + 1) % 2 == 1 { h += "<section class=\"sheet blank\"><p>This side is left blank so that each patient starts on a new sheet.</p></section>\n" }
        // Weak candidates with nothing lost may go on a compact list at the end, several to a side.
        var compact: [(number: Int, card: CallCard)] = []
        for (offset, card) in cards.enumerated() {
            if options.compactWeak, card.bestTier == .possible, card.inbox.isEmpty {
                compact.append((firstNumber + offset, card))
            } else {
                h += cardHTML(view, card: card, number: firstNumber + offset, options: options)
            }
        }
        h += compactHTML(view, cards: compact, options: options)
        return h + "</body></html>\n"
    }

    /// Weak candidates on one compact side.
    static let compactRows = 7

    /// The weak candidates as a compact list: one row each, with the day, what the records show, and
    /// boxes for the call; each side a fixed sheet side like the others, so printing cannot slip.
    static func compactHTML(_ view: CaseView, cards: [(number: Int, card: CallCard)], options: WorkOptions) -> String {
        guard !cards.isEmpty else { return "" }
        var h = ""
        let sides = stride(from: 0, to: cards.count, by: compactRows).map { Array(cards[$0..<min($0 + compactRows, cards.count)]) }
        for (page, side) in sides.enumerated() {
            h += "<section class=\"sheet compact\"><h2>Weak candidates, to ask briefly (\(page + 1) of \(sides.count))</h2>\n"
                + "<p>Each was possibly seen on a lost day, on little evidence, and has no lost result or letter: ask whether they were seen; "
                + "if not, close the line. Anything clinical goes on the worklist's card.</p>\n"
                + "<table><tr><th style=\"width:5%\">#</th><th style=\"width:27%\">patient</th><th style=\"width:33%\">what the records show</th><th>call</th></tr>\n"
            for (number, card) in side {
                let identity = card.patient?.identity ?? Identity()
                let ids = ["NHI \(identity.nhi ?? "not known")", identity.dob.map { "born \(DateWords.date($0))" }, "mobile \(phoneWords(identity.mobile))"]
                    .compactMap { $0 }.joined(separator: " · ")
                let shown = card.encounters.map { encounter in
                    DateWords.shortDay(encounter.date) + ": " + encounter.evidence.prefix(2).map { evidence in
                        EvidenceWords.what(evidence.summary, view: view) + " (" + (view.traces[evidence.traceID].map { EvidenceWords.sourceName($0.kind) } ?? "") + ")"
                    }.joined(separator: "; ")
                }.joined(separator: " / ")
                let check = card.encounters.contains { !view.uncheckedLinks(of: $0).isEmpty }
                    ? "<div class=\"check\">check it is this patient (link in review.csv)</div>" : ""
                let said = shown.count > 220 ? String(shown.prefix(219)) + "…" : shown
                h += "<tr><td>\(number)</td><td><b>\(esc(displayName(identity, id: card.patientID)))</b><div class=\"src\">\(esc(ids))</div>\(check)</td>"
                    + "<td>\(esc(said))</td><td><span class=\"opt\"><span class=\"box\"></span>seen</span> <span class=\"opt\"><span class=\"box\"></span>not seen</span> "
                    + "<span class=\"opt\"><span class=\"box\"></span>no answer</span> <span class=\"opt\"><span class=\"box\"></span>voicemail</span>"
                    + "<div class=\"lines\">caller ______ · when ________</div></td></tr>\n"
            }
            h += "</table><p class=\"foot\">Candidates \(side.map { candidateIDs($0.card) }.joined(separator: ", ")) · Lacuna, printed \(DateWords.shortDay(options.today))</p></section>\n"
        }
        if sides.count % 2 == 1 { h += "<section class=\"sheet blank\"><p>This side is left blank.</p></section>\n" }
        return h
    }

    /// Patients listed on one cover side.
    static let coverRows = 34

    static func cardHTML(_ view: CaseView, card: CallCard, number: Int, options: WorkOptions) -> String {
        let identity = card.patient?.identity ?? Identity()
        // Each record's row says why it is this patient in a column of its own.
        func what(_ evidence: Evidence) -> String { EvidenceWords.what(evidence.summary, view: view, whySaidBeside: true) }
        func place(_ evidence: Evidence) -> String { view.traces[evidence.traceID].map(EvidenceWords.place) ?? "" }
        let flag = card.priority == .criticalResult ? " critical" : card.priority == .abnormalResult ? " abnormal" : ""
        var h = "<section class=\"sheet front\">\n<div class=\"head\"><h2>\(number). \(esc(displayName(identity, id: card.patientID)))</h2>"
            + "<span class=\"badge\(flag)\">\(esc(CallLists.label(card.priority)))</span></div>\n<div class=\"ids\">"
        var ids: [String] = []
        ids.append("NHI <b>\(esc(identity.nhi ?? identity.nhiUnchecked.map { $0 + " (check fails)" } ?? "not known"))</b>")
        ids.append("Chart <b>\(esc(identity.localPatientID ?? (card.patient?.origin == .traces ? "not in the register" : "?")))</b>")
        if let dob = identity.dob {
            ids.append("Born <b>\(DateWords.date(dob))</b> (\(dob.age(on: options.today)) y)" + (identity.sex.map { ", \(esc($0))" } ?? ""))
        } else {
            ids.append("Born <b>not known</b>")
        }
        ids.append("Usual GP \(esc(view.providerName(card.patient?.usualProvider)))")
        ids.append("Mobile <b>\(esc(phoneWords(identity.mobile)))</b>")
        ids.append("Phone <b>\(esc(phoneWords(identity.phone)))</b>")
        if let address = identity.address { ids.append("Address \(esc(address))") }
        if let email = identity.email { ids.append("Email \(esc(email))") }
        h += ids.map { "<div>\($0)</div>" }.joined() + "</div>\n"
        // What the front can hold, in mm of a 271 mm side: rows are added while they fit (estimated from
        // their text), the rest counted in a line that says where they are; the side never runs over.
        var room = frontRoom - 12 - Double((ids.count + 1) / 2) * lineMM

        if !card.inbox.isEmpty {
            h += "<h3>Lost results and letters to review and file</h3>\n<table><tr><th style=\"width:20%\">received</th><th style=\"width:14%\">flag</th><th>item</th></tr>\n"
            room -= 14
            var shown = 0
            for item in card.inbox {
                let reference = item.traceIDs.first.flatMap { view.traces[$0] }.map(EvidenceWords.place) ?? ""
                let height = rowMM([(item.kind.rawValue + ": " + item.summary, 70), (reference, 80)])
                guard room - height > minimumEvidenceRoom else { break }
                room -= height
                shown += 1
                let cls = item.abnormal == .critical ? " class=\"critical\"" : item.abnormal == .abnormal ? " class=\"abnormal\"" : ""
                h += "<tr><td>\(esc(received(item)))</td><td\(cls)>\(item.abnormal?.rawValue ?? "")</td>"
                    + "<td>\(esc(item.kind.rawValue)): \(esc(item.summary))<div class=\"src\">\(esc(reference))</div></td></tr>\n"
            }
            h += "</table>\n"
            if shown < card.inbox.count {
                h += "<p class=\"more\">\(card.inbox.count - shown) more lost item(s) of this patient: in recalls.csv and the worklist's card.</p>\n"
                room -= lineMM
            }
        }

        // A link not yet checked is applied (a patient missed costs more), never silently.
        let unchecked = card.encounters.flatMap { view.uncheckedLinks(of: $0) }
        if !unchecked.isEmpty {
            let said = unchecked.prefix(3).map { item -> String in
                let trace = view.traces[item.traceID]
                let who = trace.map { CaseReports.known($0.identity, trace: $0) } ?? ""
                return "\(trace.map { EvidenceWords.sourceName($0.kind) } ?? "a record") named \(who.isEmpty ? "someone" : "“\(who)”") (\(EvidenceWords.why(item.rule)); \(Int((item.matchProbability * 100).rounded(.down)))% sure)"
            }
            // Loud where every record of the card rests on such a link; a note where others tie the patient.
            let alone = unchecked.count == card.encounters.reduce(0) { $0 + $1.evidence.count }
            let text = (alone ? "Check it is this patient before anything clinical: "
                        : unchecked.count == 1 ? "One record is tied by a link still to check: " : "\(unchecked.count) records are tied by links still to check: ")
                + said.joined(separator: "; ") + (unchecked.count > 3 ? "; and \(unchecked.count - 3) more" : "")
                + ". The link is waiting in review.csv."
            h += "<p class=\"\(alone ? "check" : "more")\">\(esc(text))</p>\n"
            room -= rowMM([(text, 105)])
        }

        h += "<h3>What the records show</h3>\n<table><tr><th style=\"width:15%\">when</th><th>what, and where it came from</th><th style=\"width:27%\">why it is this patient</th></tr>\n"
        room -= 14 + lineMM   // the heading, the table's head, and a line for "more" should it be needed
        var left = card.encounters.reduce(0) { $0 + $1.evidence.count }
        for encounter in card.encounters {
            let title = "\(DateWords.day(encounter.date)): \(encounter.tier.rawValue), \((encounter.confidence * 100).fixedDecimals(0) + "%") sure; "
                + view.providerName(view.responsibleProvider(for: encounter))
            // Each record's words once, for its height and its row.
            let steps = encounter.evidence.sorted { timeKey(view, $0.traceID) < timeKey(view, $1.traceID) }.map { evidence in
                (evidence: evidence, what: what(evidence), place: place(evidence), why: EvidenceWords.why(view.links[evidence.traceID]?.rule))
            }
            func height(_ step: (evidence: Evidence, what: String, place: String, why: String)) -> Double {
                rowMM([(step.what, 62), (step.place, 70), (step.why, 30)])
            }
            // A visit's heading only with room for its first record under it.
            let titleHeight = rowMM([(title, 95)])
            guard room - titleHeight - (steps.first.map(height) ?? 0) > 0 else { break }
            room -= titleHeight
            h += "<tr><th colspan=\"3\">\(esc(title))</th></tr>\n"
            for step in steps {
                let height = height(step)
                guard room - height > 0 else { break }
                room -= height
                left -= 1
                h += "<tr><td>\(esc(timeWords(view, step.evidence.traceID)))</td><td>\(esc(step.what))"
                    + "<div class=\"src\">\(esc(step.place))</div></td><td class=\"src\">\(esc(step.why))</td></tr>\n"
            }
        }
        h += "</table>\n"
        if left > 0 {
            h += "<p class=\"more\">\(left) more record(s) of this patient's visit(s): in candidates.csv and the worklist's card.</p>\n"
        }
        h += "</section>\n"

        h += "<section class=\"sheet back\"><h2>\(number). \(esc(displayName(identity, id: card.patientID)))</h2>"
            + "<p>NHI \(esc(identity.nhi ?? "not known")) · born \(identity.dob.map(DateWords.date) ?? "not known") · mobile \(esc(phoneWords(identity.mobile))) · phone \(esc(phoneWords(identity.phone)))</p>\n"
        let soFar = recorded(view, card)
        if soFar.contains(where: { !$0.isEmpty }) {
            let said = zip(["outcome", "seen on", "attempts", "summary", "follow-ups", "next attempt", "closed"], soFar)
                .filter { !$0.1.isEmpty }.map { "\($0.0): \(esc($0.1))" }.joined(separator: "; ")
            // Kept to a few lines so that the back stays one side; the whole of it is in the CSV.
            h += "<p><b>Recorded so far</b> (call list CSV): \(said.count > 600 ? String(said.prefix(600)) + "… (the rest in the CSV)" : said)</p>\n"
        }
        h += "<div class=\"keep\"><h3>Call</h3>\n<p>Outcome:"
        for outcome in ["reached", "proxy", "voicemail (generic message only)", "no answer", "wrong number", "declined"] {
            h += " <span class=\"opt\"><span class=\"box\"></span>\(outcome)</span>"
        }
        h += "</p>\n<p>Seen on:" + card.encounters.map { "<span class=\"box\"></span>\(esc(DateWords.shortDay($0.date)))" }.joined()
            + "<span class=\"box\"></span>another lost day: ________<span class=\"box\"></span>not seen</p>\n"
        h += "<table class=\"attempts\"><tr><th style=\"width:7%\">try</th><th style=\"width:24%\">date and time</th><th style=\"width:18%\">caller</th><th>result</th></tr>"
        for attempt in 1...3 { h += "<tr><td>\(attempt)</td><td></td><td></td><td></td></tr>" }
        h += "</table></div>\n"

        h += "<div class=\"keep\"><h3>Consultation (ask, then record)</h3>\n<table class=\"prompts\">"
        for prompt in ["Identity confirmed with two identifiers (name and date of birth, or address, or NHI)",
                       "Reason for the visit; findings", "Tests ordered (and results given?)",
                       "Medicines started, changed or stopped", "Referrals made; certificates (ACC, work)",
                       "Follow-up arranged; safety-netting advice given"] {
            h += "<tr><td>\(esc(prompt))</td><td></td></tr>"
        }
        h += "<tr class=\"tall\"><td>Summary</td><td></td></tr><tr><td>Follow-ups still to do</td><td></td></tr>"
        h += "<tr><td>Next attempt</td><td></td></tr></table>\n"
        h += "<p>Closed:<span class=\"box\"></span>documented<span class=\"box\"></span>confirmed not seen"
            + "<span class=\"box\"></span>unreachable after 3 attempts and a letter &nbsp; by ______ on ______</p></div>\n"
        h += "<p class=\"foot\">Candidate \(candidateIDs(card)) · patient \(esc(card.patientID)) · Lacuna, printed \(DateWords.shortDay(options.today))</p>\n</section>\n"
        return h
    }

    /// The room a front side has for its tables, in mm (the side is 271 mm; the head, the lines of
    /// identifiers and a margin for the estimate's error come off it).
    static let frontRoom = 240.0
    /// What the front keeps for the evidence however many lost items there are.
    static let minimumEvidenceRoom = 70.0
    /// One printed line of 9.5 pt text, in mm.
    static let lineMM = 4.4

    /// A table row's height: its tallest cell, each cell's text wrapped at its characters per line.
    static func rowMM(_ cells: [(text: String, perLine: Int)]) -> Double {
        let lines = cells.map { cell in max(1, (cell.text.characterCount + cell.perLine - 1) / cell.perLine) }
        // The first cell of the evidence rows stacks its summary over its reference: both count.
        let stacked = cells.count >= 2 ? lines[0] + lines[1] : lines[0]
        let tallest = max(stacked, lines.dropFirst(2).max() ?? 0)
        return 1.8 + Double(tallest) * lineMM
    }

    /// The back of the cover: how to work the list (DOMAIN §6), so a locum can pick it up.
    static func guide(_ view: CaseView) -> String {
        """
        <section class="sheet guide"><h2>How to work this list</h2><ol>
        <li><b>Critical results first.</b> A patient flagged <i>critical result</i> is called tonight; if unreachable, follow the practice's process for an unreachable critical result (next of kin, police welfare check) and record it.</li>
        <li><b>Confirm identity</b> with two identifiers (name and date of birth, or address, or NHI) before anything clinical. A proxy (parent, carer, enduring power of attorney) is recorded by name and relationship.</li>
        <li><b>Voicemail:</b> a generic message only: "This is \(esc(view.practiceName)) calling for [first name]; please ring us on \(esc(view.practicePhone ?? "the practice's number"))." Nothing about results or the reason.</li>
        <li><b>Ask, then record:</b> the reason for the visit, findings, tests, medicines started, changed or stopped, referrals, certificates, follow-up and safety-netting. Mark the day they were seen, or <i>not seen</i>: a weak candidate who was not seen is closed, not a failure.</li>
        <li><b>Each attempt</b> gets a line: date and time, caller, result. After three attempts and a letter, close as unreachable.</li>
        <li><b>Lost results and letters</b> on a card are to be filed and reviewed whether or not the patient was seen; they are also on the recall worklist (recalls.csv).</li>
        <li><b>Close</b> every card as documented, confirmed not seen, or unreachable; the chart annotation for the visit is in annotations/.</li>
        </ol></section>

        """
    }

    /// The outcome columns as callers last filled them for this card (empty for a new card), and an
    /// empty `caller` for whoever types the next one.
    static func recorded(_ view: CaseView, _ card: CallCard) -> [String] {
        guard let outcome = card.encounters.lazy.compactMap({ view.callOutcomes[$0.candidateID] }).first else {
            return Array(repeating: "", count: 8)
        }
        return [outcome.outcome, outcome.seenOn, outcome.attempts, outcome.summary, outcome.followUps, outcome.nextAttempt, outcome.closed, ""]
    }

    static func candidateIDs(_ card: CallCard) -> String { card.encounters.map(\.candidateID).joined(separator: ", ") }

    static let csvColumns = ["evening", "order", "patient_id", "nhi", "family_name", "given_name", "dob", "mobile", "phone",
                             "dates", "tiers", "confidence", "priority", "lost_items", "evidence", "candidate_ids",
                             "outcome", "seen_on", "attempts", "summary", "follow_ups", "next_attempt", "closed", "caller"]

    /// A clinician's whole list as CSV: one row per patient, the outcome columns left for the caller.
    static func csv(_ view: CaseView, list: CallList) -> Data {
        var csv = CSVWriter(header: csvColumns)
        var order = 0
        for (evening, cards) in list.evenings.enumerated() {
            for card in cards {
                order += 1
                let identity = card.patient?.identity ?? Identity()
                csv.append([String(evening + 1), String(order), card.patientID, identity.nhi ?? "", identity.familyName ?? "",
                            identity.givenName ?? "", identity.dob?.description ?? "", identity.mobile ?? "", identity.phone ?? "",
                            card.encounters.map(\.date.description).joined(separator: ";"),
                            card.encounters.map(\.tier.rawValue).joined(separator: ";"), card.confidence.fixedDecimals(3),
                            CallLists.label(card.priority),
                            card.inbox.map { ($0.abnormal.map { $0.rawValue + " " } ?? "") + $0.kind.rawValue + ": " + $0.summary }.joined(separator: "; "),
                            card.encounters.flatMap(\.evidence).map { view.reference($0.traceID) }.joined(separator: "; "),
                            candidateIDs(card)] + recorded(view, card))
            }
        }
        return csv.data
    }

    // MARK: words

    static func esc(_ text: String) -> String { CoverageReport.escape(text) }

    static func displayName(_ identity: Identity, id: String) -> String {
        let family = identity.familyName?.uppercased() ?? identity.familyInitial.map { $0 + "." } ?? ""
        var given = identity.givenName ?? identity.givenInitial ?? ""
        if let preferred = identity.preferredName, preferred != given { given += " (\(preferred))" }
        let name = [family, given].filter { !$0.isEmpty }.joined(separator: ", ")
        return name.isEmpty ? "patient \(id)" : name
    }

    /// A number spaced for dialling (`021 555 0101`).
    static func phoneWords(_ e164: String?) -> String {
        guard let e164 else { return "none recorded" }
        return PhoneNumber.spaced(e164)
    }

    static func timeKey(_ view: CaseView, _ traceID: Int64) -> String {
        guard let time = view.traces[traceID]?.time else { return "~" }
        return time.localDate.description + (time.localTime?.description ?? "")
    }

    static func timeWords(_ view: CaseView, _ traceID: Int64) -> String {
        guard let time = view.traces[traceID]?.time else { return "" }
        return DateWords.shortDay(time.localDate) + DateWords.clock(time)
    }

    /// When an item arrived, as clinicians read it: `Thu 3 Apr 14:02`.
    static func received(_ item: InboxItem) -> String { DateWords.shortDay(item.received.localDate) + DateWords.clock(item.received) }
}

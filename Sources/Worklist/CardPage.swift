import Foundation
import Hummingbird
import LacunaCore
import Reports
import Store

/// A patient's card: who and how to reach them, the evidence in plain words with where it came from and
/// why it is this patient, their lost results and letters, the call form, and the calls so far. Saving
/// a call checks the card's version: when someone recorded a call since the form was opened, nothing
/// is written, the other call is shown, and what was typed comes back in the form.
enum CardPage {
    static let outcomes = [("", "choose…"), ("reached", "reached the patient"), ("proxy", "reached a proxy (parent, carer, whānau)"),
                           ("voicemail", "left a voicemail"), ("no answer", "no answer"), ("wrong number", "wrong number"), ("declined", "declined")]
    static let closings = [("", "no, keep it open"), ("documented", "yes: visit documented"), ("confirmed not seen", "yes: confirmed not seen"),
                           ("unreachable", "yes: unreachable after attempts"), ("declined", "yes: declined"), ("moved away", "yes: moved away")]

    static func routes(_ group: RouterGroup<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings) {
        group.get("/card/:candidate") { request, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewCard) { return refused }
            let id = context.parameters.get("candidate") ?? ""
            return try await card(id, desk: desk, settings: settings, context: context, typed: nil, since: [],
                                  saved: request.uri.queryParameters["saved"] != nil)
        }

        group.post("/card/:candidate/call") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .recordCall) { return refused }
            let id = context.parameters.get("candidate") ?? ""
            let form = context.form
            let outcome = CallOutcome(candidateID: id, outcome: form["outcome"] ?? "", seenOn: form["seen_on"] ?? "", summary: form["summary"] ?? "",
                                      followUps: form["follow_ups"] ?? "", nextAttempt: form["next_attempt"] ?? "", closed: form["closed"] ?? "")
            guard !outcome.outcome.isEmpty || !outcome.closed.isEmpty || !outcome.summary.isEmpty else {
                return try await card(id, desk: desk, settings: settings, context: context, typed: form, since: [], saved: false,
                                      status: .unprocessableContent, message: "Choose an outcome (or close the card) before saving.")
            }
            switch try await desk.recordCallOutcome(outcome, by: person.name, seenVersion: Int(form["version"] ?? "") ?? 0, source: "worklist") {
            case .saved:
                return Page.redirect("/card/\(id)?saved=1")
            case .conflict(let since):
                return try await card(id, desk: desk, settings: settings, context: context, typed: form, since: since, saved: false, status: .conflict)
            case .unknownCandidate:
                // What was typed is handed back, so that it can be recorded on the candidate the list now shows.
                return Page.error(.notFound, "No candidate with that id in this case (a re-run may have replaced it), so nothing was saved. "
                                  + "What you typed: \(outcome.described). Find the patient in the list and record it there.")
            }
        }
    }

    static func card(_ id: String, desk: CaseDesk, settings: WorklistServer.Settings, context: WorklistContext, typed: [String: String]?,
                     since: [RecordedOutcome], saved: Bool, status: HTTPResponse.Status = .ok, message: String? = nil) async throws -> Response {
        guard let person = context.person else { return Page.redirect("/login") }
        guard let contents = try await desk.card(candidateID: id, readBy: person.name) else {
            return Page.error(.notFound, "No candidate with that id in this case (a re-run may have replaced it); go back to the list.")
        }
        let row = contents.row, history = contents.calls
        let evidence = Page.rows.render("evidenceRow", contents.evidence, key: { $0 }) { e in
            ["summary": e.summary, "kind": e.kind, "file": e.file, "place": e.place, "why": why(e.linkRule)]
        }
        let mayFile = person.role.may(.fileInbox)
        let inbox: [[String: Any]] = contents.inbox.map { item in
            var row = InboxPage.row(item, mayFile: mayFile, context: context, settings: settings)
            row["candidateID"] = id
            return row
        }
        let form = typed ?? [:]
        var values: [String: Any] = [
            "candidateID": id, "name": ListPages.name(row.familyName, row.givenName),
            "dob": row.dob.flatMap { LocalDate(iso: $0) }.map(DateWords.date) ?? row.dob ?? "", "nhi": row.nhi ?? "",
            "mobile": PhoneNumber.spaced(row.mobile ?? ""), "phone": PhoneNumber.spaced(row.phone ?? ""), "date": DayLabel.long(row.date), "dayShort": DayLabel.short(row.date),
            "provider": row.provider ?? "", "tier": row.tier, "confidence": row.confidence.fixedDecimals(2), "reason": row.reason,
            "evidence": evidence, "inbox": inbox, "hasInbox": !inbox.isEmpty, "csrf": context.csrf ?? "", "version": history.last?.id ?? 0,
            "form": form, "saved": saved,
            "outcomes": Page.options(outcomes, selected: form["outcome"] ?? ""),
            "closings": Page.options(closings, selected: form["closed"] ?? ""),
            "history": calls(history, zone: settings.timeZone), "hasHistory": !history.isEmpty,
        ]
        if !since.isEmpty { values["conflict"] = true; values["since"] = calls(since, zone: settings.timeZone) }
        if let message { values["conflict"] = nil; values["saved"] = false; values["message"] = message }
        return Page.render("card", title: ListPages.name(row.familyName, row.givenName), values: values, context: context, status: status,
                           caseName: settings.caseName)
    }

    /// Calls as list items, each rendered once (a recorded call never changes; the zone is the practice's).
    static func calls(_ recorded: [RecordedOutcome], zone: TimeZone) -> String {
        struct Shown: Hashable { var recorded: RecordedOutcome; var zone: String }
        return Page.rows.render("callRow", recorded.map { Shown(recorded: $0, zone: zone.identifier) }, key: { $0 }) { shown in
            let o = shown.recorded.outcome, source = shown.recorded.source ?? ""
            return ["recordedAt": DayLabel.stamped(shown.recorded.recordedAt, zone: zone), "caller": shown.recorded.caller, "outcome": o.outcome,
                    "seenOn": o.seenOn, "hasSeenOn": !o.seenOn.isEmpty, "summary": o.summary, "hasSummary": !o.summary.isEmpty,
                    "closed": closing(o.closed), "hasClosed": !o.closed.isEmpty, "source": source, "hasSource": !source.isEmpty]
        }
    }

    /// What `closed` said, as it was understood: "closed: moved to Perth", "kept open (no)", or the
    /// words with a note that they were not understood (the card stays open).
    static func closing(_ typed: String) -> String {
        switch CallOutcome.closing(of: typed) {
        case .closed: return "closed: \(typed)"
        case .open: return "kept open (\(typed))"
        case .unclear: return "closed? \(typed) (not understood: the card stays open)"
        }
    }

    /// How a trace was tied to the patient, in plain words ("date of birth and NHI match"), as the
    /// worksheets say it.
    static func why(_ rule: String?) -> String { EvidenceWords.why(rule) }
}

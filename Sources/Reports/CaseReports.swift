public import Foundation
public import LacunaCore

/// The output files of CONTRACT: candidates, inbox, unmatched, rejects, summary, coverage report, and
/// the working papers (`WorkPapers`).
public enum CaseReports {
    public static let candidateColumns = ["rank", "candidate_id", "patient_id", "nhi", "family_name", "given_name", "dob",
                                          "mobile", "date", "provider", "confidence", "tier", "sources", "evidence", "reason"]
    public static let inboxColumns = ["item_id", "patient_id", "nhi", "family_name", "given_name", "dob", "received",
                                      "source", "kind", "summary", "abnormal", "provider", "message_id"]
    public static let unmatchedColumns = ["source", "file", "locator", "time", "known", "reason"]
    public static let rejectColumns = ["source", "file", "locator", "line", "message", "byte_offset", "reason"]

    /// Writes every output into `folder`, each atomically. Returns the sheets people fill in (the call
    /// lists' CSVs and `review.csv`) as written, by name relative to `folder`.
    @discardableResult
    public static func writeAll(_ view: CaseView, to folder: URL, options: WorkOptions = WorkOptions()) throws -> [(name: String, data: Data)] {
        try write(view, to: folder, options: options).sheets
    }

    /// `writeAll`, the counts the report opened with (for the case to keep until the next run), how
    /// many mobiles have no SMS consent recorded in the register, and what was written of each chart
    /// annotation (for the case to keep for the next run: `WorkOptions.earlierNotes`).
    public static func write(_ view: CaseView, to folder: URL, options: WorkOptions = WorkOptions()) throws
        -> (sheets: [(name: String, data: Data)], tally: RunTally, smsNotRecorded: Int, notes: [String: NoteMade]) {
        let glance = AtAGlance(view, options: options)
        try OutputFile.write(candidates(view), to: folder.appendingPathComponent("candidates.csv"))
        try OutputFile.write(inbox(view), to: folder.appendingPathComponent("inbox.csv"))
        try OutputFile.write(unmatched(view), to: folder.appendingPathComponent("unmatched.csv"))
        try OutputFile.write(rejects(view), to: folder.appendingPathComponent("rejects.csv"))
        try OutputFile.write(duplicates(view), to: folder.appendingPathComponent("duplicates.csv"))
        try OutputFile.write(summary(view), to: folder.appendingPathComponent("summary.json"))
        let reviewSheet = review(view)
        try OutputFile.write(reviewSheet, to: folder.appendingPathComponent("review.csv"))
        try OutputFile.write(Data(CoverageReport.html(view, glance: glance, options: options).utf8), to: folder.appendingPathComponent("report.html"))
        let work = try WorkPapers.writeAll(view, to: folder, options: options, checklist: glance.checklist)
        return (work.sheets + [("review.csv", reviewSheet)], glance.tally, work.smsNotRecorded, work.notes)
    }

    /// The columns of `review.csv`; a person fills in `decision`.
    /// No trace id: the case numbers traces in the order files arrived, so it would differ between a
    /// case that had a file late and one that had it from the start; the trace key names the record.
    public static let reviewColumns = ["trace_key", "source", "locator", "patient_id", "rule", "link_weight",
                                       "match_probability", "why", "decision"]

    /// Links to review, undecided first, least sure first.
    public static func review(_ view: CaseView) -> Data {
        var csv = CSVWriter(header: reviewColumns)
        let ordered = view.reviews.sorted {
            ($0.decision.isEmpty ? 0 : 1, abs($0.matchProbability - 0.5), $0.traceKey, $0.patientID)
                < ($1.decision.isEmpty ? 0 : 1, abs($1.matchProbability - 0.5), $1.traceKey, $1.patientID)
        }
        for item in ordered {
            csv.append([item.traceKey, item.source, item.locator, item.patientID, item.rule,
                        item.linkWeight.fixedDecimals(3), item.matchProbability.fixedDecimals(4),
                        item.explanation, item.decision])
        }
        return csv.data
    }

    public static func candidates(_ view: CaseView) -> Data {
        var csv = CSVWriter(header: candidateColumns)
        for (offset, e) in view.rankedEncounters.enumerated() {
            let patient = view.patients[e.patientID]
            let identity = patient?.identity ?? Identity()
            csv.append([
                String(offset + 1), e.candidateID, e.patientID, identity.nhi ?? "", identity.familyName ?? "",
                identity.givenName ?? "", identity.dob?.description ?? "", identity.mobile ?? identity.phone ?? "",
                e.date.description, e.provider ?? "", e.confidence.fixedDecimals(3), e.tier.rawValue,
                e.sourceKinds.map(\.rawValue).joined(separator: ";"),
                e.evidence.map { view.reference($0.traceID) }.joined(separator: "; "),
                // A link under review is applied, never silently.
                view.uncheckedLinks(of: e).isEmpty ? e.reason : e.reason + "; rests on a link to check in review.csv",
            ])
        }
        return csv.data
    }

    /// One row per lost inbox item: critical first, then abnormal, then by when it arrived.
    public static func inbox(_ view: CaseView) -> Data {
        var csv = CSVWriter(header: inboxColumns)
        func urgency(_ item: InboxItem) -> Int { item.abnormal == .critical ? 0 : item.abnormal == .abnormal ? 1 : 2 }
        func arrival(_ item: InboxItem) -> String { item.received.instant?.isoUTC ?? item.received.localDate.description }
        let items = view.inboxItems.sorted { a, b in
            (urgency(a), arrival(a), a.itemID) < (urgency(b), arrival(b), b.itemID)
        }
        for item in items {
            let identity = item.patientID.flatMap { view.patients[$0]?.identity } ?? Identity()
            // As the practice reads it (a result received on the 3rd in Auckland reads as the 3rd), with its offset.
            let received = item.received.isoLocal
            csv.append([item.itemID, item.patientID ?? "", identity.nhi ?? "", identity.familyName ?? "", identity.givenName ?? "",
                        identity.dob?.description ?? "", received, item.source.rawValue, item.kind.rawValue, item.summary,
                        item.abnormal?.rawValue ?? "", item.provider ?? "", item.messageIDs.first ?? ""])
        }
        return csv.data
    }

    public static func unmatched(_ view: CaseView) -> Data {
        var csv = CSVWriter(header: unmatchedColumns)
        let rows = view.unmatched.compactMap { item -> (Trace, String)? in view.traces[item.traceID].map { ($0, item.reason) } }
            .sorted { ($0.0.kind, $0.0.file, $0.0.locator.byteOffset ?? 0, $0.0.id ?? 0) < ($1.0.kind, $1.0.file, $1.0.locator.byteOffset ?? 0, $1.0.id ?? 0) }
        for (trace, reason) in rows {
            let time = trace.time?.isoLocal ?? ""
            csv.append([trace.kind.rawValue, trace.file, trace.locator.description, time, known(trace.identity, trace: trace), reason])
        }
        return csv.data
    }

    /// What a trace says of its person, for reception to chase.
    static func known(_ i: Identity, trace: Trace) -> String {
        var parts: [String] = []
        let name = [i.givenName ?? i.givenInitial, i.familyName ?? i.familyInitial].compactMap { $0 }.joined(separator: " ")
        if !name.isEmpty { parts.append(name) }
        if let nhi = i.nhi ?? i.nhiUnchecked { parts.append("NHI \(nhi)") }
        if let dob = i.dob { parts.append("DOB \(dob)") }
        if let phone = i.mobile ?? i.phone { parts.append(phone) }
        if let card = i.cardLast4 { parts.append("card …\(card)") }
        // A payment: its amount and the terminal or account, so reception can ask at the desk.
        if trace.kind == .eftpos || trace.kind == .bank, let amount = trace.payload["_amount"] { parts.append("$\(amount)") }
        let terminal = [trace.payload["_vendor"], trace.payload["_terminal"], trace.payload["_merchant"]].compactMap { $0 }
        if trace.kind == .eftpos, !terminal.isEmpty { parts.append("terminal \(terminal.joined(separator: " "))") }
        if let payer = i.payerName { parts.append("payer \(payer)") }
        if let speaker = trace.proxy?.speakerName { parts.append("said by \(speaker)") }
        if let line = trace.payload["line"] { parts.append("\"\(line)\"") }
        return parts.joined(separator: ", ")
    }

    static let duplicateColumns = ["kind", "file", "locator", "duplicate_of_file", "duplicate_of_locator"]

    /// `duplicates.csv`: every record recognised as one the case already holds, and where that one is.
    public static func duplicates(_ view: CaseView) -> Data {
        var csv = CSVWriter(header: duplicateColumns)
        for d in view.duplicates {
            csv.append([d.kind.rawValue, d.file, d.locator.description, d.originalFile, d.originalLocator.description])
        }
        return csv.data
    }

    public static func rejects(_ view: CaseView) -> Data {
        var csv = CSVWriter(header: rejectColumns)
        for r in view.rejects {
            csv.append([r.kind.rawValue, r.file, r.locator.description, r.locator.line.map(String.init) ?? "",
                        r.locator.message.map(String.init) ?? "", r.locator.byteOffset.map(String.init) ?? "", r.reason])
        }
        return csv.data
    }

    struct Summary: Encodable {
        struct Source: Encodable {
            let kind, path: String
            let files, read, imported, duplicates, rejected, linked: Int
            let status: String
            let warnings: [String]
        }
        struct Day: Encodable {
            let date: String
            let confirmed, probable, possible: Int
        }
        let `case`: String
        let window: [String: String]
        let sources: [Source]
        let days: [Day]
        let candidates: Int
        let inbox_items: Int
        let unmatched: Int
        let rejected: Int
        let settlements: Settlements
    }
    struct Settlements: Encodable {
        struct Line: Encodable {
            let bank_date: String?
            let terminal: String?
            let bank_amount: String?
            let terminal_amount: String?
            let takings_dates: [String]
            let state: String
            let note: String
        }
        let matched: Int
        let gaps: Int
        let lines: [Line]
    }

    public static func summary(_ view: CaseView) -> Data {
        let days = view.window.dates.map { date in
            let on = view.encounters.filter { $0.date == date }
            return Summary.Day(date: date.description, confirmed: on.filter { $0.tier == .confirmed }.count,
                               probable: on.filter { $0.tier == .probable }.count, possible: on.filter { $0.tier == .possible }.count)
        }
        let summary = Summary(
            case: view.caseName, window: ["from": view.window.from.description, "to": view.window.to.description],
            sources: view.sources.map {
                .init(kind: $0.kind.rawValue, path: $0.path, files: $0.files, read: $0.read, imported: $0.imported,
                      duplicates: $0.duplicates, rejected: $0.rejected, linked: $0.linked, status: $0.status, warnings: $0.warnings)
            },
            days: days, candidates: view.encounters.count, inbox_items: view.inboxItems.count, unmatched: view.unmatched.count,
            rejected: view.rejects.count,
            settlements: Settlements(
                matched: view.settlements.filter { !$0.isGap }.count, gaps: view.settlements.filter(\.isGap).count,
                lines: view.settlements.map {
                    .init(bank_date: $0.bankDate?.description, terminal: $0.terminal, bank_amount: $0.bankCents.map(Money.format),
                          terminal_amount: $0.terminalCents.map(Money.format), takings_dates: $0.takingsDates.map(\.description),
                          state: $0.state.rawValue, note: $0.note)
                }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(summary)) ?? Data("{}".utf8)
    }
}

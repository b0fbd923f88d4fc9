import Foundation
import LacunaCore

/// `recalls.csv`: the worklist no practice system imports (DOMAIN §6), one row per thing to do for a
/// patient: a flagged result to act on, a lost result or letter to file and review, a referral to
/// reconcile, a candidate still to be reached. Most urgent first.
enum Recalls {
    static let columns = ["recall_id", "priority", "due", "reason", "patient_id", "nhi", "family_name", "given_name", "dob",
                          "mobile", "phone", "provider", "evidence"]

    struct Row {
        var id: String
        var rank: Int
        var priority: String
        var due: LocalDate
        var reason: String
        var patientID: String
        var provider: String?
        var evidence: String
    }

    static func rows(_ view: CaseView, options: WorkOptions) -> [Row] {
        let today = options.today
        var rows: [Row] = []
        for item in view.inboxItems {
            // An item tied to no patient is listed too, with no patient: someone must find whose it is.
            let patientID = item.patientID ?? ""
            let provider = item.provider ?? view.patients[patientID]?.usualProvider
            let evidence = item.traceIDs.map(view.reference).joined(separator: "; ")
            let (rank, priority, days, what): (Int, String, Int, String)
            switch (item.abnormal, item.kind) {
            case (.critical?, _): (rank, priority, days, what) = (0, "urgent", 0, "critical result to act on")
            case (.abnormal?, _): (rank, priority, days, what) = (1, "high", 2, "abnormal result to act on")
            case (nil, .result): (rank, priority, days, what) = (3, "normal", 7, "lost result to file and review")
            case (nil, .letter), (nil, .document): (rank, priority, days, what) = (3, "normal", 7, "lost letter to file and review")
            case (nil, .repeatPrescription): (rank, priority, days, what) = (2, "high", 2, "repeat prescription request never answered")
            case (nil, .appointmentRequest): (rank, priority, days, what) = (2, "high", 2, "appointment request never answered")
            case (nil, .message): (rank, priority, days, what) = (3, "normal", 5, "portal message never answered")
            }
            rows.append(Row(id: "R-" + item.itemID, rank: rank, priority: priority, due: today.adding(days: days),
                            reason: (item.patientID == nil ? "patient not identified (see inbox.csv and unmatched.csv); " : "")
                                + "\(what): \(item.summary) (received \(CallWorksheet.received(item)))", patientID: patientID,
                            provider: provider, evidence: evidence))
        }
        // Referrals the practice sent in the lost days: the chart's copy is gone.
        let referrals = view.traces.values.filter { $0.recordType == "referral" && ($0.time.map(view.window.contains) ?? false) }
        // Named by the record (its content key), not the case's trace number: the same referral has the
        // same recall id in every case that holds it, whichever day its file arrived.
        for trace in referrals.sorted(by: { $0.contentKey < $1.contentKey }) {
            guard let id = trace.id, let link = view.links[id] else { continue }
            let urgent = trace.isUrgentReferral
            let sent = trace.time?.localDate.description ?? "?"
            rows.append(Row(id: "R-REF-" + SHA256.hex(trace.contentKey).prefix(12), rank: urgent ? 1 : 3, priority: urgent ? "high" : "normal",
                            due: today.adding(days: urgent ? 2 : 7),
                            reason: "referral sent on \(sent) to reconcile: \(trace.payload["_summary"] ?? "referral"); check it was received and the chart holds a copy",
                            patientID: link.patientID, provider: trace.provider ?? view.patients[link.patientID]?.usualProvider,
                            evidence: view.reference(id)))
        }
        // Every candidate is unreached until its call is recorded as reached or closed.
        for encounter in view.encounters where !(view.callOutcomes[encounter.candidateID]?.isDone ?? false) {
            let (rank, priority, days): (Int, String, Int)
            switch encounter.tier {
            case .confirmed: (rank, priority, days) = (2, "high", 3)
            case .probable: (rank, priority, days) = (3, "normal", 7)
            case .possible: (rank, priority, days) = (4, "low", 14)
            }
            rows.append(Row(id: "R-" + encounter.candidateID, rank: rank, priority: priority, due: today.adding(days: days),
                            reason: "\(encounter.tier.rawValue) visit on \(encounter.date) not yet reached: call to document it (\(encounter.reason))",
                            patientID: encounter.patientID, provider: view.responsibleProvider(for: encounter),
                            evidence: encounter.evidence.map { view.reference($0.traceID) }.joined(separator: "; ")))
        }
        return rows.sorted { ($0.rank, $0.due, $0.patientID, $0.id) < ($1.rank, $1.due, $1.patientID, $1.id) }
    }

    static func csv(_ view: CaseView, options: WorkOptions) -> Data {
        var csv = CSVWriter(header: columns)
        for row in rows(view, options: options) {
            let identity = view.patients[row.patientID]?.identity ?? Identity()
            csv.append([row.id, row.priority, row.due.description, row.reason, row.patientID, identity.nhi ?? "",
                        identity.familyName ?? "", identity.givenName ?? "", identity.dob?.description ?? "",
                        identity.mobile ?? "", identity.phone ?? "", row.provider ?? "", row.evidence])
        }
        return csv.data
    }
}

import LacunaCore

extension CoverageReport {
    /// Rows of the lost inbox shown in the report; the rest are in `inbox.csv`.
    static let lostInboxRows = 300

    /// The lost inbox, the clinically urgent part: every result, letter and message the practice system
    /// never received, critical first, then abnormal, then by when it arrived.
    static func lostInbox(_ view: CaseView) -> String {
        var h = "<h2 id=lost-inbox>Lost results and letters</h2>\n"
        guard !view.inboxItems.isEmpty else {
            return h + "<p>No result, letter or message of the lost days was found in the resends read so far.</p>\n"
        }
        let items = view.inboxItems.sorted { a, b in
            (CallLists.urgency(a), a.received.instant ?? .distantFuture, a.itemID) < (CallLists.urgency(b), b.received.instant ?? .distantFuture, b.itemID)
        }
        let unlinked = items.filter { $0.patientID == nil }.count
        h += "<p>\(items.count) item(s) the practice system never received: each must be filed and reviewed, whether or not the patient "
            + "was seen. Each is also on its patient's worksheet and in recalls.csv"
            + (unlinked > 0 ? "; <span class=warn>\(unlinked) could not be tied to a patient</span> (in unmatched.csv)" : "") + ".</p>\n"
        h += "<table class=inbox><tr><th>flag</th><th>received</th><th>patient</th><th>what</th><th>from</th><th>clinician</th></tr>\n"
        for item in items.prefix(lostInboxRows) {
            let patient = item.patientID.flatMap { view.patients[$0] }
            let who = patient.map { patientWords($0.identity, id: $0.id) } ?? "<span class=warn>not tied to a patient</span>"
            let flag = item.abnormal.map { "<td class=\($0.rawValue)>\($0.rawValue)</td>" } ?? "<td></td>"
            h += "<tr>\(flag)<td class=l>\(CallWorksheet.received(item))</td><td class=l>\(who)</td>"
                + "<td class=l>\(escape(item.kind.rawValue)): \(escape(item.summary))</td><td class=l>\(EvidenceWords.sourceName(item.source))</td>"
                + "<td class=l>\(escape(item.provider.map { view.providerName($0) } ?? ""))</td></tr>\n"
        }
        h += "</table>\n"
        if items.count > lostInboxRows { h += "<p>… and \(items.count - lostInboxRows) more in <a href=\"inbox.csv\">inbox.csv</a>.</p>\n" }
        return h
    }

    /// A patient as staff find them: `TAUFA, Ioane · born 18 Oct 1982 · NHI ZVR4362 · chart P000224`, escaped.
    static func patientWords(_ identity: Identity, id: String) -> String {
        var parts = ["<b>\(escape(CallWorksheet.displayName(identity, id: id)))</b>"]
        if let dob = identity.dob { parts.append("born \(DateWords.date(dob))") }
        if let nhi = identity.nhi { parts.append("NHI \(escape(nhi))") }
        if let chart = identity.localPatientID { parts.append("chart \(escape(chart))") }
        return parts.joined(separator: " · ")
    }
}

import Foundation
import Hummingbird
import LacunaCore
import Store

/// Uncertain links, least certain first: what the record says beside the patient it was tied to, field
/// by field (differences marked), to confirm or reject; the decision is kept in the case and used by
/// its next run.
enum ReviewPage {
    static func routes(_ group: RouterGroup<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings) {
        group.get("/review") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .reviewLinks) { return refused }
            let rows: [[String: Any]] = try await desk.reviewRows().map { row in
                ["source": row.item.source, "locator": row.item.locator, "probability": sureness(row.item.matchProbability),
                 "patientID": row.item.patientID, "traceID": row.item.traceID, "rule": CardPage.why(row.item.rule),
                 "fields": fields(row.trace, row.patient), "hasDecision": row.decision != nil,
                 "decision": row.decision == "confirm" ? "Confirmed" : row.decision == "reject" ? "Rejected" : (row.decision ?? ""),
                 "decidedBy": row.decidedBy ?? "", "mayReview": true, "csrf": context.csrf ?? ""]
            }
            return Page.render("review", title: "Review links", values: ["rows": rows], context: context, caseName: settings.caseName)
        }

        group.post("/review/:trace/:patient") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .reviewLinks) { return refused }
            let trace = Int64(context.parameters.get("trace") ?? "") ?? -1, patient = context.parameters.get("patient") ?? ""
            guard let row = try await desk.reviewRows().first(where: { $0.item.traceID == trace && $0.item.patientID == patient }) else {
                return Page.error(.notFound, "That link is not under review in this case (a re-run may have settled it); go back to the review page.")
            }
            guard let decision = context.form["decision"], ["confirm", "reject"].contains(decision) else {
                return Page.error(.unprocessableContent, "Choose confirm or reject.")
            }
            try await desk.recordLinkDecision(key: row.item.decisionKey, decision: decision, by: person.name, note: context.form["note"])
            try await desk.log(actor: person.name, action: "\(decision)ed a link", patientID: patient, detail: "\(row.item.source) \(row.item.locator)",
                               before: row.decision, after: decision)
            return Page.redirect("/review")
        }
    }

    /// How sure the model is, in words a person reads without a calculator.
    static func sureness(_ probability: Double) -> String {
        probability < 0.01 ? "the model: under 1% sure; tied by the rules" : String(format: "the model: %.0f%% sure", probability * 100)
    }

    /// The two sides field by field, the fields either side has, differences marked.
    static func fields(_ record: NamedPerson, _ patient: NamedPerson) -> [[String: Any]] {
        let pairs: [(String, String?, String?)] = [
            ("NHI", record.nhi, patient.nhi), ("Family name", record.familyName, patient.familyName),
            ("Given name", record.givenName, patient.givenName), ("Born", record.dob, patient.dob),
            ("Mobile", record.mobile.map(PhoneNumber.spaced), patient.mobile.map(PhoneNumber.spaced)),
            ("Phone", record.phone.map(PhoneNumber.spaced), patient.phone.map(PhoneNumber.spaced)),
            ("E-mail", record.email, patient.email), ("Address", record.address, patient.address),
        ]
        return pairs.filter { ($0.1 ?? "").isEmpty == false || ($0.2 ?? "").isEmpty == false }.map { label, a, b in
            let differ = !(a ?? "").isEmpty && !(b ?? "").isEmpty && a!.lowercased() != b!.lowercased()
            return ["label": label, "record": a ?? "—", "patient": b ?? "—", "agreement": differ ? "differ" : ""]
        }
    }
}

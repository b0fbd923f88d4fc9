import Foundation
import Hummingbird
import Store

/// For the admin: who can sign in, and the latest of the access log.
enum AdminPage {
    static func routes(_ group: RouterGroup<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings) {
        group.get("/people") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .admin) { return refused }
            let people: [[String: Any]] = try await desk.people().map { ["name": $0.name, "role": $0.role.rawValue, "provider": $0.provider ?? ""] }
            let log: [[String: Any]] = try await desk.accessLog().map {
                ["at": DayLabel.stamped($0.at, zone: settings.timeZone), "actor": $0.actor, "action": $0.action, "patient": $0.patientID ?? "", "detail": $0.detail]
            }
            return Page.render("people", title: "People", values: ["people": people, "log": log], context: context, caseName: settings.caseName)
        }
    }
}

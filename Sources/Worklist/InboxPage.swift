import Foundation
import Hummingbird
import Store

/// The lost inbox: every result, letter and message received in the window, critical first, each
/// marked filed (or reopened) by a named person.
enum InboxPage {
    static func routes(_ group: RouterGroup<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings) {
        group.get("/inbox") { request, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            let show = request.uri.queryParameters["show"].map(String.init) == "all" ? "all" : "open"
            let mayFile = person.role.may(.fileInbox)
            let items: [[String: Any]] = try await desk.inbox().filter { show == "all" || $0.filing != "filed" }.map { item in
                var row = Self.row(item, mayFile: mayFile, context: context, settings: settings)
                row["show"] = show
                return row
            }
            return Page.render("inbox", title: "Lost inbox", values: ["items": items], context: context, caseName: settings.caseName)
        }

        group.post("/inbox/:item/file") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .fileInbox) { return refused }
            let id = context.parameters.get("item") ?? ""
            guard let item = try await desk.inbox().first(where: { $0.itemID == id }) else {
                return Page.error(.notFound, "No lost item with that id in this case; go back to the inbox.")
            }
            let action = context.form["action"] == "reopened" ? "reopened" : "filed"
            try await desk.fileInboxItem(id, action: action, by: person.name, note: context.form["note"])
            try await desk.log(actor: person.name, action: "\(action) an inbox item", patientID: item.patientID, detail: id,
                               before: item.filing, after: action)
            return Page.redirect(SignIn.safeNext(context.form["back"] ?? "/inbox"))
        }
    }

    /// One lost item as the inbox and a patient's card show it, with its filing and the button that
    /// files or reopens it.
    static func row(_ item: InboxRow, mayFile: Bool, context: WorklistContext, settings: WorklistServer.Settings) -> [String: Any] {
        let filed = item.filing == "filed"
        return ["itemID": item.itemID, "received": DayLabel.time(item.received), "who": ListPages.name(item.familyName, item.givenName),
                "kind": item.kind, "summary": item.summary, "abnormal": item.abnormal ?? "", "source": item.source,
                "filing": item.filing ?? "", "filedBy": item.filedBy ?? "", "isFiled": !(item.filedBy ?? "").isEmpty,
                "filedAt": item.filedAt.map { DayLabel.stamped($0, zone: settings.timeZone) } ?? "", "mayFile": mayFile,
                "csrf": context.csrf ?? "", "nextAction": filed ? "reopened" : "filed", "nextLabel": filed ? "Reopen" : "Mark filed"]
    }
}

import Foundation
import Hummingbird
import HTTPTypes

/// The evening worksheets as the last run wrote them (`call-lists/*.html`), for printing.
enum PrintPage {
    static func routes(_ group: RouterGroup<WorklistContext>, settings: WorklistServer.Settings) {
        group.get("/print") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            let folder = settings.outputFolder?.appendingPathComponent("call-lists")
            let sheets = folder.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0.path) }?
                .filter { $0.hasSuffix(".html") && safe($0) }.sorted() ?? []
            return Page.render("print", title: "Print", values: ["sheets": sheets], context: context, caseName: settings.caseName)
        }

        group.get("/print/:sheet") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            let name = context.parameters.get("sheet") ?? ""
            guard safe(name), name.hasSuffix(".html"), let folder = settings.outputFolder,
                  let data = FileManager.default.contents(atPath: folder.appendingPathComponent("call-lists").appendingPathComponent(name).path) else {
                return Page.error(.notFound, "No worksheet of that name; go back to Print.")
            }
            // The worksheets carry their own print styles; nothing else may load or run.
            let headers: HTTPFields = [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'",
            ]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// A worksheet's file name: letters, digits, `-`, `_` and one `.html`.
    static func safe(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
            && name.filter { $0 == "." }.count == 1
    }
}

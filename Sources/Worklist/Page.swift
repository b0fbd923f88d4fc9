import Foundation
public import Hummingbird
import HTTPTypes
import Mustache

/// Pages rendered on the server from the Mustache templates (`{{ }}` escapes for HTML; only the page
/// body, itself rendered by an escaping template, is put in unescaped). Every page carries a strict
/// Content-Security-Policy: nothing from outside, no script.
enum Page {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            do { try library.register(text, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        return library
    }()

    /// Table rows rendered once per what they show (every value a row's template reads follows from its key).
    static let rows = RowCache()

    /// A select's options (value, label), the chosen one selected, each rendered once.
    static func options(_ choices: [(String, String)], selected: String) -> String {
        struct Choice: Hashable { var value, label: String; var selected: Bool }
        return rows.render("option", choices.map { Choice(value: $0.0, label: $0.1, selected: $0.0 == selected) }, key: { $0 }) {
            ["value": $0.value, "label": $0.label, "selected": $0.selected]
        }
    }

    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .cacheControl: "no-store",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    /// A page: `template` rendered with `values`, inside the layout (title, navigation, who is signed in).
    static func render(_ template: String, title: String, values: [String: Any], context: WorklistContext,
                       status: HTTPResponse.Status = .ok, caseName: String = "") -> Response {
        let body = library.render(values, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body, "caseName": caseName]
        if let person = context.person {
            layout["person"] = ["name": person.name, "role": person.role.rawValue, "csrf": context.csrf ?? ""]
            layout["mayFile"] = person.role.may(.fileInbox)
            layout["mayReview"] = person.role.may(.reviewLinks)
            layout["admin"] = person.role.may(.admin)
            layout["myList"] = person.provider != nil
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(status: status, headers: securityHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A short page saying what went wrong and what to do.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let html = library.render(["title": status.reasonPhrase, "message": message], withTemplate: "error") ?? message
        return Response(status: status, headers: securityHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        return response
    }
}

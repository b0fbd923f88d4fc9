import Foundation
import LacunaCore
import Hummingbird
import Store

/// Signing in and out. The sign-in form carries a token that must match a short-lived cookie set with
/// it (so a sign-in cannot be forged from another site); a name's sign-ins are slowed after three
/// failures in fifteen minutes; the session cookie is HttpOnly and SameSite=Strict.
enum SignIn {
    static let formCookie = "lacuna_signin"

    static func routes(_ router: Router<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings) {
        router.get("/login") { request, context in
            if context.person != nil { return Page.redirect("/") }
            return form(next: request.uri.queryParameters["next"].map(String.init) ?? "/", name: "", message: nil, context: context, settings: settings)
        }

        router.post("/login") { request, context in
            var request = request
            let fields = FormBody.parse(String(buffer: try await request.collectBody(upTo: 1 << 16)))
            let name = (fields["name"] ?? "").trimmingSpaces()
            let next = safeNext(fields["next"])
            guard let sent = fields["csrf"], let expected = request.cookies[formCookie]?.value, !expected.isEmpty, Sessions.same(sent, expected) else {
                return form(next: next, name: name, message: "The sign-in form had expired; please sign in again.", context: context,
                            settings: settings, status: .forbidden)
            }
            let failures = try await desk.recentFailures(name: name)
            try await Task.sleep(for: Sessions.delay(failures: failures))
            guard let person = try await desk.signIn(name: name, password: fields["password"] ?? "") else {
                try await desk.log(actor: name.isEmpty ? "(no name)" : name, action: "sign-in refused", patientID: nil, detail: "wrong name or password")
                return form(next: next, name: name, message: "That name and password do not match.", context: context, settings: settings,
                            status: .unauthorized)
            }
            let token = Sessions.token()
            let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(Sessions.lifetime))
            try await desk.startSession(tokenSHA256: Sessions.key(token), person: person.name, csrf: Sessions.token(), expiresAt: expires)
            try await desk.log(actor: person.name, action: "signed in", patientID: nil, detail: person.role.rawValue)
            var response = Page.redirect(next)
            response.setCookie(Sessions.cookie(token))
            response.setCookie(Cookie(name: formCookie, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
            return response
        }

        router.group().add(middleware: SignedInMiddleware()).post("/logout") { _, context in
            if let key = context.sessionKey { try await desk.endSession(tokenSHA256: key) }
            if let person = context.person { try await desk.log(actor: person.name, action: "signed out", patientID: nil, detail: "") }
            var response = Page.redirect("/login")
            response.setCookie(Sessions.clearedCookie())
            return response
        }
    }

    static func form(next: String, name: String, message: String?, context: WorklistContext, settings: WorklistServer.Settings,
                     status: HTTPResponse.Status = .ok) -> Response {
        let token = Sessions.token()
        var values: [String: Any] = ["next": safeNext(next), "name": name, "csrf": token]
        if let message { values["message"] = message }
        var signedOut = context
        signedOut.person = nil
        var response = Page.render("login", title: "Sign in", values: values, context: signedOut, status: status, caseName: settings.caseName)
        response.setCookie(Cookie(name: formCookie, value: token, maxAge: 3600, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }

    /// Where to go after signing in: a path of this site only.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

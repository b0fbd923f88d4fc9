import Foundation
public import Hummingbird
import HTTPTypes
import LacunaCore

/// Sign-in sessions: a random token in an HttpOnly, SameSite=Strict cookie (only its SHA-256 is kept in
/// the case), a CSRF token per session that every form carries, sessions that expire after twelve
/// hours, and sign-ins slowed after repeated failures.
enum Sessions {
    static let cookieName = "lacuna_session"
    static let lifetime: TimeInterval = 12 * 3600

    /// A fresh random token (256 bits, hex).
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    static func key(_ token: String) -> String { SHA256.hex(token) }

    static func cookie(_ token: String) -> Cookie {
        Cookie(name: cookieName, value: token, maxAge: Int(lifetime), path: "/", httpOnly: true, sameSite: .strict)
    }

    static func clearedCookie() -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }

    /// How long to wait before answering a sign-in after `failures` recent failures: none for the first
    /// three, then doubling to eight seconds.
    static func delay(failures: Int) -> Duration {
        guard failures >= 3 else { return .zero }
        return .seconds(min(8, 1 << min(3, failures - 3)))
    }

    /// Two strings compared in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// Puts the signed-in person (if the session cookie names a live session) on the context.
struct SessionMiddleware: RouterMiddleware {
    let desk: CaseDesk

    func handle(_ request: Request, context: WorklistContext, next: (Request, WorklistContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Sessions.cookieName]?.value, !token.isEmpty {
            let key = Sessions.key(token)
            if let session = try await desk.session(tokenSHA256: key) {
                context.person = session.person
                context.csrf = session.csrf
                context.sessionKey = key
            }
        }
        return try await next(request, context)
    }
}

/// Refuses the signed-out (to the sign-in page) and, on every POST, a form without the session's CSRF
/// token (403). The form read here is handed on in the context.
struct SignedInMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: WorklistContext, next: (Request, WorklistContext) async throws -> Response) async throws -> Response {
        guard context.person != nil, let csrf = context.csrf else {
            // Back to the page asked for, with its filters, once signed in.
            var response = Response(status: .seeOther)
            let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            response.headers[.location] = "/login" + (request.method == .get && path != "/" ? "?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : "")
            return response
        }
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        var context = context
        let contentType = request.headers[.contentType] ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            let body = try await request.collectBody(upTo: 1 << 20)
            context.form = FormBody.parse(String(buffer: body))
        } else if let boundary = MultipartBody.boundary(contentType) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let parsed = MultipartBody.parse(Array(buffer: body), boundary: boundary)
            context.form = parsed.fields
            context.files = parsed.files
        }
        let sent = context.form["csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
        guard Sessions.same(sent, csrf) else {
            return Page.error(.forbidden, "This form has expired or did not come from this worklist. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }
}

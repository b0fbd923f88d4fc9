import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Drill
import Recovery
import PostgresStore
import Store
import TestPostgres
@testable import Worklist
import TestFolders

/// A drilled and run case with one person of each role, and a signed-in client's helpers. Drilling and
/// running take seconds, so the tests share one case (each works on its own candidates and items).
struct WorklistFixture: Sendable {
    let folder: URL
    let desk: CaseDesk
    let settings: WorklistServer.Settings
    static let password = "correct horse battery"

    /// The case the tests share on each engine; nil (said) where PostgreSQL is not there to use.
    static func shared(_ engine: Engine = .sqlite) async throws -> WorklistFixture? { try await Cache.shared.plain(engine) }

    actor Cache {
        static let shared = Cache()
        private var fixtures: [Engine: WorklistFixture] = [:]
        func plain(_ engine: Engine) async throws -> WorklistFixture? {
            if let fixture = fixtures[engine] { return fixture }
            var database: String?
            if engine == .postgres {
                guard let url = try TestServer.freshDatabase() else { return nil }
                database = url
            }
            let made = try await WorklistFixture(database: database)
            fixtures[engine] = made
            return made
        }
    }

    /// `database`: the case on that PostgreSQL database (a region's server) rather than in `case.sqlite`.
    init(hostile: Bool = false, patients: Int = 600, database: String? = nil) async throws {
        folder = TestFolder.fresh("lacuna-worklist")
        var options = DrillOptions(seed: 3, patients: patients)
        options.hostile = hostile
        _ = try Drill.write(to: folder, options: options)
        let playbook = try Playbook.load(folder.appendingPathComponent("playbook.yml"))
        var run = CaseRun(playbook: playbook)
        var opener: (@Sendable () throws -> any SQLConnection)?
        if let database {
            opener = { try PostgresCaseDatabase(url: database) }
        }
        run.openDatabase = opener
        _ = try run.run()
        settings = WorklistServer.Settings(caseName: "Drill", sourceKinds: ["lab", "healthlink", "appointments", "register", "no-such-kind"],
                                           outputFolder: run.outputFolder, uploadFolders: ["lab": folder.appendingPathComponent("sources/lab")],
                                           rerun: { [playbook, opener] progress in
                                               var run = CaseRun(playbook: playbook)
                                               run.openDatabase = opener
                                               run.progress = progress
                                               return "\(try run.run().view.encounters.count) candidates"
                                           })
        if let opener {
            desk = try CaseDesk(connection: try opener(), cost: 4)
        } else {
            desk = try CaseDesk(path: run.outputFolder.appendingPathComponent("case.sqlite").path, cost: 4)
        }
        let providers = try await desk.worklist().compactMap(\.provider)
        try await desk.addPerson(name: "gp", role: .gp, provider: providers.first, password: Self.password)
        try await desk.addPerson(name: "nurse", role: .nurse, provider: nil, password: Self.password)
        try await desk.addPerson(name: "reception", role: .reception, provider: nil, password: Self.password)
        try await desk.addPerson(name: "admin", role: .admin, provider: nil, password: Self.password)
    }

    var application: some ApplicationProtocol { Application(router: WorklistServer.router(desk: desk, settings: settings)) }
}

/// A person signed in through the pages, as a browser does it.
struct Browser {
    let client: any TestClientProtocol
    var cookie = ""
    var csrf = ""

    /// Signs in: the form (and its cookie), then the POST; keeps the session cookie and a CSRF token.
    static func signIn(_ client: any TestClientProtocol, as name: String, password: String = WorklistFixture.password) async throws -> Browser {
        var browser = Browser(client: client)
        let (formCookie, formToken) = try await client.execute(uri: "/login", method: .get) { response in
            (cookieValue(response, "lacuna_signin"), hidden(String(buffer: response.body), "csrf"))
        }
        let session = try await client.execute(uri: "/login", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "lacuna_signin=\(formCookie)"],
                                               body: ByteBuffer(string: "csrf=\(formToken)&name=\(name)&password=\(password.replacingOccurrences(of: " ", with: "+"))&next=%2F")) { response in
            #expect(response.status == .seeOther, "sign-in of \(name)")
            return cookieValue(response, "lacuna_session")
        }
        browser.cookie = "lacuna_session=\(session)"
        browser.csrf = try await browser.get("/").csrfToken
        return browser
    }

    struct Page { let status: HTTPResponse.Status; let html: String; let location: String?
        var csrfToken: String { hidden(html, "csrf") }
    }

    func get(_ uri: String) async throws -> Page {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
            Page(status: response.status, html: String(buffer: response.body), location: response.headers[.location])
        }
    }

    /// A file upload as a browser sends it (multipart/form-data), with the form's CSRF token.
    func upload(_ uri: String, fields: [String: String], file: (name: String, bytes: [UInt8]), csrf: String? = nil) async throws -> Page {
        let boundary = "----lacuna\(UUID().uuidString)"
        var body: [UInt8] = []
        var all = fields
        all["csrf"] = csrf ?? self.csrf
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        return try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                                        body: ByteBuffer(bytes: body)) { response in
            Page(status: response.status, html: String(buffer: response.body), location: response.headers[.location])
        }
    }

    func post(_ uri: String, _ fields: [String: String], csrf: String? = nil) async throws -> Page {
        var all = fields
        all["csrf"] = csrf ?? self.csrf
        let body = all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body)) { response in
            Page(status: response.status, html: String(buffer: response.body), location: response.headers[.location])
        }
    }
}

func cookieValue(_ response: TestResponse, _ name: String) -> String {
    for field in response.headers where field.name == .setCookie {
        let value = field.value
        if value.hasPrefix(name + "=") { return String(value.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }
    return ""
}

func hidden(_ html: String, _ name: String) -> String {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return "" }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

/// The list's table row that links to `candidateID`'s card ("" when the page does not show it).
func row(of candidateID: String, in html: String) -> String {
    guard let link = html.range(of: "href=\"/card/\(candidateID)\""),
          let start = html[..<link.lowerBound].range(of: "<tr", options: .backwards),
          let end = html[link.upperBound...].range(of: "</tr>") else { return "" }
    return String(html[start.lowerBound..<end.upperBound])
}

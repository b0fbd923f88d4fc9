public import Foundation
public import Hummingbird
import Logging
import Store

/// `lacuna serve`: the worklist in a browser over the case database, for several people at once.
public enum WorklistServer {
    /// What the pages need to know of the case beyond its database.
    public struct Settings: Sendable {
        public var caseName: String
        /// The source kinds the playbook names, to say which have sent nothing yet.
        public var sourceKinds: [String]
        /// The practice's time zone, for the times people recorded (stamped in UTC).
        public var timeZone: TimeZone
        /// The case's output folder, whose evening worksheets `Print` serves.
        public var outputFolder: URL?
        /// Source kind → the folder a new resend of that kind is saved into (sources given as folders).
        public var uploadFolders: [String: URL]
        /// Runs the case again (a new resend, or decisions to apply); says in a line what it gave.
        /// Runs the case again, saying each step it reaches (`progress`), and returns a line saying what it gave.
        public var rerun: Rerun?

        public init(caseName: String, sourceKinds: [String] = [], timeZone: TimeZone = TimeZone(identifier: "Pacific/Auckland")!,
                    outputFolder: URL? = nil, uploadFolders: [String: URL] = [:], rerun: Rerun? = nil) {
            self.caseName = caseName
            self.sourceKinds = sourceKinds
            self.timeZone = timeZone
            self.outputFolder = outputFolder
            self.uploadFolders = uploadFolders
            self.rerun = rerun
        }
    }

    /// Every route: the sign-in pages and the style sheet for anyone; the rest for the signed-in, each
    /// checked against the person's role, and every POST against the session's CSRF token.
    public static func router(desk: CaseDesk, settings: Settings) -> Router<WorklistContext> {
        let router = Router(context: WorklistContext.self)
        router.add(middleware: SessionMiddleware(desk: desk))
        router.get("/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Templates.style)))
        }
        SignIn.routes(router, desk: desk, settings: settings)
        let signedIn = router.group().add(middleware: SignedInMiddleware())
        ListPages.routes(signedIn, desk: desk, settings: settings)
        CardPage.routes(signedIn, desk: desk, settings: settings)
        InboxPage.routes(signedIn, desk: desk, settings: settings)
        ReviewPage.routes(signedIn, desk: desk, settings: settings)
        SourcesPage.routes(signedIn, desk: desk, settings: settings, runs: CaseRuns())
        PrintPage.routes(signedIn, settings: settings)
        AdminPage.routes(signedIn, desk: desk, settings: settings)
        return router
    }

    /// Serves until interrupted, bound to `host` (127.0.0.1 unless the practice opens it to its network).
    public static func run(desk: CaseDesk, settings: Settings, host: String, port: Int) async throws {
        var logger = Logger(label: "lacuna.serve")
        logger.logLevel = .notice
        let app = Application(router: router(desk: desk, settings: settings),
                              configuration: .init(address: .hostname(host, port: port), serverName: "lacuna"),
                              logger: logger)
        try await app.runService()
    }
}

extension Person.Role {
    /// The role's pages refuse a person without `permission` with 403.
    func refuse(unless permission: Permission) -> Response? {
        may(permission) ? nil : Page.error(.forbidden, "Your role (\(rawValue)) cannot do this. Ask the practice's admin if you need to.")
    }
}

import Foundation
import Hummingbird
import HTTPTypes
import Store

/// What was read and how, and (for the admin) a new resend added from the browser: saved into its
/// source's folder, then the case run again in the background while people keep working; what they
/// recorded is in tables a run never rewrites.
enum SourcesPage {
    static func routes(_ group: RouterGroup<WorklistContext>, desk: CaseDesk, settings: WorklistServer.Settings, runs: CaseRuns) {
        group.get("/sources") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .viewLists) { return refused }
            let files: [[String: Any]] = try await desk.sourceFiles().map {
                ["kind": $0.kind, "path": $0.path, "read": $0.read, "imported": $0.imported, "duplicates": $0.duplicates, "rejected": $0.rejected,
                 "reading": $0.reading, "warnings": $0.warnings]
            }
            let state = await runs.state
            let values: [String: Any] = ["files": files, "admin": person.role.may(.admin), "csrf": context.csrf ?? "",
                                         "kinds": settings.uploadFolders.keys.sorted(), "running": state.running,
                                         "startedAt": state.startedAt.map { DayLabel.stamped($0, zone: settings.timeZone) } ?? "",
                                         "hasLast": state.last != nil, "last": state.last ?? "", "lastClass": state.failed ? "warn" : "ok",
                                         "steps": state.steps.map { ["at": DayLabel.stamped($0.at, zone: settings.timeZone), "step": $0.step] },
                                         "hasSteps": !state.steps.isEmpty, "stepCount": state.steps.count]
            var response = Page.render("sources", title: "Sources", values: values, context: context, caseName: settings.caseName)
            // While a run goes on, the page looks again every five seconds (no script needed).
            if state.running { response.headers[HTTPField.Name("Refresh")!] = "5" }
            return response
        }

        group.post("/sources/upload") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .admin) { return refused }
            guard let kind = context.form["kind"], let folder = settings.uploadFolders[kind] else {
                return Page.error(.unprocessableContent, "Choose the kind of file (a source the playbook reads from a folder).")
            }
            guard let file = context.files.first(where: { $0.field == "file" }), !file.bytes.isEmpty else {
                return Page.error(.unprocessableContent, "Choose a file to add.")
            }
            let saved: URL
            do { saved = try save(file, into: folder) } catch {
                return Page.error(.internalServerError, "The file could not be saved into the source's folder (permissions?); nothing was changed.")
            }
            try await desk.log(actor: person.name, action: "added a resend", patientID: nil, detail: "\(kind): \(saved.lastPathComponent), \(file.bytes.count) bytes")
            await runs.start(settings.rerun, desk: desk, by: person.name)
            return Page.redirect("/sources")
        }

        group.post("/sources/run") { _, context in
            guard let person = context.person else { return Page.redirect("/login") }
            if let refused = person.role.refuse(unless: .admin) { return refused }
            await runs.start(settings.rerun, desk: desk, by: person.name)
            return Page.redirect("/sources")
        }
    }

    /// Saves an uploaded file under a safe name (letters, digits, `.`, `-`, `_`; never hidden, never over
    /// another file), owner-only.
    static func save(_ file: MultipartBody.File, into folder: URL) throws -> URL {
        let last = file.filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "resend"
        var name = String(last.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        while name.hasPrefix(".") { name.removeFirst() }
        if name.isEmpty { name = "resend" }
        let stem = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        var url = folder.appendingPathComponent(name)
        var n = 2
        while FileManager.default.fileExists(atPath: url.path) {
            url = folder.appendingPathComponent(ext.isEmpty ? "\(stem)-\(n)" : "\(stem)-\(n).\(ext)")
            n += 1
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: Data(file.bytes), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return url
    }
}

/// Runs the case again: `progress` hears each step as the run reaches it; the result is a line saying
/// what the run gave.
public typealias Rerun = @Sendable (_ progress: @escaping @Sendable (String) -> Void) async throws -> String

/// The case's runs started from the browser: one at a time, in the background, the steps it has
/// reached and its outcome kept for the Sources page.
actor CaseRuns {
    struct State: Sendable {
        var running = false
        var startedAt: String?
        var last: String?
        var failed = false
        /// The steps the run in progress (else the last run) reached (when, what), oldest first.
        var steps: [(at: String, step: String)] = []
    }
    private var base = State()
    private let steps = StepLog()

    /// Where runs stand: the steps of the run going on, or of the last one once it has finished.
    var state: State {
        var state = base
        state.steps = steps.lines
        return state
    }

    func start(_ rerun: Rerun?, desk: CaseDesk, by person: String) {
        guard let rerun else {
            base.last = "this server was started without a playbook to run"
            base.failed = true
            return
        }
        guard !base.running else { return }
        base.running = true
        steps.clear()
        let stamp = DateFormatter()
        stamp.locale = Locale(identifier: "en_US_POSIX")
        stamp.timeZone = TimeZone(identifier: "UTC")
        stamp.dateFormat = "yyyy-MM-dd HH:mm:ss"
        base.startedAt = stamp.string(from: Date())
        let steps = self.steps
        Task.detached {
            let outcome: Result<String, any Error>
            do { outcome = .success(try await rerun { steps.append($0, at: stamp.string(from: Date())) }) } catch { outcome = .failure(error) }
            await self.finish(outcome, desk: desk, by: person)
        }
    }

    private func finish(_ outcome: Result<String, any Error>, desk: CaseDesk, by person: String) async {
        base.running = false
        switch outcome {
        case .success(let line): base.last = line; base.failed = false
        case .failure(let error): base.last = "the run failed: \(error)"; base.failed = true
        }
        try? await desk.log(actor: person, action: "ran the case", patientID: nil, detail: base.last ?? "")
    }
}

/// The steps a run reports, kept in the order it reports them (the run calls from its own thread).
final class StepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [(at: String, step: String)] = []

    func append(_ step: String, at time: String) { lock.withLock { kept.append((time, step)) } }
    func clear() { lock.withLock { kept.removeAll() } }
    var lines: [(at: String, step: String)] { lock.withLock { kept } }
}

import ArgumentParser
import Foundation
import Recovery
import Store
import Worklist

/// `lacuna serve PLAYBOOK.yml`: the worklist in a browser, over the playbook's case.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The worklist in a browser over the case, for several people at once (127.0.0.1 unless --host says otherwise).")

    @Argument(help: "The playbook whose case to serve (run it first).", completion: .file(extensions: ["yml", "yaml"]))
    var playbook: String
    @Option(help: "The port to listen on.")
    var port: Int = 8080
    @Option(help: "The address to listen on: 127.0.0.1 (this laptop only), or this laptop's address on the practice network.")
    var host: String = "127.0.0.1"
    @OptionGroup var database: DatabaseOption

    func run() throws {
        let loaded = try UsersCommand.playbook(playbook)
        let output = CaseRun(playbook: loaded).outputFolder
        let opener = database.opener
        let desk: CaseDesk
        if let opener {
            desk = try CaseDesk(connection: try opener())
        } else {
            let store = output.appendingPathComponent("case.sqlite").path
            guard FileManager.default.fileExists(atPath: store) else {
                say("lacuna: no case yet at \(store): run `lacuna run \(playbook)` first")
                throw ExitCode(1)
            }
            desk = try CaseDesk(path: store)
        }
        let settings = WorklistServer.Settings(caseName: loaded.caseName, sourceKinds: Array(Set(loaded.sources.map(\.kind.rawValue))).sorted(),
                                               timeZone: TimeZone(identifier: loaded.timeZone) ?? .current, outputFolder: output,
                                               uploadFolders: Self.uploadFolders(loaded), rerun: { [loaded] progress in
            var run = CaseRun(playbook: loaded)
            run.openDatabase = opener
            run.progress = progress
            // A person who asks for a run gets one: no skipping here.
            let outcome = try run.run()
            let tiers = Dictionary(grouping: outcome.view.encounters, by: \.tier).mapValues(\.count)
            return "\(outcome.view.encounters.count) candidates (\(tiers[.confirmed] ?? 0) confirmed, \(tiers[.probable] ?? 0) probable, "
                + "\(tiers[.possible] ?? 0) possible)" + (outcome.warnings.isEmpty ? "" : "; \(outcome.warnings.count) warnings in the report")
        })
        let people = try blocking { try await desk.people() }
        if people.isEmpty { say("lacuna: nobody can sign in yet: add people with `lacuna users add NAME --role admin --case \(playbook)`") }
        say("lacuna: serving \(loaded.caseName) on http://\(host):\(port)/ (Ctrl-C stops it)")
        try blocking { try await WorklistServer.run(desk: desk, settings: settings, host: host, port: port) }
    }
}

extension ServeCommand {
    /// Where a resend of each kind is saved: the folder a source names (a folder, or a glob's folder).
    static func uploadFolders(_ playbook: Playbook) -> [String: URL] {
        var folders: [String: URL] = [:]
        for source in playbook.sources {
            let wild = source.path.split(separator: "/").prefix { !$0.contains("*") && !$0.contains("?") }.joined(separator: "/")
            let base = source.path.contains("*") || source.path.contains("?") ? wild : source.path
            let url = base.hasPrefix("/") ? URL(fileURLWithPath: base) : playbook.folder.appendingPathComponent(base)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue, folders[source.kind.rawValue] == nil {
                folders[source.kind.rawValue] = url
            }
        }
        return folders
    }
}

/// `lacuna users add NAME --role …`: a person who may sign in to the worklist.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "The people who may sign in to the worklist.",
                                                    subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Adds a person; the password is asked on the terminal (or read from standard input when it is not one), stored as a bcrypt hash.")
        @Argument(help: "The name they sign in with.")
        var name: String
        @Option(help: "gp, nurse, reception or admin.", completion: .list(["gp", "nurse", "reception", "admin"]))
        var role: String
        @Option(help: "A GP's or nurse's clinician code, as the case writes it (their \"my list\").")
        var provider: String?
        @Option(name: .customLong("case"), help: "The playbook whose case they work on.", completion: .file(extensions: ["yml", "yaml"]))
        var playbook: String
        @OptionGroup var database: DatabaseOption

        func run() throws {
            guard let role = Person.Role(rawValue: role.lowercased()) else {
                say("lacuna: --role is one of gp, nurse, reception, admin")
                throw ExitCode(2)
            }
            let desk = try UsersCommand.openDesk(playbook, database: database)
            let password = try UsersCommand.askPassword()
            guard password.count >= 10 else {
                say("lacuna: a password needs at least 10 characters")
                throw ExitCode(2)
            }
            let name = self.name, provider = self.provider
            do {
                try blocking { try await desk.addPerson(name: name, role: role, provider: provider, password: password) }
            } catch {
                say("lacuna: \(name) could not be added (already there?)")
                throw ExitCode(1)
            }
            try blocking { try await desk.log(actor: "lacuna users add", action: "added a person", patientID: nil, detail: "\(name) as \(role.rawValue)") }
            say("lacuna: \(name) added as \(role.rawValue)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists who may sign in, with their roles.")
        @Option(name: .customLong("case"), help: "The playbook whose case they work on.", completion: .file(extensions: ["yml", "yaml"]))
        var playbook: String
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let desk = try UsersCommand.openDesk(playbook, database: database)
            for person in try blocking({ try await desk.people() }) {
                print([person.name, person.role.rawValue, person.provider ?? ""].joined(separator: "\t"))
            }
        }
    }

    /// The playbook at `path`; a usage error (exit 2) saying why where it cannot be read.
    static func playbook(_ path: String) throws -> Playbook {
        do { return try Playbook.load(URL(fileURLWithPath: path)) } catch {
            say("lacuna: \(error)")
            throw ExitCode(2)
        }
    }

    static func openDesk(_ playbook: String, database: DatabaseOption) throws -> CaseDesk {
        if let open = database.opener { return try CaseDesk(connection: try open()) }
        let loaded = try Self.playbook(playbook)
        let folder = CaseRun(playbook: loaded).outputFolder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try CaseDesk(path: folder.appendingPathComponent("case.sqlite").path)
    }

    /// The password, asked twice without echo on a terminal; one line of standard input otherwise.
    static func askPassword() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else { return readLine(strippingNewline: true) ?? "" }
        func ask(_ prompt: String) -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            var settings = termios()
            tcgetattr(STDIN_FILENO, &settings)
            var quiet = settings
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
            defer { tcsetattr(STDIN_FILENO, TCSANOW, &settings); FileHandle.standardError.write(Data("\n".utf8)) }
            return readLine(strippingNewline: true) ?? ""
        }
        let first = ask("Password: "), second = ask("Again: ")
        guard first == second else {
            say("lacuna: the two passwords differ")
            throw ExitCode(2)
        }
        return first
    }
}

/// Runs async work from a synchronous command and waits for it.
func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = AsyncOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

/// Where `blocking` leaves what the work gave (written once, before the semaphore is signalled).
final class AsyncOutcome<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

import ArgumentParser
import Foundation
import LacunaCore
import Recovery

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Look at a folder of exports and write a first playbook for it, every guess marked CHECK.",
        discussion: """
        Each file's kind is recognised by its content (HL7, XML, JSON, tables by what their columns hold, free-text lists); \
        files of one kind in one folder become one source; the clinicians the files name are proposed as providers; \
        columns left unread and files not recognised are listed. Writes FOLDER/playbook.yml (never over an existing one \
        unless --force), or prints it with --print. Then: `lacuna check FOLDER/playbook.yml`.
        """)

    @Argument(help: "The folder of exports.", completion: .directory)
    var folder: String

    @Option(help: "The first lost day (YYYY-MM-DD); guessed from the resends' dates when not given.")
    var from: String?

    @Option(help: "The last lost day (YYYY-MM-DD).")
    var to: String?

    @Option(help: "The practice's name.")
    var practice: String?

    @Option(help: "The practice's time zone (IANA).")
    var timezone: String = "Pacific/Auckland"

    @Option(help: "The practice's country (NZ, AU, GB …): phone numbers are read by it.", completion: .list(["NZ", "AU", "GB", "IE", "US"]))
    var country: String = "NZ"

    @Flag(help: "Print the playbook instead of writing it.")
    var print = false

    @Flag(help: "Write over an existing playbook.yml.")
    var force = false

    func validate() throws {
        guard (from == nil) == (to == nil) else { throw ValidationError("give both --from and --to, or neither") }
        if let from, LocalDate(iso: from) == nil { throw ValidationError("--from must be a date as YYYY-MM-DD") }
        if let to, LocalDate(iso: to) == nil { throw ValidationError("--to must be a date as YYYY-MM-DD") }
        guard PracticeClock(timeZoneIdentifier: timezone) != nil else { throw ValidationError("unknown time zone \(timezone)") }
        guard PhoneNumber.callingCode(country: country) != nil else { throw ValidationError("unknown country \(country): use NZ, AU, GB …") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            say("lacuna: \(folder) is not a folder")
            throw ExitCode(1)
        }
        let window = from.flatMap(LocalDate.init(iso:)).flatMap { first in to.flatMap(LocalDate.init(iso:)).map { Window(from: first, to: $0) } }
        let proposal = try PlaybookProposal.propose(folder: url, window: window, practiceName: practice, timeZone: timezone, country: country)
        if print {
            Swift.print(proposal.yaml, terminator: "")
            return
        }
        let target = url.appendingPathComponent("playbook.yml")
        if FileManager.default.fileExists(atPath: target.path), !force {
            say("lacuna: \(target.path) exists; give --force to write over it, or --print to see the proposal")
            throw ExitCode(1)
        }
        try Data(proposal.yaml.utf8).write(to: target, options: .atomic)
        say("wrote \(target.path): \(proposal.sources.count) source(s), \(proposal.providers.count) clinician(s)"
            + (proposal.unrecognised.isEmpty ? "" : ", \(proposal.unrecognised.count) file(s) not recognised"))
        let checks = proposal.sources.map(\.checks.count).reduce(0, +) + proposal.providers.filter { $0.check != nil }.count
            + (proposal.windowGuessed ? 1 : 0)
        say("\(checks) guess(es) marked CHECK; next: lacuna check \(target.path)")
    }
}

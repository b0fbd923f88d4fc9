import ArgumentParser
import Foundation
import LacunaCore
import Recovery

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "How a file would be read: kind, encoding, layout or inferred, each column's role and why, rows read and rejected.",
        discussion: "Prints no names or other identifying values: dates, amounts and record types only.")

    @Argument(help: "The file.", completion: .file())
    var file: String

    @Option(help: "The kind to read it as (bank, eftpos, register, appointments, ledger, callbacks, portal, lab, healthlink, remembered); guessed when left out.", completion: .list(SourceKind.allCases.map(\.rawValue)))
    var kind: String?

    @Option(help: "The practice's time zone, for exports in UTC.")
    var timezone: String = "Pacific/Auckland"

    func validate() throws {
        if let kind, SourceKind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        do {
            let inspection = try FileInspection.inspect(URL(fileURLWithPath: file), kind: kind.flatMap(SourceKind.init(rawValue:)),
                                                        timeZone: timezone)
            print(inspection.text)
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
    }
}

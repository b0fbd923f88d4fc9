import ArgumentParser
import Foundation

@main
struct Lacuna: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lacuna",
        abstract: "Rebuilds the lost days of a general practice from the traces they left.",
        version: "lacuna \(Lacuna.version)",
        subcommands: [RunCommand.self, InitCommand.self, CheckCommand.self, InspectCommand.self, DrillCommand.self, EvalCommand.self, LinkCommand.self, HL7Command.self,
                      RemnantsCommand.self, ServeCommand.self, UsersCommand.self])

    /// This build's version (`lacuna --version`).
    static let version = "0.19.0"

    /// Exit codes of CONTRACT: 0 outputs written, 1 nothing could be produced, 2 a usage error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Writes a line to standard error.
func say(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Whether standard error is a terminal (progress goes there only then).
var stderrIsTerminal: Bool { isatty(2) == 1 }

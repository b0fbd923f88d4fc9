import ArgumentParser
import Foundation
import Recovery

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read every source as `run` would and say how: kind, encoding, header → meaning, columns left unread, rows; writes nothing.",
        discussion: "Exit 1 when the run would fail (a source all rejected, a register that names nobody, a path that does not exist).")

    @Argument(help: "The playbook (YAML).", completion: .file(extensions: ["yml", "yaml"]))
    var playbook: String

    func run() throws {
        let report: PlaybookCheck.Report
        do {
            report = try PlaybookCheck.check(try Playbook.load(URL(fileURLWithPath: playbook)))
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
        print(report.lines.joined(separator: "\n"))
        guard report.failures.isEmpty else {
            for failure in report.failures { say("error: \(failure)") }
            throw ExitCode(1)
        }
    }
}

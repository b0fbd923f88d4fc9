import ArgumentParser
import Foundation
import LacunaCore
import Recovery

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Import every source of a playbook, link, infer, and write all outputs (incremental).")

    @Argument(help: "The playbook (YAML).")
    var playbook: String

    @Option(help: "Output folder (default: the playbook's `output`, relative to the playbook).")
    var out: String?

    func run() throws {
        let book: Playbook
        do {
            book = try Playbook.load(URL(fileURLWithPath: playbook))
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
        var caseRun = CaseRun(playbook: book, outputOverride: out.map { URL(fileURLWithPath: $0) })
        if stderrIsTerminal { caseRun.progress = { say("… \($0)") } }
        let outcome: RunOutcome
        do {
            outcome = try caseRun.run()
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
        for warning in outcome.warnings { say("warning: \(warning)") }
        let view = outcome.view
        print("\(view.caseName): lost window \(view.window.from) to \(view.window.to)")
        for s in view.sources {
            let counts = s.status == "imported"
                ? "read \(s.read), imported \(s.imported), duplicates \(s.duplicates), rejected \(s.rejected), linked \(s.linked)"
                : "not read: this build has no \(s.kind.rawValue) importer yet"
            print("  \(s.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(s.files) file(s): \(counts)")
        }
        let tiers = Tier.allCases.map { tier in "\(view.encounters.filter { $0.tier == tier }.count) \(tier.rawValue)" }
        print("Candidates: \(view.encounters.count) (\(tiers.joined(separator: ", "))); unmatched traces: \(view.unmatched.count)")
        if !view.rejects.isEmpty { say("\(view.rejects.count) record(s) could not be used; see \(outcome.outputFolder.path)/rejects.csv") }
        print("Outputs in \(outcome.outputFolder.path)/: candidates.csv, inbox.csv, unmatched.csv, rejects.csv, duplicates.csv, review.csv, summary.json, report.html, case.sqlite")
    }
}

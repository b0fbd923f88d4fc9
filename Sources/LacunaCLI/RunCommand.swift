import ArgumentParser
import Foundation
import LacunaCore
import Recovery
import Reports
import Synchronization

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Import every source of a playbook, link, infer, and write all outputs (incremental).")

    /// The run's outcome (the case's every trace, patient and page), held until the process ends: the
    /// system takes the memory back with the process, where freeing it piece by piece as the command
    /// returned was 2% of a re-run's instructions. One run a process: nothing accumulates.
    private static let heldToExit = Mutex<RunOutcome?>(nil)

    @Argument(help: "The playbook (YAML).", completion: .file(extensions: ["yml", "yaml"]))
    var playbook: String

    @Option(help: "Output folder (default: the playbook's `output`, relative to the playbook).", completion: .directory)
    var out: String?

    @Option(name: .customLong("per-evening"), help: "Patients per evening on a call worksheet.")
    var perEvening: Int = 35

    @Option(name: .customLong("sms-format"), help: "How sms.csv writes numbers: e164 (+6421…), tnz (021…), textahq (6421…), modica (+6421…).",
            completion: .list(WorkOptions.SMSFormat.allCases.map(\.rawValue)))
    var smsFormat: String = "e164"

    @Option(help: "Chart annotations as oru (ORU^R01, the default) or mdm (MDM^T02).",
            completion: .list(WorkOptions.AnnotationType.allCases.map(\.rawValue)))
    var annotations: String = "oru"

    @Flag(name: .customLong("long-window"), help: "Accept a lost window longer than 31 days.")
    var longWindow = false

    @Flag(name: .customLong("compact-weak"), help: "Weak candidates with nothing lost on a compact list, several a side, at the end of each evening.")
    var compactWeak = false

    @Flag(help: "Read, link and write everything even when nothing is new since the last run: every file read and hashed, even one the case knows by its size and times.")
    var everything = false

    @OptionGroup var database: DatabaseOption
    @Flag(name: .customLong("same-case"), help: "The output folder holds this case under its earlier name: run into it anyway.")
    var sameCase = false

    /// `sources/bank/x.csv: read as ASB; …; 12 row(s) read, 0 rejected` → its first and last parts.
    static func brief(_ reading: String) -> String {
        let parts = reading.components(separatedBy: "; ")
        guard parts.count > 2 else { return reading }
        return parts[0] + "; " + parts[1] + "; " + parts[parts.count - 1]
    }

    func validate() throws {
        guard WorkOptions.SMSFormat(rawValue: smsFormat) != nil else {
            throw ValidationError("--sms-format must be one of: \(WorkOptions.SMSFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard WorkOptions.AnnotationType(rawValue: annotations) != nil else { throw ValidationError("--annotations must be oru or mdm") }
        guard perEvening > 0 else { throw ValidationError("--per-evening must be at least 1") }
    }

    func run() throws {
        let book: Playbook
        do {
            book = try Playbook.load(URL(fileURLWithPath: playbook), longWindow: longWindow)
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
        var caseRun = CaseRun(playbook: book, outputOverride: out.map { URL(fileURLWithPath: $0) })
        let display = ProgressDisplay(terminal: stderrIsTerminal)
        caseRun.onPhase = { display.update($0) }
        // Per-file lines are the bar's on a terminal; what was recorded is said in either case.
        caseRun.progress = { line in if !line.hasPrefix("importing "), line != "linking and inferring", line != "writing outputs" { display.say("… \(line)") } }
        caseRun.notice = { display.say("lacuna: \($0)") }
        caseRun.takeOver = sameCase
        caseRun.openDatabase = database.opener
        caseRun.skipWhenUnchanged = !everything
        caseRun.readEveryFile = everything
        caseRun.work.perEvening = perEvening
        caseRun.work.compactWeak = compactWeak
        caseRun.work.smsFormat = WorkOptions.SMSFormat(rawValue: smsFormat) ?? .e164
        caseRun.work.annotationType = WorkOptions.AnnotationType(rawValue: annotations) ?? .oru
        let outcome: RunOutcome
        do {
            outcome = try caseRun.run()
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
        Self.heldToExit.withLock { $0 = outcome }
        if outcome.unchanged {
            let last = outcome.lastRun.map { " (\($0.candidates) candidates, \($0.lostItems) lost results and letters, \($0.patientsDone) of \($0.patientsToCall) patients reached or closed)" } ?? ""
            print("\(outcome.view.caseName): nothing new since the last run\(last): no file, option, sheet or recorded call has changed, so the outputs in \(outcome.outputFolder.path)/ stand as they are (--everything reads and writes them again)")
            return
        }
        for warning in outcome.warnings { say("warning: \(warning)") }
        for error in outcome.view.sources.flatMap(\.errors) { say("error: \(error)") }
        let view = outcome.view
        print("\(view.caseName): lost window \(view.window.from) to \(view.window.to)")
        for s in view.sources {
            let counts = s.status == "imported"
                ? "read \(s.read), imported \(s.imported), duplicates \(s.duplicates), rejected \(s.rejected), linked \(s.linked)"
                : "not read: this build has no \(s.kind.rawValue) importer yet"
            print("  \(s.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(s.files) file(s): \(counts)")
            // One line a file: how it was read (the roles and their evidence are in report.html and `lacuna inspect`).
            for reading in s.readings { print("      \(Self.brief(reading))") }
        }
        let tiers = Tier.allCases.map { tier in "\(view.encounters.filter { $0.tier == tier }.count) \(tier.rawValue)" }
        print("Candidates: \(view.encounters.count) (\(tiers.joined(separator: ", "))); unmatched traces: \(view.unmatched.count)")
        if !view.rejects.isEmpty { say("\(view.rejects.count) record(s) could not be used; see \(outcome.outputFolder.path)/rejects.csv") }
        print("Outputs in \(outcome.outputFolder.path)/: candidates.csv, inbox.csv, unmatched.csv, rejects.csv, duplicates.csv, review.csv, summary.json, report.html, case.sqlite; working papers: call-lists/, annotations/, recalls.csv, sms.csv, sms-upload.csv, requests/")
        // Written, but not to be worked from: said last, where it is seen, and the exit status says so.
        guard outcome.failures.isEmpty else {
            let said = outcome.view.sources.flatMap(\.errors)
            for failure in outcome.failures where !said.contains(where: { failure.hasSuffix($0) }) { say("error: \(failure)") }
            say("lacuna: the outputs were written but must not be worked from until the error(s) above are fixed; fix them and run again")
            throw ExitCode(1)
        }
    }
}

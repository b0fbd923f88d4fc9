import ArgumentParser
import Drill
import Foundation

struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Write a realistic synthetic outage: sources in their real formats, a playbook, and the truth.")

    @Argument(help: "Folder to write into.", completion: .directory)
    var folder: String

    @Option(help: "Random seed; the same seed gives the same bytes.")
    var seed: UInt64 = 7

    @Option(help: "Patients on the register.")
    var patients: Int = 3000

    @Option(name: .customLong("window-days"), help: "Days lost (from Thursday 3 April 2025).")
    var windowDays: Int = 2

    @Option(help: "Noise: low, medium or high.", completion: .list(["low", "medium", "high"]))
    var noise: String = "medium"

    @Flag(help: "Hostile values in one person in twenty (very long names, control characters, formulas, markup) and in the appointment book's practitioner column.")
    var hostile = false

    @Flag(help: "Write the drill's first layouts (ASB, ANZ, Kiwibank; Verifone, Smartpay, Stripe; the classic practice tables) instead of this seed's own variety.")
    var classic = false

    func validate() throws {
        guard DrillNoise(rawValue: noise) != nil else { throw ValidationError("--noise must be low, medium or high") }
        guard patients >= 20 else { throw ValidationError("--patients must be at least 20") }
        guard (1...31).contains(windowDays) else { throw ValidationError("--window-days must be 1 to 31") }
    }

    func run() throws {
        var options = DrillOptions(seed: seed, patients: patients, windowDays: windowDays, noise: DrillNoise(rawValue: noise)!)
        options.hostile = hostile
        options.classic = classic
        let report: DrillReport
        do {
            report = try Drill.write(to: URL(fileURLWithPath: folder), options: options)
        } catch {
            say("lacuna: \(folder): \(error)")
            throw ExitCode(1)
        }
        print("Drill written to \(folder)/: \(report.files.count) files, \(report.patients) patients, "
              + "\(report.encountersInWindow) encounters and \(report.inboxItems) inbox items in the window.")
        for line in report.variety { print("  \(line)") }
        print("Run it:    lacuna run \(folder)/playbook.yml")
        print("Score it:  lacuna eval \(folder)/out \(folder)/truth")
    }
}

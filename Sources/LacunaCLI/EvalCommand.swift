import ArgumentParser
import Foundation
import Recovery

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a run's outputs against a drill's truth: one line per figure.")

    @Argument(help: "The run's output folder.", completion: .directory)
    var output: String

    @Argument(help: "The drill's truth folder.", completion: .directory)
    var truth: String

    func run() throws {
        do {
            for figure in try Evaluation.evaluate(output: URL(fileURLWithPath: output), truth: URL(fileURLWithPath: truth)) {
                print(figure)
            }
        } catch {
            say("lacuna: \(error)")
            throw ExitCode(1)
        }
    }
}

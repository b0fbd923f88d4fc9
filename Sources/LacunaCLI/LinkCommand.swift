import ArgumentParser
import Foundation
import Linkage
import Recovery

/// `lacuna link dedupe|pair`: person linkage for IT merging patient lists.
struct LinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Link people across patient lists (probabilistic, Fellegi-Sunter): pairs.csv and clusters.csv.",
        subcommands: [Dedupe.self, Pair.self])

    struct Shared: ParsableArguments {
        @Option(help: "The column holding each row's id.")
        var id: String

        @Option(name: .customLong("role"), help: "COLUMN=ROLE; roles: \(PersonRole.allCases.map(\.rawValue).joined(separator: ", ")).")
        var roles: [String] = []

        @Option(help: "Folder to write pairs.csv, clusters.csv and model.txt into.", completion: .directory)
        var out: String

        @Option(help: "Match probability at which two rows are one person.")
        var threshold: Double = 0.5

        @Option(name: .customLong("list-from"), help: "List pairs from this probability (the grey zone included).")
        var listFrom: Double = 0.05

        @Flag(help: "Add each pair's match weights per comparison to pairs.csv.")
        var explain = false

        func validate() throws {
            guard !roles.isEmpty else { throw ValidationError("give at least one --role COLUMN=ROLE") }
            for role in roles { if case .failure(let problem) = PersonListLink.role(role) { throw ValidationError(problem.description) } }
            guard (0...1).contains(threshold), (0...1).contains(listFrom) else { throw ValidationError("probabilities are 0 to 1") }
        }

        func run(_ files: [String]) throws {
            let parsed = roles.compactMap { try? PersonListLink.role($0).get() }.map { (column: $0.0, role: $0.1) }
            let options = PersonListLink.Options(idColumn: id, roles: parsed, threshold: threshold, listFrom: listFrom, explain: explain)
            let started = Date()
            do {
                let outcome = try PersonListLink.run(files: files.map { URL(fileURLWithPath: $0) }, options: options,
                                                     out: URL(fileURLWithPath: out))
                for warning in outcome.warnings { say("lacuna: \(warning)") }
                for note in outcome.notes { say("lacuna: \(note)") }
                say(String(format: "lacuna: %d rows, %d pairs compared, %d listed, %d clusters in %.1f s → %@/",
                           outcome.people, outcome.pairsCompared, outcome.pairsListed, outcome.clusters,
                           Date().timeIntervalSince(started), out))
            } catch {
                say("lacuna: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct Dedupe: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "dedupe", abstract: "Find the rows of one list that are the same person.")
        @Argument(help: "A CSV file with a header row.", completion: .file(extensions: ["csv"])) var file: String
        @OptionGroup var shared: Shared
        func run() throws { try shared.run([file]) }
    }

    struct Pair: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pair", abstract: "Find the rows of two lists that are the same person.")
        @Argument(help: "The first CSV file.", completion: .file(extensions: ["csv"])) var first: String
        @Argument(help: "The second CSV file (same column names).", completion: .file(extensions: ["csv"])) var second: String
        @OptionGroup var shared: Shared
        func run() throws { try shared.run([first, second]) }
    }
}

import ArgumentParser
import Foundation
import HL7

struct HL7Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl7",
        abstract: "Look inside HL7 v2 files.",
        subcommands: [HL7ShowCommand.self, HL7CountCommand.self])
}

struct HL7ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print each message as a readable tree, or the values at a path.",
        discussion: "Paths: PID-5.1, OBX[2]-5, PID-3(*), PID-3(2).1, MSH-9.2. Diagnostics go to stderr.")

    @Argument(help: "An HL7 file (any segment terminator, MLLP framing, FHS/BHS batches).", completion: .file())
    var file: String

    @Option(help: "Print only the values at this path, one line each, prefixed by the message number.")
    var path: String?

    func validate() throws {
        if let path {
            do { _ = try HL7Path(path) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            say("lacuna: \(file): cannot be read; check the path")
            throw ExitCode(1)
        }
        let parsedPath = try path.map { p in try HL7Path(p) }
        var messages = 0
        let scanner = try HL7FileReader(path: file).forEachUnit { unit in
            guard case .message(let message) = unit else {
                if case .other(let other) = unit, other.kind == .orphanSegments {
                    say("\(file): line \(other.line): segments with no MSH before them")
                }
                return
            }
            messages += 1
            if let parsedPath {
                for value in parsedPath.values(in: message) { print("\(message.number)\t\(value)") }
            } else {
                print(HL7Tree.render(message))
            }
            for d in message.diagnostics { say("\(file): message \(message.number), \(d)") }
        }
        for d in scanner.diagnostics { say("\(file): \(d)") }
        if messages == 0 { say("\(file): no HL7 message found (no line starts with MSH)") }
    }
}

struct HL7CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count messages, segments, fields and components in HL7 files, streaming; time and throughput on stderr.")

    @Argument(help: "HL7 files.", completion: .file())
    var files: [String]

    func run() throws {
        var census = HL7Census()
        let started = DispatchTime.now()
        for file in files {
            guard FileManager.default.isReadableFile(atPath: file) else {
                say("lacuna: \(file): cannot be read; check the path")
                throw ExitCode(1)
            }
            let scanner = try HL7FileReader(path: file).forEachUnit { census.add($0) }
            census.fileDiagnostics += scanner.diagnostics.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        print(census)
        say(String(format: "%.3f s, %.1f MB/s", seconds, Double(census.bytes) / 1e6 / max(seconds, 1e-9)))
    }
}

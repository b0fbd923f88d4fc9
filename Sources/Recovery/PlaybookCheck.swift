import Foundation
import Importing
import LacunaCore

/// `lacuna check PLAYBOOK`: every file of every source read as the run would read it (its kind, the
/// source's `columns:`, `date-order:`, layout and rules), nothing stored and nothing written: how each
/// was read, the columns left unread, the rows it would give, and what would make the run fail.
public enum PlaybookCheck {
    public struct Report: Sendable {
        /// Lines for a terminal: names of files, header words, counts; never a patient's details.
        public var lines: [String] = []
        /// What would end the run with exit 1 (a source all rejected, a register that names nobody).
        public var failures: [String] = []
    }

    public static func check(_ playbook: Playbook) throws -> Report {
        try PhoneNumber.$homeCountryCode.withValue(playbook.callingCode) { try checkInCountry(playbook) }
    }

    static func checkInCountry(_ playbook: Playbook) throws -> Report {
        var report = Report()
        report.lines.append("\(playbook.caseName): \(playbook.practiceName), lost window \(playbook.window.from) to \(playbook.window.to)")
        for source in playbook.sources {
            let files: [SourceFile]
            do {
                files = try SourceFiles.resolve(source.path, relativeTo: playbook.folder)
            } catch {
                report.failures.append("\(playbook.url.lastPathComponent):\(source.line): source `\(source.kind.rawValue)` path `\(source.path)` does not exist")
                continue
            }
            report.lines.append("")
            report.lines.append("source `\(source.kind.rawValue)` \(source.path) (line \(source.line)): \(files.count) file(s)")
            if files.isEmpty { report.lines.append("  warning: no files yet") }
            var rules: [PaymentLayout] = []
            do { rules = try CaseRun.rules(of: source, playbook: playbook).map(\.layout) } catch { report.failures.append("\(error)") }
            let settings = playbook.importSettings(for: source, rules: rules)
            var read = 0, imported = 0, naming = 0
            for file in files {
                let name = SourceFiles.caseName(of: file.display, folder: playbook.folder)
                guard let inspection = FileInspection.inspect(URL(fileURLWithPath: file.display), as: source, settings: settings, name: name) else {
                    report.lines.append("  \(name): read within a run (`lacuna remnants map` proposes how)")
                    continue
                }
                read += inspection.read
                imported += inspection.imported
                naming += inspection.naming ?? 0
                report.lines.append("  \(name)")
                report.lines += inspection.text.split(separator: "\n").dropFirst(2).map { "    " + $0 }
            }
            if read > 0 && imported == 0 {
                report.failures.append("`\(source.kind.rawValue)` \(source.path): every one of its \(read) record(s) would be rejected; name its columns with `columns:`")
            }
            if source.kind == .register && imported > 0 && naming == 0 {
                report.failures.append("`register` \(source.path): none of its \(imported) row(s) names a patient (no NHI, no name with a date of birth); name its columns with `columns:`")
            }
        }
        return report
    }
}

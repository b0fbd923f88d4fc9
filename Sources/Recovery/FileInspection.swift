public import Foundation
public import LacunaCore
import Importing

/// `lacuna inspect`: how a file would be read, without a case. For IT checking a new export in
/// seconds: the kind (given, or guessed as the one that reads the most rows), the encoding, how the
/// file was read (layout or inferred, header, each column's role and why), rows read and rejected
/// with their reasons, the first and last rows by date and amount, and the warnings. No names or
/// other identifying values are printed.
public struct FileInspection: Sendable {
    public var file: String
    public var kind: SourceKind
    public var guessed: Bool
    public var encoding: String?
    public var reading: [String]
    public var warnings: [String]
    public var errors: [String]
    public var read: Int
    public var imported: Int
    public var rejects: [(line: Int?, reason: String)]
    /// The rows read: local date, amount where there is one, record type.
    public var rows: [(date: LocalDate?, amount: String?, type: String)]
    /// Records that name a patient (an NHI, or a name with a date of birth), where counted.
    public var naming: Int?

    /// The kinds a tabular file may be, tried in this order when none is given.
    static let tabularKinds: [SourceKind] = [.bank, .eftpos, .appointments, .register, .ledger, .callbacks, .portal]

    /// A file read as a playbook's source reads it (its kind, `columns:`, `date-order:`, layout and rules),
    /// nothing stored. Nil for a kind this build reads only within a run (a damaged database, an index).
    static func inspect(_ url: URL, as source: SourceSpec, settings: ImportSettings, name: String) -> FileInspection? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return FileInspection(file: name, kind: source.kind, guessed: false, encoding: nil, reading: [], warnings: [],
                                  errors: ["\(name): cannot be read (permissions?)"], read: 0, imported: 0, rejects: [], rows: [])
        }
        guard let result = Importers.read(source.kind, file: name, bytes: [UInt8](data), settings: settings) else { return nil }
        var inspection = FileInspection(
            file: name, kind: source.kind, guessed: false, encoding: result.encoding?.rawValue, reading: result.reading,
            warnings: result.warnings, errors: result.errors, read: result.read, imported: result.traces.count,
            rejects: result.rejects.map { ($0.locator.line, $0.reason) },
            rows: result.traces.map { ($0.time?.localDate, $0.payload["_amount"], $0.recordType) })
        inspection.naming = result.traces.filter(\.identity.identifiesAPatient).count
        return inspection
    }

    public static func inspect(_ url: URL, kind wanted: SourceKind?, timeZone: String = "Pacific/Auckland") throws -> FileInspection {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RunError(description: "\(url.path): cannot be read; check the path")
        }
        let bytes = [UInt8](data)
        let clock = PracticeClock(timeZoneIdentifier: timeZone) ?? .utc
        let today = clock.local(Date()).date
        let settings = ImportSettings(clock: clock, window: Window(from: today, to: today))
        let name = url.lastPathComponent
        func read(_ kind: SourceKind) -> FileImport? { Importers.read(kind, file: name, bytes: bytes, settings: settings) }
        var kind = wanted ?? .bank
        var result: FileImport?
        if let wanted {
            result = read(wanted)
        } else {
            // The kind that reads the most rows; on a tie, one that knows the layout over one that infers it.
            func rank(_ r: FileImport) -> (Int, Int) { (r.traces.count, r.reading.contains { $0.contains(": read as ") } ? 1 : 0) }
            for candidate in guessKinds(bytes) {
                guard let attempt = read(candidate) else { continue }
                if result == nil || rank(attempt) > rank(result!) {
                    result = attempt
                    kind = candidate
                }
            }
        }
        guard let result else { throw RunError(description: "\(url.path): this build cannot read `\(kind.rawValue)` files yet") }
        return FileInspection(
            file: url.path, kind: kind, guessed: wanted == nil, encoding: result.encoding?.rawValue, reading: result.reading,
            warnings: result.warnings, errors: result.errors, read: result.read, imported: result.traces.count,
            rejects: result.rejects.map { ($0.locator.line, $0.reason) },
            rows: result.traces.map { ($0.time?.localDate, $0.payload["_amount"], $0.recordType) })
    }

    /// The kinds worth trying for a file, from its first bytes.
    static func guessKinds(_ bytes: [UInt8]) -> [SourceKind] {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("MSH") || head.contains("\rMSH|") || head.contains("\nMSH|") || trimmed.hasPrefix("\u{0B}") { return [.lab] }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return [.portal] }
        if trimmed.hasPrefix("<") || head.contains("HTTP/1.") { return [.bank, .eftpos, .healthlink] }
        return tabularKinds
    }

    /// The inspection as lines for a terminal.
    public var text: String {
        var lines = ["file: \(file)", "kind: \(kind.rawValue)" + (guessed ? " (guessed: the kind that reads the most rows; give --kind to choose)" : "")]
        if let encoding { lines.append("encoding: \(encoding)") }
        lines += reading.map { "reading: \($0)" }
        lines.append("rows: \(read) read, \(imported) imported, \(rejects.count) rejected")
        var reasons: [String: [Int]] = [:]
        for reject in rejects { reasons[reject.reason, default: []].append(reject.line ?? 0) }
        for (reason, at) in reasons.sorted(by: { $0.value[0] < $1.value[0] }) {
            lines.append("  rejected: line\(at.count > 1 ? "s" : "") \(at.prefix(6).map(String.init).joined(separator: ", "))\(at.count > 6 ? " …" : ""): \(reason)")
        }
        let dated = rows.compactMap { row in row.date.map { (date: $0, amount: row.amount, type: row.type) } }
        if let first = dated.min(by: { $0.date < $1.date }), let last = dated.max(by: { $0.date < $1.date }) {
            lines.append("dates: \(first.date) to \(last.date)")
        }
        let cents = rows.compactMap { $0.amount.flatMap(Money.parse) }
        if !cents.isEmpty { lines.append("sum of amounts: \(Money.format(cents.reduce(0, Money.add))) over \(cents.count) row(s)") }
        // First and last rows where rows carry a date or an amount (a register's patients carry neither).
        if rows.contains(where: { $0.date != nil || $0.amount != nil }) {
            if let first = rows.first { lines.append("first row: \(first.date?.description ?? "no date") \(first.amount ?? "") \(first.type)") }
            if rows.count > 1, let last = rows.last { lines.append("last row: \(last.date?.description ?? "no date") \(last.amount ?? "") \(last.type)") }
        }
        lines += errors.map { "error: \($0)" }
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}

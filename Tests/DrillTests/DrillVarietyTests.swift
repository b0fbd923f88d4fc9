import Foundation
import Testing
@testable import Drill
import Importing
import LacunaCore
import TestFolders

/// The drill's variety read back: over twenty seeds, each drawing its own bank formats, terminal
/// exports, practice-system wordings, dates, separators, character sets and workbooks, every tabular
/// and statement file is read whole by the importers: no file rejected, not one row lost.
@Suite("The drill's variety, read back")
struct DrillVarietyTests {
    static let settings = ImportSettings(
        clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
        window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!))

    static func kind(of path: String) -> SourceKind? {
        if path.hasPrefix("sources/bank/") { return .bank }
        if path.hasPrefix("sources/eftpos/") { return .eftpos }
        for kind in [SourceKind.register, .appointments, .ledger, .callbacks] where path.hasPrefix("sources/\(kind.rawValue).") { return kind }
        return nil
    }

    @Test("twenty seeds: every file read whole, every row a trace", arguments: Array(UInt64(1)...20))
    func seed(_ seed: UInt64) throws {
        let folder = TestFolder.fresh("lacuna-variety")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try Drill.write(to: folder, options: DrillOptions(seed: seed, patients: 700))
        let drawn = report.variety.joined(separator: "; ")
        #expect(report.records.count >= 11, "\(drawn)")
        for (path, records) in report.records.sorted(by: { $0.key < $1.key }) {
            let kind = try #require(Self.kind(of: path), "\(path)")
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))
            let result = try #require(Importers.read(kind, file: path, bytes: bytes, settings: Self.settings))
            #expect(result.errors.isEmpty, "seed \(seed), \(path): \(result.errors) — \(drawn)")
            #expect(result.rejects.count == 0, "seed \(seed), \(path): \(result.rejects.count) rejects, first \(result.rejects.prefix(3).map(\.reason)) — \(drawn)")
            #expect(result.traces.count == records, "seed \(seed), \(path): \(result.traces.count) of \(records) rows; \(result.reading)")
            if let money = report.money[path] {
                let cents = result.traces.compactMap { $0.payload["_amount"].flatMap { try? Money.read($0).get() } }.reduce(0, +)
                let days = result.traces.compactMap { $0.time?.localDate }
                #expect(cents == money.cents, "seed \(seed), \(path): amounts sum to \(Money.format(cents)), written \(Money.format(money.cents)); \(result.reading)")
                #expect(days.min() == money.first && days.max() == money.last,
                        "seed \(seed), \(path): days \(days.min().map(\.description) ?? "-") to \(days.max().map(\.description) ?? "-"), written \(money.first.map(\.description) ?? "-") to \(money.last.map(\.description) ?? "-"); \(result.reading)")
            }
        }
    }

    @Test("the seeds between them write every bank format, every terminal format and a workbook")
    func coverage() throws {
        var lines: Set<String> = []
        var workbook = false
        for seed in UInt64(1)...20 {
            var random = DrillRandom(seed: seed ^ 0x5A_12E7)
            let variety = ExportVariety.drawn(&random)
            lines.formUnion(variety.banks.map(\.rawValue) + variety.terminals.map(\.rawValue))
            workbook = workbook || [variety.register, variety.appointments, variety.ledger, variety.callbacks].contains { $0.workbook }
        }
        for format in ExportVariety.BankFormat.allCases { #expect(lines.contains(format.rawValue), "\(format)") }
        for format in ExportVariety.TerminalFormat.allCases { #expect(lines.contains(format.rawValue), "\(format)") }
        #expect(workbook)
    }
}

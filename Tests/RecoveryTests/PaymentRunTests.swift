import Foundation
import Testing
import Importing
import LacunaCore
import Reports
@testable import Recovery
import TestFolders

@Suite("Payments in a run: rules files, settlement reconciliation, card evidence")
struct PaymentRunTests {
    /// A UK building-society statement no built-in layout knows: quoted preamble, `13 Jun 2025`
    /// dates, £ in Windows-1252, split Paid out / Paid in columns.
    static let statement = "\"Account Name:\",\"Practice current ****12345\"\r\n\"Account Balance:\",\"\u{A3}100.00\"\r\n\"Available Balance: \",\"\u{A3}100.00\"\r\n\r\n"
        + "\"Date\",\"Transaction type\",\"Description\",\"Paid out\",\"Paid in\",\"Balance\"\r\n"
        + "\"03 Apr 2025\",\"Transfer from SMITH J\",\"INV-10234\",\"\",\"\u{A3}45.00\",\"\u{A3}145.00\"\r\n"
        + "\"04 Apr 2025\",\"Direct debit WATER\",\"WATER BILL\",\"\u{A3}30.00\",\"\",\"\u{A3}115.00\"\r\n"

    static let rules = """
    lacuna-rules: 1
    name: Nationwide statement
    kind: bank
    signature: [Date, Transaction type, Description, Paid out, Paid in, Balance]
    columns:
      date: Date
      payer: Transaction type
      reference: Description
      debit: Paid out
      credit: Paid in
      balance: Balance
    date-format: DD Mon YYYY
    encoding: windows-1252

    """

    func folder(rules: String?) throws -> URL {
        let folder = TestFolder.fresh("lacuna-pay")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources/bank"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try Data(Self.statement.unicodeScalars.map { UInt8($0.value) }).write(to: folder.appendingPathComponent("sources/bank/nationwide.csv"))
        try Data("Patient ID,NHI,Surname,First Name,DOB\nP1,ZZZ00AC,Smith,Jane,12/05/1980\n".utf8)
            .write(to: folder.appendingPathComponent("sources/register.csv"))
        if let rules { try rules.write(to: folder.appendingPathComponent("rules/nationwide.yml"), atomically: true, encoding: .utf8) }
        try playbook(rules: rules != nil).write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    func playbook(rules: Bool) -> String {
        """
        lacuna: 1
        case: Rules file
        practice: { name: Test Practice, timezone: Pacific/Auckland, country: NZ }
        window: { from: 2025-04-03, to: 2025-04-04 }
        sources:
          - { kind: register, path: sources/register.csv }
          - { kind: bank, path: sources/bank/\(rules ? ", rules: rules/" : "") }
        """
    }

    func bankSummary(_ outcome: RunOutcome) -> SourceSummary { outcome.view.sources.first { $0.kind == .bank }! }

    @Test("a statement no layout knows is read from its columns; a rules file then reads it the practice's way, replacing that reading")
    func rulesFileReadsUnknownStatement() throws {
        let folder = try folder(rules: nil)
        let first = try CaseRun(playbook: try Playbook.load(folder.appendingPathComponent("playbook.yml"))).run()
        #expect(bankSummary(first).imported == 2)
        #expect(bankSummary(first).rejected == 0)
        #expect(bankSummary(first).readings.count == 1)
        #expect(bankSummary(first).readings[0].contains("inferred from its columns"))
        #expect(bankSummary(first).readings[0].contains("credit ← “Paid in”"))

        try Self.rules.write(to: folder.appendingPathComponent("rules/nationwide.yml"), atomically: true, encoding: .utf8)
        try playbook(rules: true).write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        let second = try CaseRun(playbook: try Playbook.load(folder.appendingPathComponent("playbook.yml"))).run()
        let bank = bankSummary(second)
        #expect(bank.imported == 2)
        #expect(bank.rejected == 0)
        #expect(bank.read == bank.imported + bank.duplicates + bank.rejected)
        #expect(bank.readings[0].contains("read as Nationwide statement"))
        // The rules file's reading replaced the first: two payments, not four.
        let payments = second.view.traces.values.filter { $0.kind == .bank }.sorted { $0.locator.line! < $1.locator.line! }
        #expect(payments.map { $0.payload["_amount"] } == ["45.00", "-30.00"])
        #expect(payments[0].time?.localDate == LocalDate(year: 2025, month: 4, day: 3))
        #expect(payments[0].identity.payerName == "SMITH J")
        #expect(payments[0].payload["_invoice"] == "10234")
        #expect(payments[0].payload["_layout"] == "Nationwide statement")
        let report = String(decoding: try Data(contentsOf: second.outputFolder.appendingPathComponent("report.html")), as: UTF8.self)
        #expect(report.contains("How each file was read"))
        #expect(report.contains("read as Nationwide statement"))
    }

    @Test("a rules file with decimal commas, semicolons, skipped lines and positions")
    func decimalCommaRules() throws {
        let folder = TestFolder.fresh("lacuna-rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("bank.yml")
        try """
        lacuna-rules: 1
        name: Euro bank
        kind: bank
        header: false
        skip: 1
        field-count: 4
        columns: { date: 1, description: 2, amount: 3, balance: 4 }
        date-format: DD.MM.YYYY
        decimal-mark: ","
        """.write(to: url, atomically: true, encoding: .utf8)
        let layout = try RulesFile.load(url)
        let text = "Kontoauszug 123\n03.04.2025;SMITH J INV-10234;1.045,50;2.000,00\n04.04.2025;GEBUEHR;-5,00;1.995,00\n"
        var settings = ImportSettings(clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
                                      window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!))
        settings.rules = [layout]
        let result = BankImporter().read(file: "bank/euro.csv", bytes: Array(text.utf8), settings: settings)
        #expect(result.rejects.isEmpty)
        #expect(result.traces.map { $0.payload["_amount"] } == ["1045.50", "-5.00"])
        #expect(result.traces.first?.payload["_invoice"] == "10234")
    }

    @Test("a mistake in a rules file names the file and line")
    func badRules() throws {
        let folder = TestFolder.fresh("lacuna-rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("bad.yml")
        try "lacuna-rules: 1\nname: X\nkind: bank\nsignature: [Date, Amount]\ncolumns:\n  date: Date\n  amount: Amount\nsing: debit-positive\n"
            .write(to: url, atomically: true, encoding: .utf8)
        #expect { try RulesFile.load(url) } throws: { error in
            let text = "\(error)"
            return text.contains("bad.yml:8") && text.contains("unknown key `sing`") && text.contains("sign,")
        }
    }

    @Test("the drill's settlements all match the terminal exports; a missing export and a missing day are gaps")
    func settlements() throws {
        let scenario = try Scenario(seed: 4, patients: 300)
        let outcome = try scenario.run()
        #expect(!outcome.view.settlements.isEmpty)
        #expect(outcome.view.settlements.allSatisfy { $0.state == .matched }, "\(outcome.view.settlements.filter(\.isGap).map(\.note))")
        let summary = try scenario.summary()
        let settlements = try #require(summary["settlements"] as? [String: Any])
        #expect(settlements["gaps"] as? Int == 0)
        #expect((settlements["matched"] as? Int ?? 0) > 0)

        // The nurses' terminal export was never given; one day is missing from reception's.
        let classic = try Scenario(seed: 4, patients: 300, classic: true)
        try classic.run()
        #expect(try classic.summary()["settlements"].flatMap { ($0 as? [String: Any])?["gaps"] as? Int } == 0)
        try FileManager.default.removeItem(at: classic.folder.appendingPathComponent("sources/eftpos/smartpay-nurses.csv"))
        let verifone = classic.folder.appendingPathComponent("sources/eftpos/verifone-reception.csv")
        let lines = try String(contentsOf: verifone, encoding: .utf8).components(separatedBy: "\r\n")
        try lines.filter { !$0.hasPrefix("03/04/2025") }.joined(separator: "\r\n").write(to: verifone, atomically: true, encoding: .utf8)
        let gapped = try classic.run(out: classic.folder.appendingPathComponent("out-gaps"))
        let states = Set(gapped.view.settlements.filter(\.isGap).map(\.state))
        #expect(states.contains(.missingTerminalExport))
        #expect(states.contains(.differs))
        let report = try String(contentsOf: classic.folder.appendingPathComponent("out-gaps/report.html"), encoding: .utf8)
        #expect(report.contains("Card settlements") && report.contains("missing-terminal-export"))
    }

    @Test("card payments in the window point to the patient the drill says was seen that day")
    func cardEvidence() throws {
        let scenario = try Scenario(seed: 5, patients: 400)
        try scenario.run()
        let truthText = try String(contentsOf: scenario.folder.appendingPathComponent("truth/encounters.csv"), encoding: .utf8)
        let truthRows = truthText.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let truth = Set(truthRows.map { "\($0[3])|\($0[1])" })
        let candidates = try String(contentsOf: scenario.out.appendingPathComponent("candidates.csv"), encoding: .utf8)
        var paid = 0, right = 0
        for line in candidates.split(whereSeparator: \.isNewline).dropFirst() where line.contains(" by card …") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            paid += 1
            if truth.contains("\(cells[2])|\(cells[8])") { right += 1 }
        }
        #expect(paid >= 10)
        #expect(Double(right) >= Double(paid) * 0.9, "\(right) of \(paid) candidates with card evidence were seen")
    }
}

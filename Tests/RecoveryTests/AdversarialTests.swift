import Foundation
import Testing
import LacunaCore
@testable import Recovery

/// A small case on disk written by a test: a playbook and its source files, in a fresh folder.
struct SmallCase {
    let folder: URL

    init(window: String = "{ from: 2025-04-03, to: 2025-04-04 }", sources: [(kind: String, path: String)],
         files: [String: [UInt8]], extra: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lacuna-small-\(UUID().uuidString)")
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let list = sources.map { "  - { kind: \($0.kind), path: \"\($0.path)\" }" }.joined(separator: "\n")
        try """
        lacuna: 1
        case: Small case
        practice: { name: Test Practice, timezone: Pacific/Auckland, country: NZ }
        window: \(window)
        providers:
          - { code: RS, name: Dr Roger Smith }
        sources:
        \(list)
        \(extra)
        """.write(to: playbookURL, atomically: true, encoding: .utf8)
    }

    init(sources: [(kind: String, path: String)], texts: [String: String], extra: String = "") throws {
        try self.init(sources: sources, files: texts.mapValues { Array($0.utf8) }, extra: extra)
    }

    var playbookURL: URL { folder.appendingPathComponent("playbook.yml") }
    var out: URL { folder.appendingPathComponent("out") }

    func run(out: URL? = nil) throws -> RunOutcome {
        try CaseRun(playbook: try Playbook.load(playbookURL), outputOverride: out ?? self.out).run()
    }

    func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: out.appendingPathComponent(name)), as: UTF8.self)
    }
}

/// The findings of the adversarial pass (issue 14), each reproduced and held.
@Suite("Adversarial findings: nothing lost, nothing leaked, no crash")
struct AdversarialTests {
    static let register = """
        Patient ID,NHI,Surname,First Name,DOB,Mobile
        P1,ZZZ0016,Tipene,Jane,12/05/1980,021 123 4567
        P2,ZZZ0024,Ngata,Aroha,01/02/1990,027 765 4321

        """

    @Test("F1: amounts beyond any clinic's takings are rejects with their reason, and a day's takings cannot overflow")
    func hugeAmounts() throws {
        // The drill's Verifone layout: one terminal, one day.
        var eftpos = "Date,Time,Terminal ID,Merchant ID,Transaction Type,Card Type,Masked Card,Amount,Auth Code,Reference,Status\n"
        for i in 0..<120 {
            eftpos += "03/04/2025,\(String(format: "%02d", 8 + i / 60)):\(String(format: "%02d", i % 60)):00,HMC00001,40123456,Purchase,Visa,XXXXXXXXXXXX1234,999999999999999.99,\(100_000 + i),\(i),Approved\n"
        }
        eftpos += "03/04/2025,11:00:00,HMC00001,40123456,Purchase,Visa,XXXXXXXXXXXX1234,45.00,200000,999,Approved\n"
        let bank = "Date,Amount,Other Party,Description,Reference,Particulars,Analysis Code\n04/04/2025,45.00,MERCHANT T1,SETTLEMENT,,,\n"
        let small = try SmallCase(sources: [("register", "register.csv"), ("eftpos", "eftpos.csv"), ("bank", "bank.csv")],
                                  texts: ["register.csv": Self.register, "eftpos.csv": eftpos, "bank.csv": bank])
        for _ in 0..<2 {   // and the next run too
            let outcome = try small.run()
            let source = try #require(outcome.view.sources.first { $0.kind == .eftpos })
            #expect(source.read == 121)
            #expect(source.rejected == 120)
            #expect(source.imported == 1)
            let rejects = try small.text("rejects.csv")
            #expect(rejects.contains("beyond any clinic's takings"))
            #expect(!rejects.contains("999999"))
        }
        #expect(Money.add(Int.max - 1, 5) == Int.max)
        #expect(Money.add(Int.min + 1, -5) == Int.min)
        #expect(Money.parse("99,999,999.99") == 99_999_999_99)
        #expect(Money.parse("100000000.00") == nil)
        #expect(Money.parse("000000000045.00") == 4500)
    }

    @Test("F12: a time that names no real moment is a reject, never moved to another day")
    func malformedTimes() throws {
        #expect(Date(iso8601: "2025-04-03T99:00:00+13:00") == nil)
        #expect(Date(iso8601: "2025-04-03T10:75:00+13:00") == nil)
        #expect(Date(iso8601: "2025-04-03T10:15:00+99:00") == nil)
        #expect(Date(iso8601: "2025-04-03T10:15:00+13:00junk") == nil)
        #expect(Date(iso8601: "2025-04-03T10:15:00+13:00")?.isoUTC == "2025-04-02T21:15:00Z")
        #expect(Date(iso8601: "2025-04-03T10:15:00.250Z")?.isoUTC == "2025-04-03T10:15:00Z")
        #expect(Date(iso8601: "2025-04-03T10:15:00+13:00[Pacific/Auckland]") != nil)
        let portal = """
            [
              {"message_id":"M1","sent_at":"2025-04-03T99:00:00+13:00","sender":{"name":"Jane Tipene","nhi":"ZZZ0016"},"body":"hello","type":"message"},
              {"message_id":"M2","sent_at":"2025-04-03 25:10","sender":{"name":"Jane Tipene","nhi":"ZZZ0016"},"body":"hello","type":"message"},
              {"message_id":"M3","sent_at":"2025-04-03T10:15:00+13:00","sender":{"name":"Jane Tipene","nhi":"ZZZ0016"},"body":"hello","type":"message"}
            ]
            """
        let small = try SmallCase(sources: [("register", "register.csv"), ("portal", "portal.json")],
                                  texts: ["register.csv": Self.register, "portal.json": portal])
        let outcome = try small.run()
        let source = try #require(outcome.view.sources.first { $0.kind == .portal })
        #expect(source.read == 3)
        #expect(source.imported == 1)
        #expect(source.rejected == 2)
        #expect(outcome.view.traces.values.filter { $0.kind == .portal }.allSatisfy { $0.time?.localDate.description == "2025-04-03" })
    }
}

import Foundation
import Testing
@testable import Drill
import LacunaCore
import TestFolders

@Suite("The drill")
struct DrillTests {
    func write(seed: UInt64, patients: Int = 300, windowDays: Int = 2, classic: Bool = false) throws -> (URL, DrillReport) {
        let folder = TestFolder.fresh("lacuna-drill")
        var options = DrillOptions(seed: seed, patients: patients, windowDays: windowDays)
        options.classic = classic
        let report = try Drill.write(to: folder, options: options)
        return (folder, report)
    }

    func fingerprint(_ folder: URL, _ report: DrillReport) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in report.files { result[path] = SHA256.hex(bytes: [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))) }
        return result
    }

    @Test("same seed, same bytes; another seed, other bytes")
    func determinism() throws {
        let (a, ra) = try write(seed: 11)
        let (b, rb) = try write(seed: 11)
        let (c, rc) = try write(seed: 12)
        #expect(ra.files == rb.files)
        #expect(try fingerprint(a, ra) == fingerprint(b, rb))
        #expect(try fingerprint(a, ra)["truth/encounters.csv"] != fingerprint(c, rc)["truth/encounters.csv"])
        #expect(ra.variety == rb.variety)
    }

    @Test("every source kind of the contract is written, and the playbook names them")
    func everyKind() throws {
        let (folder, report) = try write(seed: 5)
        let playbook = try String(contentsOf: folder.appendingPathComponent("playbook.yml"), encoding: .utf8)
        for kind in ["register", "appointments", "ledger", "bank", "eftpos", "lab", "healthlink", "portal", "search-index", "remembered", "callbacks"] {
            #expect(playbook.contains("kind: \(kind) ") || playbook.contains("kind: \(kind),"), "playbook lacks \(kind)")
        }
        let files = report.files
        #expect(files.filter { $0.hasPrefix("sources/bank/") }.count == 4)
        #expect(files.filter { $0.hasPrefix("sources/eftpos/") }.count == 3)
        #expect(files.contains { $0.hasPrefix("sources/healthlink/healthdocs/") && $0.hasSuffix(".xml") })
        #expect(files.contains { $0.hasPrefix("sources/healthlink/referrals-sent-") })
        #expect(files.contains("sources/portal/messages-resend.json") && files.contains("sources/portal/messages-resend.csv"))
        #expect(files.contains("truth/encounters.csv") && files.contains("truth/inbox.csv"))
    }

    @Test("real-format quirks of the classic layouts: Windows-1252 book, ASB preamble, Stripe in UTC, HL7 v2.1 and v2.4, batches, MLLP, LF ends")
    func formats() throws {
        let (folder, report) = try write(seed: 5, classic: true)
        func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: folder.appendingPathComponent(path))) }
        #expect(try bytes("sources/register.csv").starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: try bytes("sources/bank/asb-cheque-1.csv"), as: UTF8.self).hasPrefix("Created date / time"))
        #expect(String(decoding: try bytes("sources/eftpos/stripe-online.csv"), as: UTF8.self).contains("Created (UTC)"))
        let lab = report.files.filter { $0.hasPrefix("sources/lab/") }
        let texts = try lab.map { String(decoding: try bytes($0), as: UTF8.self) }
        #expect(texts.contains { $0.hasPrefix("FHS|") && $0.contains("\rBHS|") && $0.contains("\rBTS|") })
        #expect(texts.contains { $0.hasPrefix("\u{0B}MSH|") && $0.contains("\u{1C}\r") })
        #expect(texts.contains { $0.contains("|2.1\n") && !$0.contains("\r") })
        #expect(texts.contains { $0.contains("|2.4|") })
        let healthlink = try report.files.filter { $0.hasPrefix("sources/healthlink/") && $0.hasSuffix(".hl7") }
            .map { String(decoding: try bytes($0), as: UTF8.self) }
        #expect(healthlink.contains { $0.contains("REF^I12") && $0.contains("\r\n") })
        #expect(healthlink.contains { $0.contains("MDM^T02") && $0.contains("\rTXA|") })
    }

    @Test("the appointment book is Windows-1252: é survives as one byte, macrons are lost")
    func windows1252() throws {
        let (folder, _) = try write(seed: 5, patients: 600, classic: true)
        let register = try String(contentsOf: folder.appendingPathComponent("sources/register.csv"), encoding: .utf8)
        let book = [UInt8](try Data(contentsOf: folder.appendingPathComponent("sources/appointments.csv")))
        #expect(register.contains { "āēīōūĀĒĪŌŪ".contains($0) })
        #expect(register.contains { "éë".contains($0) })
        #expect(book.contains { $0 == 0xE9 || $0 == 0xEB })
        #expect(String(validating: book, as: UTF8.self) == nil)
        let latin1 = String(decoding: book.map { UInt16($0) }, as: UTF16.self)
        #expect(!latin1.contains { "āēīōū".contains($0) })
    }

    @Test("the truth is consistent: valid NHIs, dates in the window, results flagged")
    func truth() throws {
        let (folder, report) = try write(seed: 9, patients: 800)
        let lines = try String(contentsOf: folder.appendingPathComponent("truth/encounters.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.count == report.encountersInWindow)
        #expect(lines.count > 20)
        for row in lines {
            if case .failure = NHI.parse(row[0]) { Issue.record("invalid NHI in truth") }
            #expect(row[1] == "2025-04-03" || row[1] == "2025-04-04")
        }
        let inbox = try String(contentsOf: folder.appendingPathComponent("truth/inbox.csv"), encoding: .utf8).split(separator: "\n")
        #expect(inbox.count - 1 == report.inboxItems)
        #expect(inbox.contains { $0.contains(",lab,") })
    }

    @Test("a window across the end of daylight saving")
    func longWindow() throws {
        let (folder, report) = try write(seed: 4, patients: 300, windowDays: 5)
        #expect(report.encountersInWindow > 0)
        let truth = try String(contentsOf: folder.appendingPathComponent("truth/encounters.csv"), encoding: .utf8)
        #expect(truth.contains("2025-04-07"))
        #expect(!truth.contains("2025-04-06"))  // closed on Sunday
    }
}

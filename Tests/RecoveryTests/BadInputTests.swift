import Foundation
import Testing
@testable import Recovery
import LacunaCore
import TestFolders

@Suite("Bad input: clear messages naming file and place; the counts still add up")
struct BadInputTests {
    func folder() throws -> URL {
        let folder = TestFolder.fresh("lacuna-bad")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
        return folder
    }

    func playbook(_ sources: String, window: String = "{ from: 2025-04-03, to: 2025-04-04 }", extra: String = "") -> String {
        """
        lacuna: 1
        case: Bad input
        practice: { name: Test Practice, timezone: Pacific/Auckland, country: NZ }
        window: \(window)
        providers:
          - { code: RS, name: Dr Roger Smith }
        sources:
        \(sources)
        \(extra)
        """
    }

    @Test("a broken quote, a Windows-1252 file and an empty file in one run")
    func badFiles() throws {
        let folder = try folder()
        try Data("Patient ID,NHI,Surname,First Name,DOB,Mobile\nP1,ZZZ00AC,Tipene,Jane,12/05/1980,021 123 4567\nP2,JBX3656,\"Smith\"x,Bob,31/12/1950,\nP3,,Ngata,Aroha,01/02/1990,\n".utf8)
            .write(to: folder.appendingPathComponent("sources/register.csv"))
        let book = "Appt Date,Start Time,Practitioner,Patient ID,Patient Name,Reason,Status\n3/04/2025,9:15 am,RS,P1,\"TIPENE, Jane\",knee,Booked\n4/04/2025,10:00 am,RS,P3,\"NGATA, Aroha\",caf\u{E9} burn,Booked\n"
        try Data(book.unicodeScalars.map { UInt8($0.value) }).write(to: folder.appendingPathComponent("sources/appointments.csv"))
        try Data().write(to: folder.appendingPathComponent("sources/callbacks.csv"))
        try playbook("""
          - { kind: register, path: sources/register.csv }
          - { kind: appointments, path: sources/appointments.csv }
          - { kind: callbacks, path: sources/callbacks.csv }
        """).write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        let outcome = try CaseRun(playbook: try Playbook.load(folder.appendingPathComponent("playbook.yml"))).run()
        for source in outcome.view.sources {
            #expect(source.read == source.imported + source.duplicates + source.rejected)
        }
        #expect(outcome.view.sources.map(\.read) == [3, 2, 0])
        #expect(outcome.view.sources[0].rejected == 1)
        let rejects = String(decoding: try Data(contentsOf: outcome.outputFolder.appendingPathComponent("rejects.csv")), as: UTF8.self)
        #expect(rejects.contains("register,sources/register.csv,\"line 3, byte 92\",3,,92,broken quote"))
        #expect(outcome.warnings.contains { $0.contains("sources/appointments.csv") && $0.contains("Windows-1252") })
        #expect(outcome.warnings.contains { $0.contains("sources/callbacks.csv") && $0.contains("empty") })
        // No patient data in what is said to the person running it.
        for warning in outcome.warnings { #expect(!warning.contains("Tipene") && !warning.contains("ZZZ00AC") && !warning.contains("1980")) }
        #expect(outcome.view.encounters.count == 2)
    }

    @Test("a missing file stops the run with the playbook line and the path")
    func missingFile() throws {
        let folder = try folder()
        try playbook("  - { kind: register, path: sources/nowhere.csv }")
            .write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        let book = try Playbook.load(folder.appendingPathComponent("playbook.yml"))
        do {
            _ = try CaseRun(playbook: book).run()
            Issue.record("expected the run to fail")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("playbook.yml:8"))
            #expect(text.contains("sources/nowhere.csv"))
            #expect(text.contains("fix the path"))
        }
    }

    func loadError(_ text: String) throws -> PlaybookError {
        let folder = try folder()
        let url = folder.appendingPathComponent("playbook.yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try Playbook.load(url)
        } catch {
            return error
        }
        throw PlaybookError(file: "", line: nil, message: "no error", hint: "")
    }

    @Test("a misspelt key is named with its line and the key meant")
    func misspeltKey() throws {
        let error = try loadError(playbook("  - { kind: register, path: r.csv }").replacingOccurrences(of: "sources:", with: "soruces:"))
        #expect(error.line == 7)
        #expect(error.description.contains("playbook.yml:7"))
        #expect(error.description.contains("`soruces`"))
        #expect(error.description.contains("did you mean `sources`"))
        let inSource = try loadError(playbook("  - { kind: register, paht: r.csv }"))
        #expect(inSource.description.contains("`paht`") && inSource.description.contains("`path`"))
    }

    @Test("`columns:` meanings are checked against what the source's kind reads, with the meaning likely meant")
    func columnMeanings() throws {
        let clinician = try loadError(playbook("  - { kind: appointments, path: a.csv, columns: { \"Provider Name\": clinician } }"))
        #expect(clinician.line == 8)
        #expect(clinician.message.contains("`clinician` is not a column meaning of a `appointments` source (did you mean `provider`?)"), "\(clinician)")
        #expect(clinician.hint.contains("family") && clinician.hint.contains("provider"))
        let misspelt = try loadError(playbook("  - { kind: register, path: r.csv, columns: { \"Pt Surname\": famly } }"))
        #expect(misspelt.message.contains("did you mean `family`"))
        let bank = try loadError(playbook("  - { kind: bank, path: b.csv, columns: { \"Amt\": amount } }"))
        #expect(bank.message.contains("`columns:` is not read for a `bank` source") && bank.hint.contains("rules"))
        // A meaning the kind reads loads.
        let folder = try folder()
        let url = folder.appendingPathComponent("good.yml")
        try playbook("  - { kind: register, path: r.csv, columns: { \"Pt Surname\": family, \"Txt Reminders\": sms } }").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: Never.self) { try Playbook.load(url) }
    }

    @Test("a window that runs backwards")
    func backwards() throws {
        let error = try loadError(playbook("  - { kind: register, path: r.csv }", window: "{ from: 2025-04-04, to: 2025-04-03 }"))
        #expect(error.line == 4)
        #expect(error.message.contains("backwards"))
        #expect(error.hint.contains("swap"))
    }

    @Test("unknown kinds, zones and date orders are named", arguments: [
        ("  - { kind: banking, path: r.csv }", "`banking`"), ("  - { kind: register, path: r.csv, date-order: dym }", "date-order"),
    ])
    func unknownValues(_ example: (String, String)) throws {
        let error = try loadError(playbook(example.0))
        #expect(error.description.contains(example.1))
        #expect(error.line == 8)
    }

    @Test("a window given as local datetimes")
    func datetimeWindow() throws {
        let folder = try folder()
        let url = folder.appendingPathComponent("playbook.yml")
        try playbook("  - { kind: register, path: r.csv }", window: "{ from: \"2025-04-03T12:00\", to: \"2025-04-05T12:00\" }")
            .write(to: url, atomically: true, encoding: .utf8)
        let book = try Playbook.load(url)
        #expect(book.window.from.description == "2025-04-03")
        #expect(book.window.to.description == "2025-04-05")
        #expect(book.window.start?.isoUTC == "2025-04-02T23:00:00Z")
    }

    @Test("the practice's hours: weekday runs, a day closed, public holidays; a wrong value is named")
    func hours() throws {
        let folder = try folder()
        let url = folder.appendingPathComponent("playbook.yml")
        try playbook("  - { kind: register, path: r.csv }",
                     extra: "hours: { mon-fri: \"8:00-17:30\", wed: closed, Saturday: 9am-12pm, closed: [2025-04-25] }")
            .write(to: url, atomically: true, encoding: .utf8)
        let hours = try #require(try Playbook.load(url).hours)
        #expect(hours.days[1] == 480...1050)
        #expect(hours.days[3] == nil)
        #expect(hours.days[6] == 540...720)
        #expect(hours.days[7] == nil)
        #expect(!hours.isOpen(LocalDate(year: 2025, month: 4, day: 25)!))  // a Friday, Anzac Day
        #expect(hours.isOpen(LocalDate(year: 2025, month: 4, day: 24)!))
        #expect(PracticeHours.hours("8-5") == 480...1020)
        let wrongDay = try loadError(playbook("  - { kind: register, path: r.csv }", extra: "hours: { mondy: \"8-5\" }"))
        #expect(wrongDay.description.contains("`mondy`") && wrongDay.line == 9)
        let wrongHours = try loadError(playbook("  - { kind: register, path: r.csv }", extra: "hours: { mon: all day }"))
        #expect(wrongHours.description.contains("all day"))
        let none = try loadError(playbook("  - { kind: register, path: r.csv }", extra: "hours: { sun: closed }"))
        #expect(none.message.contains("no day"))
    }
}

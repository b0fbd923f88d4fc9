import Foundation
import Testing
import LacunaCore
@testable import Reports
@testable import Recovery
import TestFolders

@Suite("SMS: upload-ready per provider, numbers by the practice's country, replies brought back")
struct SMSRunTests {
    /// A small practice in `country`: a register with consent, a booking on each lost day, and a
    /// provider's replies export.
    func practice(country: String, timezone: String, register: String, replies: String) throws -> URL {
        let folder = TestFolder.fresh("lacuna-sms")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try Data(register.utf8).write(to: folder.appendingPathComponent("sources/register.csv"))
        try Data("Appt Date,Start Time,Practitioner,Patient ID,Patient Name,Reason,Status\n3/04/2025,9:15 am,RS,P1,\"TIPENE, Jane\",knee,Booked\n".utf8)
            .write(to: folder.appendingPathComponent("sources/appointments.csv"))
        try Data(replies.utf8).write(to: folder.appendingPathComponent("sources/replies.csv"))
        try """
        lacuna: 1
        case: SMS practice
        practice: { name: Test Practice, timezone: \(timezone), country: \(country), phone: 09 555 0142 }
        window: { from: 2025-04-03, to: 2025-04-04 }
        providers:
          - { code: RS, name: Dr Roger Smith }
        sources:
          - { kind: register, path: sources/register.csv }
          - { kind: appointments, path: sources/appointments.csv }
          - { kind: callbacks, path: sources/replies.csv }
        """.write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("an Australian practice: 04 numbers are Australian mobiles, texted as +614…, spaced 0412 345 678")
    func australia() throws {
        let folder = try practice(country: "AU", timezone: "Australia/Sydney", register: """
            Patient ID,Surname,First Name,DOB,Mobile,SMS Consent
            P1,Tipene,Jane,12/05/1980,0412 345 678,Yes
            P2,Ngata,Aroha,01/02/1990,(02) 9876 5432,Yes
            """, replies: "From,Message,Received\n")
        let outcome = try CaseRun(playbook: try Playbook.load(folder.appendingPathComponent("playbook.yml"))).run()
        let jane = try #require(outcome.view.patients["P1"]?.identity)
        #expect(jane.mobile == "+61412345678")
        #expect(PhoneNumber.spaced(jane.mobile!) == "0412 345 678")
        // A Sydney landline in the mobile column is kept, and never texted.
        #expect(outcome.view.patients["P2"]?.identity.mobile == "+61298765432")
        let sms = try table(try Data(contentsOf: folder.appendingPathComponent("out/sms.csv")))
        #expect(sms.map { $0["mobile_e164"] } == ["+61412345678"])
        // And the same file read as a New Zealand practice's would not make an NZ mobile of it.
        #expect(PhoneNumber("0412 345 678", defaultCountryCode: "64")?.isMobile != true)
    }

    @Test("an unknown country is an error at the playbook's line")
    func unknownCountry() throws {
        let folder = try practice(country: "Narnia", timezone: "Pacific/Auckland", register: "Patient ID,Surname\n", replies: "From\n")
        #expect(throws: (any Error).self) { try Playbook.load(folder.appendingPathComponent("playbook.yml")) }
        do { _ = try Playbook.load(folder.appendingPathComponent("playbook.yml")) } catch {
            #expect("\(error)".contains("unknown country `Narnia`"))
        }
    }

    @Test("sms-upload.csv: exactly the provider's one column, in its number form, nothing about the patient")
    func uploadColumns() throws {
        let folder = try practice(country: "NZ", timezone: "Pacific/Auckland", register: """
            Patient ID,Surname,First Name,DOB,Mobile,SMS Consent
            P1,Tipene,Jane,12/05/1980,021 123 4567,Yes
            P2,Ngata,Aroha,01/02/1990,027 765 4321,No
            """, replies: "From,Message,Received\n")
        let expected: [(WorkOptions.SMSFormat, String, String)] = [
            (.e164, "phone_number", "+64211234567"), (.tnz, "Mobile", "0211234567"), (.textahq, "Mobile", "64211234567"),
            (.modica, "destination", "+64211234567"),
        ]
        for (format, header, number) in expected {
            var run = CaseRun(playbook: try Playbook.load(folder.appendingPathComponent("playbook.yml")))
            run.work.smsFormat = format
            _ = try run.run()
            let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent("out/sms-upload.csv")), as: UTF8.self)
            let lines = text.split(whereSeparator: \.isNewline).map { String($0).replacingOccurrences(of: "\u{FEFF}", with: "") }
            #expect(lines == [header, number], "\(format)")
        }
    }

    @Test("a provider's replies export is read as callbacks: the number ties the patient, the reply's day and a denial are understood")
    func replies() throws {
        let folder = try practice(country: "NZ", timezone: "Pacific/Auckland", register: """
            Patient ID,Surname,First Name,DOB,Mobile,SMS Consent
            P1,Tipene,Jane,12/05/1980,021 123 4567,Yes
            P2,Ngata,Aroha,01/02/1990,027 765 4321,Yes
            """, replies: """
            Received,From,To,Message
            2025-04-08 10:02,64211234567,4012,Yes I was in on Thursday morning
            2025-04-08 10:05,64277654321,4012,No not me sorry
            """)
        let outcome = try CaseRun(playbook: try Playbook.load(folder.appendingPathComponent("playbook.yml"))).run()
        let callbacks = outcome.view.sources.first { $0.kind == .callbacks }
        #expect(callbacks?.imported == 2 && callbacks?.rejected == 0)
        let replies = outcome.view.traces.values.filter { $0.kind == .callbacks }
        #expect(Set(replies.compactMap { outcome.view.links[$0.id!]?.patientID }) == ["P1", "P2"])
        // Jane said Thursday: her candidate on the 3rd rests on the booking and her reply.
        let jane = try #require(outcome.view.encounters.first { $0.patientID == "P1" })
        #expect(jane.date == LocalDate(year: 2025, month: 4, day: 3))
        #expect(jane.evidence.contains { $0.kind == .callbacks })
        // Aroha said she was not seen: no candidate from her reply.
        #expect(!outcome.view.encounters.contains { $0.patientID == "P2" })
    }
}

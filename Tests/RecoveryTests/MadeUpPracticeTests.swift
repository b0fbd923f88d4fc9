import Foundation
import Testing
import LacunaCore
@testable import Recovery
import TestFolders
import Store

/// The demo clinic's files as another practice system would have written them: other header words, a
/// clinician's name misspelt, a consent column, the callbacks' day column. `lacuna init` must propose a
/// playbook that, with the lost days confirmed, finds the same candidates as the demo's own playbook.
@Suite("A made-up practice: the demo's files in another system's words, set up by lacuna init")
struct MadeUpPracticeTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../fixtures/demo-clinic/sources").standardized

    func temporary(_ label: String) throws -> URL {
        let folder = TestFolder.fresh("lacuna-\(label)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Replaces a CSV's header line and maps every data line (the file's bytes kept as UTF-8, or
    /// Windows-1252 where `latin` says so).
    func rewrite(_ file: URL, header: String, latin: Bool = false, row: (Int, String) -> String = { $1 }) throws {
        let data = try Data(contentsOf: file)
        let text = latin ? String(data.map { Character(Unicode.Scalar($0)) }) : String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character to Swift: lines are split on the scalars.
        let crlf = text.unicodeScalars.contains("\r")
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0.filter { $0 != "\r" })) }
        lines[0] = header
        for index in lines.indices.dropFirst() where !lines[index].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            lines[index] = row(index, lines[index])
        }
        let joined = lines.joined(separator: crlf ? "\r\n" : "\n")
        try (latin ? Data(joined.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }) : Data(joined.utf8)).write(to: file)
    }

    func candidates(_ out: URL) throws -> Set<String> {
        Set(try table(try Data(contentsOf: out.appendingPathComponent("candidates.csv"))).map {
            "\($0["patient_id"] ?? "") \($0["date"] ?? "") \($0["tier"] ?? "")"
        })
    }

    @Test("init recognises every file by its content; with the lost days confirmed, the run finds the demo's candidates")
    func sameCandidates() throws {
        try #require(FileManager.default.fileExists(atPath: Self.demo.path), "the demo clinic's fixture is part of the repository")
        // The demo as its own playbook reads it.
        let reference = try temporary("demo")
        let book = try String(contentsOf: Self.demo.appendingPathComponent("../../../playbooks/demo-clinic.yml").standardized, encoding: .utf8)
            .replacingOccurrences(of: "../fixtures/demo-clinic/sources/", with: Self.demo.path + "/")
            .replacingOccurrences(of: "output: ../demo-out", with: "output: out")
        try book.write(to: reference.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        _ = try CaseRun(playbook: try Playbook.load(reference.appendingPathComponent("playbook.yml"))).run()
        let expected = try candidates(reference.appendingPathComponent("out"))
        #expect(expected.count > 100)

        // The made-up practice: the same records, another system's words.
        let practice = try temporary("made-up")
        for item in try FileManager.default.contentsOfDirectory(atPath: Self.demo.path) {
            try FileManager.default.copyItem(at: Self.demo.appendingPathComponent(item), to: practice.appendingPathComponent(item))
        }
        try rewrite(practice.appendingPathComponent("register.csv"),
                    header: "Patient No,NHI Number,Surname,First Name,Known As,Birth Date,Sex,Cell Phone,Home Phone,E-mail,Street,Suburb,City,Post Code,Registered Provider,Txt Reminders") { index, line in
            // A clinician's name as one front desk typed it; consent as Y/N, some never asked.
            var cells = line.components(separatedBy: ",")
            if cells.count >= 15, cells[cells.count - 1] == "WT", index % 3 == 0 { cells[cells.count - 1] = "Dr Will Tehira" }
            return cells.joined(separator: ",") + "," + (index % 11 == 0 ? "" : index % 13 == 0 ? "N" : "Y")
        }
        try rewrite(practice.appendingPathComponent("ledger.csv"), header: "Date Paid,Time Paid,Chart Number,Patient Name,Invoice No,Amount,Paid By")
        try rewrite(practice.appendingPathComponent("callbacks.csv"), header: "When They Rang,Name Given,Phone,DOB,Which day were you seen?,Comments",
                    latin: true)

        let proposal = try PlaybookProposal.propose(folder: practice, window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!,
                                                                                      to: LocalDate(year: 2025, month: 4, day: 4)!),
                                                    practiceName: "Harbourside Medical Centre")
        let kinds = Dictionary(uniqueKeysWithValues: proposal.sources.map { ($0.path, $0.kind) })
        #expect(kinds == ["register.csv": .register, "appointments.xlsx": .appointments, "ledger.csv": .ledger, "bank/": .bank,
                          "eftpos/": .eftpos, "lab/": .lab, "healthlink/": .healthlink, "portal/": .portal, "index/": .searchIndex,
                          "remembered.txt": .remembered, "callbacks.csv": .callbacks])
        #expect(Set(proposal.providers.map(\.provider.code)) == ["WT", "SH", "RT"])
        #expect(proposal.yaml.contains("# CHECK"))
        // The misspelt clinician is proposed as the one it likely is, flagged for a person.
        let wt = try #require(proposal.providers.first { $0.provider.code == "WT" })
        #expect(wt.provider.aliases == ["Dr Will Tehira"] && wt.check?.contains("Dr Will Tehira") == true)
        try proposal.yaml.write(to: practice.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)

        // The proposal, as written, is a playbook `check` and `run` take.
        let playbook = try Playbook.load(practice.appendingPathComponent("playbook.yml"))
        #expect(try PlaybookCheck.check(playbook).failures.isEmpty)
        let outcome = try CaseRun(playbook: playbook).run()
        #expect(outcome.failures.isEmpty)
        let found = try candidates(practice.appendingPathComponent("out"))
        #expect(found == expected, "only in the demo: \(expected.subtracting(found).sorted().prefix(5)); only here: \(found.subtracting(expected).sorted().prefix(5))")

        // What the other words said was read: the register's provider and consent, the callbacks' day.
        let patients = outcome.view.patients.values.filter { $0.origin == .register }
        #expect(patients.filter { $0.usualProvider != nil }.count > patients.count * 9 / 10)
        let sms = try table(try Data(contentsOf: practice.appendingPathComponent("out/sms.csv")))
        #expect(!sms.isEmpty && sms.allSatisfy { $0["consent"] == "yes" })
        let callbacks = outcome.view.traces.values.filter { $0.kind == .callbacks }
        #expect(callbacks.filter { $0.payload["_day_seen"] != nil }.count > callbacks.count / 2)
        #expect(!outcome.warnings.contains { $0.contains("Tehira") })
    }

    @Test("init leaves alone a folder a run wrote into, and one whose first run was cut short (its case still being built)")
    func runFolders() throws {
        let folder = try temporary("run-folders")
        try FileManager.default.copyItem(at: Self.demo.appendingPathComponent("register.csv"), to: folder.appendingPathComponent("register.csv"))
        for (name, file) in [("out", "case.sqlite"), ("killed", "case.sqlite.building")] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
            let database = try Database(path: folder.appendingPathComponent("\(name)/\(file)").path)
            try database.execute("CREATE TABLE patient (id TEXT, nhi TEXT, family_name TEXT); INSERT INTO patient VALUES ('1', 'ZZZ0016', 'Smith');")
            database.close()
        }
        let proposal = try PlaybookProposal.propose(folder: folder, window: nil)
        #expect(proposal.sources.map(\.path) == ["register.csv"], "\(proposal.sources.map(\.path))")
        #expect(!proposal.unrecognised.contains { $0.contains("case.sqlite") }, "\(proposal.unrecognised)")
    }

    @Test("init on the public samples: every file is a source or named as not recognised; the proposal loads as a playbook")
    func samples() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/samples").standardized
        guard FileManager.default.fileExists(atPath: samples.path) else {
            print("skipped: \(samples.path) is absent (the public samples live beside the repository)")
            return
        }
        // A copy, so that init's view of the folder is the samples' alone.
        let folder = try temporary("samples")
        for item in try FileManager.default.contentsOfDirectory(atPath: samples.path) where !item.hasPrefix(".") {
            try FileManager.default.copyItem(at: samples.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            return !isFolder.boolValue && !path.split(separator: "/").contains { $0.hasPrefix(".") }
                && !(path.split(separator: "/").count == 1 && (path.hasSuffix(".yml") || path.hasSuffix(".yaml")))
        }
        let proposal = try PlaybookProposal.propose(folder: folder, window: nil)
        #expect(proposal.sources.map(\.files).reduce(0, +) + proposal.unrecognised.count == files.count)
        #expect(Set(proposal.sources.map(\.kind)).isSuperset(of: [.bank, .eftpos, .lab, .dbRemnant]))
        try proposal.yaml.write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        let playbook = try Playbook.load(folder.appendingPathComponent("playbook.yml"))
        #expect(playbook.sources.count == proposal.sources.count)
    }
}

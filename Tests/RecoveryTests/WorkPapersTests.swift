import Foundation
import Testing
import HL7
import Importing
import LacunaCore
@testable import Reports
import Store
@testable import Recovery
import TestFolders

/// A CSV output as header → value rows, each cell as it was before it was made spreadsheet-safe.
func table(_ data: Data) throws -> [[String: String]] {
    let document = CSVReader.read(Array(data))
    let header = try #require(document.records.first?.fields)
    return document.records.dropFirst().map { record in
        let fields = record.fields.map(CSVWriter.plain)
        return Dictionary(uniqueKeysWithValues: zip(header, fields + Array(repeating: "", count: max(0, header.count - fields.count))))
    }
}

@Suite("What the practice works from: worksheets, annotations, recalls, SMS, coverage")
struct WorkPapersTests {
    static let today = LocalDate(year: 2026, month: 11, day: 21)!

    /// One drill run with a fixed today, shared by the checks below.
    func run(annotations: WorkOptions.AnnotationType = .oru, perEvening: Int = 12, sms: WorkOptions.SMSFormat = .e164)
        throws -> (Scenario, RunOutcome) {
        let scenario = try Scenario()
        var caseRun = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: scenario.out)
        let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
        caseRun.work.now = clock.instant(date: Self.today, time: LocalTime(hour: 9, minute: 30)!)
        caseRun.work.perEvening = perEvening
        caseRun.work.annotationType = annotations
        caseRun.work.smsFormat = sms
        return (scenario, try caseRun.run())
    }

    func text(_ url: URL) throws -> String { String(decoding: try Data(contentsOf: url), as: UTF8.self) }

    @Test("call lists: every candidate once, on its clinician's list, in triage order, evenings of the chosen size; self-contained A4 HTML")
    func callLists() throws {
        let (scenario, outcome) = try run(perEvening: 12)
        let folder = scenario.out.appendingPathComponent("call-lists")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let csvs = names.filter { $0.hasSuffix(".csv") }.sorted()
        #expect(!csvs.isEmpty)
        var seen: [String] = []
        let order = ["critical result", "abnormal result", "unflagged report", "urgent referral or prescription", "confirmed visit", "candidate"]
        for name in csvs {
            let rows = try table(try Data(contentsOf: folder.appendingPathComponent(name)))
            let ranks = rows.map { order.firstIndex(of: $0["priority"] ?? "") ?? -1 }
            #expect(!ranks.contains(-1))
            #expect(ranks == ranks.sorted(), "\(name) is not in triage order")
            let evenings = Dictionary(grouping: rows, by: { $0["evening"] ?? "" })
            #expect(evenings.values.allSatisfy { $0.count <= 12 })
            #expect(evenings.count == (rows.count + 11) / 12)
            for row in rows {
                seen += (row["candidate_ids"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(row["outcome"] == "")
            }
            // Each evening has its printable page, with one card per patient.
            let label = String(name.dropLast(4))
            for evening in evenings.keys {
                let html = try text(folder.appendingPathComponent("\(label)-evening-\(evening).html"))
                let cards = html.components(separatedBy: "<section class=\"sheet front\">").count - 1
                #expect(cards == evenings[evening]!.count)
                #expect(html.contains("@page{size:A4"))
                for outside in ["<script", "src=", "http://", "https://", "@import", "url("] { #expect(!html.contains(outside), "\(outside) in \(name)") }
                #expect(html.contains("voicemail (generic message only)"))
                #expect(html.contains("Safety-netting") || html.contains("safety-netting"))
            }
        }
        #expect(seen.sorted() == outcome.view.encounters.map(\.candidateID).sorted())
        // A card shows where each trace came from and why it is this patient.
        let first = try text(folder.appendingPathComponent(names.first { $0.hasSuffix("-evening-1.html") }!))
        #expect(first.contains("why it is this patient"))
        #expect(first.contains("the lab's resend, ") || first.contains("the appointment book, ") || first.contains("the bank statement, "))
    }

    @Test("annotations: one HL7 v2.4 ORU^R01 per candidate with the patient, GP, encounter date as data and a dated retrospective note")
    func annotations() throws {
        let (scenario, outcome) = try run()
        let folder = scenario.out.appendingPathComponent("annotations")
        let rows = try table(try Data(contentsOf: folder.appendingPathComponent("annotations.csv")))
        #expect(rows.count == outcome.view.encounters.count)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".hl7") }
        #expect(files.count == outcome.view.encounters.count)
        var controlIDs = Set<String>()
        for row in rows {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(row["file"]!)))
            #expect(!bytes.contains(0x0A), "segments end with CR only")
            let messages = HL7.messages(bytes)
            #expect(messages.count == 1)
            let m = try #require(messages.first)
            #expect(m.diagnostics.isEmpty)
            #expect(m.messageType == "ORU^R01^ORU_R01")
            #expect(m.version == "2.4")
            #expect(m.value(at: "MSH-7")?.hasPrefix("20261121093000") == true)
            controlIDs.insert(m.controlID)
            let encounter = try #require(outcome.view.encounters.first { $0.candidateID == row["candidate_id"] })
            let patient = outcome.view.patients[encounter.patientID]
            if let nhi = patient?.identity.nhi {
                #expect(m.value(at: "PID-3.1") == nhi && m.value(at: "PID-3.4") == "NZLMOH")
            }
            #expect(m.value(at: "PID-5.1") == patient?.identity.familyName)
            let date = encounter.date
            #expect(m.value(at: "OBR-7") == String(format: "%04d%02d%02d", date.year, date.month, date.day))
            #expect(m.value(at: "OBR-4.1") == "DATALOSS")
            #expect(!(m.value(at: "OBR-16") ?? "").isEmpty)
            let note = m.segments("OBX").map { $0.field(5).text }.joined(separator: "\n")
            #expect(note.hasPrefix("Retrospective entry made Saturday 21 Nov 2026 after loss of data for"))
            #expect(note.contains("Sources:"))
            for evidence in encounter.evidence { #expect(note.contains("(" + EvidenceWords.sourceName(evidence.kind) + ", ")) }
            #expect(m.segments("OBX").allSatisfy { $0.field(5).rawText.count <= 199 })
        }
        #expect(controlIDs.count == rows.count)
    }

    @Test("a call that reached the patient puts its summary in the chart annotation; one that did not leaves it unconfirmed")
    func annotationCarriesTheCall() throws {
        let (scenario, first) = try run()
        let reached = try #require(first.view.encounters.first), missed = try #require(first.view.encounters.dropFirst().first)
        do {
            let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
            try store.recordCallOutcome(CallOutcome(candidateID: reached.candidateID, outcome: "reached", seenOn: "yes",
                                                    summary: "Chest infection & cough; amoxicillin 5 days", followUps: "review if febrile"), by: "gp")
            try store.recordCallOutcome(CallOutcome(candidateID: missed.candidateID, outcome: "no answer"), by: "reception")
        }
        // The same case run again (its outcomes are in the case).
        var caseRun = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: scenario.out)
        caseRun.work.now = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!.instant(date: Self.today, time: LocalTime(hour: 9, minute: 30)!)
        _ = try caseRun.run()
        let folder = scenario.out.appendingPathComponent("annotations")
        let rows = try table(try Data(contentsOf: folder.appendingPathComponent("annotations.csv")))
        func note(_ id: String) throws -> String {
            let row = try #require(rows.first { $0["candidate_id"] == id })
            let m = try #require(HL7.messages(Array(try Data(contentsOf: folder.appendingPathComponent(row["file"]!)))).first)
            return m.segments("OBX").map { $0.field(5).text }.joined(separator: " ")
        }
        let confirmed = try note(reached.candidateID)
        #expect(confirmed.contains("Confirmed with the patient by telephone."))
        #expect(confirmed.contains("Call summary: Chest infection & cough; amoxicillin 5 days"))
        #expect(confirmed.contains("Follow-ups: review if febrile"))
        #expect(!confirmed.contains("Not yet confirmed"))
        #expect(try note(missed.candidateID).contains("Not yet confirmed with the patient."))
    }

    @Test("a re-run later the same day rewrites only the notes that changed; the others keep the time they were made")
    func unchangedNotesKept() throws {
        let (scenario, first) = try run()
        let folder = scenario.out.appendingPathComponent("annotations")
        let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
        func files() throws -> [String: Data] {
            try Dictionary(uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".hl7") }
                .map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
        }
        func made(_ data: Data) throws -> String { try #require(HL7.messages(Array(data)).first?.value(at: "MSH-7")) }
        let before = try files()
        #expect(before.count == first.view.encounters.count && before.count > 1)
        #expect(try before.values.allSatisfy { try made($0) == "20261121093000+1300" })

        let reached = try #require(first.view.encounters.first)
        do {
            let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
            try store.recordCallOutcome(CallOutcome(candidateID: reached.candidateID, outcome: "reached", seenOn: "yes",
                                                    summary: "Sore throat", followUps: ""), by: "gp")
        }
        func runAt(_ day: LocalDate, hour: Int) throws {
            var caseRun = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: scenario.out)
            caseRun.work.now = clock.instant(date: day, time: LocalTime(hour: hour, minute: 15)!)
            caseRun.work.perEvening = 12
            _ = try caseRun.run()
        }
        // A note that is now a symbolic link (to a copy of itself) is not read through: it is written again.
        let changed = ChartAnnotation.fileName(of: reached)
        let linked = try #require(before.keys.sorted().first { $0 != changed })
        let copy = scenario.out.appendingPathComponent("elsewhere.hl7")
        try before[linked]!.write(to: copy)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(linked))
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(linked), withDestinationURL: copy)
        try runAt(Self.today, hour: 11)
        let after = try files()
        #expect(Set(after.keys) == Set(before.keys))
        for (name, data) in after where name != changed && name != linked { #expect(data == before[name], "\(name) was rewritten") }
        #expect(try made(try #require(after[linked])) == "20261121111500+1300")
        #expect(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(linked).path)[.type] as? FileAttributeType == .typeRegular)
        let note = try #require(after[changed])
        #expect(try made(note) == "20261121111500+1300")
        #expect(String(decoding: note, as: UTF8.self).contains("Confirmed with the patient by telephone."))

        // A run the next day (something new to read) makes every note again, dated that day.
        do {
            let store = try CaseStore(path: scenario.out.appendingPathComponent("case.sqlite").path)
            try store.recordCallOutcome(CallOutcome(candidateID: try #require(first.view.encounters.last).candidateID, outcome: "no answer"),
                                        by: "reception")
        }
        try runAt(LocalDate(year: 2026, month: 11, day: 22)!, hour: 8)
        let nextDay = try files()
        #expect(try nextDay.values.allSatisfy { try made($0) == "20261122081500+1300" })
        #expect(ChartAnnotation.madeAt(Data("MSH|^~\\&|OTHER|X|Y|X|20261121093000+1300|\r".utf8)) == nil)
        #expect(ChartAnnotation.madeAt(Data("not a message".utf8)) == nil)
        // Its MSH-7 where the header is Lacuna's, ends its first segment within 512 bytes, and the time is
        // nineteen digits and signs; the last field of the segment, a slice of a larger buffer; nothing else.
        let made = "20261121093000+1300"
        #expect(ChartAnnotation.madeAt(Data("MSH|^~\\&|LACUNA|X|Y|X|\(made)|\rPID|1\r".utf8)) == made)
        #expect(ChartAnnotation.madeAt(Data("MSH|^~\\&|LACUNA|X|Y|X|\(made)\r".utf8)) == made)
        #expect(ChartAnnotation.madeAt(Data("xxMSH|^~\\&|LACUNA|X|Y|X|\(made)\r".utf8).dropFirst(2)) == made)
        for text in ["MSH|^~\\&|LACUNA|X|Y|X|\(made)", "MSH|^~\\&|LACUNA|X|Y|\(made)\r", "MSH|^~\\&|LACUNA|X|Y|X|2026112109300+1300|\r",
                     "MSH|^~\\&|LACUNA|X|Y|X|2026112109300a+1300|\r", "MSX|^~\\&|LACUNA|X|Y|X|\(made)|\r", "MSH|^~\\&|LACUNAS|X|Y|X|\(made)|\r",
                     "MSH|^~\\&|LACUNA|X|Y|X\r|\(made)|", String(repeating: "x", count: 500) + "MSH|^~\\&|LACUNA|X|Y|X|\(made)|\r", "", "\r"] {
            #expect(ChartAnnotation.madeAt(Data(text.utf8)) == nil, "\(text.prefix(40))")
        }
    }

    @Test("what a run wrote of each note is kept in the case: a re-run leaves a note whose inputs and file are as written without making it again; a note changed since, or whose inputs changed, is made again")
    func notesMadeKept() throws {
        let (scenario, first) = try run()
        let folder = scenario.out.appendingPathComponent("annotations")
        let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
        let casePath = scenario.out.appendingPathComponent("case.sqlite").path
        func notes() throws -> [String: NoteMade] { try CaseStore(path: casePath).notesMade() }
        func runAt(hour: Int) throws {
            var caseRun = CaseRun(playbook: try Playbook.load(scenario.playbookURL), outputOverride: scenario.out)
            caseRun.work.now = clock.instant(date: Self.today, time: LocalTime(hour: hour, minute: 15)!)
            caseRun.work.perEvening = 12
            _ = try caseRun.run()
        }
        let kept = try notes()
        #expect(kept.count == first.view.encounters.count && kept.count > 2)
        for (file, note) in kept {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            #expect(OutputFile.stamp(atPath: folder.appendingPathComponent(file).path) == note.stamp)
            #expect(HL7.messages(Array(data)).first?.value(at: "MSH-10") == note.controlID)
        }
        let names = kept.keys.sorted()
        // One note changed in place where no run writes, its size and time put back (its stamp as written):
        // believed, so left as it is. Another changed and not put back: made again. A call outcome changes a third's inputs.
        let believed = folder.appendingPathComponent(names[0]), edited = folder.appendingPathComponent(names[1])
        let original = try Data(contentsOf: believed)
        var status = stat()
        #expect(lstat(believed.path, &status) == 0)
        let handle = try FileHandle(forWritingTo: believed)
        try handle.seek(toOffset: UInt64(original.count - 2))
        try handle.write(contentsOf: Data("X\r".utf8))
        try handle.close()
        var times = [status.st_atim, status.st_mtim]
        #expect(utimensat(AT_FDCWD, believed.path, &times, 0) == 0)
        #expect(OutputFile.stamp(atPath: believed.path) == kept[names[0]]?.stamp)
        let editedBefore = try Data(contentsOf: edited)
        try Data("MSH|changed by hand\r".utf8).write(to: edited)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: edited.path)
        let reached = try #require(first.view.encounters.first { ![names[0], names[1]].contains(ChartAnnotation.fileName(of: $0)) })
        try CaseStore(path: casePath).recordCallOutcome(CallOutcome(candidateID: reached.candidateID, outcome: "reached", seenOn: "yes",
                                                                     summary: "Sore throat", followUps: ""), by: "gp")
        try runAt(hour: 11)
        let after = try notes()
        #expect(Set(after.keys) == Set(kept.keys))
        #expect(try Data(contentsOf: believed) != original && after[names[0]] == kept[names[0]], "a note as written was made again")
        // Made again, as at first but for the time it was made.
        let remade = String(decoding: try Data(contentsOf: edited), as: UTF8.self)
        #expect(remade == String(decoding: editedBefore, as: UTF8.self).replacingOccurrences(of: "20261121093000+1300", with: "20261121111500+1300"),
                "a note changed by hand was not made again")
        #expect(after[names[1]]?.stamp != kept[names[1]]?.stamp && after[names[1]]?.key == kept[names[1]]?.key)
        let called = ChartAnnotation.fileName(of: reached)
        #expect(after[called]?.key != kept[called]?.key)
        #expect(String(decoding: try Data(contentsOf: folder.appendingPathComponent(called)), as: UTF8.self).contains("Confirmed with the patient by telephone."))
        for file in names where ![names[0], names[1], called].contains(file) { #expect(after[file] == kept[file], "\(file)") }
    }

    @Test("a note's words are measured as escaped: printable ASCII from its bytes, anything else by its characters; no wrapped piece runs over")
    func noteWordWidths() {
        var words = ["", "plain", "a|b", "^~\\&", "Rāwiri", "e\u{0301}", "tab\there", "line\r\nend", "\u{7F}", "🙂", "&\u{0301}", "x\u{0}y"]
        for byte in UInt8(0)...UInt8(0x7F) { words.append("a" + String(UnicodeScalar(byte)) + "b") }
        for word in words {
            #expect(HL7Writing.escapedCount(Substring(word)) == HL7Writing.escape(word).count, "\(Array(word.unicodeScalars))")
        }
        for text in ["", " ", "  a  b ", "Rāwiri Ngata", "Pākehā and Waitematā", "a \u{0301}b", "Ōtara clinic", "x\u{0600} y", "e\u{0301} f",
                     "line\r\n two", "🙂 🙂", "tab\t here", "a\u{200D} b"] {
            #expect(ChartAnnotation.words(text) == text.split(separator: " ", omittingEmptySubsequences: false), "\(Array(text.unicodeScalars))")
        }
        // Every two-byte scalar before a space and after one (those a line's bytes are split beside), and
        // the first three-byte ones, split as the characters split.
        var beside: [String] = []
        for value in UInt32(0x80)...UInt32(0x7FF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["a\(scalar) b", "a \(scalar)b", "\(scalar) \(scalar)"] where ChartAnnotation.words(text) != text.split(separator: " ", omittingEmptySubsequences: false) {
                beside.append(text)
            }
        }
        for text in ["a\u{0800} b", "a \u{0800}b", "a\u{200D} b", "a \u{200C}b", "\u{0915}\u{094D} \u{0937}"] where ChartAnnotation.words(text) != text.split(separator: " ", omittingEmptySubsequences: false) {
            beside.append(text)
        }
        #expect(beside.isEmpty, "\(beside.count), first \(beside.prefix(5).map { Array($0.unicodeScalars) })")
        #expect(ChartAnnotation.spacesStandAlone("Pākehā and Waitematā".utf8) && !ChartAnnotation.spacesStandAlone("a \u{0301}b".utf8))
        let line = (0..<120).map { ["word", "a|b", "Rāwiri", "x^y&z", "long-word-without-spaces"][$0 % 5] }.joined(separator: " ")
        for piece in ChartAnnotation.wrap(line, width: 40) { #expect(HL7Writing.escape(piece).count <= 40) }
    }

    @Test("a note's line wrapped from its bytes as word by word: every line of up to four words, spaces leading, doubled and trailing, every width")
    func wrapByBytesAsByWords() {
        let tokens = ["", "a", "bb", "a|b", "Rāwiri", "e\u{0301}", "🙂", "long-word-here", "tab\there"]
        var lines: [String] = [""], layer: [[String]] = [[]]
        for _ in 1...4 {
            layer = layer.flatMap { prefix in tokens.map { prefix + [$0] } }
            lines += layer.map { $0.joined(separator: " ") }
        }
        lines += [(0..<120).map { ["word", "a|b", "Rāwiri", "x^y&z"][$0 % 4] }.joined(separator: " "), "a \u{0301}b", "x\u{0600} y",
                  (0..<90).map { ["Pākehā", "Ōtara", "a|ā", "Waitematā"][$0 % 4] }.joined(separator: " ")]
        var wrong: [String] = []
        for line in lines {
            for width in [1, 3, 6, 10, 40, 180] where ChartAnnotation.wrap(line, width: width) != ChartAnnotation.wrapByWords(line, width: width) {
                wrong.append("\(width): \(Array(line.unicodeScalars))")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(ChartAnnotation.wrapByBytes("a \u{0301}b", width: 10) == nil)
        #expect(ChartAnnotation.wrap("one two three", width: 8) == ["one two", "  three"])
    }

    @Test("a summary's clinician codes written as names from its bytes as word by word: every summary of up to four words; a path's last part as split")
    func evidenceWordsFromBytes() {
        // The rule as written before, character by character.
        func byCharacters(_ summary: String, providers: [Provider]) -> String {
            var words = summary.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for index in words.indices.dropFirst() where ["with", "by", "for"].contains(words[index - 1]) {
                var word = words[index]
                let tail = word.last.map { [",", ";", ")", ":"].contains($0) } == true ? String(word.removeLast()) : ""
                if let provider = providers.first(where: { $0.code == word }) { words[index] = provider.name + tail }
            }
            return words.joined(separator: " ")
        }
        // A code that is a keyword, a name that is one, a name beyond ASCII, a code only canonically equal
        // to its text (the Kelvin sign is K).
        let providers = [Provider(code: "RS", name: "Dr Roger Smith"), Provider(code: "with", name: "for"),
                         Provider(code: "NP1", name: "Nurse Ānaru"), Provider(code: "\u{212A}", name: "Dr Kelvin")]
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
        let view = CaseView(caseName: "c", practiceName: "p", window: window, sources: [], patients: [], traces: [], encounters: [],
                            unmatched: [], rejects: [])
        var withProviders = view
        withProviders.providers = providers
        let tokens = ["", "with", "by", "for", "RS", "RS,", "RS)", "RS:", "RS;", "RS,,", ",", "NP1", "K", "K;", "rs", "Rāwiri", "e\u{0301}", "\r\n"]
        var summaries: [String] = [""], layer: [[String]] = [[]]
        for _ in 1...4 {
            layer = layer.flatMap { prefix in tokens.map { prefix + [$0] } }
            summaries += layer.map { $0.joined(separator: " ") }
        }
        summaries += ["booked 08:45 with RS, medical certificate", "seen by with RS", "with \u{0301}RS", "for RS\u{0301}", "with\u{0600} RS"]
        var wrong: [String] = []
        for summary in summaries where EvidenceWords.what(summary, view: withProviders) != byCharacters(summary, providers: providers) {
            wrong.append("\(Array(summary.unicodeScalars))")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(EvidenceWords.what("booked with RS, for with RS;", view: withProviders) == "booked with Dr Roger Smith, for for Dr Roger Smith;")
        #expect(EvidenceWords.what("with RS", view: view) == "with RS")
        for path in ["", "/", "a", "a/b", "/a/b/", "a//b", "sources/lab/résumé.hl7", "a/\u{0301}b", "dir/x\u{0600}/y", "C:\\x\\y.csv", "\r\n/a"] {
            #expect(EvidenceWords.lastPart(of: path) == (path.split(separator: "/").last.map(String.init) ?? path), "\(Array(path.unicodeScalars))")
        }
    }

    @Test("annotations on request as MDM^T02 with the encounter date in TXA-4")
    func mdm() throws {
        let (scenario, _) = try run(annotations: .mdm)
        let folder = scenario.out.appendingPathComponent("annotations")
        let rows = try table(try Data(contentsOf: folder.appendingPathComponent("annotations.csv")))
        let row = try #require(rows.first)
        #expect(row["message_type"] == "MDM^T02")
        let m = try #require(HL7.messages(Array(try Data(contentsOf: folder.appendingPathComponent(row["file"]!)))).first)
        #expect(m.messageType == "MDM^T02^MDM_T02")
        #expect(m.value(at: "EVN-1") == "T02")
        #expect(m.value(at: "TXA-4") == row["encounter_date"]!.replacingOccurrences(of: "-", with: ""))
        #expect(m.value(at: "TXA-17") == "DO")
    }

    @Test("recalls: flagged results first and due at once; every candidate is to be reached; each row names its evidence")
    func recalls() throws {
        let (scenario, outcome) = try run()
        let rows = try table(try scenario.bytes("recalls.csv"))
        let critical = outcome.view.inboxItems.filter { $0.abnormal == .critical && $0.patientID != nil }
        #expect(!critical.isEmpty)
        for item in critical {
            let row = try #require(rows.first { $0["recall_id"] == "R-" + item.itemID })
            #expect(row["priority"] == "urgent" && row["due"] == "2026-11-21")
            #expect(row["reason"]!.hasPrefix("critical result to act on"))
        }
        let priorities = ["urgent", "high", "normal", "low"]
        #expect(rows.first?["priority"] == "urgent")
        for encounter in outcome.view.encounters {
            let row = try #require(rows.first { $0["recall_id"] == "R-" + encounter.candidateID })
            #expect(row["reason"]!.contains("not yet reached"))
            #expect(priorities.contains(row["priority"]!))
        }
        #expect(rows.allSatisfy { !($0["evidence"] ?? "").isEmpty })
        #expect(rows.allSatisfy { !($0["patient_id"] ?? "").isEmpty || ($0["reason"] ?? "").hasPrefix("patient not identified") })
        // A lost item tied to no patient is still on the worklist.
        for item in outcome.view.inboxItems where item.patientID == nil {
            #expect(rows.contains { $0["recall_id"] == "R-" + item.itemID })
        }
    }

    @Test("SMS: one row a mobile, E.164 kept beside the provider's rendering, a message naming the practice with a way to reply")
    func sms() throws {
        let (scenario, outcome) = try run(sms: .tnz)
        let rows = try table(try scenario.bytes("sms.csv"))
        #expect(rows.count > 100)
        #expect(Set(rows.map { $0["mobile_e164"]! }).count == rows.count)
        for row in rows.prefix(50) {
            let e164 = row["mobile_e164"]!
            #expect(e164.hasPrefix("+642"))
            #expect(row["mobile"] == "0" + e164.dropFirst(3))
            let message = row["message"]!
            #expect(message.contains(outcome.view.practiceName))
            #expect(message.contains("reply"))
            for clinical in ["result", "test", "doctor", "Dr ", "appointment with"] { #expect(!message.contains(clinical)) }
        }
        // A household sharing a mobile gets one text, naming no one.
        #expect(rows.contains { ($0["patient_ids"] ?? "").contains(";") })
    }

    @Test("coverage report: inline SVG charts, the checklist of sources, what is still unexplained; no script or outside file")
    func coverage() throws {
        let (scenario, _) = try run()
        let html = String(decoding: try scenario.bytes("report.html"), as: UTF8.self)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        for heading in ["Sources to ask for", "Candidates per day", "What is still unexplained", "Card settlements"] {
            #expect(html.contains(heading), "\(heading)")
        }
        for source in ["Laboratory resend of results", "Healthlink", "Patient portal", "Bank statements", "EFTPOS", "Appointment book", "Paper records"] {
            #expect(html.contains(source), "\(source)")
        }
        for outside in ["<script", "src=", "http://", "https://", "@import"] { #expect(!html.contains(outside)) }
        let letters = try FileManager.default.contentsOfDirectory(atPath: scenario.out.appendingPathComponent("requests").path)
        #expect(letters.contains("paper.txt"))
    }
}

@Suite("Working papers from a small case")
struct WorkPaperUnitTests {
    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)

    func patient(_ id: String, mobile: String, consent: String?, trace: Int64) -> (Patient, Trace) {
        var identity = Identity()
        identity.familyName = "Tipene"
        identity.givenName = id
        identity.mobile = mobile
        var payload: [String: String] = [:]
        if let consent { payload["_sms_consent"] = consent }
        var t = Trace(kind: .register, recordType: "patient", file: "register.csv", locator: Locator(line: Int(trace)), time: nil,
                      identity: identity, provider: "RS", payload: payload, contentKey: "k\(trace)")
        t.id = trace
        return (Patient(id: id, origin: .register, identity: identity, usualProvider: "RS", sourceTraceID: trace), t)
    }

    func view(_ people: [(Patient, Trace)], sources: [SourceSummary] = []) -> CaseView {
        var v = CaseView(caseName: "c", practiceName: "Tāmaki Health", window: window, sources: sources, patients: people.map(\.0),
                         traces: people.map(\.1), encounters: [], unmatched: [], rejects: [])
        v.practicePhone = "09 555 0142"
        return v
    }

    @Test("a note's key changes with everything the note says but the time it was made, and only with that; the same inputs give the same key")
    func noteKeyCoversTheNote() throws {
        let (registered, trace) = patient("Aroha", mobile: "+64211234567", consent: "yes", trace: 7)
        var person = registered
        person.identity.nhi = "ZZZ0016"
        person.identity.localPatientID = "C100"
        person.identity.dob = LocalDate(year: 1980, month: 5, day: 12)
        person.identity.sex = "F"
        let day = window.from
        let encounter = Encounter(candidateID: "C1", patientID: "Aroha", date: day, provider: "RS", confidence: 0.8, tier: .probable,
                                  priority: .other, evidence: [Evidence(traceID: 7, kind: .appointments, summary: "booked 09:40", weight: 0.8)],
                                  reason: "booked")
        let lostItem = InboxItem(itemID: "I1", patientID: "Aroha", received: TraceTime(date: day), source: .lab, kind: .result, summary: "HbA1c",
                                 abnormal: nil, provider: "RS", messageIDs: ["M1"], traceIDs: [7])
        var base = view([(person, trace)])
        base.encounters = [encounter]
        base.providers = [Provider(code: "RS", name: "Dr Roger Smith")]
        let options = WorkOptions(now: Date(timeIntervalSince1970: 1_795_000_000), clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!)
        func note(_ v: CaseView, _ e: Encounter = encounter, lost: [InboxItem] = [lostItem], _ o: WorkOptions = options) -> (key: String, message: String) {
            let inputs = ChartAnnotation.Inputs(v, encounter: e, lost: lost, options: o)
            return (inputs.key, ChartAnnotation(inputs, madeAt: "20261121093000+1300").message)
        }
        let before = note(base)
        #expect(note(base).key == before.key)
        #expect(ChartAnnotation(base, encounter: encounter, lost: [lostItem], options: options, madeAt: "20261121093000+1300").message == before.message)
        func with(_ change: (inout Identity) -> Void) -> CaseView {
            var v = base
            var changed = person
            change(&changed.identity)
            v.patients = ["Aroha": changed]
            return v
        }
        var renamed = base; renamed.practiceName = "Harbourside Medical Centre"
        var otherGP = base; otherGP.providers = [Provider(code: "RS", name: "Dr Rangi Smith")]
        var called = base
        called.callOutcomes = ["C1": CallOutcome(candidateID: "C1", outcome: "reached", seenOn: "yes", summary: "Sore throat", followUps: "")]
        var otherSummary = encounter; otherSummary.evidence[0].summary = "booked 09:50"
        var otherDay = encounter; otherDay.date = window.to
        var otherCandidate = encounter; otherCandidate.candidateID = "C2"
        var otherTier = encounter; otherTier.tier = .confirmed
        var otherProvider = encounter; otherProvider.provider = "JB"
        // Two codes of one name: the note's words the same, its clinician (PV1-7) not.
        var twoCodes = base; twoCodes.providers = [Provider(code: "RS", name: "Dr Roger Smith"), Provider(code: "RS2", name: "Dr Roger Smith")]
        var otherCode = encounter; otherCode.provider = "RS2"
        var mdm = options; mdm.annotationType = .mdm
        var inbox = options; inbox.receivingApplication = "MEDTECH"
        var tomorrow = options; tomorrow.now = options.now.addingTimeInterval(86_400)
        var noIDs = base
        noIDs.patients = ["Aroha": Patient(id: "Aroha", origin: .traces, identity: Identity(), usualProvider: nil, sourceTraceID: nil)]
        var otherPatientID = encounter; otherPatientID.patientID = "Other"
        let changes: [(String, (key: String, message: String))] = [
            ("NHI", note(with { $0.nhi = "ZZZ0024" })), ("chart number", note(with { $0.localPatientID = "C101" })),
            ("family name", note(with { $0.familyName = "Tipene-Ngata" })), ("given name", note(with { $0.givenName = "Ari" })),
            ("date of birth", note(with { $0.dob = LocalDate(year: 1980, month: 5, day: 13) })), ("sex", note(with { $0.sex = "M" })),
            ("practice", note(renamed)), ("GP's name", note(otherGP)), ("call", note(called)), ("evidence", note(base, otherSummary)),
            ("date", note(base, otherDay)), ("candidate", note(base, otherCandidate)), ("tier", note(base, otherTier)),
            ("provider", note(base, otherProvider)), ("lost items", note(base, lost: [])), ("type", note(base, encounter, mdm)),
            ("receiving application", note(base, encounter, inbox)), ("day made", note(base, encounter, tomorrow)),
            ("no identifiers", note(noIDs, otherPatientID)), ("GP's code", note(twoCodes, otherCode)),
        ]
        #expect(ChartAnnotation.Inputs(twoCodes, encounter: otherCode, lost: [lostItem], options: options).record
                == ChartAnnotation.Inputs(twoCodes, encounter: encounter, lost: [lostItem], options: options).record)
        for (what, changed) in changes {
            #expect(changed.message != before.message, "\(what): the note should change")
            #expect(changed.key != before.key, "\(what) changes the note but not its key")
        }
        // What the note does not say leaves its key as it was.
        let sameNote = note(with { $0.mobile = "+64219999999"; $0.email = "a@example.org" })
        #expect(sameNote.message == before.message && sameNote.key == before.key)
    }

    @Test("consent: a recorded no is never texted; not recorded only where the practice's policy allows, and the row says which")
    func consent() throws {
        let v = view([patient("A", mobile: "+64211111111", consent: "yes", trace: 1),
                      patient("B", mobile: "+64212222222", consent: "no", trace: 2),
                      patient("C", mobile: "+64213333333", consent: nil, trace: 3),
                      patient("D", mobile: "+6495551234", consent: "yes", trace: 4)])
        // By default only a recorded yes is texted.
        #expect(try table(WorkPapers.sms(v, options: WorkOptions(smsFormat: .textahq))).map { $0["mobile"]! } == ["64211111111"])
        // Where the practice's policy allows, every number not declined, each saying which.
        var policy = WorkOptions(smsFormat: .textahq)
        policy.smsConsent = .unlessDeclined
        let rows = try table(WorkPapers.sms(v, options: policy))
        #expect(rows.map { $0["mobile"]! } == ["64211111111", "64213333333"])
        #expect(rows.map { $0["consent"]! } == ["yes", "not recorded"])
        // A macron in the practice's name makes the text UCS-2: 70 characters a part.
        #expect(rows[0]["segments"] == String(Int((Double(rows[0]["message"]!.utf16.count) / 67).rounded(.up))))
    }

    @Test("a mobile several patients hold is one row: their ids in order, yes where any said yes; the rows in order of number")
    func sharedMobile() throws {
        let v = view([patient("Mere", mobile: "+64219000000", consent: nil, trace: 1),
                      patient("Ana", mobile: "+64215000000", consent: nil, trace: 2),
                      patient("Tama", mobile: "+64219000000", consent: "yes", trace: 3),
                      patient("Hine", mobile: "+64219000000", consent: "no", trace: 4),
                      patient("Bo", mobile: "+64219000000", consent: nil, trace: 5),
                      patient("Wiremu", mobile: "+64211000000", consent: nil, trace: 6)])
        let outcome = SMSList.build(v, consent: .unlessDeclined)
        #expect(outcome.rows.map(\.e164) == ["+64211000000", "+64215000000", "+64219000000"])
        #expect(outcome.rows.map(\.patientIDs) == [["Wiremu"], ["Ana"], ["Bo", "Mere", "Tama"]])
        #expect(outcome.rows.map(\.consent) == ["not recorded", "not recorded", "yes"])
        #expect(outcome.declined == 1 && outcome.notRecorded == 2)
        let recorded = SMSList.build(v, consent: .recorded)
        #expect(recorded.rows.map(\.patientIDs) == [["Bo", "Mere", "Tama"]] && recorded.notRecorded == 2)
    }

    @Test("worksheets speak as clinicians read: a received time as `Thu 3 Apr 14:02`, a mobile spaced for dialling")
    func words() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let item = InboxItem(itemID: "I1", patientID: "A", received: TraceTime(date: window.from, time: LocalTime(hour: 14, minute: 2)!, clock: clock),
                             source: .lab, kind: .result, summary: "Potassium 7.1", abnormal: .critical, provider: "RS", messageIDs: ["L1"], traceIDs: [1])
        #expect(CallWorksheet.received(item) == "Thu 3 Apr 14:02")
        #expect(CallWorksheet.phoneWords("+64277794518") == "027 779 4518")
        #expect(CallWorksheet.phoneWords(nil) == "none recorded")
    }

    @Test("register consent words read as yes or no")
    func consentWords() {
        #expect(RegisterImporter.consent("Y") == "yes")
        #expect(RegisterImporter.consent("Opted out") == "no")
        #expect(RegisterImporter.consent("maybe") == nil)
    }

    @Test("a source not received is on the checklist and gets a request letter naming the practice and the days")
    func requests() throws {
        let v = view([])
        let folder = TestFolder.fresh("lacuna-requests")
        try WorkPapers.writeAll(v, to: folder, options: WorkOptions())
        let letters = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("requests").path).sorted()
        #expect(letters == ["appointments.txt", "bank.txt", "eftpos.txt", "healthlink.txt", "lab.txt", "paper.txt", "portal.txt"])
        let bank = String(decoding: try Data(contentsOf: folder.appendingPathComponent("requests/bank.txt")), as: UTF8.self)
        #expect(bank.contains("Tāmaki Health") && bank.contains("09 555 0142") && bank.contains("Thursday 3 and Friday 4 Apr 2025"))
        #expect(!bank.contains("{"))
    }

    @Test("a playbook's templates folder rewords the SMS; an unknown template name is an error naming the file")
    func templates() throws {
        let folder = TestFolder.fresh("lacuna-templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("Kia ora from {practice}: were you with us on {window}? Ring {phone}.".utf8).write(to: folder.appendingPathComponent("sms.txt"))
        let templates = try Templates(folder: folder)
        let rows = try table(WorkPapers.sms(view([patient("A", mobile: "+64211111111", consent: "yes", trace: 1)]),
                                            options: WorkOptions(templates: templates)))
        #expect(rows.first?["message"] == "Kia ora from Tāmaki Health: were you with us on Thu 3 and Fri 4 Apr? Ring 09 555 0142.")
        try Data("x".utf8).write(to: folder.appendingPathComponent("letter.txt"))
        #expect(throws: TemplateError.self) { try Templates(folder: folder) }
    }

    @Test("a folder's outputs are written by path as by URL: the same temporary name beside each, owner-only, never through a link left there")
    func outputsByPath() throws {
        // The temporary name from the path's bytes is the URL's, whatever the name holds.
        for name in ["RS.csv", "2026-11-20-C1a2b.hl7", "index.html", "Dr Tāmati Ngata.csv", "100%25 sure.csv", "a#b?.csv",
                     "nested/NP1.csv", "..csv", "no-extension", "Zoë\u{301}.csv"] {
            for folder in ["/tmp/out", "/tmp/out folder/call-lists", "/tmp/Māori"] {
                let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
                let viaURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial").path
                #expect(OutputFile.temporaryPath(folder + "/" + name) == viaURL, "\(folder) \(name)")
                #expect(folder + "/" + name == url.path, "\(folder) \(name)")
            }
        }
        // Written into a folder by name: owner-only, over a leftover temporary file that is a symbolic link
        // (the link removed, not written through); the same bytes again leave the file as it is.
        let folder = TestFolder.fresh("lacuna-outputs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let elsewhere = folder.appendingPathComponent("elsewhere.txt")
        _ = FileManager.default.createFile(atPath: elsewhere.path, contents: Data("keep".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(".RS.csv.partial").path, withDestinationPath: elsewhere.path)
        try OutputFile.write(Data("a,b\n".utf8), named: "RS.csv", inFolder: folder.path)
        let written = folder.appendingPathComponent("RS.csv")
        #expect(try Data(contentsOf: written) == Data("a,b\n".utf8))
        #expect(try Data(contentsOf: elsewhere) == Data("keep".utf8))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".RS.csv.partial").path))
        let attributes = try FileManager.default.attributesOfItem(atPath: written.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let inode = attributes[.systemFileNumber] as? Int
        try OutputFile.write(Data("a,b\n".utf8), named: "RS.csv", inFolder: folder.path)
        #expect((try FileManager.default.attributesOfItem(atPath: written.path)[.systemFileNumber] as? Int) == inode)
        try OutputFile.write(Data("a,c\n".utf8), named: "RS.csv", inFolder: folder.path)
        #expect(try Data(contentsOf: written) == Data("a,c\n".utf8))
    }

    @Test("stale annotation files from an earlier run are removed; other files are left alone")
    func stale() throws {
        let folder = TestFolder.fresh("lacuna-stale")
        let annotations = folder.appendingPathComponent("annotations")
        try FileManager.default.createDirectory(at: annotations, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: annotations.appendingPathComponent("2025-04-03-Cgone.hl7"))
        try Data("mine".utf8).write(to: annotations.appendingPathComponent("notes.txt"))
        try WorkPapers.writeAll(view([]), to: folder, options: WorkOptions())
        let left = try FileManager.default.contentsOfDirectory(atPath: annotations.path).sorted()
        #expect(left == ["annotations.csv", "notes.txt"])
    }
}

@Suite("Call outcomes written in the call lists")
struct CallOutcomeTests {
    @Test("outcomes typed into a call-list CSV survive the next run, come back in the list, and take a reached candidate off the recalls")
    func survive() throws {
        let scenario = try Scenario()
        try scenario.run()
        let folder = scenario.out.appendingPathComponent("call-lists")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.sorted().first)
        let url = folder.appendingPathComponent(name)
        // The GP fills in the first row, as a spreadsheet saves it.
        var lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).components(separatedBy: "\r\n")
        let header = lines[0].replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: ",")
        #expect(Array(header.suffix(8)) == ["outcome", "seen_on", "attempts", "summary", "follow_ups", "next_attempt", "closed", "caller"])
        let firstRow = try #require(try table(try Data(contentsOf: url)).first)
        let candidate = try #require(firstRow["candidate_ids"]?.components(separatedBy: ", ").first)
        #expect(lines[1].hasSuffix(",,,,,,,,"))
        lines[1] = String(lines[1].dropLast(8)) + ",reached,Thu 3 Apr,\"1: 19:10 WS\",sore throat; no tests,,,documented,Dr W Stewart"
        try Data(lines.joined(separator: "\r\n").utf8).write(to: url)

        try scenario.run()
        let again = try #require(try table(try Data(contentsOf: url)).first { $0["candidate_ids"] == firstRow["candidate_ids"] })
        #expect(again["outcome"] == "reached" && again["summary"] == "sore throat; no tests" && again["closed"] == "documented")
        #expect(try StoreAccess(path: scenario.out.appendingPathComponent("case.sqlite").path).counts()["call_outcome"]! >= 1)
        #expect(again["caller"] == "", "the caller column is left for whoever types the next outcome")
        let recalls = try table(try scenario.bytes("recalls.csv"))
        #expect(!recalls.contains { $0["recall_id"] == "R-" + candidate })
        // A third run records nothing new.
        let before = try scenario.tableCounts()
        try scenario.run()
        #expect(try scenario.tableCounts()["call_outcome"] == before["call_outcome"])
    }
}

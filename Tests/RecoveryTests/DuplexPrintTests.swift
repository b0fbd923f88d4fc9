import Foundation
import Testing
import LacunaCore
@testable import Reports
import TestFolders

/// The evening worksheets printed as a GP prints them (Debian's chromium to PDF, read back with
/// pdftotext): double-sided, every patient's call form on the back of their own evidence, however
/// much evidence a card has. Skipped, saying so, where chromium or poppler-utils is not installed.
@Suite("Worksheets printed double-sided never slip")
struct DuplexPrintTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let tools = chromium != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdfinfo")

    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)

    @Test("a drilled evening: cover and guide on one sheet, then one sheet a patient, front and back the same patient")
    func drilled() throws {
        guard Self.tools else { print("skipped: chromium or pdftotext not installed (apt-get install chromium poppler-utils)"); return }
        let scenario = try Scenario(seed: 4, patients: 300)
        try scenario.run()
        let folder = scenario.out.appendingPathComponent("call-lists")
        let sheet = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().first { $0.hasSuffix("-evening-1.html") })
        try checkSides(of: folder.appendingPathComponent(sheet))
    }

    @Test("a card whose evidence would run over a page keeps to its sheet and says how many records are elsewhere")
    func overfull() throws {
        var identity = Identity()
        identity.familyName = "Tipene"
        identity.givenName = "Aroha"
        var traces: [Trace] = []
        var evidence: [Evidence] = []
        for n in 1...60 {
            var trace = Trace(kind: .lab, recordType: "result", file: "sources/lab/resend-with-a-long-name-\(n).hl7", locator: Locator(line: n),
                              time: TraceTime(date: window.from), identity: identity, provider: "RS", payload: [:], contentKey: "k\(n)")
            trace.id = Int64(n)
            traces.append(trace)
            evidence.append(Evidence(traceID: Int64(n), kind: .lab,
                                     summary: "test collected 09:\(n % 60) (Haemoglobin, ferritin, B12, folate, thyroid function) ordered by RS; a long summary that wraps",
                                     weight: 0.5))
        }
        let patient = Patient(id: "P1", origin: .register, identity: identity, usualProvider: "RS", sourceTraceID: 1)
        let encounters = (0..<3).map { day in
            Encounter(candidateID: "C\(day)", patientID: "P1", date: window.from.adding(days: day % 2), provider: "RS", confidence: 0.9,
                      tier: .confirmed, priority: .other, evidence: Array(evidence[(day * 20)..<(day * 20 + 20)]), reason: "many records")
        }
        var view = CaseView(caseName: "c", practiceName: "Test Practice", window: window, sources: [], patients: [patient],
                            traces: traces, encounters: encounters, unmatched: [], rejects: [])
        view.providers = [Provider(code: "RS", name: "Dr Roger Smith")]
        let list = try #require(CallLists.build(view, perEvening: 35).first)
        let html = CallWorksheet.html(view, list: list, evening: 0, options: WorkOptions())
        #expect(html.contains("more record(s) of this patient's visit(s)"))
        let url = TestFolder.fresh("lacuna-duplex", suffix: ".html")
        try Data(html.utf8).write(to: url)
        guard Self.tools else { print("skipped: chromium or pdftotext not installed (apt-get install chromium poppler-utils)"); return }
        try checkSides(of: url)
    }

    /// Prints `html` to PDF; the preamble is an even number of sides, then each patient's front names
    /// them with the evidence, and the next side names them again with the call form.
    func checkSides(of html: URL) throws {
        let pdf = html.deletingPathExtension().appendingPathExtension("pdf")
        try run(Self.chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
                                 html.absoluteString])
        let pages = Int(try run("/usr/bin/pdfinfo", [pdf.path]).split(separator: "\n")
            .first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        let text = String(decoding: try Data(contentsOf: html), as: UTF8.self)
        let patients = text.components(separatedBy: "class=\"sheet front\"").count - 1
        let preamble = pages - 2 * patients
        #expect(patients > 0 && preamble >= 2 && preamble % 2 == 0, "\(pages) sides for \(patients) patients")
        for side in stride(from: preamble + 1, to: pages, by: 2) {
            let front = try run("/usr/bin/pdftotext", ["-f", "\(side)", "-l", "\(side)", "-layout", pdf.path, "-"])
            let back = try run("/usr/bin/pdftotext", ["-f", "\(side + 1)", "-l", "\(side + 1)", "-layout", pdf.path, "-"])
            let number = { (page: String) in page.trimmingCharacters(in: .whitespacesAndNewlines).prefix { $0.isNumber } }
            #expect(!number(front).isEmpty && number(front) == number(back), "side \(side): \(front.prefix(40)) / \(back.prefix(40))")
            #expect(front.contains("What the records show") && back.contains("Consultation"), "side \(side)")
        }
    }

    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

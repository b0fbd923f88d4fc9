import Foundation
import Testing
@testable import Recovery
import LacunaCore

/// `lacuna inspect` on every public bank and terminal sample: each prints how it was read (or says
/// why it was not), its rows and dates, and no value that could name anyone.
enum PublicSamples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/samples").standardized
    static var available: Bool { FileManager.default.fileExists(atPath: folder.path) }
}

@Suite("lacuna inspect on the public samples", .enabled(if: PublicSamples.available, "../shared/samples is absent: skipped"))
struct InspectTests {
    static var samples: URL { PublicSamples.folder }

    static func files(_ folder: String) -> [URL] {
        let url = samples.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().map { url.appendingPathComponent($0) }.filter { !$0.hasDirectoryPath && !$0.lastPathComponent.hasPrefix(".") }
    }

    @Test("every bank and terminal sample: its reading, rows and dates, the kind guessed or given")
    func everySample() throws {
        let files = Self.files("bank") + Self.files("bank/bad") + Self.files("eftpos")
        #expect(files.count >= 30)
        for file in files {
            let folderKind: SourceKind = file.path.contains("/eftpos/") ? .eftpos : .bank
            let given = try FileInspection.inspect(file, kind: folderKind)
            let text = given.text
            #expect(text.contains("reading: ") || text.contains("error: "), "\(file.lastPathComponent): \(text)")
            #expect(text.contains("rows: "), "\(file.lastPathComponent)")
            if given.imported > 0 { #expect(text.contains("dates: "), "\(file.lastPathComponent): \(text)") }
            // Left to guess, it still reads the file (as the kind that reads the most rows).
            let guessed = try FileInspection.inspect(file, kind: nil)
            #expect(guessed.imported >= given.imported || guessed.kind == folderKind, "\(file.lastPathComponent): guessed \(guessed.kind)")
        }
    }

    @Test("the command prints the reading of a statement and names nobody in it")
    func command() throws {
        guard Scenario.executable != nil else { return }
        let file = Self.samples.appendingPathComponent("bank/nz_asb_fastnet_bank_statement.csv")
        let scenario = try Scenario(seed: 2, patients: 30, classic: true)
        let result = try scenario.runProcess(["inspect", file.path, "--kind", "bank"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("reading: nz_asb_fastnet_bank_statement.csv: read as ASB"))
        #expect(result.stdout.contains("dates: 2025-01-18 to 2025-03-20"))
        #expect(!result.stdout.contains("Cat"))   // the payer in the sample's D/C line
    }
}

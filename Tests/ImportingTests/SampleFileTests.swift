import Foundation
import Testing
@testable import Importing

/// The public sample files in ../shared/samples (not copied into this repository).
enum Samples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/samples").standardized

    static var available: Bool { FileManager.default.fileExists(atPath: folder.path) }

    static func files(_ subfolder: String) -> [URL] {
        let url = folder.appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().map { url.appendingPathComponent($0) }.filter { !$0.hasDirectoryPath && $0.pathExtension == "csv" }
    }
}

@Suite("Public bank and terminal samples through the CSV layer", .enabled(if: Samples.available, "../shared/samples is absent: skipped"))
struct SampleFileTests {
    @Test("every sample reads without loss: records plus broken records cover every non-blank line")
    func everySample() throws {
        let files = Samples.files("bank") + Samples.files("bank/bad") + Samples.files("eftpos")
        #expect(files.count >= 10)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            let doc = CSVReader.read(bytes)
            let decoded = TextDecoding.decode(bytes)
            let lines = PhysicalLines(decoded.utf8)
            let nonBlank = (0..<lines.count).filter { !lines.isBlank($0, in: decoded.utf8) }.count
            let covered = doc.records.reduce(0) { $0 + ($1.locator.endLine! - $1.locator.line! + 1) } + doc.broken.count
            #expect(covered >= nonBlank - 0, "\(file.lastPathComponent): \(covered) of \(nonBlank) lines accounted for")
            #expect(!doc.records.isEmpty, "\(file.lastPathComponent) gave no records")
        }
    }

    @Test("ISO-8859-1 statements are detected as not UTF-8 and decoded with a warning")
    func latin1() throws {
        let file = Samples.folder.appendingPathComponent("bank/uk_nationwide_statement_iso8859-1_crlf.csv")
        let doc = CSVReader.read([UInt8](try Data(contentsOf: file)))
        #expect(doc.encoding == .windows1252)
        #expect(doc.records.contains { $0.fields.joined().contains("£") })
    }

    @Test("the ASB sample's header is found after its six preamble lines")
    func asb() throws {
        let file = Samples.folder.appendingPathComponent("bank/nz_asb_fastnet_bank_statement.csv")
        let doc = CSVReader.read([UInt8](try Data(contentsOf: file)))
        let map = try #require(HeaderMap.locate(in: doc.records, synonyms: ["date": ["Date"], "id": ["Unique Id"], "payee": ["Payee"], "amount": ["Amount"]]))
        #expect(doc.records[map.headerIndex].locator.line == 7)
        let dates = doc.records[(map.headerIndex + 1)...].compactMap { map.value("date", in: $0) }
        #expect(DateReading.decideOrder(dates, fallback: .dmy) == .ymd)
    }
}

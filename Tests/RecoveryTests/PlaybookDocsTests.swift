import Foundation
import Testing
import Importing
import LacunaCore
@testable import Recovery
import TestFolders

@Suite("docs/playbook.md documents what the playbook reader takes")
struct PlaybookDocsTests {
    static let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/playbook.md").standardized

    @Test("every key, every kind, and every column meaning of each kind is in the reference")
    func complete() throws {
        let text = try String(contentsOf: Self.doc, encoding: .utf8)
        for (place, keys) in Playbook.keys {
            for key in keys { #expect(text.contains("`\(key)`"), "\(place).\(key)") }
        }
        for kind in SourceKind.allCases { #expect(text.contains("| `\(kind.rawValue)` |"), "\(kind.rawValue)") }
        for kind in SourceKind.allCases {
            guard let meanings = Importers.columnMeanings(kind) else { continue }
            let section = try #require(text.components(separatedBy: "### \(kind.rawValue)\n").dropFirst().first?.components(separatedBy: "\n### ").first,
                                       "a section for \(kind.rawValue)")
            for meaning in meanings.keys { #expect(section.contains("| `\(meaning)` |"), "\(kind.rawValue): \(meaning)") }
        }
        // The example at its head is a playbook the reader takes (its files aside).
        let example = try #require(text.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let folder = TestFolder.fresh("lacuna-docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try example.replacingOccurrences(of: "templates: templates/\n", with: "").replacingOccurrences(of: ", rules: rules/verifone-reception.yml", with: "")
            .write(to: folder.appendingPathComponent("playbook.yml"), atomically: true, encoding: .utf8)
        let playbook = try Playbook.load(folder.appendingPathComponent("playbook.yml"))
        #expect(playbook.sources.count == 12 && playbook.providers.first?.aliases.count == 2)
    }
}

import Foundation
import Testing
import FuzzEntries

/// Every input in `Fuzz/corpus/` (seeds, and the inputs that once crashed a reader) goes through its
/// fuzz target's entry on every test run: what the fuzzer found stays fixed.
@Suite("The fuzz corpus, replayed")
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus").standardized

    @Test("every corpus input of every target is read without a trap", arguments: FuzzEntries.targets.keys.sorted())
    func replay(_ target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty, "Fuzz/corpus/\(target) holds no inputs")
        let entry = try #require(FuzzEntries.targets[target])
        for name in names {
            entry([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }
}

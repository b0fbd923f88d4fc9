import Foundation
import Importing
import LacunaCore
import Reports

/// A CSV Lacuna wrote for people to fill in (a call list, `review.csv`), read back however it was
/// saved: the header found by its words in any case, with spaces, underscores or hyphens, below a
/// title row if one was added; each cell as it was before it was made spreadsheet-safe; a row a
/// spreadsheet broke (a stray quote) kept by its line, never silently dropped.
struct EditedSheet {
    struct Row {
        /// Meaning → the cell's text, trimmed; a meaning the header lacks, or a cell the row does not
        /// reach, is absent.
        var values: [String: String]
        var line: Int
    }

    var rows: [Row]
    /// Lines of rows that could not be read.
    var brokenLines: [Int]

    /// Reads `bytes`; nil when no header row names `required` and at least one other meaning.
    static func read(_ bytes: [UInt8], meanings: HeaderMap.Synonyms, required: String) -> EditedSheet? {
        let document = CSVReader.read(bytes)
        var synonyms = meanings
        for (meaning, words) in meanings { synonyms[meaning] = words + [meaning] }
        guard let map = HeaderMap.locate(in: document.records, synonyms: synonyms), map.columns[required] != nil else { return nil }
        var rows: [Row] = []
        for record in document.records[(map.headerIndex + 1)...] {
            var values: [String: String] = [:]
            // A cell the row does not reach (a tool that drops trailing empty cells) says nothing.
            for (meaning, column) in map.columns where column < record.fields.count {
                values[meaning] = CSVWriter.plain(record.fields[column]).trimmingWhitespace()
            }
            if values.values.allSatisfy(\.isEmpty) { continue }
            rows.append(Row(values: values, line: record.locator.line ?? 0))
        }
        return EditedSheet(rows: rows, brokenLines: document.broken.compactMap(\.locator.line))
    }
}

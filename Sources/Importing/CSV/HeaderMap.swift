public import LacunaCore

/// Where each meaning (`nhi`, `family`, `dob` …) stands in a CSV file, found from its header words.
///
/// Exports rename columns between versions and vendors, and some (ASB) put a preamble before the
/// header, so the header is the first of the early rows whose cells name at least two known columns.
public struct HeaderMap: Sendable {
    /// Meaning → column index.
    public let columns: [String: Int]
    /// Index of the header within the document's records.
    public let headerIndex: Int
    /// Header cells that matched no meaning (kept in the payload all the same).
    public let unrecognised: [String]
    public let headerCells: [String]
    /// Meaning → how its column was found: `playbook`, `header` (a whole-header synonym), `words`
    /// (the header's words, its cells checked where a shape decides) or `values` (what the cells hold).
    public var how: [String: String] = [:]
    /// Where a record of the header's width (or less) puts each cell in its payload, worked out once a file.
    var payloadLayout = PayloadLayout(headerCells: [], count: 0)
    /// The header's cells as `normalise` gives them, worked out once a file (nil: each time asked).
    var normalisedCells: [String]?

    /// Meaning → recognised header words. Matching ignores case, spaces, punctuation and anything in
    /// brackets, so `Date of Birth (DD/MM/YYYY)` is `dateofbirth`.
    public typealias Synonyms = [String: [String]]

    /// Finds the header among the first rows. `overrides` (the playbook's `columns:`, header → meaning)
    /// win over everything; then the importer's whole-header `synonyms`; then, for the columns left, the
    /// words of `MeaningWords` that suggest a meaning (`Provider Name`, `Txt Reminders`), checked against
    /// what the cells hold where a shape decides; then columns whose cells are plainly NHIs or e-mail
    /// addresses. The header is the first early row naming at least `minimumMatches` meanings (by a
    /// whole header, or three by their words). Nil when no row does.
    public static func locate(in records: [CSVRecord], synonyms: Synonyms, overrides: [String: String] = [:],
                              minimumMatches: Int = 2) -> HeaderMap? {
        var lookup: [String: String] = [:]
        for (meaning, words) in synonyms { for word in words { lookup[normalise(word)] = meaning } }
        for (header, meaning) in overrides { lookup[normalise(header)] = meaning }
        let meanings = Set(synonyms.keys).union(overrides.values)
        for (index, record) in records.prefix(15).enumerated() {
            var columns: [String: Int] = [:]
            var how: [String: String] = [:]
            for (column, cell) in record.fields.enumerated() {
                if let meaning = lookup[normalise(cell)], columns[meaning] == nil {
                    columns[meaning] = column
                    how[meaning] = overrides.keys.contains(where: { normalise($0) == normalise(cell) }) ? "playbook" : "header"
                }
            }
            let worded = wordMatches(record.fields, meanings: meanings, taken: columns)
            guard columns.count >= minimumMatches || (columns.count + worded.count >= 3 && worded.count >= 2) else { continue }
            // The columns left, by their words and then their cells.
            let sample = records.dropFirst(index + 1).prefix(100)
            for (column, meaning) in worded.sorted(by: { $0.score > $1.score }).map({ ($0.column, $0.meaning) })
            where columns[meaning] == nil && !columns.values.contains(column) {
                if let shape = MeaningWords.table[meaning]?.shape, !cellsFit(shape, column: column, sample: sample, least: 0.6) { continue }
                columns[meaning] = column
                how[meaning] = "words"
            }
            for (meaning, shape) in [("nhi", MeaningWords.Shape.nhi), ("email", .email)] where meanings.contains(meaning) && columns[meaning] == nil {
                if let column = record.fields.indices.first(where: { !columns.values.contains($0) && cellsFit(shape, column: $0, sample: sample, least: 0.8) }) {
                    columns[meaning] = column
                    how[meaning] = "values"
                }
            }
            // A column worded as a time (`Start`) that holds dates with times is the date-time, where
            // the table has no date column of its own.
            if let column = columns["time"], meanings.contains("datetime"), columns["datetime"] == nil, columns["date"] == nil,
               cellsFit(.date, column: column, sample: sample, least: 0.8) {
                columns["datetime"] = column
                columns["time"] = nil
                how["datetime"] = "values"
                how["time"] = nil
            }
            let unrecognised = record.fields.enumerated().filter { !columns.values.contains($0.offset) && !$0.element.isEmpty }.map(\.element)
            var map = HeaderMap(columns: columns, headerIndex: index, unrecognised: unrecognised, headerCells: record.fields)
            map.how = how
            map.payloadLayout = PayloadLayout(headerCells: record.fields, count: record.fields.count)
            map.normalisedCells = record.fields.map(normalise)
            return map
        }
        return nil
    }

    /// Columns whose header words suggest one of `meanings` (and not one already `taken`), with the
    /// strength of that suggestion.
    static func wordMatches(_ cells: [String], meanings: Set<String>, taken: [String: Int]) -> [(column: Int, meaning: String, score: Int)] {
        var found: [(Int, String, Int)] = []
        for (column, cell) in cells.enumerated() where !taken.values.contains(column) {
            let words = Set(headerWords(cell))
            guard !words.isEmpty, !words.contains(where: { $0.allSatisfy(\.isNumber) }) || words.count > 1 else { continue }
            var best: (String, Int)?
            for meaning in meanings.sorted() where taken[meaning] == nil {
                guard let score = MeaningWords.table[meaning]?.score(words) else { continue }
                if score > (best?.1 ?? 0) { best = (meaning, score) }
            }
            if let best { found.append((column, best.0, best.1)) }
        }
        return found
    }

    /// A header's words, lower case: `Which day were you seen?` → which, day, were, you, seen;
    /// `PatientID` → patient, id.
    static func headerWords(_ header: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for c in header {
            if c.isLetter || c.isNumber {
                if let p = previous, p.isLowercase, c.isUppercase, !current.isEmpty { words.append(current.lowercased()); current = "" }
                current.append(c)
            } else if !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
            previous = c
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// Whether the share `least` of a column's non-empty cells has a shape (an empty column does not).
    static func cellsFit(_ shape: MeaningWords.Shape, column: Int, sample: ArraySlice<CSVRecord>, least: Double) -> Bool {
        let cells = sample.compactMap { $0.fields.count > column ? present($0.fields[column]) : nil }
        guard !cells.isEmpty else { return false }
        return Double(cells.filter { MeaningWords.fits(shape, $0) }.count) >= least * Double(cells.count)
    }

    /// Whether a record repeats the header (exports that print it again on every page).
    /// Every record is asked: the header's cells are normalised once, and a record's cell compared with
    /// its header's as it is read (a row of data differs at its first letter or digit).
    public func isHeader(_ record: CSVRecord) -> Bool {
        guard record.fields.count == headerCells.count else { return false }
        let header = normalisedCells ?? headerCells.map(Self.normalise)
        return zip(record.fields, header).allSatisfy { Self.normalises($0, to: $1) }
    }

    /// How the file was read, for people, as one line: the header's row, each meaning's column and
    /// how it was found, and a count last (what the run's summary shows). Header words only, never values.
    public func description(file: String, kind: String) -> String {
        let found = columns.sorted { $0.value < $1.value }.map { meaning, column in
            let header = column < headerCells.count && !headerCells[column].isEmpty ? "“\(headerCells[column])”" : "column \(column + 1)"
            return "\(meaning) ← \(header) (\(how[meaning] ?? "header"))"
        }
        let byWords = how.values.filter { $0 == "words" }.count, byValues = how.values.filter { $0 == "values" }.count
        var count = "\(columns.count) column(s) read"
        let ways = [byWords > 0 ? "\(byWords) by their header's words" : nil, byValues > 0 ? "\(byValues) by their values" : nil].compactMap { $0 }
        if !ways.isEmpty { count += " (" + ways.joined(separator: ", ") + ")" }
        if !unrecognised.isEmpty { count += ", \(unrecognised.count) kept in each record but not read (" + unrecognised.map { "“\($0)”" }.joined(separator: ", ") + ")" }
        return (["\(file): read as \(kind)", "header on row \(headerIndex + 1)"] + found + [count]).joined(separator: "; ")
    }

    /// Words that make an unread header look as if it mattered: who saw the patient, consent to texts,
    /// the day they say they were seen, how to reach them, who they are.
    static let meaningfulWords: [(words: [String], what: String)] = [
        (["provider", "doctor", "dr", "gp", "clinician", "practitioner", "nurse", "seen by", "usual"], "a clinician"),
        (["consent", "sms", "txt", "text", "opt", "reminder", "reminders"], "a consent to texts"),
        (["day", "seen", "when", "visit", "attended"], "a day or visit"),
        (["phone", "mobile", "cell", "ph", "tel", "contact"], "a phone number"),
        (["nhi", "dob", "birth", "surname", "name", "patient"], "who the patient is"),
    ]

    /// The headers left unread that look as if they mattered, each with what it seems to hold.
    public var unreadButMeaningful: [(header: String, what: String)] {
        unrecognised.compactMap { header in
            let words = header.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
            let joined = words.joined(separator: " ")
            guard let match = Self.meaningfulWords.first(where: { group in
                group.words.contains { $0.contains(" ") ? joined.contains($0) : words.contains($0) }
            }) else { return nil }
            return (header, match.what)
        }
    }

    /// The trimmed value of a meaning in a record; nil when absent, empty or `null`.
    public func value(_ meaning: String, in record: CSVRecord) -> String? { Self.value(at: columns[meaning], in: record) }

    /// A meaning's place in this map's records, found once (`column(_:)`) and read from each record: an
    /// importer reads a dozen meanings of every record, and finding each by its name hashed the name for
    /// every cell read.
    public struct Column: Sendable {
        let index: Int?

        /// The trimmed value of the meaning in a record, as `HeaderMap.value(_:in:)` gives it.
        public func value(in record: CSVRecord) -> String? { HeaderMap.value(at: index, in: record) }
    }

    /// Where `meaning` stands in this map's records (nowhere, where the file has no such column).
    public func column(_ meaning: String) -> Column { Column(index: columns[meaning]) }

    /// The trimmed value of the cell at `column` in a record; nil when there is no column, no such
    /// cell, or it is empty or `null` (a reader that found its columns once reads them by place).
    static func value(at column: Int?, in record: CSVRecord) -> String? {
        guard let column, column < record.fields.count else { return nil }
        return present(record.fields[column])
    }

    /// The record as header → value, for the trace's payload (as `payload(of:headerCells:)` makes it),
    /// with the fields the importer adds (`adding`: each as if set on the payload in turn, the last
    /// text of a name standing, over the record's own).
    public func payload(of record: CSVRecord, adding added: [(key: String, value: String)] = []) -> Payload {
        // A record short of the header's width (a spreadsheet's row leaves its empty cells at the end
        // out) reads its cells by the header's layout, which passes over cells past a record's end: a
        // layout was made again for every such row. A wider one names its extra cells (`column N`).
        let layout = record.fields.count <= payloadLayout.count ? payloadLayout
            : PayloadLayout(headerCells: headerCells, count: record.fields.count)
        return layout.payload(of: record.fields, adding: added)
    }

    /// A record as header → value; cells beyond the header (or in a file without one) are `column N`.
    static func payload(of record: CSVRecord, headerCells: [String]) -> [String: String] {
        var payload: [String: String] = [:]
        // Room for every column and the few names an importer adds (`_status`, `_reason` …): grown once, not column by column.
        payload.reserveCapacity(record.fields.count + 4)
        for (column, value) in record.fields.enumerated() {
            if let value = present(value) { payload[fieldName(column: column, headerCells: headerCells)] = value }
        }
        return payload
    }

    /// The payload's name for a record's cell: its header, or `column N` past the header or under an empty one.
    static func fieldName(column: Int, headerCells: [String]) -> String {
        column < headerCells.count && !headerCells[column].isEmpty ? headerCells[column] : "column \(column + 1)"
    }

    /// Whether `normalise(text)` is `normalised`: an ASCII text's letters and digits compared as they
    /// are read, without making its normal form; any other text normalised.
    static func normalises(_ text: String, to normalised: String) -> Bool {
        var wanted = normalised.utf8.makeIterator()
        var depth = 0
        for byte in text.utf8 {
            guard byte < 0x80 else { return normalise(text) == normalised }   // lowercasing may make ASCII of it
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { depth += 1; continue }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") { depth = max(0, depth - 1); continue }
            let lowered = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            guard depth == 0, (0x61...0x7A).contains(lowered) || (0x30...0x39).contains(lowered) else { continue }
            if wanted.next() != lowered {
                // Differs here, unless a later byte is not ASCII (then the whole text is normalised).
                return text.utf8.contains(where: { $0 >= 0x80 }) && normalise(text) == normalised
            }
        }
        return wanted.next() == nil
    }

    static func normalise(_ header: String) -> String {
        var out = ""
        var depth = 0
        for scalar in header.lowercased().unicodeScalars {
            if scalar == "(" || scalar == "[" { depth += 1; continue }
            if scalar == ")" || scalar == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)) { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}

/// A field's text with the ways exports write "nothing" (empty, `null`, `NULL`, NBSP) taken as absent.
public func present(_ text: String?) -> String? {
    guard let text else { return nil }
    // Most fields begin and end with an ASCII byte that is no space: nothing to trim, the "nothing" words
    // asked of their bytes, read where they lie (the UTF-8 view's `first` and `last` cost more than the rest).
    let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
        guard let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 else { return nil }
        guard bytes.count <= 4 else { return true }
        var lowered: UInt32 = 0   // the bytes, lower case, one after another
        for byte in bytes { lowered = lowered << 8 | UInt32((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) }
        let null: UInt32 = 0x6E75_6C6C, notApplicable: UInt32 = 0x6E_2F61   // "null", "n/a"
        return !((bytes.count == 4 && lowered == null) || (bytes.count == 3 && lowered == notApplicable))
    }
    if let plain = plain ?? nil { return plain ? text : nil }
    // Scalars, not Foundation's character sets: this runs for every field of every record.
    let scalars = text.unicodeScalars
    // ASCII's white space (tab to carriage return, space) without a look-up in Unicode's tables.
    func blank(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s == " " || (0x09...0x0D).contains(s.value) : s.properties.isWhitespace || s == "\u{A0}"
    }
    guard let first = scalars.firstIndex(where: { !blank($0) }) else { return nil }
    let last = scalars.lastIndex(where: { !blank($0) })!
    let trimmed = first == scalars.startIndex && last == scalars.index(before: scalars.endIndex)
        ? text : String(scalars[first...last])
    // Only `null` and `n/a` in some case are taken as nothing: no letter beyond ASCII lowercases to theirs.
    if trimmed.utf8.count <= 4 {
        let lower = trimmed.lowercased()
        if lower == "null" || lower == "n/a" { return nil }
    }
    return trimmed
}

import Foundation

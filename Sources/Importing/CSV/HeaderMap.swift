import LacunaCore

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

    /// Meaning → recognised header words. Matching ignores case, spaces, punctuation and anything in
    /// brackets, so `Date of Birth (DD/MM/YYYY)` is `dateofbirth`.
    public typealias Synonyms = [String: [String]]

    /// Finds the header among the first rows. `overrides` (the playbook's `columns:`, header → meaning)
    /// win over the synonyms. Nil when no row names two known columns.
    public static func locate(in records: [CSVRecord], synonyms: Synonyms, overrides: [String: String] = [:],
                              minimumMatches: Int = 2) -> HeaderMap? {
        var lookup: [String: String] = [:]
        for (meaning, words) in synonyms { for word in words { lookup[normalise(word)] = meaning } }
        for (header, meaning) in overrides { lookup[normalise(header)] = meaning }
        for (index, record) in records.prefix(15).enumerated() {
            var columns: [String: Int] = [:]
            var unrecognised: [String] = []
            for (column, cell) in record.fields.enumerated() {
                if let meaning = lookup[normalise(cell)], columns[meaning] == nil { columns[meaning] = column }
                else if !cell.isEmpty { unrecognised.append(cell) }
            }
            if columns.count >= minimumMatches {
                return HeaderMap(columns: columns, headerIndex: index, unrecognised: unrecognised, headerCells: record.fields)
            }
        }
        return nil
    }

    /// The trimmed value of a meaning in a record; nil when absent, empty or `null`.
    public func value(_ meaning: String, in record: CSVRecord) -> String? {
        guard let column = columns[meaning], column < record.fields.count else { return nil }
        return present(record.fields[column])
    }

    /// The record as header → value, for the trace's payload.
    public func payload(of record: CSVRecord) -> [String: String] {
        Self.payload(of: record, headerCells: headerCells)
    }

    /// A record as header → value; cells beyond the header (or in a file without one) are `column N`.
    static func payload(of record: CSVRecord, headerCells: [String]) -> [String: String] {
        var payload: [String: String] = [:]
        for (column, value) in record.fields.enumerated() {
            let name = column < headerCells.count && !headerCells[column].isEmpty ? headerCells[column] : "column \(column + 1)"
            if let value = present(value) { payload[name] = value }
        }
        return payload
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
    // Scalars, not Foundation's character sets: this runs for every field of every record.
    let scalars = text.unicodeScalars
    func blank(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || s == "\u{A0}" }
    guard let first = scalars.firstIndex(where: { !blank($0) }) else { return nil }
    let last = scalars.lastIndex(where: { !blank($0) })!
    let trimmed = first == scalars.startIndex && last == scalars.index(before: scalars.endIndex)
        ? text : String(scalars[first...last])
    if trimmed.count <= 4 {
        let lower = trimmed.lowercased()
        if lower == "null" || lower == "n/a" { return nil }
    }
    return trimmed
}

import Foundation

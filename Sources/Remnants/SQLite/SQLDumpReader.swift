import Foundation
import LacunaCore

/// A plain SQL dump (`sqlite3 .dump`, `mysqldump`, `pg_dump --inserts`): its `CREATE TABLE` statements
/// give the tables and their columns, its `INSERT INTO … VALUES (…), (…);` the rows, read a statement
/// at a time (memory does not grow with the file). Literals as SQL writes them: NULL, numbers,
/// 'text' with '' (and, in MySQL dumps, backslash) escapes, X'…' blobs. A statement that cannot be read
/// is said with its line; the rest goes on.
enum SQLDumpReader {
    /// Whether the file starts like SQL text rather than a database.
    static func looksLikeDump(_ head: [UInt8]) -> Bool {
        guard !head.isEmpty, head.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || ($0 >= 0x20 && $0 != 0x7F) || $0 >= 0x80 }) else { return false }
        let text = String(decoding: head, as: UTF8.self).uppercased()
        return text.contains("CREATE TABLE") || text.contains("INSERT INTO")
    }

    static func read(path: String, each: ((SQLiteRemnantReader.Row) -> Void)?) throws(SQLiteImage.Failure) -> SQLiteRemnantReader.Reading {
        var lines: ByteLines
        do { lines = try ByteLines(path: path) } catch { throw .unreadable(error.description) }
        var reading = SQLiteRemnantReader.Reading()
        reading.notes.append("a plain SQL dump: tables from its CREATE statements, rows from its INSERTs")
        var statement: [UInt8] = []
        var startLine = 1
        var inQuote = false
        var backslashes = false   // a MySQL dump escapes with backslashes
        var count = 0
        func finish() {
            defer { statement.removeAll(keepingCapacity: true) }
            let text = String(decoding: statement, as: UTF8.self).trimmingWhitespace()
            guard !text.isEmpty else { return }
            let upper = text.prefix(40).uppercased()
            if upper.hasPrefix("CREATE TABLE") {
                guard let name = tableName(after: "TABLE", in: text) else { return }
                let parsed = SchemaSQL.columns(text)
                reading.tables.append(.init(name: name, rootPage: 0, columns: parsed.columns, rowidColumn: parsed.rowid, sql: text, types: parsed.types))
            } else if upper.hasPrefix("INSERT") {
                guard let name = tableName(after: "INTO", in: text), let values = text.range(of: "VALUES", options: .caseInsensitive) else {
                    reading.notes.append("line \(startLine): an INSERT that names no table or values: skipped")
                    return
                }
                let table = reading.tables.first { $0.name == name }
                // `INSERT INTO t (b, a) VALUES …`: the values in the listed order.
                var listed: [String]?
                if let into = text.range(of: name), let open = text[into.upperBound..<values.lowerBound].firstIndex(of: "("),
                   let close = text[open..<values.lowerBound].lastIndex(of: ")") {
                    listed = text[text.index(after: open)..<close].split(separator: ",").map { SchemaSQL.unquote(String($0)) }
                }
                guard let tuples = Self.tuples(text[values.upperBound...], backslashes: backslashes) else {
                    reading.notes.append("line \(startLine): an INSERT into `\(name)` whose values cannot be read: skipped")
                    reading.damagedPages.append(startLine)
                    return
                }
                for values in tuples {
                    count += 1
                    var row = SQLiteRemnantReader.Row(table: name, rowid: nil, values: values, page: startLine, origin: .live)
                    if let table, let k = table.rowidColumn, k < values.count, case .integer(let id) = values[k] { row.rowid = id }
                    row.columns = listed ?? table?.columns ?? []
                    if let k = table?.rowidColumn, let columns = listed, let column = table?.columns[k], let at = columns.firstIndex(of: column),
                       at < values.count, case .integer(let id) = values[at] { row.rowid = id }
                    if let each { each(row) } else { reading.rows.append(row) }
                }
            }
        }
        do {
            while let line = try lines.next() {
                if statement.isEmpty {
                    startLine = line.number
                    let trimmed = line.bytes.drop { $0 == 0x20 || $0 == 0x09 }
                    if trimmed.starts(with: Array("--".utf8)) || trimmed.starts(with: Array("/*".utf8)) && trimmed.suffix(3).elementsEqual(Array("*/;".utf8)) { continue }
                }
                if !backslashes, line.bytes.contains(UInt8(ascii: "`")) { backslashes = true }
                var escaped = false
                for byte in line.bytes {
                    statement.append(byte)
                    if inQuote {
                        if backslashes && byte == UInt8(ascii: "\\") && !escaped { escaped = true; continue }
                        if byte == UInt8(ascii: "'") && !escaped { inQuote = false }
                        escaped = false
                    } else if byte == UInt8(ascii: "'") {
                        inQuote = true
                    } else if byte == UInt8(ascii: ";") {
                        finish()
                        startLine = line.number
                    }
                }
                if !statement.isEmpty { statement.append(0x0A) }
            }
        } catch {
            reading.notes.append("the dump could not be read to its end (\(error.description))")
        }
        if inQuote { reading.notes.append("the dump ends inside a quoted value (line \(startLine)): its last statement is lost") }
        reading.pages = count
        return reading
    }

    /// The table named after `keyword` (`INSERT INTO "t"`, `CREATE TABLE IF NOT EXISTS [t]`, `schema.t`).
    static func tableName(after keyword: String, in text: String) -> String? {
        guard let at = text.range(of: keyword, options: .caseInsensitive) else { return nil }
        var rest = text[at.upperBound...].drop { $0.isWhitespace }
        for words in ["IF NOT EXISTS", "OR REPLACE"] where rest.uppercased().hasPrefix(words) { rest = rest.dropFirst(words.count).drop { $0.isWhitespace } }
        let name = rest.prefix { !$0.isWhitespace && $0 != "(" }
        let last = name.split(separator: ".").last.map(String.init) ?? String(name)
        let unquoted = SchemaSQL.unquote(last)
        return unquoted.isEmpty ? nil : unquoted
    }

    /// `(1, 'a'), (2, NULL)` → rows of values; nil where the text is not that.
    static func tuples(_ text: Substring, backslashes: Bool) -> [[SQLiteValue]]? {
        var rows: [[SQLiteValue]] = []
        var chars = Array(text.unicodeScalars)
        if let last = chars.lastIndex(where: { !$0.properties.isWhitespace && $0 != ";" }) { chars = Array(chars[...last]) }
        var i = 0
        func skip() { while i < chars.count, chars[i].properties.isWhitespace || chars[i] == "," { i += 1 } }
        while true {
            skip()
            guard i < chars.count else { break }
            guard chars[i] == "(" else { return nil }
            i += 1
            var row: [SQLiteValue] = []
            while true {
                while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
                guard i < chars.count else { return nil }
                if chars[i] == ")" { i += 1; break }
                if chars[i] == "," { i += 1; continue }
                if chars[i] == "'" {
                    var s = String.UnicodeScalarView()
                    i += 1
                    while true {
                        guard i < chars.count else { return nil }
                        let c = chars[i]
                        if backslashes && c == "\\" && i + 1 < chars.count {
                            let n = chars[i + 1]
                            s.append(n == "n" ? "\n" : n == "r" ? "\r" : n == "t" ? "\t" : n == "0" ? "\0" : n)
                            i += 2
                            continue
                        }
                        if c == "'" {
                            if i + 1 < chars.count, chars[i + 1] == "'" { s.append("'"); i += 2; continue }
                            i += 1
                            break
                        }
                        s.append(c)
                        i += 1
                    }
                    row.append(.text(String(s)))
                    continue
                }
                // A bare literal: up to the next comma or closing bracket.
                var word = String.UnicodeScalarView()
                while i < chars.count, chars[i] != ",", chars[i] != ")" { word.append(chars[i]); i += 1 }
                let literal = String(word).trimmingSpaces()
                if literal.uppercased() == "NULL" { row.append(.null) }
                else if let n = Int64(literal) { row.append(.integer(n)) }
                else if let d = Double(literal) { row.append(.real(d)) }
                else if (literal.hasPrefix("X'") || literal.hasPrefix("x'")) && literal.hasSuffix("'") {
                    let hex = Array(literal.dropFirst(2).dropLast().utf8)
                    var bytes: [UInt8] = []
                    var k = 0
                    while k + 1 < hex.count, let b = UInt8(String(decoding: hex[k...(k + 1)], as: UTF8.self), radix: 16) { bytes.append(b); k += 2 }
                    row.append(.blob(bytes))
                } else if literal.uppercased() == "TRUE" || literal.uppercased() == "FALSE" {
                    row.append(.integer(literal.uppercased() == "TRUE" ? 1 : 0))
                } else {
                    row.append(.text(literal))
                }
            }
            rows.append(row)
        }
        return rows
    }
}

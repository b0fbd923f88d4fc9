import CLibCSV
public import LacunaCore

/// One CSV record with where it stood in the file.
public struct CSVRecord: Sendable {
    public var fields: [String]
    public var locator: Locator
}

/// A CSV file read through libcsv: its records, the ones that could not be read, and what was noticed.
public struct CSVDocument: Sendable {
    public var records: [CSVRecord]
    /// Records that could not be parsed (a broken quote), by locator.
    public var broken: [(locator: Locator, reason: String)]
    public var delimiter: UInt8
    public var encoding: TextEncoding
    public var warnings: [String]
}

/// Reads CSV (comma, semicolon, tab or pipe, detected) through libcsv in strict mode, feeding it one
/// physical line at a time so that every record knows its lines and byte offset.
///
/// A broken quote costs only its own line: the line where the bad record started is rejected and
/// parsing starts again on the next line, so one stray `"` cannot swallow the rest of a file.
public enum CSVReader {
    public static func read(_ raw: [UInt8], delimiter forced: UInt8? = nil) -> CSVDocument {
        read(decoded: TextDecoding.decode(raw), delimiter: forced)
    }

    /// Reads text already decoded (a rules file may force the encoding).
    public static func read(decoded: DecodedText, delimiter forced: UInt8? = nil) -> CSVDocument {
        let lines = PhysicalLines(decoded.utf8)
        let delimiter = forced ?? detectDelimiter(decoded.utf8, lines: lines)
        var records: [CSVRecord] = []
        var broken: [(Locator, String)] = []
        var next = 0
        var expectedFieldCount: Int?
        var lenient = 0, guarded = 0
        while next < lines.count {
            let pass = Pass(bytes: decoded.utf8, lines: lines, delimiter: delimiter, expectedFieldCount: expectedFieldCount)
            let outcome = pass.run(from: next)
            for record in outcome.records where record.locator.line == record.locator.endLine {
                expectedFieldCount = record.fields.count
            }
            records.append(contentsOf: outcome.records)
            guard let failedLine = outcome.failedAtLine else { break }
            // A last field whose quote never closes before the line ends (Westpac NZ writes every row so)
            // is read to the end of its line, where that gives the row its usual width.
            // A spreadsheet's text guard (`="01/03/2025"`) is its quoted text.
            if let (fields, way) = lenientFields(decoded.utf8[lines.range(failedLine)], delimiter: delimiter),
               way == .guarded || fields.count == expectedFieldCount ?? records.last?.fields.count ?? -1 {
                records.append(CSVRecord(fields: fields, locator: Locator(line: failedLine + 1, endLine: failedLine + 1,
                                                                          byteOffset: lines.start(failedLine))))
                if way == .guarded { guarded += 1 } else { lenient += 1 }
                next = failedLine + 1
                continue
            }
            broken.append((Locator(line: failedLine + 1, byteOffset: lines.start(failedLine)),
                           "broken quote: a quoted field is not closed properly"))
            next = failedLine + 1
        }
        var warnings = decoded.warnings
        if lenient > 0 {
            warnings.append("\(lenient) row(s) end in a quoted field whose quote never closes; each was read to the end of its line")
        }
        if guarded > 0 {
            warnings.append("\(guarded) row(s) hold spreadsheet text guards (=\"…\"); each was read as the text inside")
        }
        return CSVDocument(records: records, broken: broken, delimiter: delimiter, encoding: decoded.encoding, warnings: warnings)
    }

    /// How a line libcsv refused was read after all.
    enum LenientWay { case unclosed, guarded }

    /// The fields of one line libcsv refused, where the line is one of two known kinds: its last field
    /// opens a quote that the line never closes (`unclosed`: quotes honoured before it, the last field
    /// taken to the line's end), or it holds spreadsheet text guards, `="…"` (`guarded`: each the text
    /// inside). Nil when the line breaks otherwise.
    static func lenientFields(_ line: ArraySlice<UInt8>, delimiter: UInt8) -> ([String], LenientWay)? {
        var bytes = Array(line)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        var fields: [String] = []
        var field: [UInt8] = []
        var guarded = false
        var i = 0
        while i < bytes.count {
            let guardStart = bytes[i] == 0x3D && i + 1 < bytes.count && bytes[i + 1] == 0x22 && field.allSatisfy({ $0 == 0x20 })
            if guardStart { guarded = true; i += 1 }
            if bytes[i] == 0x22, field.allSatisfy({ $0 == 0x20 }) {
                // A quoted field: to its closing quote (`""` is a quote), else to the line's end.
                field = []
                i += 1
                var closed = false
                while i < bytes.count {
                    if bytes[i] == 0x22 {
                        if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    field.append(bytes[i])
                    i += 1
                }
                if !closed {
                    fields.append(String(decoding: field, as: UTF8.self))
                    return guarded ? nil : (fields, .unclosed)
                }
                while i < bytes.count, bytes[i] == 0x20 { i += 1 }
                guard i == bytes.count || bytes[i] == delimiter else { return nil }
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
                if i == bytes.count { return guarded ? (fields, .guarded) : nil }   // closed after all: only a guard explains the refusal
                i += 1
                if i == bytes.count { fields.append("") }
                continue
            }
            if bytes[i] == delimiter {
                fields.append(String(decoding: field, as: UTF8.self).trimmingSpaces())
                field = []
                if i + 1 == bytes.count { fields.append("") }
            } else {
                field.append(bytes[i])
            }
            i += 1
        }
        guard guarded else { return nil }
        if !field.isEmpty { fields.append(String(decoding: field, as: UTF8.self).trimmingSpaces()) }
        return (fields, .guarded)
    }

    /// Picks the separator that splits the first lines most consistently.
    static func detectDelimiter(_ bytes: [UInt8], lines: PhysicalLines) -> UInt8 {
        let candidates: [UInt8] = [0x2C, 0x3B, 0x09, 0x7C]
        var best: (UInt8, Int) = (0x2C, 0)
        for candidate in candidates {
            var counts: [Int: Int] = [:]
            for index in 0..<min(lines.count, 40) {
                var inQuotes = false
                var count = 0
                for byte in bytes[lines.range(index)] {
                    if byte == 0x22 { inQuotes.toggle() } else if byte == candidate && !inQuotes { count += 1 }
                }
                if count > 0 { counts[count, default: 0] += 1 }
            }
            // Score: how many lines agree on the commonest count, weighted a little by the count.
            if let (fieldCount, lineCount) = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
                let score = lineCount * 8 + min(fieldCount, 8)
                if score > best.1 { best = (candidate, score) }
            }
        }
        return best.0
    }

    /// One run of libcsv from a given line until the end or the first broken record.
    private final class Pass {
        let bytes: [UInt8]
        let lines: PhysicalLines
        let delimiter: UInt8
        let expectedFieldCount: Int?
        // Only libcsv's callbacks on this pass's own thread touch them: read and changed without the
        // runtime's exclusivity check, which cost more than appending a field.
        @exclusivity(unchecked) var fields: [String] = []
        @exclusivity(unchecked) var completed: [[String]] = []

        init(bytes: [UInt8], lines: PhysicalLines, delimiter: UInt8, expectedFieldCount: Int?) {
            self.bytes = bytes
            self.lines = lines
            self.delimiter = delimiter
            self.expectedFieldCount = expectedFieldCount
        }

        struct Outcome {
            var records: [CSVRecord]
            /// The line (0-based) where a broken record started, if the pass stopped on one.
            var failedAtLine: Int?
        }

        func run(from firstLine: Int) -> Outcome {
            var parser = csv_parser()
            guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) == 0 else {
                return Outcome(records: [], failedAtLine: firstLine)
            }
            defer { csv_free(&parser) }
            csv_set_delim(&parser, delimiter)
            // Only spaces are trimmed around unquoted fields: a tab may be the delimiter.
            csv_set_space_func(&parser) { $0 == 0x20 ? 1 : 0 }
            let context = Unmanaged.passUnretained(self).toOpaque()
            var records: [CSVRecord] = []
            var recordStart: Int?
            let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, length, context in
                let pass = Unmanaged<Pass>.fromOpaque(context!).takeUnretainedValue()
                if let data {
                    pass.fields.append(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
                } else {
                    pass.fields.append("")
                }
            }
            let rowCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
                let pass = Unmanaged<Pass>.fromOpaque(context!).takeUnretainedValue()
                pass.completed.append(pass.fields)
                pass.fields.removeAll(keepingCapacity: true)
            }
            var line = firstLine
            while line < lines.count {
                let range = lines.range(line)
                if recordStart == nil && !lines.isBlank(line, in: bytes) { recordStart = line }
                let consumed = bytes.withUnsafeBufferPointer { buffer in
                    csv_parse(&parser, buffer.baseAddress! + range.lowerBound, range.count, fieldCallback, rowCallback, context)
                }
                if consumed != range.count {
                    return Outcome(records: records, failedAtLine: recordStart ?? line)
                }
                if let start = recordStart, !completed.isEmpty {
                    for row in completed {
                        // A quoted field that ran over lines and left the record the wrong width is an
                        // unclosed quote that swallowed the lines after it.
                        if line > start, let expected = expectedFieldCount, row.count != expected {
                            return Outcome(records: records, failedAtLine: start)
                        }
                        records.append(CSVRecord(fields: row, locator: Locator(line: start + 1, endLine: line + 1,
                                                                               byteOffset: lines.start(start))))
                    }
                    completed.removeAll()
                    recordStart = nil
                }
                line += 1
            }
            if csv_fini(&parser, fieldCallback, rowCallback, context) != 0 {
                return Outcome(records: records, failedAtLine: recordStart ?? max(lines.count - 1, 0))
            }
            if let start = recordStart, let row = completed.first {
                records.append(CSVRecord(fields: row, locator: Locator(line: start + 1, endLine: lines.count,
                                                                       byteOffset: lines.start(start))))
            }
            return Outcome(records: records, failedAtLine: nil)
        }
    }
}

/// The physical lines of a text: ends at LF, CRLF or a lone CR, each kept with its terminator.
struct PhysicalLines {
    private var starts: [Int] = []
    private let total: Int

    init(_ bytes: [UInt8]) {
        total = bytes.count
        var index = 0
        if !bytes.isEmpty { starts.append(0) }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
                if index + 1 < bytes.count { starts.append(index + 1) }
            }
            index += 1
        }
    }

    var count: Int { starts.count }
    func start(_ line: Int) -> Int { starts[line] }
    func range(_ line: Int) -> Range<Int> { starts[line]..<(line + 1 < starts.count ? starts[line + 1] : total) }

    func isBlank(_ line: Int, in bytes: [UInt8]) -> Bool {
        bytes[range(line)].allSatisfy { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
    }
}

import Foundation
import LacunaCore
import ZIPFoundation

/// An `.xlsx` workbook read as tables: each sheet's rows as the cells a person sees, written out as
/// CSV for the same importers that read CSV. A zip of XML parts (ZIPFoundation opens the zip,
/// libxml2 the parts): the workbook's sheets and their names, the shared strings, the styles
/// (a number with a date format is a date, written `YYYY-MM-DD`, with its time where it has one), and
/// each sheet's cells by their references (`B7`), so empty cells keep their columns. The sheets and the
/// shared strings, the large parts, are read by libxml2's SAX parser (`XMLEvents`), the small ones by
/// its streaming reader.
struct Workbook {
    struct Sheet {
        let name: String
        let rows: [[String]]
    }

    let sheets: [Sheet]
    /// Parts that stopped being well-formed XML partway (what was read before is kept) or held control
    /// characters written raw, in words for the file's warnings.
    let problems: [String]
    /// Whether every sheet and the shared strings were read to their end.
    let complete: Bool

    struct Unreadable: Error {
        let reason: String
    }

    init(bytes: [UInt8]) throws {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Unreadable(reason: "the workbook's zip cannot be opened (damaged or cut short)")
        }
        var problems: [String] = []
        var complete = true
        func part(_ path: String) -> [UInt8]? {
            guard let entry = archive[path] else { return nil }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                return nil
            }
            let raw = [UInt8](data), readable = Self.readable(raw)
            // Each control character escaped takes six bytes more.
            if readable.count > raw.count {
                problems.append("\(path) holds \((readable.count - raw.count) / 6) control character(s) XML cannot hold, written raw: read as the characters they are")
            }
            return readable
        }
        guard let workbook = part("xl/workbook.xml") else { throw Unreadable(reason: "the workbook has no xl/workbook.xml") }
        let relationships = part("xl/_rels/workbook.xml.rels").map(Self.relationships) ?? [:]
        let strings = part("xl/sharedStrings.xml").map { bytes in
            Self.sharedStrings(bytes) { read in
                complete = false
                problems.append("its shared strings stop being well-formed XML after the first \(read): the rest were not read, and cells that use them are empty")
            }
        } ?? []
        let dateStyles = part("xl/styles.xml").map(Self.dateStyles) ?? []
        var sheets: [Sheet] = []
        for (index, sheet) in Self.sheetList(workbook).enumerated() {
            let target = relationships[sheet.relationship] ?? "worksheets/sheet\(index + 1).xml"
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let bytes = part(path) else { continue }
            let rows = Self.rows(bytes, strings: strings, dateStyles: dateStyles, broken: { row in
                complete = false
                problems.append("sheet \(index + 1) “\(sheet.name)” stops being well-formed XML in its row \(row): the rest of that row and the rows after it were not read")
            }, beyond: { cells in
                complete = false
                problems.append("sheet \(index + 1) “\(sheet.name)” places \(cells) cell(s) past its last column or row (XFD1048576, the last a spreadsheet has): they were not read")
            })
            sheets.append(Sheet(name: sheet.name, rows: rows))
        }
        self.sheets = sheets
        self.problems = problems
        self.complete = complete
    }

    /// A part's bytes as XML can read them: a control character XML does not allow (a NUL, an escape),
    /// written raw by a program that did not escape it, is written as a spreadsheet escapes it
    /// (`_x0000_`: `unescaped` makes it the character again) rather than ending the part there. A part
    /// in UTF-16 (its bytes hold NULs of its own) is left as it is.
    static func readable(_ part: [UInt8]) -> [UInt8] {
        func forbidden(_ byte: UInt8) -> Bool { byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D }
        guard part.contains(where: forbidden) else { return part }
        if part.starts(with: [0xFF, 0xFE]) || part.starts(with: [0xFE, 0xFF]) || part.prefix(2).contains(0) { return part }
        var out: [UInt8] = []
        out.reserveCapacity(part.count + 64)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in part {
            if forbidden(byte) {
                out += Array("_x00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)], UInt8(ascii: "_")]
            } else {
                out.append(byte)
            }
        }
        return out
    }

    /// A text as a spreadsheet stores it (ECMA-376's `ST_Xstring`) as the text it stands for: `_xHHHH_`
    /// is the UTF-16 unit HHHH (Excel writes a carriage return `_x000D_`, a control character so, and a
    /// text that itself reads `_x…_` with its underscore as `_x005F_`). Anything else is as written.
    static func unescaped(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let units = Array(text.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var i = 0
        while i < units.count {
            if units[i] == 0x5F, i + 6 < units.count, units[i + 1] == 0x78, units[i + 6] == 0x5F,
               units[(i + 2)..<(i + 6)].allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }),
               let value = UInt16(String(decoding: units[(i + 2)..<(i + 6)], as: UTF16.self), radix: 16) {
                out.append(value)
                i += 7
            } else {
                out.append(units[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF16.self)
    }

    /// A sheet's rows as CSV text: a cell holding a comma, a quote or a line end quoted, its quotes
    /// doubled. Written as bytes and asked of bytes: asked of characters, a cell's line end written
    /// `\r\n` (one character, neither `\r` nor `\n`) was not quoted, and its row was cut in two.
    static func csv(_ rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            for (place, cell) in row.enumerated() {
                if place > 0 { out.append(0x2C) }
                let bytes = cell.utf8
                guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                    out.append(contentsOf: bytes)
                    continue
                }
                out.append(0x22)
                for byte in bytes {
                    out.append(byte)
                    if byte == 0x22 { out.append(0x22) }
                }
                out.append(0x22)
            }
            out.append(0x0A)
        }
        return out
    }

    // MARK: Parts

    /// Walks an XML part: `element(name, attributes)` on each start, `text(content)` on text, `end(name)`.
    static func walk(_ bytes: [UInt8], element: (String, [String: String]) -> Void, text: (String) -> Void, end: (String) -> Void) {
        XMLStream.walk(bytes, huge: true, whitespace: true) { node in
            switch node {
            case .start(let name, let attributes, _): element(name, attributes)
            case .text(let content): text(content)
            case .end(let name): end(name)
            }
        }
    }

    static func sheetList(_ bytes: [UInt8]) -> [(name: String, relationship: String)] {
        var sheets: [(String, String)] = []
        walk(bytes, element: { name, attributes in
            if name == "sheet" { sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", attributes["id"] ?? "")) }
        }, text: { _ in }, end: { _ in })
        return sheets
    }

    static func relationships(_ bytes: [UInt8]) -> [String: String] {
        var targets: [String: String] = [:]
        walk(bytes, element: { name, attributes in
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
        }, text: { _ in }, end: { _ in })
        return targets
    }

    /// The shared strings, each the text of its runs joined (a phonetic reading, `rPh`, left out).
    /// `broken(n)` where the part stops being well-formed XML after its first n strings.
    static func sharedStrings(_ bytes: [UInt8], broken: (Int) -> Void = { _ in }) -> [String] {
        let reader = SharedStrings()
        if !XMLEvents.parse(bytes, huge: true, into: reader) { broken(reader.strings.count) }
        return reader.strings
    }

    /// `sharedStrings`, event by event (libxml2's SAX: a workbook's strings part runs to megabytes).
    /// Its state is touched by the parse's calls alone, one at a time: unchecked for overlapping access
    /// (`@exclusivity(unchecked)`, as `SheetRows`'s).
    private final class SharedStrings: XMLEventSink {
        @exclusivity(unchecked) var strings: [String] = []
        @exclusivity(unchecked) var current: [UInt8]?
        @exclusivity(unchecked) var inText = false
        @exclusivity(unchecked) var inPhonetic = false

        func start(_ name: XMLEvents.Name, _ attributes: XMLEvents.Attributes) {
            if name.is("si") { current = [] } else if name.is("t") { inText = true } else if name.is("rPh") { inPhonetic = true }
        }

        func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            if inText, !inPhonetic { current?.append(contentsOf: bytes) }
        }

        func end(_ name: XMLEvents.Name) {
            if name.is("si") {
                strings.append(current.map { Workbook.unescaped(String(decoding: $0, as: UTF8.self)) } ?? "")
                current = nil
            } else if name.is("t") {
                inText = false
            } else if name.is("rPh") {
                inPhonetic = false
            }
        }
    }

    /// For each cell style (`cellXfs` index), whether its number format shows a date.
    static func dateStyles(_ bytes: [UInt8]) -> [Bool] {
        var custom: [Int: String] = [:]
        var styles: [Bool] = []
        var inCellXfs = false
        walk(bytes, element: { name, attributes in
            if name == "numFmt", let id = attributes["numFmtId"].flatMap(Int.init) { custom[id] = attributes["formatCode"] ?? "" }
            if name == "cellXfs" { inCellXfs = true }
            if name == "xf", inCellXfs {
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                styles.append(isDateFormat(id: id, code: custom[id]))
            }
        }, text: { _ in }, end: { name in
            if name == "cellXfs" { inCellXfs = false }
        })
        return styles
    }

    /// Built-in date formats (14–22, 45–47) and custom ones holding day, month or year letters outside
    /// quoted text and brackets.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (45...47).contains(id) { return true }
        guard let code else { return false }
        var inQuote = false, inBracket = false
        for c in code.lowercased() {
            if c == "\"" { inQuote.toggle(); continue }
            if c == "[" { inBracket = true; continue }
            if c == "]" { inBracket = false; continue }
            if !inQuote, !inBracket, "dmyhs".contains(c) { return true }
        }
        return false
    }

    /// A sheet's rows, each cell where its reference puts it.
    /// `broken(n)` where the part stops being well-formed XML in its row numbered n; `beyond(n)` where n
    /// cells lie past the last column or row a sheet can have (they are left out).
    static func rows(_ bytes: [UInt8], strings: [String], dateStyles: [Bool], broken: (Int) -> Void = { _ in },
                     beyond: (Int) -> Void = { _ in }) -> [[String]] {
        let reader = SheetRows(strings: strings, dateStyles: dateStyles)
        if !XMLEvents.parse(bytes, huge: true, into: reader) { broken(reader.rowNumber) }
        if reader.leftOut > 0 { beyond(reader.leftOut) }
        return reader.rows
    }

    /// `rows`, event by event (libxml2's SAX: a sheet runs to tens of thousands of cells, and the
    /// streaming reader made a text of each name and a dictionary of each cell's attributes).
    private final class SheetRows: XMLEventSink {
        let strings: [String]
        let dateStyles: [Bool]
        /// Each row's cells by column (nil where the sheet has none), its last always one; the rows in
        /// the order first written to, found by number where a row comes again (a cell is set in the row
        /// the sheet last named, without a lookup by number for every cell).
        // Touched by the parse's calls alone, one at a time: unchecked for overlapping access
        // (`@exclusivity(unchecked)`), where checking every touch at run time was a fifth of a cell's cost.
        @exclusivity(unchecked) var cellRows: [[String?]] = []
        @exclusivity(unchecked) var place: [Int: Int] = [:]
        @exclusivity(unchecked) var last: (number: Int, place: Int?) = (Int.min, nil)
        @exclusivity(unchecked) var rowNumber = 0
        @exclusivity(unchecked) var cell: (column: Int, type: String, style: Int)?
        @exclusivity(unchecked) var value: [UInt8] = []
        @exclusivity(unchecked) var collecting = false
        /// Cells placed past the last column or row a sheet can have.
        @exclusivity(unchecked) var leftOut = 0

        init(strings: [String], dateStyles: [Bool]) {
            self.strings = strings
            self.dateStyles = dateStyles
        }

        func row(_ number: Int) -> Int? {
            if last.number != number { last = (number, place[number]) }
            return last.place
        }

        func start(_ name: XMLEvents.Name, _ attributes: XMLEvents.Attributes) {
            // A row's and a cell's numbers and a cell's reference read from their bytes (no text made of
            // them: a sheet has a cell for every value of every row).
            if name.is("row") {
                // Past the last row, no further (the next row's number is one more than this one's).
                rowNumber = min(attributes.bytes("r").flatMap(Workbook.integer) ?? rowNumber + 1, Workbook.rowsAtMost + 1)
            } else if name.is("c") {
                let column = attributes.bytes("r").map(Workbook.columnIndex) ?? (row(rowNumber).map { cellRows[$0].count } ?? 0)
                cell = (column, attributes.value("t") ?? "n", attributes.bytes("s").flatMap(Workbook.integer) ?? 0)
                value.removeAll(keepingCapacity: true)
            } else if name.is("v") || name.is("t") {
                collecting = cell != nil
            }
        }

        func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            if collecting { value.append(contentsOf: bytes) }
        }

        func end(_ name: XMLEvents.Name) {
            if name.is("v") || name.is("t") {
                collecting = false
            } else if name.is("c") {
                if let c = cell, c.column >= Workbook.columns || rowNumber > Workbook.rowsAtMost {
                    leftOut += 1
                } else if let c = cell {
                    // A shared string (most cells of an export) found by its number as the bytes give it.
                    let shown = c.type == "s"
                        ? value.withUnsafeBufferPointer(Workbook.integer).flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
                        : Workbook.display(String(decoding: value, as: UTF8.self), type: c.type,
                                           isDate: c.style < dateStyles.count && dateStyles[c.style], strings: strings)
                    let at: Int
                    if let known = row(rowNumber) {
                        at = known
                    } else {
                        at = cellRows.count
                        cellRows.append([])
                        place[rowNumber] = at
                        last = (rowNumber, at)
                    }
                    if c.column >= cellRows[at].count {
                        cellRows[at].append(contentsOf: repeatElement(nil, count: c.column - cellRows[at].count + 1))
                    }
                    cellRows[at][c.column] = shown
                }
                cell = nil
            }
        }

        var rows: [[String]] {
            guard let lastNumber = place.keys.max() else { return [] }
            return (1...max(1, lastNumber)).map { number in
                guard let at = place[number] else { return [] }
                return cellRows[at].map { $0 ?? "" }
            }
        }
    }

    /// `columnIndex` of a reference's bytes as an attribute holds them: read byte by byte where they are
    /// ASCII (as every program writes a reference), as a text otherwise.
    static func columnIndex(_ reference: UnsafeBufferPointer<UInt8>) -> Int {
        guard reference.isASCII else { return columnIndex(String(decoding: reference, as: UTF8.self)) }
        var index = 0
        for byte in reference {
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            guard upper >= 0x41 && upper <= 0x5A else { break }
            index = min(index * 26 + Int(upper - 64), Self.columns + 1)
        }
        return max(0, index - 1)
    }

    /// `Int(text)` of the text of `bytes`, read from the bytes where they are up to eighteen digits (a
    /// row's number, a style's, a shared string's: no sign, no blanks, never past what an `Int` holds).
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if bytes.count <= 18, let value = bytes.digits(at: 0, width: bytes.count) { return value }
        return Int(String(decoding: bytes, as: UTF8.self))
    }

    /// `B7` → 1; `AA3` → 26. A reference past the last column (`XFD`) is `columns` (no further: a
    /// reference of letters enough would have counted past what an `Int` holds).
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for c in reference.uppercased().unicodeScalars {
            guard ("A"..."Z").contains(c) else { break }
            index = min(index * 26 + Int(c.value - 64), columns + 1)
        }
        return max(0, index - 1)
    }

    /// The columns and rows a sheet can have (`XFD1048576` is its last cell): a cell a sheet places
    /// past them is left out, and said, rather than a row made as long, or a sheet as tall, as it says.
    static let columns = 16_384, rowsAtMost = 1_048_576

    /// A cell as a person sees it: a shared string's text (an inline one's, its escapes undone), a
    /// boolean as TRUE/FALSE, a dated number as `YYYY-MM-DD` (with `HH:MM:SS` where it has a time of
    /// day), a number as written.
    static func display(_ value: String, type: String, isDate: Bool, strings: [String]) -> String {
        switch type {
        case "s": return Int(value).flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "str", "inlineStr": return unescaped(value)
        case "e", "d": return value
        default:
            guard isDate, let serial = Double(value), serial >= 0, serial < 2_958_466 else { return value }
            if serial < 1 {   // a time of day alone
                let seconds = Int((serial * 86_400).rounded())
                return String(format: "%02d:%02d:%02d", seconds / 3600 % 24, seconds % 3600 / 60, seconds % 60)
            }
            // Excel's day 1 is 1900-01-01, counting the 1900 leap day that never was.
            let days = Int(serial.rounded(.down))
            let date = LocalDate(year: 1899, month: 12, day: 30)!.adding(days: days)
            let seconds = Int(((serial - Double(days)) * 86_400).rounded())
            guard seconds > 0, seconds < 86_400 else { return date.description }
            return date.description + String(format: " %02d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60)
        }
    }
}

/// A workbook a person saved (a call list opened and saved in a spreadsheet program), as CSV bytes for
/// the readers of CSV.
public enum SavedWorkbook {
    /// The first sheet whose rows hold `word` in a cell (case and spaces aside), else the first sheet,
    /// as CSV; a workbook that cannot be opened, or whose sheets or strings stop partway (what a person
    /// typed after the break would be lost without a word), throws with the reason.
    public static func csv(_ bytes: [UInt8], preferring word: String) throws -> [UInt8] {
        let workbook: Workbook
        do { workbook = try Workbook(bytes: bytes) } catch let error as Workbook.Unreadable {
            throw UnreadableWorkbook(reason: error.reason)
        }
        guard workbook.complete else { throw UnreadableWorkbook(reason: workbook.problems.joined(separator: "; ")) }
        let folded = { (text: String) in text.lettersAndDigitsLowercased }
        let target = folded(word)
        let sheet = workbook.sheets.first { $0.rows.prefix(15).contains { $0.contains { folded($0) == target } } } ?? workbook.sheets.first
        guard let sheet else { throw UnreadableWorkbook(reason: "the workbook has no sheet") }
        return Workbook.csv(sheet.rows)
    }

    public struct UnreadableWorkbook: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }
}

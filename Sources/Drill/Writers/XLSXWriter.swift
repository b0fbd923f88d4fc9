import Foundation
public import LacunaCore
import ZIPFoundation

/// Writes a minimal `.xlsx` workbook, as a spreadsheet program saves one: text as shared strings,
/// numbers as numbers, dates and date-times as day serials under a date format, one sheet a table.
/// The drill uses it to hand some practices' exports over as workbooks.
public enum XLSXWriter {
    /// When the drill's workbooks say they were written: 7 April 2025, after the lost days.
    static let exported = Date(timeIntervalSince1970: 1_744_000_000)

    /// A cell as a spreadsheet holds it.
    public enum Cell: Sendable {
        case text(String)
        case number(Double)
        case date(LocalDate, LocalTime?)
        case empty
    }

    /// The workbook's bytes: `sheets` as (name, rows). `escapingControls: false` writes control
    /// characters raw, as a careless exporter does (XML cannot hold them: for tests of what such a file gives).
    public static func workbook(_ sheets: [(name: String, rows: [[Cell]])], escapingControls: Bool = true) throws -> [UInt8] {
        var strings: [String] = []
        var index: [String: Int] = [:]
        func shared(_ text: String) -> Int {
            if let i = index[text] { return i }
            strings.append(text)
            index[text] = strings.count - 1
            return strings.count - 1
        }
        var sheetXML: [String] = []
        for sheet in sheets {
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            for (r, row) in sheet.rows.enumerated() {
                xml += "<row r=\"\(r + 1)\">"
                for (c, cell) in row.enumerated() {
                    let ref = column(c) + String(r + 1)
                    switch cell {
                    case .text(let t): xml += "<c r=\"\(ref)\" t=\"s\"><v>\(shared(t))</v></c>"
                    case .number(let n): xml += "<c r=\"\(ref)\"><v>\(n)</v></c>"
                    case .date(let d, let t):
                        let serial = Double(d.dayNumber - LocalDate(year: 1899, month: 12, day: 30)!.dayNumber)
                            + Double(t?.secondsSinceMidnight ?? 0) / 86_400
                        xml += "<c r=\"\(ref)\" s=\"\(t == nil ? 1 : 2)\"><v>\(serial)</v></c>"
                    case .empty: continue
                    }
                }
                xml += "</row>"
            }
            sheetXML.append(xml + "</sheetData></worksheet>")
        }
        let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
            + strings.map { "<si><t xml:space=\"preserve\">\(escape(escapingControls ? xstring($0) : $0))</t></si>" }.joined() + "</sst>"
        let styles = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>
            """
        let workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
            + sheets.enumerated().map { "<sheet name=\"\(escape($0.element.name))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>" }.joined()
            + "</sheets></workbook>"
        let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
            + "</Relationships>"
        let types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>"
        let archive = try Archive(accessMode: .create)
        var parts: [(String, String)] = [("[Content_Types].xml", types), ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels),
                                         ("xl/sharedStrings.xml", sst), ("xl/styles.xml", styles)]
        for (i, xml) in sheetXML.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", xml)) }
        for (path, text) in parts {
            let data = Data(text.utf8)
            // A fixed time in every entry, so the same seed gives the same bytes (not the moment it was written).
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.exported,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A cell's text as a spreadsheet program stores it (ECMA-376's `ST_Xstring`): a control character XML
    /// cannot hold (a NUL, a carriage return) as `_xHHHH_`, and the underscore of a text that itself reads
    /// `_xHHHH_` as `_x005F_`, as Excel writes them.
    static func xstring(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "_" }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = ""
        for (i, scalar) in scalars.enumerated() {
            let rest = scalars[(i + 1)...].prefix(6).map(Character.init)
            let isHex = { (c: Character) in c.isHexDigit && c.isASCII }
            if scalar == "_", rest.count == 6, rest[0] == "x", rest[1...4].allSatisfy(isHex), rest[5] == "_" {
                out += "_x005F_"
            } else if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" {
                out += "_x" + String(format: "%04X", scalar.value) + "_"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

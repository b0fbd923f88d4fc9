public import Foundation
import LacunaCore

/// Writes CSV as the contract asks: UTF-8 with a BOM (so spreadsheet programs show macrons), a header
/// row, RFC 4180 quoting and CRLF line ends; every cell made safe to open in a spreadsheet
/// (`spreadsheetSafe`).
public struct CSVWriter {
    /// The file's bytes so far (a text appended to cost more per cell, each append looking at where the
    /// two texts meet, than the cell's bytes).
    private var bytes: [UInt8] = []
    /// Cells as written, no BOM: for a file another system reads (an SMS provider's upload), whose
    /// cells are only values Lacuna rendered (phone numbers), never what a source said.
    private let forMachine: Bool

    public init(header: [String], forMachine: Bool = false) {
        self.forMachine = forMachine
        if !forMachine { bytes += "\u{FEFF}".utf8 }
        append(header)
    }

    public mutating func append(_ row: [String]) {
        // Cell by cell into the file's text (a row's cells made and joined first cost more than writing them).
        for (column, field) in row.enumerated() {
            if column > 0 { bytes.append(UInt8(ascii: ",")) }
            var cell = forMachine ? Self.quote(field) : Self.cell(field)
            cell.withUTF8 { bytes.append(contentsOf: $0) }
        }
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    /// One cell as written: made spreadsheet-safe, then quoted where RFC 4180 asks.
    public static func cell(_ field: String) -> String { quote(spreadsheetSafe(field)) }

    /// A cell a spreadsheet opens as the text it is (OWASP's rule for CSV injection): one that begins
    /// with `=`, `+`, `-`, `@`, a tab, a carriage return or NUL gets a leading `'`, so a name such as
    /// `=HYPERLINK(…)` is never a formula and `+6421…` is never the number 6.42E+11; so does a run of
    /// digits a spreadsheet would change (a leading zero, as in `0211234567` or a chart number
    /// `00123`, or twelve digits or more, shown in scientific notation). A plain negative number
    /// (`-3.25`) is left as it is. `plain` takes the mark off again.
    public static func spreadsheetSafe(_ cell: String) -> String {
        // Most cells begin with a letter, a space or a letter beyond ASCII: nothing to look at further.
        if let byte = cell.utf8.first {
            switch byte {
            case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x09, 0x0D, 0x00: break
            default: return cell
            }
        }
        guard let first = cell.unicodeScalars.first else { return cell }
        switch first {
        case "=", "+", "@", "\t", "\r", "\0":
            return "'" + cell
        case "-":
            return isPlainNumber(cell.unicodeScalars.dropFirst()) ? cell : "'" + cell
        case "0"..."9":
            let scalars = cell.unicodeScalars
            guard scalars.allSatisfy({ ("0"..."9").contains($0) }) else { return cell }
            return (first == "0" && scalars.count > 1) || scalars.count >= 12 ? "'" + cell : cell
        default:
            return cell
        }
    }

    /// A cell as it was before `spreadsheetSafe` (for files people edit and Lacuna reads back).
    public static func plain(_ cell: String) -> String {
        guard cell.hasPrefix("'") else { return cell }
        let rest = String(cell.dropFirst())
        return spreadsheetSafe(rest) == cell ? rest : cell
    }

    private static func isPlainNumber(_ scalars: Substring.UnicodeScalarView) -> Bool {
        var digits = 0, dots = 0
        for s in scalars {
            if ("0"..."9").contains(s) { digits += 1 } else if s == "." { dots += 1 } else { return false }
        }
        return digits > 0 && dots <= 1 && scalars.first != "." && scalars.last != "."
    }

    /// The file's contents.
    public var data: Data { Data(bytes) }

    /// A field quoted as RFC 4180 asks, where it must be.
    public static func quote(_ field: String) -> String {
        // Byte by byte: this runs for every cell of every output, millions of times for a merge.
        let (needs, quotes) = field.withUTF8Bytes { bytes -> (Bool, Bool) in
            var needs = false, quotes = false
            for byte in bytes {
                switch byte {
                case UInt8(ascii: ","), UInt8(ascii: "\n"), UInt8(ascii: "\r"): needs = true
                case UInt8(ascii: "\""): needs = true; quotes = true
                default: continue
                }
            }
            if !needs, let first = bytes.first, let last = bytes.last, first == 0x20 || last == 0x20 { needs = true }
            return (needs, quotes)
        }
        guard needs else { return field }
        // Made in one piece, in room for all of it: the field between quotes, each quote in it twice (a
        // quote is one byte of UTF-8 and never part of another character's). Joined piece by piece, a
        // message or a name with a comma grew twice, in every row.
        return field.withUTF8Bytes { bytes in
            let doubled = quotes ? bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) } : 0
            return String(unsafeUninitializedCapacity: bytes.count + doubled + 2) { out in
                var at = 0
                out[at] = UInt8(ascii: "\""); at += 1
                if quotes {
                    for byte in bytes {
                        out[at] = byte; at += 1
                        if byte == UInt8(ascii: "\"") { out[at] = byte; at += 1 }
                    }
                } else if let base = bytes.baseAddress, !bytes.isEmpty {
                    (out.baseAddress! + at).initialize(from: base, count: bytes.count)
                    at += bytes.count
                }
                out[at] = UInt8(ascii: "\""); at += 1
                return at
            }
        }
    }
}

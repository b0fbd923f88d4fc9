import Foundation
import LacunaCore

/// A table a drill writer has to hand over, before any system's habits are applied: its columns by
/// meaning (each with the header wordings real systems use, the first the classic one) and its rows
/// as typed values. `TableStyle` decides how this practice's system writes it.
struct DrillTable {
    struct Column {
        let meaning: String
        /// Header wordings real exports use; the first is the drill's classic one.
        let headers: [String]
        /// A column some systems leave out (or a user hides).
        var optional = false
    }

    /// A cell before it is written: its kind decides how a style formats it.
    enum Value {
        case text(String)
        case date(LocalDate)
        case time(LocalTime)
        case dateTime(LocalDate, LocalTime)
        case money(Int)
        case empty
    }

    var columns: [Column] = []
    var rows: [[Value]] = []

    mutating func column(_ meaning: String, _ headers: [String], optional: Bool = false) {
        columns.append(Column(meaning: meaning, headers: headers, optional: optional))
    }
}

/// How one system writes its tables: which wording of each header, in which order, which optional
/// columns it leaves out, its dates, times and money, separator, line ends, character set, and
/// whether it hands over a workbook instead of a CSV. `classic` is the drill's first layout.
struct TableStyle: CustomStringConvertible, Equatable {
    enum Encoding: String { case utf8 = "UTF-8", utf8BOM = "UTF-8 with BOM", windows1252 = "Windows-1252", utf16LE = "UTF-16LE with BOM" }
    enum DateStyle: String {
        case dmy = "DD/MM/YYYY", dmyShort = "D/MM/YYYY", iso = "YYYY-MM-DD", dayMonthName = "D Mon YYYY", monthNameFirst = "Mon D, YYYY",
             dashedMonth = "DD-MON-YYYY"
    }
    enum TimeStyle: String { case h24 = "24-hour", h24Seconds = "24-hour with seconds", h12 = "12-hour" }
    enum MoneyStyle: String { case plain = "1234.50", dollar = "$1,234.50" }

    /// Picks a wording per column: 0 takes each column's first (classic) header.
    var wording: UInt64 = 0
    /// Shuffles the columns where non-zero.
    var order: UInt64 = 0
    var dropOptional = false
    var delimiter = ","
    var lineEnd = "\r\n"
    var encoding = Encoding.utf8
    var dates = DateStyle.dmy
    var times = TimeStyle.h24
    var money = MoneyStyle.plain
    var workbook = false

    static let classic = TableStyle()

    /// A system's habits, drawn.
    static func drawn(_ r: inout DrillRandom, encodings: [Encoding] = [.utf8, .utf8BOM, .windows1252],
                      dates: [DateStyle] = [.dmy, .dmyShort, .iso, .dayMonthName, .dashedMonth]) -> TableStyle {
        var style = TableStyle()
        style.wording = r.next() | 1
        style.order = r.chance(0.5) ? r.next() | 1 : 0
        style.dropOptional = r.chance(0.4)
        style.delimiter = r.pick([(",", 6.0), (";", 1.5), ("\t", 1.5), ("|", 0.5)])
        style.lineEnd = r.chance(0.5) ? "\r\n" : "\n"
        style.encoding = r.pick(encodings)
        style.dates = r.pick(dates)
        style.times = r.pick([TimeStyle.h24, .h24Seconds, .h12])
        style.money = r.chance(0.3) ? .dollar : .plain
        return style
    }

    var description: String {
        if workbook { return "an .xlsx workbook; headers \(wording == 0 ? "classic" : "reworded")\(order == 0 ? "" : ", columns reordered")" }
        let separator = delimiter == "\t" ? "tab" : delimiter == "," ? "comma" : "“\(delimiter)”"
        return "\(encoding.rawValue), \(separator)-separated, dates \(dates.rawValue), times \(times.rawValue), money \(money.rawValue)"
            + (wording == 0 ? "" : ", headers reworded") + (order == 0 ? "" : ", columns reordered") + (dropOptional ? ", optional columns left out" : "")
    }

    /// The file's extension.
    var fileExtension: String { workbook ? "xlsx" : delimiter == "\t" ? "txt" : "csv" }

    /// The columns this system writes, in its order, each with its header.
    func layout(_ table: DrillTable) -> [(index: Int, header: String)] {
        var r = DrillRandom(seed: wording)
        var chosen: [(Int, String)] = []
        for (index, column) in table.columns.enumerated() {
            let header = wording == 0 ? column.headers[0] : r.pick(column.headers)
            if dropOptional && column.optional { continue }
            chosen.append((index, header))
        }
        if order != 0 {
            var shuffler = DrillRandom(seed: order)
            shuffler.shuffle(&chosen)
        }
        return chosen
    }

    /// The table's bytes as this system writes them.
    func bytes(_ table: DrillTable) throws -> [UInt8] {
        let columns = layout(table)
        if workbook {
            var rows: [[XLSXWriter.Cell]] = [columns.map { .text($0.header) }]
            for row in table.rows { rows.append(columns.map { cell(row[$0.index]) }) }
            return try XLSXWriter.workbook([(name: "Export", rows: rows)])
        }
        var text = line(columns.map(\.header))
        for row in table.rows { text += line(columns.map { format(row[$0.index]) }) }
        switch encoding {
        case .utf8: return Array(text.utf8)
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .windows1252: return Formats.windows1252(text)
        case .utf16LE: return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
    }

    func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { String($0) == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: delimiter) + lineEnd
    }

    func format(_ value: DrillTable.Value) -> String {
        switch value {
        case .text(let text): return text
        case .date(let date): return format(date)
        case .time(let time): return format(time)
        case .dateTime(let date, let time): return format(date) + " " + format(time)
        case .money(let cents): return money == .dollar ? Self.dollars(cents) : Money.format(cents)
        case .empty: return ""
        }
    }

    func format(_ d: LocalDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        switch dates {
        case .dmy: return Formats.dmy(d)
        case .dmyShort: return Formats.dmy(d, pad: false)
        case .iso: return d.description
        case .dayMonthName: return "\(d.day) \(months[d.month - 1]) \(d.year)"
        case .monthNameFirst: return "\(months[d.month - 1]) \(d.day), \(d.year)"
        case .dashedMonth: return String(format: "%02d-", d.day) + months[d.month - 1].uppercased() + "-\(d.year)"
        }
    }

    func format(_ t: LocalTime) -> String {
        switch times {
        case .h24: return Formats.hhmm(t)
        case .h24Seconds: return Formats.hhmmss(t)
        case .h12: return Formats.twelveHour(t)
        }
    }

    /// `$1,234.50`, `-$12.00`.
    static func dollars(_ cents: Int) -> String {
        let plain = Money.format(abs(cents))
        let parts = plain.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return (cents < 0 ? "-$" : "$") + whole + grouped + "." + parts[1]
    }

    func cell(_ value: DrillTable.Value) -> XLSXWriter.Cell {
        switch value {
        case .text(let text): return text.isEmpty ? .empty : .text(text)
        case .date(let date): return .date(date, nil)
        case .time(let time): return .text(format(time))
        case .dateTime(let date, let time): return .date(date, time)
        case .money(let cents): return .number(Double(cents) / 100)
        case .empty: return .empty
        }
    }
}

import Foundation
import LacunaCore

/// One row of a bank or terminal export, read through its layout: the date and time it speaks of,
/// the amount in cents (money in positive), and its other cells by role.
struct PaymentRow {
    let record: CSVRecord
    let time: TraceTime
    let cents: Int
    /// Role → trimmed text (`payer`, `particulars`, `card` …).
    let values: [String: String]
    /// The record as header → value, for provenance.
    let payload: [String: String]
}

/// A bank or terminal export opened through its layout: the layout detected (or forced), where the
/// header is, and the file's one day/month order.
struct PaymentFile {
    let file: String
    let layout: PaymentLayout
    let records: [CSVRecord]
    /// Index of the first data record.
    let firstData: Int
    let headerCells: [String]
    /// Role → column index.
    let columns: [String: Int]
    let dateOrder: DateOrder
    /// The account the statement is for, where the file says (ASB's preamble, Kiwibank's first line).
    let account: String?
    let decoded: DecodedText
    let broken: [(locator: Locator, reason: String)]

    /// Why a file could not be opened as any layout: a message naming the file and showing the shape
    /// of its first lines (digits and letters masked, so no patient data is shown).
    struct Unrecognised: Error {
        let message: String
    }

    static func open(file: String, bytes: [UInt8], kind: SourceKind, settings: ImportSettings) -> Result<PaymentFile, Unrecognised> {
        let builtIn = kind == .bank ? BankLayouts.all : TerminalLayouts.all
        // Rules files first: a practice's own rules win over a built-in layout with the same header.
        let layouts = settings.rules.filter { $0.kind == kind } + builtIn
        var forced: PaymentLayout?
        if let wanted = settings.layout {
            guard let layout = layouts.first(where: { $0.isNamed(wanted) }) else {
                let known = layouts.map(\.aliases).compactMap(\.first).joined(separator: ", ")
                return .failure(Unrecognised(message: "\(file): `layout: \(wanted)` names no \(kind.rawValue) layout this build knows (\(known)); or describe it in a rules file"))
            }
            forced = layout
        }
        let raw = TextDecoding.decode(bytes)
        var cache: [TextEncoding: (DecodedText, CSVDocument)] = [:]
        func document(for layout: PaymentLayout) -> (DecodedText, CSVDocument) {
            let encoding = layout.encoding ?? raw.encoding
            if let known = cache[encoding] { return known }
            let decoded = layout.encoding.map { TextDecoding.decode(bytes, as: $0) } ?? raw
            let pair = (decoded, CSVReader.read(decoded: decoded))
            cache[encoding] = pair
            return pair
        }

        // Header layouts first, the most specific signature winning (a rules file's over a built-in's
        // of the same size); then the header-less shapes, which only a file with no header can fit.
        let candidates = forced.map { [$0] } ?? (
            layouts.enumerated().filter { $0.element.headerless == nil }
                .sorted { ($0.element.signature.count, -$0.offset) > ($1.element.signature.count, -$1.offset) }.map(\.element)
            + layouts.filter { $0.headerless != nil })
        for layout in candidates {
            let (decoded, doc) = document(for: layout)
            let records = Array(doc.records.dropFirst(layout.skipLines))
            if let opened = open(layout: layout, records: records, file: file, settings: settings, decoded: decoded,
                                 broken: doc.broken, forced: forced != nil) {
                return .success(opened)
            }
        }
        return .failure(Unrecognised(message: unrecognisedMessage(file: file, kind: kind, decoded: raw, forced: forced)))
    }

    private static func open(layout: PaymentLayout, records: [CSVRecord], file: String, settings: ImportSettings,
                             decoded: DecodedText, broken: [(locator: Locator, reason: String)], forced: Bool) -> PaymentFile? {
        if let shape = layout.headerless {
            var first = 0
            var account: String?
            if shape.accountLineFirst {
                guard let line = records.first, let cell = present(line.fields.first), line.fields.dropFirst().allSatisfy({ present($0) == nil }),
                      cell.filter(\.isNumber).count >= 10 else { return nil }
                account = cell
                first = 1
            }
            let sample = records[first...].prefix(10)
            let fitting = sample.filter { record in
                shape.fieldCounts.contains(record.fields.count)
                    && DateReading.date(record.fields[columnIndex(layout, "date") ?? 0], order: .dmy) != nil
                    && (try? Money.read(record.fields[columnIndex(layout, "amount") ?? 1], decimalMark: layout.decimalMark).get()) != nil
            }
            guard !sample.isEmpty, forced || fitting.count * 10 >= sample.count * 8 else { return nil }
            var columns: [String: Int] = [:]
            for (role, refs) in layout.columns {
                if case .position(let p)? = refs.first { columns[role] = p }
            }
            return PaymentFile(file: file, layout: layout, records: records, firstData: first, headerCells: [],
                               columns: columns, dateOrder: order(layout, columns, records[first...], settings),
                               account: account, decoded: decoded, broken: broken)
        }
        // A header file: the header is the first early row holding every word of the signature.
        let wanted = Set(layout.signature.map(LayoutWords.normalise))
        for (index, record) in records.prefix(20).enumerated() {
            let cells = record.fields.map(LayoutWords.normalise)
            guard wanted.isSubset(of: Set(cells)) else { continue }
            let columns = resolve(layout, cells: cells)
            guard columns["date"] != nil || columns["datetime"] != nil,
                  columns["amount"] != nil || columns["credit"] != nil || columns["debit"] != nil else { continue }
            return PaymentFile(file: file, layout: layout, records: records, firstData: index + 1, headerCells: record.fields,
                               columns: columns, dateOrder: order(layout, columns, records[(index + 1)...], settings),
                               account: account(inPreamble: records.prefix(index)), decoded: decoded, broken: broken)
        }
        return nil
    }

    private static func columnIndex(_ layout: PaymentLayout, _ role: String) -> Int? {
        if case .position(let p)? = layout.columns[role]?.first { return p }
        return nil
    }

    /// Role → column: the layout's own words first, then the kind's common words. A role the layout
    /// lists as empty is switched off (Barclays' `Number` is not a transaction id).
    private static func resolve(_ layout: PaymentLayout, cells: [String]) -> [String: Int] {
        var columns: [String: Int] = [:]
        var taken: Set<Int> = []
        let common = PaymentLayout.commonColumns(for: layout.kind)
        let roles = Set(layout.columns.keys).union(common.keys).sorted()
        // The layout's own words claim their columns before any common word does.
        for pass in 0..<2 {
            for role in roles where columns[role] == nil {
                if pass == 1, layout.columns[role] != nil { continue }
                let refs: [ColumnRef] = pass == 0 ? (layout.columns[role] ?? []) : (common[role] ?? []).map(ColumnRef.header)
                for ref in refs {
                    switch ref {
                    case .position(let p): columns[role] = p
                    case .header(let name):
                        let word = LayoutWords.normalise(name)
                        if let i = cells.firstIndex(of: word), pass == 0 || !taken.contains(i) { columns[role] = i }
                    }
                    if let i = columns[role] { taken.insert(i); break }
                }
            }
        }
        // One column read as both a date and a date-time: keep the date-time reading.
        if let d = columns["date"], columns["datetime"] == d { columns["date"] = nil }
        return columns
    }

    private static func order(_ layout: PaymentLayout, _ columns: [String: Int], _ data: ArraySlice<CSVRecord>,
                              _ settings: ImportSettings) -> DateOrder {
        if let forced = settings.dateOrder ?? layout.dateOrder { return forced }
        let samples = data.lazy.flatMap { record in
            ["date", "datetime"].compactMap { columns[$0] }.compactMap { $0 < record.fields.count ? present(record.fields[$0]) : nil }
        }
        return DateReading.decideOrder(samples, fallback: settings.countryDateOrder)
    }

    /// ASB's `Bank 12; Branch 3094; Account 0456789-00 (Business Cheque)` → `12-3094-0456789-00`.
    private static func account(inPreamble lines: ArraySlice<CSVRecord>) -> String? {
        for line in lines {
            let text = line.fields.joined(separator: " ")
            guard text.lowercased().contains("account") else { continue }
            let numbers = text.split(whereSeparator: { !$0.isNumber && $0 != "-" }).map(String.init)
                .filter { $0.contains(where: \.isNumber) }
            if numbers.count >= 3, text.lowercased().contains("bank") { return numbers.prefix(3).joined(separator: "-") }
            if let long = numbers.first(where: { $0.filter(\.isNumber).count >= 8 }) { return long }
        }
        return nil
    }

    static func unrecognisedMessage(file: String, kind: SourceKind, decoded: DecodedText, forced: PaymentLayout?) -> String {
        let lines = PhysicalLines(decoded.utf8)
        var shown: [String] = []
        for index in 0..<lines.count where shown.count < 3 && !lines.isBlank(index, in: decoded.utf8) {
            let text = String(decoding: decoded.utf8[lines.range(index)], as: UTF8.self).trimmingCharacters(in: .newlines)
            shown.append("  line \(index + 1): " + shape(of: String(text.prefix(160))))
        }
        let what = forced.map { "is not laid out as `\($0.name)`" } ?? "matches no \(kind.rawValue) layout this build knows"
        return "\(file): \(what). Its first lines (values shown by shape: 9 digit, a letter):\n" + shown.joined(separator: "\n")
            + "\nName the layout with `layout:` in the playbook, or describe the file in a rules file (`rules:`; see README, \"Rules files\")."
    }

    /// A line as a layout hint without its values: a line of words with no digits (a header) is shown
    /// as it is; otherwise digits become 9 and letters a.
    static func shape(of line: String) -> String {
        if !line.contains(where: \.isNumber) && line.count < 400 && line.split(separator: ",").count > 2 { return line }
        return String(line.map { $0.isNumber ? "9" : $0.isLetter ? "a" : $0 })
    }

    // MARK: Rows

    /// Reads one data record; a failure names the column, never the value.
    func row(_ record: CSVRecord, clock: PracticeClock) -> Result<PaymentRow, RecordProblem> {
        var values: [String: String] = [:]
        for (role, column) in columns where column < record.fields.count {
            if let value = present(record.fields[column]) { values[role] = value }
        }
        let expected = headerCells.isEmpty ? layout.headerless?.fieldCounts.lowerBound ?? 0 : headerCells.count
        let short = record.fields.count < expected
        func problem(_ text: String) -> Result<PaymentRow, RecordProblem> {
            .failure(RecordProblem(reason: short ? "\(text); the row has \(record.fields.count) of \(expected) columns (truncated file?)" : text))
        }
        // When: a date-time cell, else a date with perhaps a time.
        let dateName = name(of: columns["datetime"] ?? columns["date"], fallback: "date")
        guard let dateText = values["datetime"] ?? values["date"],
              let parsed = DateReading.dateTime(dateText.replacingOccurrences(of: "T", with: " "), order: dateOrder) else {
            return problem("\(dateName): missing or not a date")
        }
        let time = values["time"].flatMap(DateReading.time) ?? parsed.time
        let traceTime: TraceTime
        if let time, layout.timesAreUTC || dateText.hasSuffix("Z") {
            traceTime = TraceTime(instant: PracticeClock.utc.instant(date: parsed.date, time: time), clock: clock)
        } else if let time, let zone = values["timezone"].flatMap(Self.zone(named:)), zone.timeZone != clock.timeZone {
            traceTime = TraceTime(instant: zone.instant(date: parsed.date, time: time), clock: clock)
        } else if let time {
            traceTime = TraceTime(date: parsed.date, time: time, clock: clock, precision: .second)
        } else {
            traceTime = TraceTime(date: parsed.date)
        }
        // How much: one signed column, or split credit and debit columns.
        var cents: Int
        if let amountText = values["amount"] {
            switch Money.read(amountText, decimalMark: layout.decimalMark) {
            case .success(let value): cents = value
            case .failure(let why): return problem("\(name(of: columns["amount"], fallback: "amount")): \(why)")
            }
        } else if values["credit"] != nil || values["debit"] != nil {
            cents = 0
            for (role, sign) in [("credit", 1), ("debit", -1)] {
                guard let text = values[role] else { continue }
                switch Money.read(text, decimalMark: layout.decimalMark) {
                case .success(let value): cents += sign * abs(value)
                case .failure(let why): return problem("\(name(of: columns[role], fallback: role)): \(why)")
                }
            }
        } else {
            return problem("\(name(of: columns["amount"] ?? columns["credit"], fallback: "amount")): missing")
        }
        if layout.sign == .debitPositive { cents = -cents }
        return .success(PaymentRow(record: record, time: traceTime, cents: cents, values: values,
                                   payload: HeaderMap.payload(of: record, headerCells: headerCells)))
    }

    private func name(of column: Int?, fallback: String) -> String {
        guard let column else { return fallback }
        return column < headerCells.count ? headerCells[column] : "column \(column + 1)"
    }

    /// Square's zone names (`Pacific Time (US & Canada)`, `Auckland`) and IANA names.
    static func zone(named text: String) -> PracticeClock? {
        if let clock = PracticeClock(timeZoneIdentifier: text) { return clock }
        let lower = text.lowercased()
        let known: [(String, String)] = [
            ("auckland", "Pacific/Auckland"), ("wellington", "Pacific/Auckland"), ("new zealand", "Pacific/Auckland"),
            ("chatham", "Pacific/Chatham"), ("sydney", "Australia/Sydney"), ("melbourne", "Australia/Melbourne"),
            ("brisbane", "Australia/Brisbane"), ("perth", "Australia/Perth"), ("london", "Europe/London"),
            ("pacific time", "America/Los_Angeles"), ("eastern time", "America/New_York"), ("utc", "UTC"),
        ]
        return known.first { lower.contains($0.0) }.flatMap { PracticeClock(timeZoneIdentifier: $0.1) }
    }
}

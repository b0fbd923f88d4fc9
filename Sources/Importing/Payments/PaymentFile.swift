import Foundation
import LacunaCore

/// One row of a bank or terminal export, read through its layout: the date and time it speaks of,
/// the amount in cents (money in positive), and its other cells by role.
struct PaymentRow {
    var record: CSVRecord
    let time: TraceTime
    var cents: Int
    /// Role → trimmed text (`payer`, `particulars`, `card` …).
    var values: [String: String]
    /// The record as header → value, for provenance.
    var payload: [String: String]

    /// The row with a continuation line's text added to its description, and its lines extended.
    func continued(by line: CSVRecord, columns: [String: Int]) -> PaymentRow {
        var row = self
        let text = line.fields.compactMap(present).joined(separator: " ")
        let role = columns["description"] != nil ? "description" : columns["payer"] != nil ? "payer" : "description"
        row.values[role] = [values[role], text].compactMap { $0 }.joined(separator: " ")
        row.payload["continued"] = [payload["continued"], text].compactMap { $0 }.joined(separator: " ")
        row.record.locator.endLine = line.locator.endLine ?? line.locator.line
        return row
    }

    /// Rows of an item-level export that share a transaction, as one sale: the items' amounts added,
    /// their lines spanned, how many items said.
    static func sale(of items: [PaymentRow]) -> PaymentRow {
        var sale = items[0]
        for item in items.dropFirst() {
            sale.cents = Money.add(sale.cents, item.cents)
            sale.record.locator.endLine = max(sale.record.locator.endLine ?? sale.record.locator.line ?? 0,
                                             item.record.locator.endLine ?? item.record.locator.line ?? 0)
        }
        sale.payload["_items"] = String(items.count)
        return sale
    }
}

/// A bank or terminal export opened: its columns given roles by what their headers say and what
/// their cells hold (`RoleAssignment`), the closest known layout or a rules file as a hint that adds
/// to the score of the columns it names, never a gate; where the header and data are; the file's one
/// day/month order and sign convention; and how it was read, said in words.
struct PaymentFile {
    let file: String
    /// The layout whose properties the file is read with: the closest known one, a rules file's, or
    /// `inferred` (read from its columns alone).
    let layout: PaymentLayout
    let records: [CSVRecord]
    /// Index of the first data record.
    let firstData: Int
    let headerCells: [String]
    /// Role → column index.
    let columns: [String: Int]
    let dateOrder: DateOrder
    /// Money in is positive; `debitPositive` files are turned round.
    let sign: SignConvention
    /// Times are UTC (a `Created (UTC)` header, a layout that says so).
    let timesAreUTC: Bool
    let decimalMark: Character
    /// Amounts are written in cents or pence (`Amount (pence)`, `amount_in_cents`), whole numbers only.
    let minorUnits: Bool
    /// The account the statement is for, where the file says (ASB's preamble, Kiwibank's first line).
    let account: String?
    let decoded: DecodedText
    /// What was noticed reading the text and its CSV (encoding, quotes read to the end of a line).
    let warnings: [String]
    let broken: [(locator: Locator, reason: String)]
    /// How the file was read, for people: layout or inferred, header, each role's column and evidence.
    let reading: TableReading

    /// The name inferred files are read under.
    static let inferredName = "inferred"

    /// Why a file could not be opened: a message naming the file and showing the shape of its first
    /// lines (digits and letters masked, so no patient data is shown) and what was found in it.
    struct Unrecognised: Error {
        let message: String
    }

    static func open(file: String, bytes: [UInt8], kind: SourceKind, settings: ImportSettings) -> Result<PaymentFile, Unrecognised> {
        let builtIn = kind == .bank ? BankLayouts.all : TerminalLayouts.all
        let rules = settings.rules.filter { $0.kind == kind }
        var forced: PaymentLayout?
        if let wanted = settings.layout {
            guard let layout = (rules + builtIn).first(where: { $0.isNamed(wanted) }) else {
                let known = (rules + builtIn).map(\.aliases).compactMap(\.first).joined(separator: ", ")
                return .failure(Unrecognised(message: "\(file): `layout: \(wanted)` names no \(kind.rawValue) layout this build knows (\(known)); or describe it in a rules file"))
            }
            forced = layout
        }
        let raw = TextDecoding.decode(bytes)
        let rawDocument = CSVReader.read(decoded: raw)
        // The hint: a forced layout, else the rules file or known layout whose header words the file
        // holds most of (a rules file's first), else none.
        let hint = forced.map { LayoutHint(layout: $0, headerIndex: nil, match: 1, strength: 50) }
            ?? LayoutHint.best(in: rawDocument.records, rules: rules, builtIn: builtIn)
        var decoded = raw, document = rawDocument
        if let encoding = hint?.layout.encoding, encoding != raw.encoding {
            decoded = TextDecoding.decode(bytes, as: encoding)
            document = CSVReader.read(decoded: decoded)
        }
        let records = Array(document.records.dropFirst(hint?.layout.skipLines ?? 0))
        let opened = open(records: records, kind: kind, file: file, hint: hint, settings: settings, decoded: decoded,
                          warnings: document.warnings, broken: document.broken)
        switch opened {
        case .success(let file): return .success(file)
        case .failure(let found):
            return .failure(Unrecognised(message: unrecognisedMessage(file: file, kind: kind, decoded: raw, forced: forced, found: found)))
        }
    }

    /// What a file that could not be read was found to hold, for the message.
    struct Found: Error {
        let roles: [String: RoleChoice]
        let headerCells: [String]
    }

    private static func open(records: [CSVRecord], kind: SourceKind, file: String, hint: LayoutHint?, settings: ImportSettings,
                             decoded: DecodedText, warnings: [String], broken: [(locator: Locator, reason: String)]) -> Result<PaymentFile, Found> {
        // Where the header and the data are.
        var headerIndex: Int?
        var firstData: Int
        var account: String?
        if let hint, let shape = hint.layout.headerless {
            firstData = 0
            if shape.accountLineFirst, let line = records.first, let cell = present(line.fields.first) {
                account = cell
                firstData = 1
            }
        } else if let index = hint?.headerIndex {
            headerIndex = index
            firstData = index + 1
        } else {
            let shape = TableShape.locate(records, kind: kind)
            headerIndex = shape.headerIndex
            firstData = shape.firstData
        }
        while firstData < records.count, records[firstData].fields.allSatisfy({ present($0) == nil }) { firstData += 1 }
        let headerCells = headerIndex.map { records[$0].fields } ?? []
        if account == nil { account = Self.account(inPreamble: records.prefix(headerIndex ?? firstData)) }

        // Each column profiled over a sample of the data; roles scored, with the hint's columns.
        let data = records[min(firstData, records.count)...]
        let sample = data.lazy.filter { record in !record.fields.allSatisfy { present($0) == nil } && record.fields != headerCells }
            .prefix(400).map(\.fields)
        let width = max(headerCells.count, sample.map(\.count).max() ?? 0)
        let decimalMark = hint?.layout.decimalMark ?? Self.decimalMark(Array(sample), width: width)
        let profiles = (0..<width).map { column in
            ColumnProfile(index: column, header: headerIndex == nil ? nil : (column < headerCells.count ? headerCells[column] : ""),
                          rows: ArraySlice(sample), decimalMark: decimalMark)
        }
        var assignment = RoleAssignment(kind: kind, profiles: profiles)
        if let hint {
            assignment.hints = hint.columnHints(headerCells: headerCells)
            assignment.excluded = hint.excludedRoles
        }
        let roles = assignment.assign()
        let hasDate = roles["date"] != nil || roles["datetime"] != nil
        let hasAmount = roles["amount"] != nil || roles["credit"] != nil || roles["debit"] != nil
        // A terminal row needs a card or a time besides (a header naming one is enough: a re-saved
        // export may have emptied the time column).
        let named = Set(headerCells.map(LayoutWords.normalise))
        let hasWhen = kind != .eftpos || roles["card"] != nil || roles["time"] != nil || roles["datetime"] != nil
            || (roles["date"].map { profiles[$0.column].withTime > 0 } ?? false) || !named.isDisjoint(with: ["time", "card", "cardnumber"])
        guard hasDate, hasAmount, hasWhen else { return .failure(Found(roles: roles, headerCells: headerCells)) }
        let columns = roles.mapValues(\.column)

        // How dates are ordered: the playbook's, else the file's own (a hint's order only where the
        // values allow it: ASB writes YYYY/MM/DD, but a spreadsheet re-save writes D/MM/YYYY).
        let dateColumn = columns["datetime"] ?? columns["date"]!
        let dateCells = data.lazy.compactMap { $0.fields.count > dateColumn ? present($0.fields[dateColumn]) : nil }.map(CellShape.dateText)
        var order = DateReading.decideOrder(dateCells, fallback: settings.countryDateOrder)
        if let hinted = hint?.layout.dateOrder, profiles[dateColumn].dateOrders[hinted] == profiles[dateColumn].dates { order = hinted }
        if let forcedOrder = settings.dateOrder { order = forcedOrder }

        let sign = Self.sign(hint: hint, roles: roles, profiles: profiles, data: data, decimalMark: decimalMark)
        let timeHeader = [columns["datetime"], columns["time"], columns["date"]].compactMap { $0 }.map { profiles[$0].words }
        let utc = (hint?.layout.timesAreUTC ?? false) || timeHeader.contains { $0.contains("utc") || $0.contains("gmt") }
        let moneyColumns = ["amount", "credit", "debit"].compactMap { columns[$0] }
        let minorUnits = moneyColumns.contains { profiles[$0].words.contains { ["cents", "cent", "pence", "minor"].contains($0) } }
            && moneyColumns.allSatisfy { profiles[$0].decimals == 0 }
        let layout = hint?.layout ?? PaymentLayout(name: inferredName, kind: kind, signature: [])
        let reading = TableReading(layout: hint.map { "\($0.layout.name)\($0.match < 1 ? String(format: " (%.0f%% of its header words)", $0.match * 100) : "")" },
                                   headerLine: headerIndex.map { records[$0].locator.line ?? $0 + 1 }, roles: roles,
                                   headerCells: headerCells, dateOrder: order, sign: sign.convention, signEvidence: sign.evidence,
                                   utc: utc, zoneColumn: columns["timezone"] != nil, minorUnits: minorUnits)
        return .success(PaymentFile(file: file, layout: layout, records: records, firstData: firstData, headerCells: headerCells,
                                    columns: columns, dateOrder: order, sign: sign.convention, timesAreUTC: utc, decimalMark: decimalMark,
                                    minorUnits: minorUnits,
                                    account: account, decoded: decoded, warnings: warnings, broken: broken, reading: reading))
    }

    /// `,` where the amount-like cells are written with a decimal comma (`1.045,50`, `0,25`).
    static func decimalMark(_ rows: [[String]], width: Int) -> Character {
        var comma = 0, point = 0
        for row in rows.prefix(200) {
            for cell in row {
                let t = CellShape.clean(cell)
                guard t.contains(where: \.isNumber), t.count <= 20, t.allSatisfy({ $0.isNumber || ",.-+ $£€()".contains($0) }) else { continue }
                let last = t.last { $0 == "," || $0 == "." }
                let tail = t.reversed().prefix { $0.isNumber }.count
                if last == ",", tail == 2 { comma += 1 } else if last == ".", tail == 2 { point += 1 }
            }
        }
        return comma > point * 2 && comma >= 2 ? "," : "."
    }

    /// Which way the file writes money: a split credit/debit or D/C column says it; else a running
    /// balance that agrees with the amounts one way and not the other; else the hint's; else money in
    /// positive.
    static func sign(hint: LayoutHint?, roles: [String: RoleChoice], profiles: [ColumnProfile], data: ArraySlice<CSVRecord>,
                     decimalMark: Character) -> (convention: SignConvention, evidence: String?) {
        if roles["credit"] != nil || roles["debit"] != nil { return (.creditPositive, "split money-in and money-out columns") }
        if roles["dc"] != nil { return (.creditPositive, "a debit/credit column") }
        guard let amount = roles["amount"]?.column else { return (.creditPositive, nil) }
        if let balance = roles["balance"]?.column {
            var pairs: [(Int, Int)] = []
            for record in data.prefix(400) where record.fields.count > max(amount, balance) {
                guard let a = CellShape.amount(record.fields[amount], decimalMark: decimalMark)?.cents,
                      let b = CellShape.amount(record.fields[balance], decimalMark: decimalMark)?.cents else { continue }
                pairs.append((a, b))
            }
            var agree: [SignConvention: Int] = [:]
            for (previous, next) in zip(pairs, pairs.dropFirst()) {
                // Oldest first: the next balance is the previous plus the next amount; newest first:
                // the previous balance is the next plus the previous amount.
                for (convention, s) in [(SignConvention.creditPositive, 1), (.debitPositive, -1)] {
                    if next.1 - previous.1 == s * next.0 || previous.1 - next.1 == s * previous.0 { agree[convention, default: 0] += 1 }
                }
            }
            let checked = max(0, pairs.count - 1)
            let up = agree[.creditPositive] ?? 0, down = agree[.debitPositive] ?? 0
            if checked >= 2, max(up, down) * 2 >= checked, up != down {
                let convention: SignConvention = up > down ? .creditPositive : .debitPositive
                return (convention, "the running balance agrees with \(max(up, down)) of \(checked) amounts")
            }
        }
        if let hint, hint.match >= 0.75 { return (hint.layout.sign, hint.layout.sign == .debitPositive ? "\(hint.layout.name) writes spending positive" : nil) }
        return (.creditPositive, profiles[amount].negatives > 0 ? nil : "no amount carries a sign: read as money in")
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

    static func unrecognisedMessage(file: String, kind: SourceKind, decoded: DecodedText, forced: PaymentLayout?, found: Found) -> String {
        let lines = PhysicalLines(decoded.utf8)
        var shown: [String] = []
        for index in 0..<lines.count where shown.count < 3 && !lines.isBlank(index, in: decoded.utf8) {
            let text = String(decoding: decoded.utf8[lines.range(index)], as: UTF8.self).trimmingCharacters(in: .newlines)
            shown.append("  line \(index + 1): " + shape(of: String(text.prefix(160))))
        }
        let needs = kind == .eftpos ? "a date, an amount, and a card or a time" : "a date and an amount"
        let what = forced.map { "is not laid out as `\($0.name)`" } ?? "holds no column of \(needs) that Lacuna can find"
        let roles = found.roles.values.sorted { $0.column < $1.column }.map { choice -> String in
            let header = choice.column < found.headerCells.count ? "“\(found.headerCells[choice.column])”" : "column \(choice.column + 1)"
            return "\(choice.role) ← \(header)"
        }
        return "\(file): \(what)" + (roles.isEmpty ? "" : " (found: \(roles.joined(separator: ", ")))")
            + ". Its first lines (values shown by shape: 9 digit, a letter):\n" + shown.joined(separator: "\n")
            + "\nName the columns with `columns:`, a layout with `layout:`, or describe the file in a rules file (`rules:`; see README, \"Rules files\")."
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
            if let value = present(CellShape.clean(record.fields[column])) { values[role] = value }
        }
        let expected = headerCells.isEmpty ? layout.headerless?.fieldCounts.lowerBound ?? 0 : headerCells.count
        let short = record.fields.count < expected
        func problem(_ text: String) -> Result<PaymentRow, RecordProblem> {
            .failure(RecordProblem(reason: short ? "\(text); the row has \(record.fields.count) of \(expected) columns (truncated file?)" : text))
        }
        // When: a date-time cell, else a date with perhaps a time.
        let dateName = name(of: columns["datetime"] ?? columns["date"], fallback: "date")
        guard let dateText = values["datetime"] ?? values["date"] else { return problem("\(dateName): missing") }
        guard let parsed = DateReading.dateTime(CellShape.dateText(dateText), order: dateOrder) else {
            // A pending card transaction has no date yet (John Lewis, Amex): not a posted row.
            if dateText.lowercased().hasPrefix("pending") { return problem("\(dateName): a pending transaction, not yet dated") }
            return problem("\(dateName): not a date")
        }
        let time = values["time"].flatMap(DateReading.time) ?? parsed.time
        let traceTime: TraceTime
        if let time, timesAreUTC || dateText.hasSuffix("Z") {
            traceTime = TraceTime(instant: PracticeClock.utc.instant(date: parsed.date, time: time), clock: clock)
        } else if let time, let zone = values["timezone"].flatMap(Self.zone(named:)), zone.timeZone != clock.timeZone {
            traceTime = TraceTime(instant: zone.instant(date: parsed.date, time: time), clock: clock)
        } else if let time {
            traceTime = TraceTime(date: parsed.date, time: time, clock: clock, precision: .second)
        } else {
            traceTime = TraceTime(date: parsed.date)
        }
        // How much: one signed column (turned by a D/C column where it has one), or split credit and
        // debit columns.
        var cents: Int
        if let amountText = values["amount"] {
            switch Money.read(amountText, decimalMark: decimalMark) {
            case .success(let value): cents = value
            case .failure(let why): return problem("\(name(of: columns["amount"], fallback: "amount")): \(why)")
            }
            if let marker = values["dc"].flatMap(CellShape.debitCredit) { cents = marker * abs(cents) }
        } else if values["credit"] != nil || values["debit"] != nil {
            cents = 0
            for (role, sign) in [("credit", 1), ("debit", -1)] {
                guard let text = values[role] else { continue }
                switch Money.read(text, decimalMark: decimalMark) {
                case .success(let value): cents = Money.add(cents, sign * abs(value))
                case .failure(let why): return problem("\(name(of: columns[role], fallback: role)): \(why)")
                }
            }
        } else {
            return problem("\(name(of: columns["amount"] ?? columns["credit"], fallback: "amount")): missing")
        }
        if sign == .debitPositive { cents = -cents }
        if minorUnits { cents /= 100 }
        return .success(PaymentRow(record: record, time: traceTime, cents: cents, values: values,
                                   payload: HeaderMap.payload(of: record, headerCells: headerCells)))
    }

    /// Whether the export lists items sold (Square's item details: Item, Qty, SKU) rather than
    /// payments, with the transaction each belongs to.
    var isItemLevel: Bool {
        guard columns["reference"] != nil else { return false }
        let words = Set(headerCells.flatMap { ColumnProfile.words($0) })
        return !words.isDisjoint(with: ["item", "items", "sku", "qty", "quantity"])
    }

    /// A line of a statement that is no transaction: an account's own line before its block of rows,
    /// or a total or balance line.
    enum StatementLine {
        case account(String)
        case total

        var reason: String {
            switch self {
            case .account: return "an account line: the rows below it are that account's"
            case .total: return "a total or balance line, not a transaction"
            }
        }
    }

    /// Whether a record is a statement's account or total line rather than a row: its date cell holds
    /// no date, and it names an account number beside the word account, or it opens with a total's
    /// or balance's words.
    func statementLine(_ record: CSVRecord) -> StatementLine? {
        guard let dateColumn = columns["datetime"] ?? columns["date"] else { return nil }
        if dateColumn < record.fields.count, let cell = present(record.fields[dateColumn]),
           !CellShape.dateOrders(cell).isEmpty { return nil }
        let cells = record.fields.compactMap { present(CellShape.clean($0)) }
        guard let first = cells.first?.lowercased() else { return nil }
        let totals = ["total", "totals", "subtotal", "sub-total", "grand total", "closing balance", "opening balance", "balance brought forward",
                      "balance carried forward", "brought forward", "carried forward", "summe", "end of statement", "number of transactions"]
        if totals.contains(where: { first.hasPrefix($0) }) { return .total }
        let words = cells.joined(separator: " ").lowercased()
        if ["account", "acct", "konto", "a/c"].contains(where: words.contains), cells.count <= 4,
           let number = cells.first(where: CellShape.isAccountNumber) ?? cells.lazy.compactMap(Self.accountNumber(in:)).first {
            return .account(number)
        }
        return nil
    }

    /// An account number inside a cell's text (`Account 12-3456-0123456-00 (Cheque)`).
    static func accountNumber(in text: String) -> String? {
        text.split(separator: " ").map(String.init).first(where: CellShape.isAccountNumber)
    }

    /// Whether a record only continues the row above: its date cell there but empty, no amount, some
    /// text (a record cut short before its date column is a truncated one, not a continuation).
    func continues(_ record: CSVRecord) -> Bool {
        guard let dateColumn = columns["date"] ?? columns["datetime"], dateColumn < record.fields.count else { return false }
        func cell(_ role: String) -> String? {
            columns[role].flatMap { $0 < record.fields.count ? present(record.fields[$0]) : nil }
        }
        guard cell("date") == nil, cell("datetime") == nil, cell("amount") == nil, cell("credit") == nil, cell("debit") == nil else {
            return false
        }
        return record.fields.contains { present($0) != nil }
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

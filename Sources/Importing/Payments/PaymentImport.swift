import LacunaCore

/// The common walk of a bank or terminal export: open it through its layout, read each data row,
/// and turn rows that cannot be read, and a file no layout fits, into rejects so the counts add up.
struct PaymentImport {
    let kind: SourceKind
    let file: String

    func read(bytes: [UInt8], settings: ImportSettings,
              body: (PaymentRow, PaymentFile, inout ContentKeys) -> Trace) -> FileImport {
        var result = FileImport()
        guard !bytes.isEmpty else {
            result.warnings.append("\(file): the file is empty")
            return result
        }
        let opened: PaymentFile
        switch PaymentFile.open(file: file, bytes: bytes, kind: kind, settings: settings) {
        case .success(let file): opened = file
        case .failure(let unrecognised):
            // Every record of a file no layout fits is listed, with the reason, so nothing is lost.
            result.warnings.append(unrecognised.message)
            let document = CSVReader.read(bytes)
            result.encoding = document.encoding
            for record in document.records {
                result.rejects.append(Reject(kind: kind, file: file, locator: record.locator,
                                             reason: "no \(kind.rawValue) columns (a date and an amount) found in this file; name them with `columns:` or write a rules file"))
            }
            for broken in document.broken {
                result.rejects.append(Reject(kind: kind, file: file, locator: broken.locator, reason: broken.reason))
            }
            return result
        }
        result.encoding = opened.decoded.encoding
        result.warnings.append(contentsOf: opened.warnings.map { "\(file): \($0)" })
        if !opened.layout.verified, opened.layout.name != PaymentFile.inferredName {
            result.warnings.append("\(file): read as \(opened.layout.name), a layout not yet checked against a real export; compare a few rows with the statement")
        }
        for broken in opened.broken {
            result.rejects.append(Reject(kind: kind, file: file, locator: broken.locator, reason: broken.reason))
        }
        var keys = ContentKeys(kind: kind, records: opened.records.count - opened.firstData)
        var problems: [(reason: String, line: Int)] = []
        var rows: [PaymentRow] = []
        var repeatedHeaders = 0, continued = 0, notTransactions = 0
        var blockAccount: String?
        let header = opened.headerCells.map(LayoutWords.normalise)
        for record in opened.records[opened.firstData...] {
            if record.fields.allSatisfy({ present($0) == nil }) { continue }
            // A header repeated where exports were joined end to end is no record.
            if !header.isEmpty, record.fields.map(LayoutWords.normalise) == header {
                repeatedHeaders += 1
                continue
            }
            // A line with text but no date and no amount, right after a row, continues that row's
            // description (OCBC writes a second line for the merchant).
            if let previous = rows.last, opened.continues(record) {
                rows[rows.count - 1] = previous.continued(by: record, columns: opened.columns)
                continued += 1
                continue
            }
            // Several accounts in one file: a line naming the next account starts its block; a total or
            // balance line closes one. Neither is a transaction; both are listed, said as what they are.
            if let line = opened.statementLine(record) {
                if case .account(let number) = line { blockAccount = number }
                notTransactions += 1
                result.rejects.append(Reject(kind: kind, file: file, locator: record.locator, reason: line.reason))
                continue
            }
            switch opened.row(record, clock: settings.clock) {
            case .success(var row):
                if let blockAccount, row.values["account"] == nil { row.values["account"] = blockAccount }
                rows.append(row)
            case .failure(let problem):
                problems.append((problem.reason, record.locator.line ?? 0))
                result.rejects.append(Reject(kind: kind, file: file, locator: record.locator, reason: problem.reason))
            }
        }
        // An item-level export: one sale per transaction, whatever the number of items.
        var itemRows = 0
        if kind == .eftpos, opened.isItemLevel {
            var order: [String] = [], items: [String: [PaymentRow]] = [:], sales: [PaymentRow] = []
            for row in rows {
                guard let id = row.values["reference"] else { sales.append(row); continue }
                if items[id] == nil { order.append(id) }
                items[id, default: []].append(row)
            }
            sales += order.map { PaymentRow.sale(of: items[$0]!) }
            sales.sort { ($0.record.locator.line ?? 0) < ($1.record.locator.line ?? 0) }
            itemRows = rows.count
            rows = sales
        }
        for row in rows { result.traces.append(body(row, opened, &keys)) }
        var reading = "\(file): " + opened.reading.summary + "; \(itemRows > 0 ? itemRows : rows.count) row(s) read, \(problems.count) rejected"
        if continued > 0 { reading += ", \(continued) continuation line(s) joined to the row above" }
        if itemRows > 0 { reading += ", \(itemRows) item row(s) grouped into \(rows.count) sale(s) by their transaction" }
        if repeatedHeaders > 0 { reading += ", \(repeatedHeaders) repeated header(s) skipped" }
        if notTransactions > 0 { reading += ", \(notTransactions) account or total line(s) listed in rejects as no transaction" }
        result.reading.append(reading)
        // Each problem once, with the lines it was found on.
        var lines: [String: [Int]] = [:]
        for problem in problems { lines[problem.reason, default: []].append(problem.line) }
        for (reason, at) in lines.sorted(by: { $0.value[0] < $1.value[0] }) {
            let shown = at.prefix(5).map(String.init).joined(separator: ", ") + (at.count > 5 ? " … (\(at.count) rows)" : "")
            result.warnings.append("\(file): line\(at.count > 1 ? "s" : "") \(shown): \(reason)")
        }
        return result
    }
}

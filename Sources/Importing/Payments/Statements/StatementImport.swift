import LacunaCore

/// The statement formats banks offer besides CSV.
enum StatementFormat: String {
    case ofx = "OFX"
    case qif = "QIF"
    case camt053 = "ISO 20022 CAMT.053"
    case mt940 = "SWIFT MT940"

    /// The format a file's first kilobytes show, or nil for anything else (CSV).
    static func detect(_ bytes: [UInt8]) -> StatementFormat? {
        let head = String(decoding: bytes.prefix(8192), as: UTF8.self)
        let upper = head.uppercased()
        // Foundation's `contains`, by bytes where the head is ASCII (`holds`): asked of every payment file.
        if upper.holds("OFXHEADER") || upper.holds("<OFX>") { return .ofx }
        if head.holds("BkToCstmrStmt") || head.holds("camt.053") || head.holds("camt.052") || head.holds("BkToCstmrAcctRpt") {
            return .camt053
        }
        let lines = head.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }
        if lines.contains(where: { $0.uppercased().hasPrefix("!TYPE:") || $0.uppercased().hasPrefix("!ACCOUNT") }) { return .qif }
        if lines.contains(where: { $0.hasPrefix(":61:") }) && lines.contains(where: { $0.hasPrefix(":20:") || $0.hasPrefix(":60F:") || $0.hasPrefix(":25:") }) {
            return .mt940
        }
        return nil
    }
}

/// One transaction of a statement file, whatever its format.
struct StatementEntry {
    var locator: Locator
    /// The day the money moved for the customer (OFX DTUSER, CAMT booking date, MT940 value date).
    var date: LocalDate?
    var time: LocalTime?
    /// Money in positive.
    var cents: Int?
    /// Role → text (`payer`, `description`, `reference`, `id`, `type`, `account`, `currency`).
    var values: [String: String] = [:]
    /// What else the record said, for provenance (`DTPOSTED`, `ValDt`, …).
    var payload: [String: String] = [:]
    /// Why it cannot be read as a transaction (a reject), where it cannot.
    var problem: String?
}

/// What a statement reader gives: its entries, and what it noticed.
struct StatementRead {
    var entries: [StatementEntry] = []
    var account: String?
    var notes: [String] = []
    var warnings: [String] = []
}

/// Reads an OFX, QIF, CAMT.053 or MT940 file through its reader, then each entry as a bank trace,
/// exactly as a CSV statement's rows are.
struct StatementImport {
    let file: String
    let format: StatementFormat

    func read(bytes: [UInt8], settings: ImportSettings) -> FileImport {
        var result = FileImport()
        let decoded = TextDecoding.decode(bytes)
        result.encoding = decoded.encoding
        result.warnings += decoded.warnings.map { "\(file): \($0)" }
        let read: StatementRead
        switch format {
        case .ofx: read = OFXReader.read(decoded.utf8)
        case .qif: read = QIFReader.read(decoded.utf8, fallback: settings.dateOrder ?? settings.countryDateOrder)
        case .camt053: read = CAMTReader.read(decoded.utf8)
        case .mt940: read = MT940Reader.read(decoded.utf8)
        }
        var keys = ContentKeys(kind: .bank)
        for entry in read.entries {
            guard entry.problem == nil, let date = entry.date, let cents = entry.cents else {
                result.rejects.append(Reject(kind: .bank, file: file, locator: entry.locator,
                                             reason: entry.problem ?? "\(format.rawValue): a transaction without \(entry.date == nil ? "a date" : "an amount")"))
                continue
            }
            let time = entry.time.map { TraceTime(date: date, time: $0, clock: settings.clock) } ?? TraceTime(date: date)
            result.traces.append(BankImporter.trace(values: entry.values, cents: cents, time: time, payload: entry.payload,
                                                    locator: entry.locator, layout: format.rawValue, account: read.account,
                                                    file: file, keys: &keys))
        }
        result.warnings += read.warnings.map { "\(file): \($0)" }
        var reading = "\(file): read as \(format.rawValue)"
        if !read.notes.isEmpty { reading += "; " + read.notes.joined(separator: "; ") }
        reading += "; \(result.traces.count) row(s) read, \(result.rejects.count) rejected"
        result.reading.append(reading)
        if read.entries.isEmpty {
            result.warnings.append("\(file): a \(format.rawValue) file that holds no transaction")
        }
        return result
    }

    /// `20170508`, `20170508000000`, `20170508192849.000[-5:EST]` → the date and the time where given.
    static func compactDate(_ text: String) -> (LocalDate, LocalTime?)? {
        let digits = String(text.trimmingSpaces().prefix { $0.isNumber })
        guard digits.count >= 8, let y = Int(digits.prefix(4)), let m = Int(digits.dropFirst(4).prefix(2)), let d = Int(digits.dropFirst(6).prefix(2)),
              let date = LocalDate(year: y, month: m, day: d) else { return nil }
        guard digits.count >= 12, let h = Int(digits.dropFirst(8).prefix(2)), let mi = Int(digits.dropFirst(10).prefix(2)) else { return (date, nil) }
        let s = digits.count >= 14 ? Int(digits.dropFirst(12).prefix(2)) ?? 0 : 0
        let time = LocalTime(hour: h, minute: mi, second: s)
        // Midnight exactly is how OFX writes a date with no time.
        return (date, time == LocalTime(hour: 0, minute: 0) ? nil : time)
    }
}

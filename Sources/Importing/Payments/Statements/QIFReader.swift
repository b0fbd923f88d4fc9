import LacunaCore

/// QIF (Quicken Interchange Format): `!Type:` sections of records ended by `^`, one field a line by
/// its first letter (`D` date, `T`/`U` amount, `P` payee, `M` memo, `N` number, `S`/`E`/`$` splits).
/// Bank, cash, card and liability sections are transactions; investment records are rejects (not
/// bank money); category, class and security lists are definitions, skipped and said. Dates are
/// ambiguous (`2/14'2020`, `14/02/20`): the order is decided once for the file from its values.
enum QIFReader {
    static let moneySections: Set<String> = ["bank", "cash", "ccard", "oth a", "oth l", "oth a/l", "invoice"]
    static let definitionSections: Set<String> = ["class", "cat", "security", "memorized", "prices", "account"]

    struct Record {
        var section: String
        var line: Int
        var fields: [(Character, String)] = []
    }

    static func read(_ utf8: [UInt8], fallback: DateOrder) -> StatementRead {
        var read = StatementRead()
        var records: [Record] = []
        var section = ""
        var current: Record?
        var skipped: [String: Int] = [:]
        let lines = String(decoding: utf8, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in lines.enumerated() {
            let text = raw.trimmingSpaces()
            guard let first = text.first else { continue }
            if text.hasPrefix("!") {
                if let open = current, !open.fields.isEmpty { records.append(open) }
                current = nil
                let lower = text.lowercased()
                if lower.hasPrefix("!type:") { section = String(lower.dropFirst(6)).trimmingSpaces() }
                else if lower.hasPrefix("!account") { section = "account" }
                continue
            }
            if text.hasPrefix("###") { continue }   // a comment some tools write
            if first == "^" {
                if let open = current { records.append(open) }
                current = nil
                continue
            }
            if current == nil { current = Record(section: section, line: index + 1) }
            current!.fields.append((first, String(text.dropFirst())))
        }
        if let open = current, !open.fields.isEmpty { records.append(open) }

        let moneyRecords = records.filter { moneySections.contains($0.section) }
        let dates = moneyRecords.compactMap { record in record.fields.first { $0.0 == "D" }?.1 }.map(normalisedDate)
        let order = DateReading.decideOrder(dates, fallback: fallback)
        for record in records {
            if definitionSections.contains(record.section) {
                skipped[record.section, default: 0] += 1
                continue
            }
            var entry = StatementEntry(locator: Locator(line: record.line))
            guard moneySections.contains(record.section) else {
                entry.problem = "QIF: a `\(record.section)` record (investments), not a bank transaction"
                read.entries.append(entry)
                continue
            }
            for (code, value) in record.fields {
                switch code {
                case "D" where entry.payload["D"] == nil:   // a split's own date does not date the record
                    entry.date = DateReading.date(normalisedDate(value), order: order)
                case "T", "U":
                    if entry.cents == nil {
                        switch Money.read(value) {
                        case .success(let cents): entry.cents = cents
                        case .failure(let why): entry.problem = "QIF amount: \(why)"
                        }
                    }
                case "P": entry.values["payer"] = value
                case "M": entry.values["description"] = value
                case "N": entry.values["reference"] = value
                case "L": entry.values["type"] = value
                default: break
                }
                if "DTUPMNLC".contains(code), entry.payload[String(code)] == nil { entry.payload[String(code)] = value }
            }
            entry.values = entry.values.compactMapValues(present)
            read.entries.append(entry)
        }
        read.notes.append("dates \(order.rawValue)")
        if !skipped.isEmpty {
            read.notes.append("lists skipped: " + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        return read
    }

    /// `2/14'2020` → `2/14/2020`; `1/ 3' 5` → `1/3/05`.
    static func normalisedDate(_ text: String) -> String {
        var t = text.replacingEvery(" ", with: "")
        if let quote = t.firstIndex(of: "'") {
            let year = t[t.index(after: quote)...]
            t = String(t[..<quote]) + "/" + (year.count == 1 ? "0" + year : String(year))
        }
        return t
    }
}

import LacunaCore

/// SWIFT MT940 statements: `:25:` the account, `:60F:`/`:60M:` the opening balance (its currency),
/// each `:61:` a statement line (value date YYMMDD, an optional entry date MMDD, `C`/`D`/`RC`/`RD`, an
/// optional funds code, the amount with a decimal comma, the transaction type, references), and the
/// `:86:` after it (over several lines) its information: booking text, the other party, remittance,
/// the German `?20`…`?33` subfields where present. Several statements in one file are all read.
enum MT940Reader {
    static func read(_ utf8: [UInt8]) -> StatementRead {
        var read = StatementRead()
        // Fields: a tag and its text, continuation lines joined.
        var fields: [(tag: String, text: String, line: Int)] = []
        let lines = String(decoding: utf8, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in lines.enumerated() {
            let text = String(raw).trimmingSpaces()
            if text.hasPrefix(":"), let close = text.dropFirst().firstIndex(of: ":") {
                let tag = String(text[text.index(after: text.startIndex)..<close])
                if tag.count <= 3, tag.first?.isNumber == true {
                    fields.append((tag, String(text[text.index(after: close)...]), index + 1))
                    continue
                }
            }
            if text == "-" || text.isEmpty { continue }
            if var last = fields.popLast() {
                last.text += (last.tag == "86" ? "" : "\n") + text
                fields.append(last)
            }
        }
        var account: String?
        var currency: String?
        var statements = 0
        for (i, field) in fields.enumerated() {
            switch field.tag {
            case "20": statements += 1
            case "25":
                account = field.text.trimmingSpaces()
                if read.account == nil { read.account = account }
            case "60F", "60M":
                let t = field.text
                if t.count >= 10 { currency = String(t.dropFirst(7).prefix(3)) }
            case "61":
                let info = i + 1 < fields.count && fields[i + 1].tag == "86" ? fields[i + 1].text : nil
                var entry = statementLine(field.text, line: field.line, info: info)
                entry.values["account"] = account
                entry.values["currency"] = currency
                entry.values = entry.values.compactMapValues(present)
                read.entries.append(entry)
            default:
                continue
            }
        }
        read.notes.append("\(statements) statement(s)")
        read.notes.append("dated by the value date (the entry date kept beside it)")
        return read
    }

    /// One `:61:` line and its `:86:` information.
    static func statementLine(_ text: String, line: Int, info: String?) -> StatementEntry {
        var entry = StatementEntry(locator: Locator(line: line))
        let first = text.split(separator: "\n").first.map(String.init) ?? text
        let chars = Array(first)
        var i = 0
        func take(_ count: Int) -> String? {
            guard i + count <= chars.count else { return nil }
            defer { i += count }
            return String(chars[i..<(i + count)])
        }
        guard let yymmdd = take(6), yymmdd.allSatisfy(\.isNumber), let yy = Int(yymmdd.prefix(2)), let mm = Int(yymmdd.dropFirst(2).prefix(2)),
              let dd = Int(yymmdd.suffix(2)) else {
            entry.problem = "MT940 :61: without a value date"
            return entry
        }
        let year = yy <= 79 ? 2000 + yy : 1900 + yy
        entry.date = LocalDate(year: year, month: mm, day: dd)
        entry.payload["value date"] = yymmdd
        if i + 4 <= chars.count, chars[i..<(i + 4)].allSatisfy(\.isNumber) { entry.payload["entry date"] = take(4) }
        // `C`, `D`, or a reversal `RC`/`RD`; a letter after it is the funds code (`DR800,` is D, funds R).
        var mark = ""
        if i < chars.count, chars[i] == "R" { mark.append("R"); i += 1 }
        if i < chars.count, chars[i] == "C" || chars[i] == "D" { mark.append(chars[i]); i += 1 }
        guard mark == "C" || mark == "D" || mark == "RC" || mark == "RD" else {
            entry.problem = "MT940 :61: without a credit or debit mark"
            return entry
        }
        // The funds code: the third letter of the currency, where given before the amount.
        if i < chars.count, chars[i].isLetter { i += 1 }
        var amount = ""
        while i < chars.count, chars[i].isNumber || chars[i] == "," { amount.append(chars[i]); i += 1 }
        switch Money.read(amount.hasSuffix(",") ? amount + "00" : amount, decimalMark: ",") {
        case .success(let cents):
            // A reversal of a credit takes money out; of a debit, puts it back.
            let inward = mark == "C" || mark == "RD"
            entry.cents = inward ? abs(cents) : -abs(cents)
        case .failure(let why): entry.problem = "MT940 amount: \(why)"
        }
        // The transaction type (N + 3 characters, or F/S), then the customer's reference and `//` the bank's.
        let rest = String(chars[min(i, chars.count)...])
        if rest.count >= 4 {
            entry.values["type"] = String(rest.prefix(4))
            let references = String(rest.dropFirst(4))
            let parts = references.components(separatedBy: "//")
            if let customer = parts.first, !customer.isEmpty, customer != "NONREF" { entry.values["reference"] = customer }
            if parts.count > 1 { entry.values["id"] = parts[1] }
        }
        if let supplementary = text.split(separator: "\n").dropFirst().first { entry.payload["supplementary"] = String(supplementary) }
        if let info {
            entry.payload["86"] = info
            let sub = subfields(info)
            let codes = slashCodes(info)
            if !sub.isEmpty {
                entry.values["description"] = (20...29).compactMap { sub[$0] }.joined(separator: " ")
                entry.values["payer"] = [sub[32], sub[33]].compactMap { $0 }.joined(separator: " ")
                if let booking = sub[0] { entry.values["type"] = booking }
            } else if !codes.isEmpty {
                entry.values["payer"] = codes["NAME"]
                entry.values["description"] = codes["REMI"] ?? codes["EREF"]
                if let reference = codes["EREF"], reference != "NOTPROVIDED" { entry.values["reference"] = reference }
            } else {
                entry.values["description"] = info
            }
        }
        return entry
    }

    /// The slash-coded `:86:` of Dutch and other banks: `/ORDP//NAME/SMITH J/REMI/INV-1234` → NAME:
    /// SMITH J, REMI: INV-1234. Empty unless the text opens with a code of the known ones.
    static func slashCodes(_ info: String) -> [String: String] {
        let known: Set<String> = ["TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "ORDP", "BENM", "CSID", "MARF", "ADDR", "SVCL", "ID", "ISDT"]
        let text = info.replacingEvery("\n", with: "")
        guard text.hasPrefix("/") else { return [:] }
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var result: [String: String] = [:]
        var key: String?
        var value: [String] = []
        func flush() {
            if let key, !value.isEmpty { result[key] = value.joined(separator: "/").trimmingSpaces() }
        }
        for piece in pieces.dropFirst() {
            if known.contains(piece) {
                flush()
                key = piece
                value = []
            } else if key != nil, !(piece.isEmpty && value.isEmpty) {
                value.append(piece)
            }
        }
        flush()
        return result["NAME"] != nil || result["REMI"] != nil ? result : [:]
    }

    /// The German structured `:86:` subfields: `?20Miete November?32MUELLER` → 20: Miete November, 32: MUELLER.
    static func subfields(_ info: String) -> [Int: String] {
        guard info.contains("?") else { return [:] }
        var result: [Int: String] = [:]
        for piece in info.split(separator: "?").dropFirst() {
            guard piece.count >= 2, let code = Int(piece.prefix(2)) else { continue }
            let value = String(piece.dropFirst(2)).trimmingSpaces()
            result[code] = (result[code].map { $0 + " " } ?? "") + value
        }
        return result
    }
}

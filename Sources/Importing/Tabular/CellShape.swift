import Foundation
import LacunaCore

/// What one cell holds, as far as its shape tells: a date (and under which day/month orders), a time,
/// an amount, a masked card, a debit/credit marker, an account number. Columns are found by what
/// their cells hold as much as by their header words (`ColumnProfile`, `RoleAssignment`).
enum CellShape {
    /// The cell without a spreadsheet's text guard (`'11-22-33`, `'012345`) and surrounding spaces.
    static func clean(_ text: String) -> String {
        var t = text.trimmingSpaces()
        if t.hasPrefix("'") { t.removeFirst() }
        return t
    }

    /// The day/month orders under which the cell reads as a date (a date with a time counts).
    static func dateOrders(_ text: String) -> [DateOrder] {
        let t = dateText(text)
        guard t.count >= 6, t.contains(where: \.isNumber) else { return [] }
        return [DateOrder.dmy, .mdy, .ymd].filter { DateReading.dateTime(t, order: $0) != nil }
    }

    /// The cell made readable as a date: `"29.12.24, 13:56"` (SumUp) loses its comma, `2025-04-03T10:15`
    /// its `T`.
    static func dateText(_ text: String) -> String {
        let cleaned = clean(text)
        return asciiDateText(cleaned) ?? dateTextAnyWay(cleaned)
    }

    /// `dateText` of a cleaned ASCII cell, from its bytes (every character of one is a byte, but a line
    /// end's two, and neither is a digit or a `T`); nil for any other. Every payment row's date comes here,
    /// and every cell as columns are profiled: as an array of characters it cost some 6,000 instructions.
    static func asciiDateText(_ text: String) -> String? {
        return text.withUTF8Bytes { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: ","), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: " ") {
                    out.append(UInt8(ascii: " "))
                    i += 2
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            func digit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
            for j in out.indices.dropFirst().dropLast() where out[j] == UInt8(ascii: "T") && digit(out[j - 1]) && digit(out[j + 1]) {
                out[j] = UInt8(ascii: " ")
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `dateText` of a cleaned cell, character by character.
    static func dateTextAnyWay(_ cleaned: String) -> String {
        var chars = Array(cleaned.replacingEvery(", ", with: " "))
        // ISO's `T` between a date and a time only (`30 OCT 2024` keeps its T).
        for i in chars.indices.dropFirst().dropLast() where chars[i] == "T" && chars[i - 1].isNumber && chars[i + 1].isNumber {
            chars[i] = " "
        }
        return String(chars)
    }

    /// Whether the cell holds a date with a time of day.
    static func hasTime(_ text: String) -> Bool {
        let t = dateText(text)
        return [DateOrder.dmy, .mdy, .ymd].contains { DateReading.dateTime(t, order: $0)?.time != nil } || Date(iso8601: clean(text)) != nil
    }

    /// A time of day on its own: `14:05`, `2:05:33 PM`, `2PM`, `1400` (four digits only where a
    /// header said time).
    static func isTime(_ text: String, fourDigits: Bool = false) -> Bool {
        let t = clean(text)
        guard !t.isEmpty, t.count <= 12 else { return false }
        if t.allSatisfy(\.isNumber) { return fourDigits && t.count == 4 && DateReading.time(t) != nil }
        // `1.03` is an amount or a rate, not three minutes past one: a time has a colon or am/pm.
        let lower = t.lowercased()
        guard t.contains(":") || lower.hasSuffix("am") || lower.hasSuffix("pm") || lower.hasSuffix("a.m.") || lower.hasSuffix("p.m.") else {
            return false
        }
        return DateReading.time(t) != nil
    }

    /// An amount: its cents, whether it carries a sign (`-`, `+`, `(…)`, `DR`/`CR`), a currency mark,
    /// and decimals.
    struct Amount {
        let cents: Int
        let signed: Bool
        let currency: Bool
        let decimals: Bool
    }

    static func amount(_ text: String, decimalMark: Character = ".") -> Amount? {
        let t = clean(text)
        // Written plainly (`45.00`, `-12.5`: digits, a leading minus, the mark): no sign but the minus,
        // no currency, as the general way below finds, without searching the text a dozen times.
        // One with more than eight significant digits (a terminal's reference) is shaped as an amount beyond
        // any takings: cents 0, as the general way says.
        if let mark = decimalMark.asciiValue, t.utf8.count <= 24, let plain = Money.plainReading(t, decimalMark: mark) {
            return Amount(cents: plain ?? 0, signed: t.utf8.first == UInt8(ascii: "-"), currency: false, decimals: t.utf8.contains(mark))
        }
        return amountAnyWay(t, decimalMark: decimalMark)
    }

    /// `amount` of a cleaned cell however it is written.
    static func amountAnyWay(_ t: String, decimalMark: Character) -> Amount? {
        guard !t.isEmpty, t.count <= 24, t.contains(where: \.isNumber) else { return nil }
        let cents: Int
        switch Money.read(t, decimalMark: decimalMark) {
        case .success(let value): cents = value
        case .failure(.beyondAnyTakings): cents = 0   // shaped as an amount; each row says it is too large
        case .failure: return nil
        }
        let upper = t.uppercased()
        let signed = t.hasPrefix("-") || t.hasPrefix("+") || t.hasSuffix("-") || t.hasPrefix("(") || upper.hasSuffix("DR")
            || upper.hasSuffix("CR") || t.holds("-$") || t.holds("-£") || t.holds("-€")
        let currency = t.contains { "$£€¥".contains($0) } || upper.holds("NZD") || upper.holds("AUD") || upper.holds("GBP")
            || upper.holds("USD") || upper.holds("EUR")
        return Amount(cents: cents, signed: signed, currency: currency, decimals: t.contains(decimalMark))
    }

    /// A masked card number: `XXXXXXXXXXXX1234`, `4123-****-****-1234`, `411111........11`, `************`,
    /// `**** 1234`, `•••• 1234`, `...1234`, `**1234`, `xx1234` (a mask of two or more, never `#1234`, an
    /// invoice).
    static func isMaskedCard(_ text: String) -> Bool {
        let t = clean(text)
        // Printable ASCII (a character a byte), by its bytes: every cell of every payment file is asked.
        guard t.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) else { return isMaskedCardAnyWay(t) }
        guard t.utf8.count >= 5, t.utf8.count <= 24 else { return false }
        var masks = 0, digits = 0, spacing = 0, hash = false
        for byte in t.utf8 {
            switch byte {
            case UInt8(ascii: "X"), UInt8(ascii: "*"), UInt8(ascii: "x"), UInt8(ascii: "."): masks += 1
            case UInt8(ascii: "#"): masks += 1; hash = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "-"), UInt8(ascii: " "): spacing += 1
            default: break
            }
        }
        let other = t.utf8.count - masks - digits - spacing
        return other == 0 && digits <= 10 && (masks >= 4 || (masks >= 2 && digits >= 2 && !hash))
    }

    /// `isMaskedCard` of a cleaned cell, character by character.
    static func isMaskedCardAnyWay(_ t: String) -> Bool {
        guard t.count >= 5, t.count <= 24 else { return false }
        let masks = t.filter { "X*x.•#…".contains($0) }.count
        let digits = t.filter(\.isNumber).count
        let other = t.count - masks - digits - t.filter { $0 == "-" || $0 == " " }.count
        return other == 0 && digits <= 10 && (masks >= 4 || (masks >= 2 && digits >= 2 && !t.contains("#")))
    }

    /// Four digits alone, as a card's last four.
    static func isLastFour(_ text: String) -> Bool {
        let t = clean(text)
        return t.count == 4 && t.allSatisfy(\.isNumber)
    }

    /// A debit/credit marker: `D`, `C`, `DR`, `CR`, `Debit`, `Credit`.
    static func debitCredit(_ text: String) -> Int? {
        switch clean(text).uppercased() {
        case "D", "DR", "DEBIT", "DB": return -1
        case "C", "CR", "CREDIT": return 1
        default: return nil
        }
    }

    /// A bank account number: NZ `12-3456-7890123-00`, AU BSB and account, UK sort code and account,
    /// an IBAN, or a masked one (`****12345`).
    static func isAccountNumber(_ text: String) -> Bool {
        let t = clean(text)
        // Most cells have too few digits to be one, told from the bytes of an ASCII cell (a digit is then a byte).
        var digitBytes = 0, ascii = true
        for byte in t.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { digitBytes += 1 }
        }
        if ascii && digitBytes < 6 { return false }
        return isAccountNumberAnyWay(t)
    }

    /// `isAccountNumber` of a cleaned cell, character by character.
    static func isAccountNumberAnyWay(_ t: String) -> Bool {
        let digits = t.filter(\.isNumber).count
        guard digits >= 6, t.count <= 34 else { return false }
        if t.hasPrefix("*"), t.drop(while: { $0 == "*" }).allSatisfy(\.isNumber) { return true }
        let groups = t.split(whereSeparator: { $0 == "-" || $0 == " " })
        if groups.count >= 3, groups.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return true }
        // An IBAN: two letters, two check digits, then letters and digits.
        let compact = t.filter { $0 != " " }
        return compact.count >= 15 && compact.prefix(2).allSatisfy(\.isLetter) && compact.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
            && compact.allSatisfy { $0.isLetter || $0.isNumber }
    }
}

import Foundation

/// Amounts as exports write them: `45.00`, `$1,045.50`, `(12.00)`, `12.00 DR`, `12.00 CR`, `-12.00`,
/// `12.00-`, `-£52.00`, `+£5.00`, `NZD 45.00`, `1.045,50` (decimal comma, when the file says so).
public enum Money {
    /// Why an amount could not be read. The reason names the problem, never the value.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case notANumber
        case misplacedThousandsSeparator
        case tooManyDecimals
        case beyondAnyTakings

        public var description: String {
            switch self {
            case .empty: return "no amount"
            case .notANumber: return "not an amount"
            case .misplacedThousandsSeparator: return "thousands separators in the wrong places"
            case .tooManyDecimals: return "more than two decimal places"
            case .beyondAnyTakings: return "an amount of 100 million or more: beyond any clinic's takings"
            }
        }
    }

    /// The largest amount read, in cents (99,999,999.99): more is no clinic's payment, and bounding
    /// every amount keeps every sum of a file's rows far from overflow.
    public static let largest = 99_999_999_99

    /// Cents, negative for money out; nil when the text is not an amount (see `read` for why).
    public static func parse(_ text: String) -> Int? {
        try? read(text).get()
    }

    /// Reads an amount strictly: a thousands separator must sit between groups of three digits
    /// (`1,400.00`, never `1,40,00.00`), at most two decimals, one sign (leading or trailing `-`, `+`,
    /// parentheses, or a `CR`/`DR` word; `CR` is money in, `DR` money out), at most `largest`. Currency signs and codes,
    /// spaces and non-breaking spaces are ignored. `decimalMark` is `.` unless a rules file says `,`.
    public static func read(_ text: String, decimalMark: Character = ".") -> Result<Int, Problem> {
        if let mark = decimalMark.asciiValue, let plain = plainReading(text, decimalMark: mark) {
            return plain.map(Result.success) ?? .failure(.beyondAnyTakings)
        }
        // Words (`EFTPOS`, `Approved`, a payee) asked whether they are amounts, as column profiling asks of
        // every cell: no way of writing one has their letters.
        if decimalMark == "." || decimalMark == ",", holdsLetterOfNoAmount(text) || holdsMarkOfNoAmount(text) { return .failure(.notANumber) }
        return readAnyWay(text, decimalMark: decimalMark)
    }

    /// Whether the text has an ASCII mark that no amount `readAnyWay` reads has, or two signs: it takes off
    /// parentheses, one `-` or `+`, `$`, and spaces (an apostrophe groups thousands), and anything else
    /// left beside the digits and the marks makes it not one. Dates (`2025-04-03`, `03/04/2025`) and
    /// times, which column profiling asks about in every payment file, are said not to be amounts at
    /// once. Bytes beyond ASCII (`£`, `€`, a non-breaking space) are left to the general reading.
    static func holdsMarkOfNoAmount(_ text: String) -> Bool {
        var signs = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"),
                 UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "$"),
                 UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...:
                continue   // letters are `holdsLetterOfNoAmount`'s to judge
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                signs += 1
                if signs > 1 { return true }
            default:
                return true
            }
        }
        return false
    }

    /// Whether the text has an ASCII letter that no amount `readAnyWay` reads has: only those of `DR`, `CR`
    /// and the currency codes it drops are ever taken off, so any other is left in the number and makes
    /// it not one.
    static func holdsLetterOfNoAmount(_ text: String) -> Bool {
        text.utf8.contains { byte in
            ((0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)) && lettersOfAmounts & (1 << UInt32((byte & 0xDF) - 0x41)) == 0
        }
    }

    /// The words `readAnyWay` takes off an amount: debit and credit, and the currency codes before or after it.
    static let signWords = [("DR", true), ("CR", false)]
    static let currencyCodes = ["NZD", "AUD", "GBP", "USD", "EUR", "CAD", "NZ$", "A$", "US$"]

    /// The letters of those words, a bit each (`A` the lowest).
    static let lettersOfAmounts: UInt32 = (signWords.map(\.0) + currencyCodes).joined().utf8.reduce(0) { mask, byte in
        (0x41...0x5A).contains(byte) ? mask | 1 << UInt32(byte - 0x41) : mask
    }

    /// An amount written plainly (`45.00`, `-12.5`, `1200`: an optional `-`, digits, then the decimal
    /// mark and up to two digits), in cents, byte by byte; nil for anything else, which `readAnyWay`
    /// reads (and for one of more than eight significant digits, which `plainReading` tells apart).
    /// Most amounts in most files, and every one of them read by every run.
    public static func plainAmount(_ text: String, decimalMark mark: UInt8) -> Int? {
        plainReading(text, decimalMark: mark) ?? nil
    }

    /// `plainAmount`, and `.some(nil)` for an amount written plainly with more than eight significant
    /// digits (a terminal's twelve-digit reference asked whether it is an amount): beyond any takings,
    /// as the general reading says at the end of its searches. Nil for anything else.
    public static func plainReading(_ text: String, decimalMark mark: UInt8) -> Int?? {
        return text.withUTF8Bytes { bytes -> Int?? in
            var i = 0
            let negative = bytes.first == UInt8(ascii: "-")
            if negative { i = 1 }
            var whole = 0, digits = 0, significant = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                let digit = Int(bytes[i] - UInt8(ascii: "0"))
                if significant > 0 || digit != 0 { significant += 1 }
                if significant <= 8 { whole = whole * 10 + digit }   // past `largest`: no more is kept
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            var cents = 0
            if i < bytes.count {
                guard bytes[i] == mark else { return nil }
                i += 1
                var places = 0
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), places < 2 {
                    cents = cents * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                    places += 1
                    i += 1
                }
                guard i == bytes.count else { return nil }
                if places == 1 { cents *= 10 }
            }
            if significant > 8 { return .some(nil) }
            let value = whole * 100 + cents
            return .some(negative ? -value : value)
        }
    }

    /// `read` for any way of writing an amount.
    static func readAnyWay(_ text: String, decimalMark: Character) -> Result<Int, Problem> {
        var t = text.replacingEvery("\u{A0}", with: " ").trimmingSpaces().uppercased()
        guard !t.isEmpty else { return .failure(.empty) }
        var negative = false
        var signs = 0
        if t.hasPrefix("(") && t.hasSuffix(")") { negative = true; signs += 1; t = String(t.dropFirst().dropLast()) }
        for (word, isDebit) in signWords where t.hasSuffix(word) {
            if isDebit { negative.toggle() }
            signs += 1
            t = String(t.dropLast(word.count))
        }
        // Currency codes and signs, before or after the number.
        for code in currencyCodes {
            if t.hasPrefix(code) { t = String(t.dropFirst(code.count)) }
            if t.hasSuffix(code) { t = String(t.dropLast(code.count)) }
        }
        t = t.trimmingSpaces()
        func dropSign() {
            if t.hasPrefix("-") { negative.toggle(); signs += 1; t = String(t.dropFirst()) }
            else if t.hasPrefix("+") { signs += 1; t = String(t.dropFirst()) }
            else if t.hasSuffix("-") { negative.toggle(); signs += 1; t = String(t.dropLast()) }
        }
        dropSign()
        t = t.filter { !"$£€¥".contains($0) }.trimmingSpaces()
        if signs == 0 { dropSign() }  // `$-12.00`
        guard signs <= 1 else { return .failure(.notANumber) }
        let group: Character = decimalMark == "," ? "." : ","
        // A space or an apostrophe may group thousands too.
        let unified = String(t.map { $0 == " " || $0 == "'" ? group : $0 })
        guard !unified.isEmpty, unified.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == decimalMark || $0 == group) }) else {
            return .failure(unified.isEmpty ? .empty : .notANumber)
        }
        let halves = unified.split(separator: decimalMark, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return .failure(.notANumber) }
        let whole = halves[0], fraction = halves.count == 2 ? halves[1] : ""
        guard !fraction.contains(group) else { return .failure(.misplacedThousandsSeparator) }
        guard fraction.count <= 2 else { return .failure(.tooManyDecimals) }
        let groups = whole.split(separator: group, omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return .failure(.misplacedThousandsSeparator)
            }
        }
        let digits = groups.joined()
        guard !(digits.isEmpty && fraction.isEmpty) else { return .failure(.notANumber) }
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 8 else { return .failure(.beyondAnyTakings) }
        let value = (Int(significant.isEmpty ? "0" : significant) ?? 0) * 100 + (Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0)
        return .success(negative ? -value : value)
    }

    /// `a + b`, held at ±`Int.max` instead of trapping: sums across rows go through here.
    public static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// `45.00`, `-12.50`.
    public static func format(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        return "\(sign)\(magnitude / 100)." + (magnitude % 100 < 10 ? "0" : "") + "\(magnitude % 100)"
    }
}

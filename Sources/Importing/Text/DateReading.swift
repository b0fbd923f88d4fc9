public import LacunaCore

/// Which part of a numeric date comes first. Decided once per file, never row by row.
public enum DateOrder: String, Sendable, CaseIterable {
    case dmy, mdy, ymd
}

/// Reads dates and times as practice, bank and terminal exports write them.
public enum DateReading {
    /// Decides the order for a file from all its date cells: a four-digit first part means ymd; any
    /// first part over 12 means day first; any second part over 12 means month first; otherwise the
    /// playbook's `date-order`, else the country's habit (`fallback`).
    public static func decideOrder<S: Sequence>(_ samples: S, fallback: DateOrder) -> DateOrder where S.Element == String {
        var sawYearFirst = false
        for sample in samples {
            switch orderShown(sample) ?? orderShownAsCharacters(sample) {
            case .ymd?: sawYearFirst = true
            case .dmy?: return .dmy
            case .mdy?: return .mdy
            case nil: continue
            }
        }
        return sawYearFirst ? .ymd : fallback
    }

    /// The order one date cell shows: `.ymd` for a four-digit first part, `.dmy` for a first part over
    /// 12, `.mdy` for a second part over 12; nil where it shows none (fewer than three parts, or both
    /// 12 or under).
    static func orderShownAsCharacters(_ text: String) -> DateOrder? {
        let parts = numericParts(text)
        guard parts.count >= 3 else { return nil }
        if parts[0].count == 4 { return .ymd }
        if let a = Int(parts[0]), a > 12 { return .dmy }
        if let b = Int(parts[1]), b > 12 { return .mdy }
        return nil
    }

    /// `orderShownAsCharacters` of a cell of ASCII digits and `/`, `-`, `.` (up to its end, or a space or
    /// `T` after them), from its bytes; nil (not decided here) for any other text. Every date cell of a
    /// file is looked at, and taking each apart into texts cost some 10,000 instructions a cell.
    static func orderShown(_ text: String) -> DateOrder?? {
        var parts = 0, firstLength = 0, first = 0, second = 0
        var length = 0, value = 0, started = false
        func endPart() {
            guard length > 0 else { return }
            parts += 1
            if parts == 1 { (firstLength, first) = (length, value) } else if parts == 2 { second = value }
            (length, value) = (0, 0)
        }
        scan: for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                length += 1
                // Longer parts (no date's) go the general way, which says what a number too big for `Int` shows.
                guard length <= 9 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."):
                endPart()
            case UInt8(ascii: " "), UInt8(ascii: "T"):
                // What follows the date (a time) is not looked at; a cell that starts with one is.
                guard started else { return nil }
                break scan
            default:
                return nil
            }
            started = true
        }
        endPart()
        guard parts >= 3 else { return .some(nil) }
        if firstLength == 4 { return .ymd }
        if first > 12 { return .dmy }
        if second > 12 { return .mdy }
        return .some(nil)
    }

    /// Parses a date such as `07/07/2022`, `7-7-22`, `2022-07-07`, `2022/07/07`, `20220707`,
    /// `7 Jul 2022`, `07-Jul-2022`, `Jul 7, 2022`, `Thursday 7 July 2022`. A time after it is ignored.
    public static func date(_ text: String, order: DateOrder) -> LocalDate? {
        if let plain = digitsAndSeparators(text, order: order) { return plain }
        if isNoDate(text) { return nil }
        return dateTakenApart(text, order: order)
    }

    /// Whether an ASCII text is surely no date, from its bytes: it has no digit, or it has no month's
    /// name and its first word (what `date` reads numbers from) has a byte no number or separator has.
    /// A bank's description, reference or payee (`INV-14229`, `DR CAMPBELL`), asked for a date in
    /// each of three orders as columns are profiled, was taken apart as words to find none.
    /// False for any text beyond ASCII (left to the general reading).
    static func isNoDate(_ text: String) -> Bool {
        var digit = false, month = false, inFirstWord = false, firstWordEnded = false, firstWordOther = false
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            guard byte < 0x80 else { return false }
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { digit = true }
            let folded = byte | 0x20
            if !month, monthKeys.contains(UInt32(previous.0) << 16 | UInt32(previous.1) << 8 | UInt32(folded)) { month = true }
            previous = (previous.1, folded)
            // The first word: the first run of bytes that are neither a space nor `T` (tabs within it:
            // `date` trims them at its ends, and a tab within it is no number's).
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "T") {
                if inFirstWord { inFirstWord = false; firstWordEnded = true }
            } else if !firstWordEnded {
                inFirstWord = true
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "+"),
                     UInt8(ascii: "\t"):
                    break
                default:
                    firstWordOther = true
                }
            }
        }
        return !digit || (!month && firstWordOther)
    }

    /// Each month's first three letters, lower case, as three bytes in one number (`monthNames`' keys).
    static let monthKeys: Set<UInt32> = Set(monthNames.keys.filter { $0.utf8.count == 3 }.map { key in
        key.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    })

    /// `date` for any way of writing one.
    static func dateAnyWay(_ text: String, order: DateOrder) -> LocalDate? {
        digitsAndSeparators(text, order: order) ?? dateTakenApart(text, order: order)
    }

    /// `date` of a text that is not digits and separators alone, taken apart as words and numbers.
    static func dateTakenApart(_ text: String, order: DateOrder) -> LocalDate? {
        let trimmed = text.trimmingSpaces()
        let dateText = trimmed.split(whereSeparator: { $0 == "T" || $0 == " " }).first.map(String.init) ?? trimmed
        if dateText.count == 8, dateText.allSatisfy(\.isNumber), let n = Int(dateText) {
            return LocalDate(year: n / 10000, month: n / 100 % 100, day: n % 100)
        }
        // A month in words needs letters: a date of digits and separators alone (most) is not looked at for one.
        if trimmed.utf8.contains(where: { $0 >= 0x80 || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0 & 0xDF) }),
           let textual = textualDate(trimmed) { return textual }
        let parts = numericParts(dateText)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        if parts[0].count == 4 { return LocalDate(year: a, month: b, day: c) }
        let year = parts[2].count <= 2 ? expandYear(c) : c
        switch order {
        case .dmy, .ymd: return LocalDate(year: year, month: b, day: a)
        case .mdy: return LocalDate(year: year, month: a, day: b)
        }
    }

    /// Parses a time of day: `14:05`, `14:05:33`, `2:05 pm`, `2.05pm`, `9am`, `12:30 a.m.`, `0905`.
    public static func time(_ text: String) -> LocalTime? {
        if let plain = clockDigits(text) { return plain }
        if let withMeridiem = clockWithMeridiem(text) { return withMeridiem }
        return timeAnyWay(text)
    }

    /// `time` of a text of one to three parts of one or two digits between colons, then spaces or none,
    /// then `am` or `pm` in any case (`8:00 am`, `2:05:33PM`, `9am`: a booking's time as most practice
    /// systems export it), from its bytes; nil for any other text, which `timeAnyWay` reads.
    static func clockWithMeridiem(_ text: String) -> LocalTime?? {
        let bytes = text.utf8
        guard bytes.count >= 3, let first = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
        let last = bytes[bytes.index(bytes.endIndex, offsetBy: -1)], before = bytes[bytes.index(bytes.endIndex, offsetBy: -2)]
        guard last | 0x20 == UInt8(ascii: "m"), before | 0x20 == UInt8(ascii: "a") || before | 0x20 == UInt8(ascii: "p") else { return nil }
        let afternoon = before | 0x20 == UInt8(ascii: "p")
        var clock = bytes.dropLast(2)
        while clock.last == UInt8(ascii: " ") { clock = clock.dropLast() }
        guard let parts = clockParts(clock) else { return nil }
        var hour = parts[0]
        guard (1...12).contains(hour) else { return .some(nil) }
        if !afternoon && hour == 12 { hour = 0 }
        if afternoon && hour != 12 { hour += 12 }
        return .some(LocalTime(hour: hour, minute: parts.count > 1 ? parts[1] : 0, second: parts.count > 2 ? parts[2] : 0))
    }

    /// `time` for any way of writing one.
    static func timeAnyWay(_ text: String) -> LocalTime? {
        var t = text.lowercased().trimmingSpaces()
        // Fractional seconds (`14:05:33.250`) are dropped; a dot elsewhere separates hours and minutes.
        if t.filter({ $0 == ":" }).count == 2, let dot = t.firstIndex(of: "."), t[..<dot].filter({ $0 == ":" }).count == 2 {
            let fraction = t[t.index(after: dot)...]
            t = String(t[..<dot]) + String(fraction.drop { $0.isNumber })
        }
        t = t.replacingEvery(".", with: ":")
        t = t.replacingEvery("a:m:", with: "am").replacingEvery("p:m:", with: "pm")
        t = t.replacingEvery("a:m", with: "am").replacingEvery("p:m", with: "pm")
        var meridiem: String?
        if t.hasSuffix("am") || t.hasSuffix("pm") {
            meridiem = String(t.suffix(2))
            t = String(t.dropLast(2)).trimmingSpaces()
        }
        var parts = t.split(separator: ":").map(String.init)
        if parts.count == 1, parts[0].count == 4, parts[0].allSatisfy(\.isNumber) {
            parts = [String(parts[0].prefix(2)), String(parts[0].suffix(2))]
        }
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              var hour = Int(parts[0]) else { return nil }
        let minute = parts.count > 1 ? Int(parts[1]) ?? -1 : 0
        let second = parts.count > 2 ? Int(parts[2].prefix(2)) ?? -1 : 0
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            if meridiem == "am" && hour == 12 { hour = 0 }
            if meridiem == "pm" && hour != 12 { hour += 12 }
        } else if parts.count == 1 {
            return nil  // a bare number is not a time
        }
        return LocalTime(hour: hour, minute: minute, second: second)
    }

    /// A date and perhaps a time in one cell: `07/07/2022 14:05`, `2022-07-07T14:05:00`,
    /// `7/07/2022 2:05:00 PM`.
    /// A time as exports write it: ISO 8601 with an offset or `Z` is an instant placed on the practice's
    /// calendar; anything else (`2025-04-03T10:15`, `03/04/2025 14:05`) is the practice's wall time.
    public static func traceTime(_ text: String, order: DateOrder, clock: PracticeClock) -> TraceTime? {
        if let instant = Date(iso8601: text) { return TraceTime(instant: instant, clock: clock) }
        guard let parsed = dateTime(text.replacingEvery("T", with: " "), order: order) else { return nil }
        return parsed.time.map { TraceTime(date: parsed.date, time: $0, clock: clock) } ?? TraceTime(date: parsed.date)
    }

    ///
    /// Nil when a time is written but names no real moment (`25:70`, hour 99): such a cell is damaged,
    /// and reading only its date would place the record on a day with a time it never had.
    public static func dateTime(_ text: String, order: DateOrder) -> (date: LocalDate, time: LocalTime?)? {
        // A date alone of digits and `/`, `-`, `.` (`6/03/2025`, a booking's day): no time in it to look for.
        if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "/")
                                                 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) {
            return date(text, order: order).map { ($0, nil) }
        }
        if let (day, clock) = dateSpaceTime(text) {
            // Digits and separators, one space, digits and colons (`2025-04-03 09:15:00`, `03/04/2025 14:05`):
            // what the general way below comes to, without taking the text apart as words.
            guard let date = date(day, order: order) else { return nil }
            let time = time(clock)
            if time == nil, Self.triesATime(clock) { return nil }
            return (date, time)
        }
        return dateTimeAnyWay(text, order: order)
    }

    /// `dateTime` for any way of writing one.
    static func dateTimeAnyWay(_ text: String, order: DateOrder) -> (date: LocalDate, time: LocalTime?)? {
        guard let date = date(text, order: order) else { return nil }
        let trimmed = text.trimmingSpaces()
        // A date in words with a time after it (`Apr 3, 2025 9:15 am`, `3 April 2025 14:05`): the time
        // is the last word or two, the date what comes before.
        let words = trimmed.split(separator: " ").map(String.init)
        if words.count >= 3, words[0].contains(where: \.isLetter) || words[1].contains(where: \.isLetter) {
            let last = words[words.count - 1].lowercased()
            let timeWords = ["am", "pm", "a.m.", "p.m."].contains(last) ? 2 : (last.contains(":") || last.hasSuffix("am") || last.hasSuffix("pm")) ? 1 : 0
            if timeWords > 0, words.count - timeWords >= 2, let time = time(words.suffix(timeWords).joined(separator: " ")),
               let day = Self.date(words.dropLast(timeWords).joined(separator: " "), order: order) {
                return (day, time)
            }
        }
        let separators: Set<Character> = ["T", " "]
        guard let split = trimmed.firstIndex(where: { separators.contains($0) }) else { return (date, nil) }
        var rest = String(trimmed[trimmed.index(after: split)...])
        // Drop a trailing zone or offset word: the caller decides what zone the time is in.
        if let zone = rest.firstIndex(where: { $0 == "+" || $0 == "Z" }) { rest = String(rest[..<zone]) }
        let time = time(rest)
        if time == nil, Self.triesATime(rest) { return nil }
        return (date, time)
    }

    /// The two halves of an ASCII text that is digits and `/`, `-`, `.`, one space, then digits and
    /// `:` (nothing before or after); nil for any other text.
    static func dateSpaceTime(_ text: String) -> (String, String)? {
        let bytes = text.utf8
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")), space != bytes.startIndex else { return nil }
        let day = bytes[..<space], clock = bytes[bytes.index(after: space)...]
        guard !clock.isEmpty,
              day.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
              clock.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: ":") }) else { return nil }
        return (String(Substring(day)), String(Substring(clock)))
    }

    /// `time` of a text of two or three parts of one or two digits between colons (`9:05`, `14:05:33`:
    /// most times in most files), from its bytes; nil for any other text, which `time` reads the general way.
    static func clockDigits(_ text: String) -> LocalTime?? {
        guard let parts = clockParts(text.utf8), parts.count == 2 || parts.count == 3 else { return nil }
        return .some(LocalTime(hour: parts[0], minute: parts[1], second: parts.count == 3 ? parts[2] : 0))
    }

    /// The numbers of one to three parts of one or two digits between colons (`9`, `9:05`, `14:05:33`);
    /// nil for any other bytes.
    static func clockParts(_ bytes: some Collection<UInt8>) -> [Int]? {
        var parts: [Int] = [], value = 0, digits = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 2 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: ":"):
                guard digits > 0 else { return nil }
                parts.append(value)
                value = 0
                digits = 0
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(value)
        return parts.count <= 3 ? parts : nil
    }

    /// Whether text after a date sets out to be a time of day (`99:00`, `25.10pm`), not a word (`(Thu)`).
    static func triesATime(_ text: String) -> Bool {
        let t = text.trimmingSpaces()
        guard let first = t.first, first.isASCII, first.isNumber else { return false }
        return t.contains(":") || t.contains(".") || t.lowercased().hasSuffix("am") || t.lowercased().hasSuffix("pm")
    }

    /// `date` of a text of digits and `/`, `-`, `.` alone (`03/04/2025`, `2025-04-03`, `20250403`: most
    /// dates in most files), read from its bytes; nil for any other text (`date` reads it the general
    /// way), `.some(nil)` for one of these that is no date.
    private static func digitsAndSeparators(_ text: String, order: DateOrder) -> LocalDate?? {
        var parts = NumberParts()
        var value = 0, digits = 0, all = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 18 else { return nil }   // a number Int cannot hold: the general way says so
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                all += 1
            case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if digits > 0 { parts.append(value, digits: digits) }
                value = 0
                digits = 0
            default:
                return nil
            }
        }
        if digits > 0 { parts.append(value, digits: digits) }
        if parts.count == 1, all == 8, text.utf8.count == 8 {
            let n = parts.values.0
            return .some(LocalDate(year: n / 10000, month: n / 100 % 100, day: n % 100))
        }
        guard parts.count == 3 else { return .some(nil) }
        let (a, b, c) = parts.values
        if parts.digits.0 == 4 { return .some(LocalDate(year: a, month: b, day: c)) }
        let year = parts.digits.2 <= 2 ? expandYear(c) : c
        switch order {
        case .dmy, .ymd: return .some(LocalDate(year: year, month: b, day: a))
        case .mdy: return .some(LocalDate(year: year, month: a, day: b))
        }
    }

    /// The first three numbers of a date's text and how many digits each has, and how many numbers it
    /// has in all: kept in place, not in an array made for each of the hundreds of thousands of dates a run reads.
    private struct NumberParts {
        var values = (0, 0, 0), digits = (0, 0, 0), count = 0

        mutating func append(_ value: Int, digits written: Int) {
            switch count {
            case 0: (values.0, digits.0) = (value, written)
            case 1: (values.1, digits.1) = (value, written)
            case 2: (values.2, digits.2) = (value, written)
            default: break
            }
            count += 1
        }
    }

    private static func numericParts(_ text: String) -> [Substring] {
        let head = text.split(whereSeparator: { $0 == " " || $0 == "T" }).first ?? Substring(text)
        return head.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
    }

    private static func expandYear(_ twoDigits: Int) -> Int { twoDigits <= 40 ? 2000 + twoDigits : 1900 + twoDigits }

    static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dec": 12,
    ]

    /// `7 Jul 2022`, `07-Jul-2022`, `Jul 7, 2022`, `Thursday 7 July 2022`.
    private static func textualDate(_ text: String) -> LocalDate? {
        let words = text.lowercased().split(whereSeparator: { " -,/".contains($0) }).map(String.init)
        var day: Int?, month: Int?, year: Int?
        for word in words {
            if month == nil, word.count >= 3, let m = monthNames[String(word.prefix(word.hasPrefix("sept") ? 4 : 3))],
               word.allSatisfy(\.isLetter) {
                month = m
            } else if let n = Int(word.filter(\.isNumber)), word.first?.isNumber == true {
                if word.count == 4 || n > 31 { year = year ?? (word.count <= 2 ? expandYear(n) : n) }
                else if day == nil { day = n }
                else if year == nil { year = expandYear(n) }
            }
        }
        guard let day, let month, let year else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}

import Foundation

import Foundation

/// A calendar date in the practice's own time zone, with no time of day: the unit of an encounter.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public var month: Int { Int(monthNumber) }
    public var day: Int { Int(dayOfMonth) }
    /// Month and day a byte each: a run holds a date in every trace and most identities, and at a word
    /// each they made every trace's fields (and every identity's) a size class larger in memory: 64 bytes
    /// more a trace and an identity, 40 MB at 100,000 patients, memory the kernel zeroes afresh.
    private let monthNumber: UInt8
    private let dayOfMonth: UInt8

    /// Hashed by `FastHash` (a dictionary of days is asked for every trace and payment): dates equal
    /// (year, month and day) hash alike.
    public func _rawHashValue(seed: Int) -> Int {
        FastHash.hash(UInt64(truncatingIfNeeded: year) << 16 ^ UInt64(truncatingIfNeeded: month) << 8 ^ UInt64(truncatingIfNeeded: day), seed: seed)
    }

    /// A date, or nil where the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1800, year <= 2200, month >= 1, month <= 12, day >= 1,
              day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        monthNumber = UInt8(month)
        dayOfMonth = UInt8(day)
    }

    /// The date as one number, its year, month and day in bits of their own (never 0): four bytes where
    /// a `LocalDate?` in a list takes sixteen, for lists of dates read at random and often (a register's
    /// dates of birth, read for every patient of a common name's block). For the years 1 to 65,535, which
    /// hold every date a record gives (each is read as one of 1800–2200).
    public var packed: UInt32 { UInt32(truncatingIfNeeded: year) << 16 | UInt32(monthNumber) << 8 | UInt32(dayOfMonth) }

    /// The date whose `packed` number this is.
    public init(packed: UInt32) {
        year = Int(packed >> 16)
        monthNumber = UInt8(truncatingIfNeeded: packed >> 8)
        dayOfMonth = UInt8(truncatingIfNeeded: packed)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        // As stored (ten characters, digits and two hyphens), read from its bytes: every trace's dates
        // are read back on every run. Anything else is taken apart as before.
        if text.utf8.count == 10, let digits = Self.isoDigits(text) {
            self.init(year: digits.0, month: digits.1, day: digits.2)
            return
        }
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month and day of exactly `DDDD-DD-DD`; nil for anything else.
    private static func isoDigits(_ text: String) -> (Int, Int, Int)? {
        return text.withUTF8Bytes { b in
            guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
                  let year = b.digits(at: 0, width: 4), let month = b.digits(at: 5, width: 2), let day = b.digits(at: 8, width: 2)
            else { return nil }
            return (year, month, day)
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        guard (0...9999).contains(year) else { return year.zeroPadded(4) + "-" + month.zeroPadded(2) + "-" + day.zeroPadded(2) }
        // Written into ten bytes: every trace's dates are written when it is stored, every output's too.
        return Self.threeNumbers(year, firstWidth: 4, month, day, separator: UInt8(ascii: "-"))
    }

    /// `YYYYMMDD`, as HL7 writes a date.
    public var basicForm: String {
        guard (0...9999).contains(year) else { return year.zeroPadded(4) + month.zeroPadded(2) + day.zeroPadded(2) }
        return String(unsafeUninitializedCapacity: 8) { out in
            Self.digits(year, width: 4, into: out, at: 0)
            Self.digits(month, width: 2, into: out, at: 4)
            Self.digits(day, width: 2, into: out, at: 6)
            return 8
        }
    }

    /// Three numbers (not negative), the first `firstWidth` digits and the others two, zeros in front,
    /// `separator` between (`2025-04-03`, `09:15:00`), written into their bytes.
    static func threeNumbers(_ first: Int, firstWidth: Int, _ second: Int, _ third: Int, separator: UInt8) -> String {
        String(unsafeUninitializedCapacity: firstWidth + 6) { out in
            digits(first, width: firstWidth, into: out, at: 0)
            out[firstWidth] = separator
            digits(second, width: 2, into: out, at: firstWidth + 1)
            out[firstWidth + 3] = separator
            digits(third, width: 2, into: out, at: firstWidth + 4)
            return firstWidth + 6
        }
    }

    /// `value` (not negative, at most `width` digits) as `width` digits, zeros in front, at `at`.
    /// Two digits at a time, from the last: every trace's date and time is written when it is stored, and
    /// the outputs' too (a digit at a time through a stride cost some two hundred instructions a date).
    static func digits(_ value: Int, width: Int, into out: UnsafeMutableBufferPointer<UInt8>, at: Int) {
        var value = value
        var place = at + width
        while place - at >= 2 {
            let pair = value % 100
            value /= 100
            place -= 2
            out[place] = UInt8(truncatingIfNeeded: 0x30 + pair / 10)
            out[place + 1] = UInt8(truncatingIfNeeded: 0x30 + pair % 10)
        }
        if place > at { out[at] = UInt8(truncatingIfNeeded: 0x30 + value % 10) }
    }

    public static func < (l: LocalDate, r: LocalDate) -> Bool {
        (l.year, l.month, l.day) < (r.year, r.month, r.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        // 1 to 12 and 1 to 31, as the algorithm gives them.
        monthNumber = UInt8(m)
        dayOfMonth = UInt8(d)
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    /// Age in whole years on `date`.
    public func age(on date: LocalDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A wall-clock time in the practice's time zone.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hour: Int { Int(hourNumber) }
    public var minute: Int { Int(minuteNumber) }
    public var second: Int { Int(secondNumber) }
    /// A byte each, as a date's month and day (`LocalDate`): a trace's time is in its fields.
    private let hourNumber: UInt8
    private let minuteNumber: UInt8
    private let secondNumber: UInt8

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        hourNumber = UInt8(hour)
        minuteNumber = UInt8(minute)
        secondNumber = UInt8(second)
    }

    /// `HH:MM:SS`.
    public var description: String { LocalDate.threeNumbers(hour, firstWidth: 2, minute, second, separator: UInt8(ascii: ":")) }
    public var secondsSinceMidnight: Int { hour * 3600 + minute * 60 + second }
    public static func < (l: LocalTime, r: LocalTime) -> Bool { l.secondsSinceMidnight < r.secondsSinceMidnight }
}

/// Kept as its ISO text (`2024-03-07`): read back only where it is a real date.
extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not a date"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

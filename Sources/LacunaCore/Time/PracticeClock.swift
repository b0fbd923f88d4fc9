public import Foundation

/// Converts between the practice's wall clock and instants, daylight saving included.
///
/// Bank, terminal and practice exports speak local time; Stripe and HL7 with offsets speak instants.
/// Every trace keeps both: the instant (where the source gave a time) and the local date it falls on.
public struct PracticeClock: Sendable {
    /// The practice's zone, e.g. Pacific/Auckland.
    public let timeZone: TimeZone
    private let calendar: Calendar

    /// A clock for an IANA zone name; nil when the zone is unknown on this machine.
    public init?(timeZoneIdentifier: String) {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else { return nil }
        self.timeZone = zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// Coordinated universal time.
    public static let utc = PracticeClock(timeZoneIdentifier: "UTC")!

    /// The instant at which the practice's clock showed `time` on `date`.
    ///
    /// In the hour skipped when clocks go forward the time is read as if the change had not happened
    /// yet (02:30 becomes 03:30 daylight time); in the hour repeated when clocks go back the first
    /// occurrence is taken. Both are what a person writing the time would most likely have meant.
    public func instant(date: LocalDate, time: LocalTime) -> Date {
        var components = DateComponents()
        components.year = date.year
        components.month = date.month
        components.day = date.day
        components.hour = time.hour
        components.minute = time.minute
        components.second = time.second
        // Foundation resolves skipped and repeated wall times in the way documented above.
        if let instant = calendar.date(from: components) { return instant }
        // Not reachable for valid components; fall back to the standard offset.
        let offset = TimeInterval(timeZone.secondsFromGMT())
        let midnightUTC = Double(date.dayNumber) * 86_400
        return Date(timeIntervalSince1970: midnightUTC + Double(time.secondsSinceMidnight) - offset)
    }

    /// The local date and time at which `instant` happened.
    public func local(_ instant: Date) -> (date: LocalDate, time: LocalTime) {
        let offset = timeZone.secondsFromGMT(for: instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - day * 86_400
        return (LocalDate(dayNumber: day), LocalTime(hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)!)
    }

    /// The offset from UTC in force at `instant`, in seconds.
    public func offset(at instant: Date) -> Int { timeZone.secondsFromGMT(for: instant) }
}

extension Date {
    /// ISO 8601 in UTC with a `Z`, to the second: how instants are stored.
    public var isoUTC: String {
        let seconds = Int(timeIntervalSince1970.rounded(.down))
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - day * 86_400
        let date = LocalDate(dayNumber: day)
        guard (0...9999).contains(date.year) else {
            return "\(date)T" + LocalDate.threeNumbers(rest / 3600, firstWidth: 2, rest % 3600 / 60, rest % 60, separator: UInt8(ascii: ":")) + "Z"
        }
        // Written into its twenty bytes, as the date's and the time's own writing writes them: every stored
        // trace's time (put together by interpolation it cost some 1,900 instructions).
        return String(unsafeUninitializedCapacity: 20) { out in
            LocalDate.digits(date.year, width: 4, into: out, at: 0)
            out[4] = UInt8(ascii: "-")
            LocalDate.digits(date.month, width: 2, into: out, at: 5)
            out[7] = UInt8(ascii: "-")
            LocalDate.digits(date.day, width: 2, into: out, at: 8)
            out[10] = UInt8(ascii: "T")
            LocalDate.digits(rest / 3600, width: 2, into: out, at: 11)
            out[13] = UInt8(ascii: ":")
            LocalDate.digits(rest % 3600 / 60, width: 2, into: out, at: 14)
            out[16] = UInt8(ascii: ":")
            LocalDate.digits(rest % 60, width: 2, into: out, at: 17)
            out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// Parses ISO 8601 with an offset or `Z` (`2025-04-02T20:30:00Z`, `2025-04-03T09:30:00+13:00`,
    /// a space instead of `T`, fractional seconds ignored). Nil without an offset.
    public init?(iso8601 text: String) {
        if let stored = Date.storedUTC(text) {
            guard let stored else { return nil }
            self = stored
        } else {
            guard let any = Date.anyISO8601(text) else { return nil }
            self = any
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly, as `isoUTC` stores every instant, read from its bytes: the case's
    /// traces are read back on every run, and taking the text apart as characters was 2% of a run.
    /// Gives what `anyISO8601` gives for the same text (`.some(nil)` for a date or time that is no real
    /// moment); nil for any other form, which `anyISO8601` reads.
    static func storedUTC(_ text: String) -> Date?? {
        return text.withUTF8Bytes { b -> Date?? in
            guard b.count == 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
                  b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "Z") else { return nil }
            guard let year = b.digits(at: 0, width: 4), let month = b.digits(at: 5, width: 2), let day = b.digits(at: 8, width: 2),
                  let hour = b.digits(at: 11, width: 2), let minute = b.digits(at: 14, width: 2),
                  let second = b.digits(at: 17, width: 2) else { return nil }
            // Not a real moment: the general reading says nil too.
            guard let date = LocalDate(year: year, month: month, day: day), hour <= 23, minute <= 59, second <= 60 else { return .some(nil) }
            return Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second))
        }
    }

    /// Any ISO 8601 form with an offset or `Z` (see `init(iso8601:)`).
    static func anyISO8601(_ text: String) -> Date? {
        let t = text.trimmingSpaces()
        // ASCII without a CR (whose CR LF would be one character): each byte a character, read as bytes.
        if t.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return t.withUTF8Bytes { asciiISO8601($0) }
        }
        return anyISO8601ByCharacters(t)
    }

    /// `anyISO8601ByCharacters` of an ASCII text without a CR, each byte its character: a remnant's
    /// every time, and every instant a message or export writes.
    static func asciiISO8601(_ c: UnsafeBufferPointer<UInt8>) -> Date? {
        guard c.count >= 16 else { return nil }
        guard let date = LocalDate(iso: String(decoding: UnsafeBufferPointer(rebasing: c[0..<10]), as: UTF8.self)),
              c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " ") else { return nil }
        var index = 11
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        func number(_ width: Int) -> Int? {
            guard let n = c.digits(at: index, width: width) else { return nil }
            index += width
            return n
        }
        guard let hour = number(2), hour <= 23, index < c.count, c[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        guard let minute = number(2), minute <= 59 else { return nil }
        var second = 0
        if index < c.count, c[index] == UInt8(ascii: ":") { index += 1; guard let s = number(2), s <= 60 else { return nil }; second = s }
        if index < c.count, c[index] == UInt8(ascii: ".") || c[index] == UInt8(ascii: ",") {
            index += 1
            while index < c.count, isDigit(c[index]) { index += 1 }
        }
        guard index < c.count else { return nil }
        var offset = 0
        if c[index] == UInt8(ascii: "Z") || c[index] == UInt8(ascii: "z") { index += 1 }
        else if c[index] == UInt8(ascii: "+") || c[index] == UInt8(ascii: "-") {
            let sign = c[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let oh = number(2), oh <= 14 else { return nil }
            if index < c.count, c[index] == UInt8(ascii: ":") { index += 1 }
            let om = number(2) ?? 0
            guard om <= 59 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else { return nil }
        guard index == c.count || (c[index] == UInt8(ascii: "[") && c[c.count - 1] == UInt8(ascii: "]")) else { return nil }
        let seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `anyISO8601` taken apart as characters: any text (the reference the ASCII way is tested against).
    static func anyISO8601ByCharacters(_ t: String) -> Date? {
        guard t.count >= 16 else { return nil }
        let chars = Array(t)
        guard let date = LocalDate(iso: String(chars[0..<10])), chars[10] == "T" || chars[10] == " " else { return nil }
        var index = 11
        func number(_ width: Int) -> Int? {
            guard index + width <= chars.count, chars[index..<index + width].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let n = Int(String(chars[index..<index + width])) else { return nil }
            index += width
            return n
        }
        // A time that names no real moment (hour 99, minute 75) is not a time: nil, never rolled over
        // into another day.
        guard let hour = number(2), hour <= 23, index < chars.count, chars[index] == ":" else { return nil }
        index += 1
        guard let minute = number(2), minute <= 59 else { return nil }
        var second = 0
        if index < chars.count, chars[index] == ":" { index += 1; guard let s = number(2), s <= 60 else { return nil }; second = s }
        if index < chars.count, chars[index] == "." || chars[index] == "," {
            index += 1
            while index < chars.count, chars[index].isNumber { index += 1 }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        if chars[index] == "Z" || chars[index] == "z" { index += 1 }
        else if chars[index] == "+" || chars[index] == "-" {
            let sign = chars[index] == "-" ? -1 : 1
            index += 1
            guard let oh = number(2), oh <= 14 else { return nil }
            if index < chars.count, chars[index] == ":" { index += 1 }
            let om = number(2) ?? 0
            guard om <= 59 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else { return nil }
        // Nothing may follow but RFC 9557's zone name in brackets (`…+13:00[Pacific/Auckland]`).
        guard index == chars.count || (chars[index] == "[" && chars.last == "]") else { return nil }
        let seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

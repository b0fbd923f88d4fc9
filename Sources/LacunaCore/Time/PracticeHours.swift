import Foundation

/// The practice's working days and hours as the playbook states them (`hours:`): the weekdays it opens,
/// from when to when, and the dates it was closed although the weekday is a working one (a public
/// holiday, a staff day). Where the playbook says nothing, the days are learnt from the appointment book.
public struct PracticeHours: Sendable, Hashable {
    /// Opening and closing minutes after midnight, per ISO weekday (1 = Monday … 7 = Sunday).
    public var days: [Int: ClosedRange<Int>]
    /// Dates closed on a working weekday.
    public var closed: Set<LocalDate>

    public init(days: [Int: ClosedRange<Int>], closed: Set<LocalDate> = []) {
        self.days = days
        self.closed = closed
    }

    /// Whether the practice said it works on `date`.
    public func isOpen(_ date: LocalDate) -> Bool {
        days[date.isoWeekday] != nil && !closed.contains(date)
    }

    /// Reads one weekday key: `mon`, `Monday`, `tue`…, or a run such as `mon-fri`; nil where it names none.
    public static func weekdays(_ key: String) -> [Int]? {
        let parts = key.lowercased().split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        func day(_ word: String) -> Int? {
            DayWords.weekdays.first { entry in entry.prefixes.contains(word) || entry.prefixes[0] == word }?.iso
        }
        if parts.count == 1 { return day(parts[0]).map { [$0] } }
        guard parts.count == 2, let first = day(parts[0]), let last = day(parts[1]) else { return nil }
        var run = [first], current = first
        while current != last { current = current % 7 + 1; run.append(current) }
        return run
    }

    /// Reads one day's hours: `8:00-17:30`, `08:00 - 18:00`, `9am-12pm`, `8-5`; nil where it is not that.
    public static func hours(_ text: String) -> ClosedRange<Int>? {
        let parts = text.lowercased().split(separator: "-").map { $0.trimmingSpaces() }
        guard parts.count == 2, let open = minutes(parts[0]),
              var close = minutes(parts[1]) else { return nil }
        if close <= open, close < 12 * 60 { close += 12 * 60 }  // "8-5": the five is in the afternoon
        return open < close ? open...close : nil
    }

    private static func minutes(_ text: String) -> Int? {
        var body = Substring(text)
        var half: String?
        for suffix in ["am", "pm"] where body.hasSuffix(suffix) {
            half = suffix
            body = body.dropLast(2)
        }
        let pieces = body.trimmingSpaces().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), let hour = Int(pieces[0]), hour >= 0, hour <= 24 else { return nil }
        let minute = pieces.count == 2 ? Int(pieces[1]) : 0
        guard let minute, (0..<60).contains(minute) else { return nil }
        var h = hour
        if half == "pm", h < 12 { h += 12 }
        if half == "am", h == 12 { h = 0 }
        return h * 60 + minute
    }
}

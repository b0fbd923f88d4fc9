import Foundation
public import LacunaCore

/// Dates and times as the practice's papers write them: `Thursday 3 Apr 2025`, `Thu 3 Apr`,
/// `Thursday 3 and Friday 4 Apr 2025`, `2025-04-03 11:01`.
public enum DateWords {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Thursday 3 Apr 2025` (`Thursday 3 Apr` without the year).
    static func day(_ date: LocalDate, year: Bool = true) -> String {
        "\(weekdays[date.isoWeekday - 1]) \(date.day) \(months[date.month - 1])" + (year ? " \(date.year)" : "")
    }

    /// `18 Oct 1982`: a date of birth as staff read it.
    public static func date(_ date: LocalDate) -> String { "\(date.day) \(months[date.month - 1]) \(date.year)" }

    /// `Thu 3 Apr`.
    static func shortDay(_ date: LocalDate) -> String { "\(weekdays[date.isoWeekday - 1].prefix(3)) \(date.day) \(months[date.month - 1])" }

    /// The lost days: `Thursday 3 and Friday 4 Apr 2025`, or `Thu 3 and Fri 4 Apr` when `short` (as a
    /// text message names them); each end in full where the window is longer or crosses a month.
    static func window(_ window: Window, short: Bool = false) -> String {
        let dates = window.dates
        guard let first = dates.first, let last = dates.last else { return "" }
        guard dates.count <= 3, first.month == last.month, first.year == last.year else {
            // Short forms leave the year out, but for a window that crosses one.
            let years = first.year != last.year
            return short ? "\(shortDay(first))\(years ? " \(first.year)" : "") to \(shortDay(last))\(years ? " \(last.year)" : "")"
                : "\(day(first)) to \(day(last))"
        }
        let days = dates.map { short ? "\(weekdays[$0.isoWeekday - 1].prefix(3)) \($0.day)" : "\(weekdays[$0.isoWeekday - 1]) \($0.day)" }
        let joined = days.count == 1 ? days[0] : days.dropLast().joined(separator: ", ") + " and " + days.last!
        return "\(joined) \(months[first.month - 1])" + (short ? "" : " \(first.year)")
    }

    /// ` 11:01` where the time of day is known, else empty.
    static func clock(_ time: TraceTime) -> String { time.localTime.map { " " + $0.description.prefix(5) } ?? "" }

    /// `2025-04-03 11:01` (the date alone where no time of day is known).
    static func stamp(_ time: TraceTime) -> String { time.localDate.description + clock(time) }

    /// An instant on the practice's clock: `Wed 2 Dec 14:03 (+13:00)`.
    static func instant(_ instant: Date, clock: PracticeClock) -> String {
        let local = clock.local(instant)
        let offset = clock.offset(at: instant) / 60
        let sign = offset < 0 ? "-" : "+", hours = abs(offset) / 60, minutes = abs(offset) % 60
        return "\(shortDay(local.date)) \(local.time.description.prefix(5)) (\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes))"
    }
}

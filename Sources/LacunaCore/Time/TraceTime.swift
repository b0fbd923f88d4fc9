public import Foundation

/// The time a trace speaks of: always a local date, an instant where the source gave a time of day.
public struct TraceTime: Hashable, Sendable {
    /// How precisely the source fixed the time.
    public enum Precision: String, Sendable, Codable {
        case day, minute, second
    }

    /// The practice-local date the trace speaks of.
    public let localDate: LocalDate
    /// The practice-local wall time, where known.
    public let localTime: LocalTime?
    /// The instant, where the source gave a time of day.
    public let instant: Date?
    public let precision: Precision

    /// A date with no time of day.
    public init(date: LocalDate) {
        self.localDate = date
        self.localTime = nil
        self.instant = nil
        self.precision = .day
    }

    /// A local wall time, converted to an instant through the practice clock.
    public init(date: LocalDate, time: LocalTime, clock: PracticeClock, precision: Precision = .minute) {
        self.localDate = date
        self.localTime = time
        self.instant = clock.instant(date: date, time: time)
        self.precision = precision
    }

    /// An instant (UTC inputs such as Stripe), placed on the practice's local calendar.
    public init(instant: Date, clock: PracticeClock, precision: Precision = .second) {
        let local = clock.local(instant)
        self.localDate = local.date
        self.localTime = local.time
        self.instant = instant
        self.precision = precision
    }

    /// Rebuilds a stored time.
    public init(localDate: LocalDate, localTime: LocalTime?, instant: Date?, precision: Precision) {
        self.localDate = localDate
        self.localTime = localTime
        self.instant = instant
        self.precision = precision
    }
}

extension TraceTime {
    /// A trace time as one payload string (`2025-04-03 10:15:00|2025-04-02T21:15:00Z|second`), for
    /// times a trace carries besides its own (a result's report time beside its collection time).
    public var payloadText: String {
        [localDate.description + (localTime.map { " \($0)" } ?? ""), instant?.isoUTC ?? "", precision.rawValue].joined(separator: "|")
    }

    /// Reads `payloadText` back.
    public init?(payloadText: String) {
        let parts = payloadText.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        let dateAndTime = parts[0].split(separator: " ")
        guard let first = dateAndTime.first, let date = LocalDate(iso: String(first)) else { return nil }
        var time: LocalTime?
        if dateAndTime.count > 1 {
            let hms = dateAndTime[1].split(separator: ":").compactMap { Int($0) }
            if hms.count == 3 { time = LocalTime(hour: hms[0], minute: hms[1], second: hms[2]) }
        }
        self.init(localDate: date, localTime: time, instant: parts[1].isEmpty ? nil : Date(iso8601: parts[1]),
                  precision: Precision(rawValue: parts[2]) ?? .day)
    }
}

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

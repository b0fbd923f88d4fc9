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
    /// The time as the practice reads it, in ISO 8601: its local date and wall time with the offset from
    /// UTC it had then (`2025-04-03T10:15:00+13:00`), the local wall time where no instant is known
    /// (`2025-04-03T10:15:00`), the date alone where no time of day is (`2025-04-03`).
    public var isoLocal: String {
        guard let time = localTime else { return localDate.description }
        let wall = localDate.description + "T" + time.description
        guard let instant else { return wall }
        let local = localDate.dayNumber * 86_400 + time.hour * 3_600 + time.minute * 60 + time.second
        let offset = local - Int(instant.timeIntervalSince1970.rounded(.down))
        let sign = offset < 0 ? "-" : "+", minutes = abs(offset) / 60
        let hh = minutes / 60, mm = minutes % 60
        return wall + sign + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// A trace time as one payload string (`2025-04-03 10:15:00|2025-04-02T21:15:00Z|second`), for
    /// times a trace carries besides its own (a result's report time beside its collection time).
    public var payloadText: String {
        [localDate.description + (localTime.map { " \($0)" } ?? ""), instant?.isoUTC ?? "", precision.rawValue].joined(separator: "|")
    }

    /// Reads `payloadText` back.
    public init?(payloadText: String) {
        // Taken apart by its bytes (as written, ASCII): every result and letter's time received, every run.
        let parts = payloadText.split(byte: UInt8(ascii: "|"), omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        let dateAndTime = parts[0].split(byte: 0x20)
        guard let first = dateAndTime.first, let date = LocalDate(iso: String(first)) else { return nil }
        var time: LocalTime?
        if dateAndTime.count > 1 {
            let hms = dateAndTime[1].split(byte: UInt8(ascii: ":")).compactMap { Int($0) }
            if hms.count == 3 { time = LocalTime(hour: hms[0], minute: hms[1], second: hms[2]) }
        }
        self.init(localDate: date, localTime: time, instant: parts[1].isEmpty ? nil : Date(iso8601: parts[1]),
                  precision: Precision(rawValue: parts[2]) ?? .day)
    }
}

public import Foundation

/// The lost window: the local dates whose records the practice system no longer holds.
public struct Window: Sendable, Hashable {
    /// First lost local date.
    public let from: LocalDate
    /// Last lost local date (inclusive).
    public let to: LocalDate
    /// Where the playbook gave datetimes: the exact lost span [start, end).
    public let start: Date?
    public let end: Date?

    public init(from: LocalDate, to: LocalDate, start: Date? = nil, end: Date? = nil) {
        self.from = from
        self.to = to
        self.start = start
        self.end = end
    }

    /// Every local date of the window, in order.
    public var dates: [LocalDate] {
        guard from <= to else { return [] }
        return (from.dayNumber...to.dayNumber).map(LocalDate.init(dayNumber:))
    }

    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    /// Whether a timed trace falls in the window, at the finest precision the window was given.
    public func contains(_ time: TraceTime) -> Bool {
        if let start, let end, let instant = time.instant { return start <= instant && instant < end }
        return contains(time.localDate)
    }
}

public import LacunaCore

/// The days of the window the practice was open, learnt from its own records. A day with bookings,
/// an invoice or a card payment at the desk was open. A day without: closed where the appointment
/// book shows the practice does not work that weekday, or where the book plainly covers the window
/// (its other window days are busy) and holds nothing that day (a public holiday). With too small a
/// book to learn from, every day may have been open. Statements (a caller's "Sunday", a day on a GP's
/// list) cannot put a visit on a closed day; records can, because they show someone there. Where the
/// playbook states the practice's hours, they decide, a day with records still counting as open.
public enum PracticeDays {
    /// Fewer bookings than this in the whole book teach nothing about the practice's days.
    static let enough = 20
    /// Bookings a window day has, on average, when the book plainly covers the window.
    static let busy = 5.0

    public static func open(traces: [Trace], window: Window, hours: PracticeHours? = nil) -> Set<LocalDate> {
        if let hours {
            let present = Set(traces.filter { record in
                record.kind == .ledger || (record.kind == .eftpos && record.recordType == "card-payment")
                    || (record.kind == .appointments && !["dna", "cancelled"].contains(record.payload["_status"] ?? ""))
            }.compactMap { $0.time?.localDate })
            return Set(window.dates.filter { hours.isOpen($0) || present.contains($0) })
        }
        var perDay: [LocalDate: Int] = [:]
        for trace in traces where trace.kind == .appointments {
            if let day = trace.time?.localDate { perDay[day, default: 0] += 1 }
        }
        guard perDay.values.reduce(0, +) >= enough, let first = perDay.keys.min(), let last = perDay.keys.max() else { return Set(window.dates) }
        let present = Set(traces.filter { $0.kind == .ledger || ($0.kind == .eftpos && $0.recordType == "card-payment") }
            .compactMap { $0.time?.localDate })
        // The weekdays the book shows the practice working, on at least half of the weeks it covers.
        var seen: [Int: Int] = [:], worked: [Int: Int] = [:]
        var day = first
        while day <= last {
            seen[day.isoWeekday, default: 0] += 1
            if perDay[day] != nil { worked[day.isoWeekday, default: 0] += 1 }
            day = day.adding(days: 1)
        }
        func usuallyWorked(_ weekday: Int) -> Bool {
            guard let total = seen[weekday], total > 0 else { return true }
            return Double(worked[weekday] ?? 0) / Double(total) >= 0.5
        }
        let bookedWindowDays = window.dates.compactMap { perDay[$0] }
        let coversWindow = !bookedWindowDays.isEmpty && Double(bookedWindowDays.reduce(0, +)) / Double(bookedWindowDays.count) >= busy
        return Set(window.dates.filter { date in
            if perDay[date] != nil || present.contains(date) { return true }
            return usuallyWorked(date.isoWeekday) && !coversWindow
        })
    }
}

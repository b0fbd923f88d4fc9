public import LacunaCore

/// The days of the window the practice was open, learnt from its own records: where the appointment
/// book covers the window, the days it holds bookings on (and days an invoice or a card payment at the
/// desk shows people there); where it does not, the weekdays on which the book shows the practice
/// working. Statements (a caller's "Sunday", a day on a GP's list) cannot put a visit on a closed day;
/// records can, because they show someone there.
public enum PracticeDays {
    public static func open(traces: [Trace], window: Window) -> Set<LocalDate> {
        let booked = Set(traces.filter { $0.kind == .appointments }.compactMap { $0.time?.localDate })
        guard !booked.isEmpty else { return Set(window.dates) }
        let present = Set(traces.filter { $0.kind == .ledger || ($0.kind == .eftpos && $0.recordType == "card-payment") }
            .compactMap { $0.time?.localDate })
        let inWindow = window.dates.filter(booked.contains)
        if !inWindow.isEmpty {
            return Set(inWindow).union(window.dates.filter(present.contains))
        }
        // The book stops before the window: the weekdays it shows the practice working, on at least half
        // of the weeks it covers.
        guard let first = booked.min(), let last = booked.max() else { return Set(window.dates) }
        var seen: [Int: Int] = [:], worked: [Int: Int] = [:]
        var day = first
        while day <= last {
            seen[day.isoWeekday, default: 0] += 1
            if booked.contains(day) { worked[day.isoWeekday, default: 0] += 1 }
            day = day.adding(days: 1)
        }
        return Set(window.dates.filter { date in
            let weekday = date.isoWeekday
            guard let total = seen[weekday], total > 0 else { return true }
            return Double(worked[weekday] ?? 0) / Double(total) >= 0.5 || present.contains(date)
        })
    }
}

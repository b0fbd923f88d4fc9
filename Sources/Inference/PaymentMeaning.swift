import LacunaCore

/// What the ledger says about invoice numbers: the last one issued before the loss, and how many
/// numbers a day of each weekday uses, so that an invoice paid later can be placed on a day.
struct InvoiceNumbering {
    /// The highest invoice number in the ledger, and the day it was issued.
    var last: (number: Int, date: LocalDate)?
    /// ISO weekday (1 = Monday) → invoice numbers used on such a day, on average.
    var perWeekday: [Int: Double] = [:]
    /// The lowest invoice number in the ledger.
    var first: Int?
    /// How many digits the ledger's invoice numbers are written with (`INV-004512`: 6), most often.
    var width: Int?

    init(traces: [Trace]) {
        var highestByDay: [LocalDate: Int] = [:]
        var widths: [Int: Int] = [:]
        for trace in traces where trace.kind == .ledger {
            guard let day = trace.time?.localDate, let text = trace.payload["_invoice"], let number = InvoiceNumber.number(text) else { continue }
            highestByDay[day] = max(highestByDay[day] ?? 0, number)
            first = min(first ?? number, number)
            widths[InvoiceNumber.writtenDigits(text).count, default: 0] += 1
        }
        width = widths.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
        let days = highestByDay.keys.sorted()
        guard let lastDay = days.last else { return }
        last = (highestByDay[lastDay]!, lastDay)
        var used: [Int: [Int]] = [:]
        for (previous, day) in zip(days, days.dropFirst()) {
            // Numbers used since the previous invoiced day, given to this day (closed days use none).
            used[day.isoWeekday, default: []].append(max(0, highestByDay[day]! - highestByDay[previous]!))
        }
        for (weekday, counts) in used { perWeekday[weekday] = Double(counts.reduce(0, +)) / Double(counts.count) }
    }

    /// The invoice numbers a reference cut short may be (`1023` of five-digit numbers: 10230…10239),
    /// where the ledger says how long its numbers are; nil when it does not, or the digits are whole.
    func numbers(startingWith written: String) -> ClosedRange<Int>? {
        guard let width, written.count < width, let low = Int(written + String(repeating: "0", count: width - written.count)),
              let high = Int(written + String(repeating: "9", count: width - written.count)) else { return nil }
        return low...high
    }

    /// Whether a bare number in a reference can be one of the practice's invoices: from the ledger's
    /// first to a few weeks past its last.
    func isPlausibleInvoice(_ number: Int) -> Bool {
        guard let first, let last else { return false }
        let pace = perWeekday.values.reduce(0, +)
        return number >= first && number <= last.number + max(200, Int(pace * 4))
    }

    /// Whether the invoice was issued after the ledger's last, i.e. in the lost window.
    func issuedAfterLedger(_ number: Int) -> Bool {
        guard let last else { return false }
        return number > last.number
    }

    /// The days an invoice issued after the ledger's last most likely falls on: the day where the
    /// numbering reaches it at each weekday's usual pace, and its neighbour when it is near a boundary.
    func likelyDays(of number: Int, within window: Window) -> [LocalDate] {
        guard let last, number > last.number, !perWeekday.isEmpty else { return window.dates }
        let wanted = Double(number - last.number)
        var reached = 0.0
        var day = last.date
        for _ in 0..<60 {
            day = day.adding(days: 1)
            let pace = perWeekday[day.isoWeekday] ?? 0
            guard pace > 0 else { continue }
            let before = reached
            reached += pace
            if wanted <= reached {
                var days = [day]
                if wanted - before < pace * 0.15, let previous = previousWorkingDay(before: day) { days.insert(previous, at: 0) }
                if reached - wanted < pace * 0.15, let next = nextWorkingDay(after: day) { days.append(next) }
                return days.filter(window.contains)
            }
        }
        return []
    }

    private func previousWorkingDay(before day: LocalDate) -> LocalDate? {
        (1...4).map { day.adding(days: -$0) }.first { (perWeekday[$0.isoWeekday] ?? 0) > 0 }
    }

    private func nextWorkingDay(after day: LocalDate) -> LocalDate? {
        (1...4).map { day.adding(days: $0) }.first { (perWeekday[$0.isoWeekday] ?? 0) > 0 }
    }
}

extension TraceMeaning {
    /// A card payment at the practice's terminal is someone at the front desk (or on a video call)
    /// that day; a declined card still places them there. An internet-banking payment of an invoice
    /// issued after the ledger's last was for a consultation in the window, on the day its number
    /// points to; one without an invoice points weakly to the days before the money arrived.
    static func paymentMeaning(_ trace: Trace, window: Window, invoices: InvoiceNumbering) -> TraceMeaning? {
        guard let time = trace.time else { return nil }
        let amount = trace.payload["_amount"].map { "$\($0)" } ?? "a payment"
        switch (trace.kind, trace.recordType) {
        case (.eftpos, "card-payment") where trace.payload["_invoice"].flatMap(InvoiceNumber.number).map(invoices.issuedAfterLedger) == true
                                              && !window.contains(time):
            // Paid online after the window for an invoice issued in it (an invoice link after a video
            // consultation): dated by its invoice, not by when it was paid.
            let number = trace.payload["_invoice"].flatMap(InvoiceNumber.number)!
            let days = invoices.likelyDays(of: number, within: window)
            guard !days.isEmpty, time.localDate > window.to else { return nil }
            let card = trace.identity.cardLast4.map { " card …\($0)" } ?? " card"
            return TraceMeaning(dates: days, strength: 0.8,
                                summary: "paid invoice \(number) \(amount) by\(card) on \(time.localDate): issued in the lost window (ledger ends at \(invoices.last!.number))",
                                provider: nil, showsAttendance: true)
        case (.eftpos, "card-payment"), (.eftpos, "declined"):
            guard window.contains(time) else { return nil }
            let at = time.localTime.map { " at \(String($0.description.prefix(5)))" } ?? ""
            let card = trace.identity.cardLast4.map { " card …\($0)" } ?? " card"
            let terminal = [trace.payload["_vendor"], trace.payload["_terminal"]].compactMap { $0 }.joined(separator: " ")
            let on = terminal.isEmpty ? "" : " (\(terminal))"
            if trace.recordType == "declined" {
                return TraceMeaning(dates: [time.localDate], strength: 0.5, summary: "card declined\(at)\(on)",
                                    provider: nil, showsAttendance: false)
            }
            return TraceMeaning(dates: [time.localDate], strength: 0.85, summary: "paid \(amount) by\(card)\(at)\(on)",
                                provider: nil, showsAttendance: true)
        case (.bank, "internet-banking"):
            // The invoice it pays: whole, cut short by the bank's 12 characters (a range), or a bare number in the invoice range.
            var range: ClosedRange<Int>?
            if let number = trace.payload["_invoice"].flatMap(InvoiceNumber.number) { range = number...number }
            else if let prefix = trace.payload["_invoice_prefix"] {
                range = invoices.numbers(startingWith: prefix) ?? InvoiceNumber.number(prefix).map { $0...$0 }
            } else if let bare = (trace.payload["_numbers"] ?? "").split(separator: " ").compactMap({ Int($0) }).first(where: invoices.isPlausibleInvoice) {
                range = bare...bare
            }
            if let range, let last = invoices.last {
                if range.upperBound <= last.number { return nil }  // pays an invoice from before the loss
                if range.lowerBound > last.number {
                    let days = Array(Set(invoices.likelyDays(of: range.lowerBound, within: window) + invoices.likelyDays(of: range.upperBound, within: window))).sorted()
                    guard !days.isEmpty else { return nil }
                    let which = range.count == 1 ? "invoice \(range.lowerBound)" : "an invoice \(range.lowerBound)–\(range.upperBound) (reference cut short)"
                    return TraceMeaning(dates: days, strength: range.count == 1 ? 0.85 : 0.75,
                                        summary: "paid \(which) by internet banking on \(time.localDate): issued in the lost window (ledger ends at \(last.number))",
                                        provider: nil, showsAttendance: true)
                }
                // Cut short across the ledger's last invoice: it may be either; read like a payment without one.
            }
            // Money arrives 0–3 days after the visit: the share of those days inside the window is the
            // chance the visit was in it. Under a half, the payment only supports other evidence.
            let days = (0...3).map { time.localDate.adding(days: -$0) }.filter(window.contains).sorted()
            guard !days.isEmpty else { return nil }
            let inWindow = Double(days.count) / 4
            let payer = trace.identity.payerName.map { " from \($0)" } ?? ""
            return TraceMeaning(dates: days, strength: 0.8 * inWindow, summary: "paid \(amount) by internet banking\(payer) on \(time.localDate)",
                                provider: nil, showsAttendance: false, supportsOnly: inWindow < 0.5)
        default:
            return nil
        }
    }
}

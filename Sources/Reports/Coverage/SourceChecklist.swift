import LacunaCore

/// The sources a recovery asks others for (DOMAIN §1), and how far each has come: received, received
/// but not covering the lost days, not received, or not readable by this build. What is not complete
/// gets a request letter.
struct SourceChecklist {
    enum State: String {
        case received
        case incomplete
        case notReceived = "not received"
        case cannotRead = "cannot read yet"
    }

    struct Item {
        /// File label and template suffix (`lab` → `request-lab.txt`).
        var key: String
        var title: String
        var state: State
        /// What was found, or what is missing and why it matters.
        var note: String
    }

    var items: [Item]

    init(_ view: CaseView) {
        let weekdays = view.window.dates.filter { $0.isoWeekday <= 5 }
        func sources(_ kinds: [SourceKind]) -> [SourceSummary] { view.sources.filter { kinds.contains($0.kind) } }
        // One pass over the traces: the days each kind's records (and the book's bookings) fall on.
        var datesByKind: [SourceKind: Set<LocalDate>] = [:]
        var bookingDates: Set<LocalDate> = []
        for trace in view.traces.values {
            guard let date = trace.time?.localDate else { continue }
            datesByKind[trace.kind, default: []].insert(date)
            if trace.kind == .appointments, trace.recordType == "booking" { bookingDates.insert(date) }
        }
        func traceDates(_ kind: SourceKind) -> Set<LocalDate> { datesByKind[kind] ?? [] }
        func days(_ dates: [LocalDate]) -> String { dates.map { DateWords.day($0) }.joined(separator: ", ") }
        func base(_ key: String, _ title: String, _ kinds: [SourceKind], check: () -> (State, String)) -> Item {
            let given = sources(kinds)
            if given.isEmpty || given.allSatisfy({ $0.files == 0 }) {
                return Item(key: key, title: title, state: .notReceived, note: "not in the playbook yet")
            }
            if given.allSatisfy({ $0.status != "imported" }) {
                return Item(key: key, title: title, state: .cannotRead, note: "\(given.map(\.files).reduce(0, +)) file(s) received; this build cannot read them yet")
            }
            let (state, note) = check()
            return Item(key: key, title: title, state: state, note: note)
        }

        var list: [Item] = []
        list.append(base("lab", "Laboratory resend of results", [.lab]) {
            let dates = traceDates(.lab)
            let missing = weekdays.filter { !dates.contains($0) }
            return missing.isEmpty ? (.received, "results on every lost weekday")
                : (.incomplete, "no result dated \(days(missing)): ask for a resend covering the whole window")
        })
        list.append(base("healthlink", "Healthlink resend of referrals and letters", [.healthlink]) {
            let dates = traceDates(.healthlink)
            let inWindow = view.window.dates.filter(dates.contains)
            return inWindow.isEmpty ? (.incomplete, "nothing dated in the lost days: ask for the mailbox's resend of those days")
                : (.received, "messages on \(inWindow.count) of \(view.window.dates.count) lost day(s)")
        })
        list.append(base("portal", "Patient portal messages", [.portal]) {
            let dates = traceDates(.portal)
            let inWindow = view.window.dates.filter(dates.contains)
            return inWindow.isEmpty ? (.incomplete, "no message dated in the lost days: ask for the portal's export of those days")
                : (.received, "messages on \(inWindow.count) of \(view.window.dates.count) lost day(s)")
        })
        list.append(base("bank", "Bank statements", [.bank]) {
            let last = traceDates(.bank).max()
            let needed = view.window.to.adding(days: 3)
            guard let last else { return (.incomplete, "no dated transaction read") }
            return last < needed ? (.incomplete, "statements end \(last); internet-banking payments arrive up to three days after a visit, so ask for statements to \(needed)")
                : (.received, "statements run to \(last)")
        })
        list.append(base("eftpos", "EFTPOS terminal reports", [.eftpos]) {
            let missingExport = view.settlements.filter { $0.state == .missingTerminalExport }
            let dates = traceDates(.eftpos)
            let missing = weekdays.filter { !dates.contains($0) }
            if !missingExport.isEmpty {
                return (.incomplete, "\(missingExport.count) bank settlement line(s) with no terminal export: a terminal's report is missing")
            }
            return missing.isEmpty ? (.received, "card payments on every lost weekday; settlements reconcile")
                : (.incomplete, "no card payment dated \(days(missing))")
        })
        list.append(base("appointments", "Appointment book", [.appointments]) {
            let dates = bookingDates
            let missing = weekdays.filter { !dates.contains($0) }
            return missing.isEmpty ? (.received, "bookings on every lost weekday (same-day bookings and walk-ins are never in it)")
                : (.incomplete, "no booking on \(days(missing))")
        })
        let remembered = sources([.remembered]).filter { $0.files > 0 }
        let callbacks = sources([.callbacks]).filter { $0.files > 0 }
        var paperNote = "day sheets, handwritten notes, forms and certificates to gather and scan"
        if !remembered.isEmpty { paperNote = "the clinicians' remembered lists are in; " + paperNote }
        if !callbacks.isEmpty { paperNote += "; patients' callbacks are being recorded" }
        list.append(Item(key: "paper", title: "Paper records and remembered lists", state: remembered.isEmpty ? .notReceived : .incomplete,
                         note: paperNote))
        items = list
    }

    /// The request letters for every item not complete: `requests/<key>.txt`.
    func letters(_ view: CaseView, options: WorkOptions) -> [(name: String, text: String)] {
        items.filter { $0.state != .received }.map { item in
            let text = options.templates.fill("request-\(item.key)", [
                "practice": view.practiceName, "phone": view.practicePhone ?? "",
                "window": DateWords.window(view.window), "today": DateWords.day(options.today),
                "what": "\(item.title): \(item.note).",
            ])
            return (name: "\(item.key).txt", text: text)
        }
    }
}

public import LacunaCore

/// Reconciles the bank's daily card settlements with the terminal exports: each settlement line
/// should equal one terminal's takings (purchases less refunds and reversals) of the day or days
/// before it (a Monday line often pays Friday to Sunday). What does not add up is a gap: a terminal
/// export not given, a day whose takings differ, takings no settlement pays.
public enum SettlementReconciliation {
    /// Days around the window that are reconciled; a statement may run for months.
    static let margin = 14

    public static func reconcile(traces: [Trace], window: Window) -> [SettlementCheck] {
        let first = window.from.adding(days: -margin), last = window.to.adding(days: margin)
        // Terminal takings per terminal group and day.
        var takings: [String: [LocalDate: Int]] = [:]
        var identifiers: [String: Set<String>] = [:]
        for trace in traces where trace.kind == .eftpos {
            guard let day = trace.time?.localDate, let cents = trace.payload["_amount"].flatMap(Money.parse) else { continue }
            // A terminal is its vendor, else its layout (an export read from its columns alone is its own
            // file), and its merchant number where the export gives one: acquirers settle per merchant.
            let layout = trace.payload["_layout"].flatMap { $0 == "inferred" ? nil : $0 }
            let base = trace.payload["_vendor"] ?? layout ?? trace.file
            let group = trace.payload["_merchant"].map { "\(base) \($0)" } ?? base
            for id in [trace.payload["_merchant"], trace.payload["_terminal"]].compactMap({ $0 }) where id.count >= 4 {
                identifiers[group, default: []].insert(id.uppercased())
            }
            switch trace.recordType {
            case "card-payment": takings[group, default: [:]][day, default: 0] = Money.add(takings[group]?[day] ?? 0, cents)
            case "refund", "reversal":
                takings[group, default: [:]][day, default: 0] = Money.add(takings[group]?[day] ?? 0, -abs(cents))
            default: continue
            }
        }
        let settlements = traces.filter { $0.kind == .bank && $0.recordType == "settlement" }
            .compactMap { t -> (Trace, LocalDate, Int)? in
                guard let day = t.time?.localDate, day >= first, day <= last,
                      let cents = t.payload["_amount"].flatMap(Money.parse), cents > 0 else { return nil }
                return (t, day, cents)
            }
            .sorted { ($0.1, $0.0.file, $0.0.locator.byteOffset ?? 0, $0.0.id ?? 0) < ($1.1, $1.0.file, $1.0.locator.byteOffset ?? 0, $1.0.id ?? 0) }
        let bankDays = traces.filter { $0.kind == .bank }.compactMap { $0.time?.localDate }
        guard let bankFrom = bankDays.min(), let bankTo = bankDays.max() else { return [] }

        var claimed: [String: Set<LocalDate>] = [:]
        var settlingGroups: Set<String> = []
        var checks: [SettlementCheck] = []
        // The days each terminal export covers: a settlement for days before a terminal's export
        // begins cannot be checked, and is not a gap.
        var exportFrom: [String: LocalDate] = [:], exportTo: [String: LocalDate] = [:]
        for (group, days) in takings {
            exportFrom[group] = days.keys.min()
            exportTo[group] = days.keys.max()
        }
        for (trace, day, cents) in settlements {
            let text = (trace.payload["_settlement_text"] ?? "").uppercased()
            let named = takings.keys.sorted().filter { group in
                text.contains(group.uppercased()) || (identifiers[group] ?? []).contains { text.contains($0) }
            }
            let groups = (named.isEmpty ? takings.keys.sorted() : named)
                .filter { day.adding(days: -1) >= exportFrom[$0]! && day.adding(days: -4) <= exportTo[$0]! }
            // Terminals (named, or any where none is) whose exports do not reach the days this line
            // settles: not checkable, and no gap.
            if groups.isEmpty && !takings.isEmpty { continue }
            if let (group, run, total) = findRun(cents, before: day, groups: groups, takings: takings, claimed: claimed) {
                claimed[group, default: []].formUnion(run)
                settlingGroups.insert(group)
                checks.append(SettlementCheck(bankDate: day, terminal: group, bankCents: cents, terminalCents: total, takingsDates: run,
                                              state: .matched, bankTraceID: trace.id, note: "settles \(describe(run))"))
            } else if let group = named.first {
                settlingGroups.insert(group)
                // Compare with the nearest earlier day of takings not yet settled.
                let previous = (1...4).map { day.adding(days: -$0) }
                    .first { takings[group]?[$0] != nil && claimed[group]?.contains($0) != true }
                let total = previous.flatMap { takings[group]?[$0] }
                if let previous { claimed[group, default: []].insert(previous) }
                checks.append(SettlementCheck(
                    bankDate: day, terminal: group, bankCents: cents, terminalCents: total, takingsDates: previous.map { [$0] } ?? [],
                    state: .differs, bankTraceID: trace.id,
                    note: previous.map { "does not add up with the takings of \($0): a missing or extra transaction, or a terminal export that is incomplete" }
                        ?? "no takings in the terminal export for the days before it: is a day of the export missing?"))
            } else {
                checks.append(SettlementCheck(
                    bankDate: day, terminal: nil, bankCents: cents, terminalCents: nil, takingsDates: [], state: .missingTerminalExport,
                    bankTraceID: trace.id,
                    note: "no terminal export adds up to this settlement: ask the acquirer for the terminal's transactions"))
            }
        }
        // Takings of a terminal that settles into these accounts, on days the statements cover, that no
        // settlement line pays.
        for group in settlingGroups.sorted() {
            for (day, total) in (takings[group] ?? [:]).sorted(by: { $0.key < $1.key }) where total != 0 {
                guard day >= first, day <= last, day >= bankFrom, day.adding(days: 1) <= bankTo,
                      claimed[group]?.contains(day) != true else { continue }
                checks.append(SettlementCheck(bankDate: nil, terminal: group, bankCents: nil, terminalCents: total, takingsDates: [day],
                                              state: .notInBank, bankTraceID: nil,
                                              note: "takings of \(day) not found in the bank statements: a statement missing, or paid to another account"))
            }
        }
        return checks.sorted { ($0.bankDate ?? $0.takingsDates.first ?? window.from, $0.terminal ?? "") < ($1.bankDate ?? $1.takingsDates.first ?? window.from, $1.terminal ?? "") }
    }

    /// The run of consecutive days, ending one to three days before the settlement and up to four
    /// long, whose takings (not yet settled) add up to it; the nearest and shortest first.
    static func findRun(_ cents: Int, before day: LocalDate, groups: [String], takings: [String: [LocalDate: Int]],
                        claimed: [String: Set<LocalDate>]) -> (String, [LocalDate], Int)? {
        for end in 1...3 {
            for length in 1...4 {
                let run = (0..<length).map { day.adding(days: -(end + $0)) }.reversed()
                for group in groups {
                    let days = takings[group] ?? [:]
                    guard run.allSatisfy({ claimed[group]?.contains($0) != true }), days[run.last!] != nil else { continue }
                    let total = run.reduce(0) { Money.add($0, days[$1] ?? 0) }
                    if total == cents { return (group, Array(run), total) }
                }
            }
        }
        return nil
    }

    static func describe(_ days: [LocalDate]) -> String {
        days.count == 1 ? "the takings of \(days[0])" : "the takings of \(days.first!) to \(days.last!)"
    }
}

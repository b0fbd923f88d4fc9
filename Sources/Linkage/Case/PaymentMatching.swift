import LacunaCore

/// What the practice's own records teach about money: which card paid for whom (the ledger before the
/// loss), which invoice was whose, who lives together, and who the other evidence places at the
/// practice when. A card payment points to the patients its card paid for before and their households;
/// the day's bookings say which of them it was.
struct PaymentMatching {
    /// Card last 4 → patients whose visits it paid for (ledger rows before the loss).
    private var cards: [String: Set<Int>] = [:]
    /// Invoice number → patient.
    private var invoices: [Int: Int] = [:]
    /// Invoice digits as the ledger writes them → patient, for references cut short.
    private let invoiceDigits: InvoicesByDigits
    /// Each household's patients (those of the register sharing a folded address), by its number.
    private var households: [[Int]] = []
    /// Each patient's household number, by their place in the register; -1 for none (no address). A
    /// payer's household asked of arrays: a common family name's payers are hundreds in a large register.
    private var householdOf: [Int32] = []
    /// Patient → day → times of other evidence that day (nil time where the evidence has none).
    private var activity: [Int: [LocalDate: [LocalTime?]]] = [:]
    /// Day → the patients other evidence places at the practice that day (`activity` turned round).
    private var activeOn: [LocalDate: Set<Int>] = [:]
    /// Patient (by place in the register) → the days other evidence places them at the practice, as day
    /// numbers: whether each of many patients was seen in the days before a payment, asked of an array.
    private var activeDays: [[Int]] = []

    /// Learns from the register (households) and from traces already linked (ledger cards and
    /// invoices; the day's other evidence).
    /// The practice's clinicians, for a payer who names whom they saw (`DR LIU`).
    var clinicians = Clinicians([])

    init(index: RegisterIndex, traces: [Trace], links: [Link], providers: [Provider] = []) {
        clinicians = Clinicians(providers)
        householdOf = Array(repeating: -1, count: index.patients.count)
        // Household key (folded address, hashed by `FastHash`) → its number.
        var numbers: [TextKey: Int32] = [:]
        for (position, patient) in index.patients.enumerated() {
            guard let address = patient.identity.address else { continue }
            let key = NameFolding.key(address)
            guard !key.isEmpty else { continue }
            let number = numbers[TextKey(key)] ?? Int32(households.count)
            if number == households.count {
                numbers[TextKey(key)] = number
                households.append([])
            }
            households[Int(number)].append(position)
            householdOf[position] = number
        }
        activeDays = Array(repeating: [], count: index.patients.count)
        let byID = TracesByID(traces)
        var ledgerRows: [LocalDate: [(time: LocalTime?, cents: Int, patient: Int)]] = [:]
        var digitsOwners: [String: Int] = [:]
        for link in links where link.rule != "register" {
            guard let trace = byID[link.traceID], let patient = index.index(ofPatientID: link.patientID) else { continue }
            if trace.kind == .ledger {
                if let card = trace.identity.cardLast4 { cards[card, default: []].insert(patient) }
                if let text = trace.payload["_invoice"], let invoice = InvoiceNumber.number(text) {
                    invoices[invoice] = patient
                    digitsOwners[InvoiceNumber.writtenDigits(text)] = patient
                }
                if let time = trace.time, let cents = trace.payload["_amount"].flatMap(Money.parse), link.weight >= 0.7 {
                    ledgerRows[time.localDate, default: []].append((time.localTime, abs(cents), patient))
                }
            } else if let time = trace.time, link.weight >= 0.7, Self.placesAtPractice(trace) {
                activity[patient, default: [:]][time.localDate, default: []].append(time.localTime)
                activeOn[time.localDate, default: []].insert(patient)
                let day = time.localDate.dayNumber
                if !activeDays[patient].contains(day) { activeDays[patient].append(day) }
            }
        }
        invoiceDigits = InvoicesByDigits(digitsOwners)
        learnCards(from: traces, ledgerRows: ledgerRows)
    }

    /// Day → the minutes of the day's evidence with the patient each places at the practice, earliest
    /// first (`activity` turned round; evidence without a time left out): a payment looks only at the
    /// hour before it, not at every patient seen that day.
    private static func timesByDay(_ activity: [Int: [LocalDate: [LocalTime?]]]) -> [LocalDate: [(minute: Int, patient: Int)]] {
        var days: [LocalDate: [(minute: Int, patient: Int)]] = [:]
        for (patient, byDay) in activity {
            for (day, times) in byDay {
                for case let time? in times { days[day, default: []].append((time.hour * 60 + time.minute, patient)) }
            }
        }
        for day in days.keys { days[day]!.sort { ($0.minute, $0.patient) < ($1.minute, $1.patient) } }
        return days
    }

    /// The one patient with evidence on `times` (one day's, earliest first) in the hour up to `paid`
    /// (minutes), or nil for none or several.
    private static func onlyPatient(in times: [(minute: Int, patient: Int)], hourBefore paid: Int) -> Int? {
        // The first at or after an hour before, by halving.
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle].minute < paid - 60 { low = middle + 1 } else { high = middle }
        }
        var only: Int?
        for entry in times[low...] {
            guard entry.minute <= paid else { break }
            if let found = only, found != entry.patient { return nil }
            only = entry.patient
        }
        return only
    }

    /// A ledger row's day and amount (cents), by which a terminal payment looks for the rows it could be.
    private struct DayAndAmount: Hashable {
        let day: LocalDate
        let cents: Int
    }

    /// Cards the ledger did not store, learnt from the terminal's own rows: one that carries an invoice
    /// the ledger knows; one that matches a ledger row of its day by amount (the nearest in time
    /// where several do); one paid within the hour after a booking or other evidence of one patient
    /// only. Twice by the same patient, or once with nobody else, is enough.
    private mutating func learnCards(from traces: [Trace], ledgerRows: [LocalDate: [(time: LocalTime?, cents: Int, patient: Int)]]) {
        var learnt: [String: [Int: Double]] = [:]
        // Each payment looked only at its own day's rows and patients, but a large practice's day holds
        // thousands of each: by amount, and by the minute, it finds its own at once.
        let timesOn = Self.timesByDay(activity)
        var rowsOf: [DayAndAmount: [(time: LocalTime?, patient: Int)]] = [:]
        for (day, rows) in ledgerRows { for row in rows { rowsOf[DayAndAmount(day: day, cents: row.cents), default: []].append((row.time, row.patient)) } }
        func minutes(_ t: LocalTime?) -> Int? { t.map { $0.hour * 60 + $0.minute } }
        for trace in traces where trace.kind == .eftpos && trace.recordType == "card-payment" {
            guard let card = trace.identity.cardLast4, let time = trace.time else { continue }
            let day = time.localDate
            if let invoice = trace.payload["_invoice"].flatMap(InvoiceNumber.number), let patient = invoices[invoice] {
                learnt[card, default: [:]][patient, default: 0] += 2
                continue
            }
            if let cents = trace.payload["_amount"].flatMap(Money.parse) {
                let same = rowsOf[DayAndAmount(day: day, cents: abs(cents))] ?? []
                let paid = minutes(time.localTime)
                let near = paid.map { p in same.filter { row in minutes(row.time).map { abs(p - $0) <= 20 } ?? false } } ?? []
                let chosen = Set((near.isEmpty ? same : near).map(\.patient))
                if chosen.count == 1 {
                    learnt[card, default: [:]][chosen.first!, default: 0] += near.isEmpty ? 1 : 2
                    continue
                }
            }
            if let paid = minutes(time.localTime), let patient = Self.onlyPatient(in: timesOn[day] ?? [], hourBefore: paid) {
                learnt[card, default: [:]][patient, default: 0] += 1
            }
        }
        for (card, patients) in learnt {
            let best = patients.filter { $0.value >= 2 || patients.count == 1 }
            if !best.isEmpty { cards[card, default: []].formUnion(best.keys) }
        }
    }

    /// Evidence that puts a patient at the practice on a day: a booking kept or pending, a test the
    /// practice ordered collected, a referral sent, an appointment asked for.
    static func placesAtPractice(_ trace: Trace) -> Bool {
        switch trace.kind {
        // The status asked of its bytes: no list of the two words, nor a text of the status, made for every booking.
        case .appointments:
            return !trace.payload.field("_status", isOneOf: "dna", "cancelled")
        case .lab, .healthlink: return trace.payload.field("_ordered_by_practice", isOneOf: "yes") || trace.recordType == "referral"
        case .portal: return trace.recordType == "appointment-request"
        default: return false
        }
    }

    /// The patient and their household.
    private func household(of patient: Int) -> [Int] {
        // A patient added since (past the register the households were learnt from) has none.
        guard patient < householdOf.count, householdOf[patient] >= 0 else { return [patient] }
        return households[Int(householdOf[patient])]
    }

    /// Whether `list` (in order) holds `patient`, by halving.
    private static func holds(_ list: [Int], _ patient: Int) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < patient { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == patient
    }

    /// Children under 14 usually pay nothing, so a payment is not for them.
    private func mayPay(_ patient: Int, on day: LocalDate, index: RegisterIndex) -> Bool {
        guard let dob = index.dob(of: patient) else { return true }
        return dob.age(on: day) >= 14
    }

    /// A card payment at the terminal: the card's patients and households, narrowed by the day.
    func matchCard(_ trace: Trace, index: RegisterIndex) -> CaseLinker.Match {
        guard let card = trace.identity.cardLast4 else { return .none("card payment without the card's last 4 digits") }
        guard let time = trace.time else { return .none("card payment without a date") }
        guard let paidFor = cards[card], !paidFor.isEmpty else {
            // An online payment service keeps who paid: their e-mail, or their name, like a bank payer's.
            if let email = trace.identity.email {
                let owners = index.patients(email: email)
                let pool = Set(owners.flatMap(household)).filter { mayPay($0, on: time.localDate, index: index) || owners.contains($0) }
                let active = pool.filter { p in (0...3).contains { activity[p]?[time.localDate.adding(days: -$0)] != nil } }.sorted()
                if active.count == 1 { return .linked(patient: active[0], rule: "cardholder's e-mail+household+seen", weight: 0.85) }
                if owners.count == 1 { return .linked(patient: owners[0], rule: "cardholder's e-mail", weight: 0.75) }
            }
            if trace.payload["_payer_family"] != nil, case .linked(let patient, let rule, let weight) = matchBankPayment(trace, index: index) {
                return .linked(patient: patient, rule: "cardholder: " + rule, weight: weight)
            }
            return .none("card …\(card) not seen in the ledger")
        }
        let day = time.localDate
        let pool = Set(paidFor.flatMap(household)).filter { mayPay($0, on: day, index: index) }
        let active = pool.filter { activity[$0]?[day] != nil }.sorted()
        if active.count == 1 { return .linked(patient: active[0], rule: "card+household+same-day", weight: 0.9) }
        if active.count > 1 {
            if let closest = closestBefore(time.localTime, on: day, among: active) {
                return .linked(patient: closest, rule: "card+household+booking-time", weight: 0.85)
            }
            if active.count <= CaseLinker.maximumTie {
                return .candidates(active, rule: "card, one of \(active.count) seen that day", weight: 0.8 / Double(active.count))
            }
        }
        let known = paidFor.filter { mayPay($0, on: day, index: index) }.sorted()
        if known.count == 1 {
            // Others in the household who may carry the card make it less sure.
            let sure = pool.count == 1 ? 0.7 : 0.6
            return .linked(patient: known[0], rule: "card seen in the ledger", weight: sure)
        }
        if !known.isEmpty, known.count <= CaseLinker.maximumTie {
            return .candidates(known, rule: "card, one of \(known.count) it paid for", weight: 0.6 / Double(known.count))
        }
        return .none("card …\(card) paid for \(known.count) patients; too many to guess")
    }

    /// The patient whose evidence that day comes last before the payment, within three hours
    /// (a 10:15 booking for a 10:42 payment); nil when none or a tie.
    private func closestBefore(_ paid: LocalTime?, on day: LocalDate, among patients: [Int]) -> Int? {
        guard let paid else { return nil }
        let paidMinutes = paid.hour * 60 + paid.minute
        var best: [(Int, Int)] = []
        for patient in patients {
            let gaps = (activity[patient]?[day] ?? []).compactMap { $0 }.map { paidMinutes - ($0.hour * 60 + $0.minute) }
                .filter { (0...180).contains($0) }
            if let gap = gaps.min() { best.append((patient, gap)) }
        }
        best.sort { $0.1 < $1.1 }
        guard let first = best.first else { return nil }
        if best.count > 1 && best[1].1 - first.1 < 10 { return nil }
        return first.0
    }

    /// An internet-banking payment: an NHI or a ledger invoice in its reference settle it; else the
    /// patient's name in the reference, else the payer and their household, narrowed by the days
    /// before the money arrived (it takes 0–3 days).
    func matchBankPayment(_ trace: Trace, index: RegisterIndex) -> CaseLinker.Match {
        guard let time = trace.time else { return .none("bank payment without a date") }
        if let nhi = trace.identity.nhi, let patient = index.patient(nhi: nhi) {
            return .linked(patient: patient, rule: "nhi in reference", weight: 0.95)
        }
        for invoice in [trace.payload["_invoice"]].compactMap({ $0 }) + (trace.payload["_numbers"] ?? "").split(separator: " ").map(String.init) {
            if let number = InvoiceNumber.number(invoice), let patient = invoices[number] {
                return .linked(patient: patient, rule: "invoice in the ledger", weight: 0.95)
            }
        }
        if let prefix = trace.payload["_invoice_prefix"] {
            // Cut short at 12 characters: the ledger's invoices that start so, if they are one patient's.
            if let patient = invoiceDigits.onlyPatient(withInvoicesStarting: prefix) {
                return .linked(patient: patient, rule: "invoice in the ledger (reference cut short)", weight: 0.85)
            }
        }
        let day = time.localDate
        let days = (0...3).map { day.adding(days: -$0) }
        // Those of `people` who may pay and whom other evidence places at the practice in the days before
        // the money arrived, in order. Found among the days' patients where they are far fewer (a reference
        // naming only a common family name names thousands in a large register, a day's evidence hundreds),
        // else by each person's days (a look in an array, where each of the days' sets was a hash each).
        // `people` in order, each once (lists, not sets: a common family name's are hundreds in a large register).
        let firstDay = day.dayNumber - 3, lastDay = day.dayNumber
        func seen(among people: [Int]) -> [Int] {
            let onDays = days.compactMap { activeOn[$0] }
            var found: [Int] = []
            if 8 * onDays.reduce(0, { $0 + $1.count }) < people.count {
                for patients in onDays { for patient in patients where Self.holds(people, patient) { found.append(patient) } }
                found = RegisterIndex.sortedWithoutRepeats(found)
            } else {
                found = people.filter { patient in
                    patient < activeDays.count && activeDays[patient].contains { (firstDay...lastDay).contains($0) }
                }
            }
            return found.filter { mayPay($0, on: day, index: index) }
        }
        // Initials beside a name (`J SMITH`): the given name starts so.
        let initials = (trace.payload["_ref_initials"] ?? "").split(separator: " ").compactMap { $0.lowercased().first }

        // The patient's name in the reference ("JOHN SMITH", "ANDERSON", or cut short: "JACK ANDERSO").
        let words = (trace.payload["_ref_words"] ?? "").split(separator: " ").map { NameFolding.key(String($0)) }
        let truncated = trace.payload["_ref_truncated"] == "yes"
        var named: [Int] = []
        for (position, word) in words.enumerated() where word.count >= 2 {
            var family = index.patients(familyWord: word).list
            // A common family name as written (not one cut short and found by its start).
            let wide = family.count > RegisterIndex.wideBlock
            if family.isEmpty && truncated && position == words.count - 1 && word.count >= 4 {
                family = index.patients(familyPrefix: word)
            }
            let others = words.enumerated().filter { $0.offset != position && !$0.element.isEmpty }.map(\.element)
            // A common family name: only the namesakes the other words or the initials could be are
            // looked at (the register's index gathers them), not every patient of that name.
            func pool(_ givens: [String]) -> [Int] {
                wide ? RegisterIndex.sortedWithoutRepeats(givens.flatMap { index.namesakes(familyWord: word, given: $0) }) : family
            }
            let givenPool = pool(others), initialPool = pool(initials.map { String($0) })
            // The other words' forms looked up once for the pool, not for each of its patients' names.
            let othersForms = others.map(Nicknames.Forms.init)
            let withGiven = givenPool.filter { p in
                let given = index.names(of: p).givenAndPreferred
                return othersForms.contains { w in given.contains { w.compatible(with: $0) } }
            }
            let withInitial = initials.isEmpty ? [] : initialPool.filter { p in
                let given = index.names(of: p).givenAndPreferred
                return given.contains { name in initials.contains { name.first == $0 } }
            }
            named += !withGiven.isEmpty ? withGiven : !withInitial.isEmpty ? withInitial : family
        }
        named = RegisterIndex.sortedWithoutRepeats(named)
        // Who may pay among them: none, one (which), or more; counted no further than two.
        var namedPayers = 0, onlyPayer: Int?
        for patient in named where mayPay(patient, on: day, index: index) {
            namedPayers += 1
            onlyPayer = patient
            if namedPayers > 1 { break }
        }
        if namedPayers > 0 {
            let active = seen(among: named)
            if active.count == 1 { return .linked(patient: active[0], rule: "name in reference+seen", weight: 0.9) }
            if namedPayers == 1, let onlyPayer { return .linked(patient: onlyPayer, rule: "name in reference", weight: 0.8) }
            if !active.isEmpty && active.count <= CaseLinker.maximumTie {
                return .candidates(active, rule: "name in reference, one of \(active.count)", weight: 0.7 / Double(active.count))
            }
        }
        // The payer (often a parent) and their household.
        guard let family = trace.payload["_payer_family"] else { return .none("bank payment names no one the register knows") }
        let initial = trace.payload["_payer_given"].map { NameFolding.key($0) } ?? ""
        let initialForms = Nicknames.Forms(initial)
        var payers: [Int] = []
        for word in NameFolding.words(family) {
            let namesakes = index.patients(familyWord: word)
            let pool = initial.isEmpty || namesakes.count <= RegisterIndex.wideBlock ? namesakes.list : index.namesakes(familyWord: word, given: initial)
            payers.append(contentsOf: pool.filter { p in
                guard !initial.isEmpty else { return true }
                let given = index.names(of: p).givenAndPreferred
                return given.contains { initial.count <= 2 ? $0.hasPrefix(initial) : initialForms.compatible(with: $0) }
            })
        }
        let pool = RegisterIndex.sortedWithoutRepeats(payers.flatMap(household)).filter { mayPay($0, on: day, index: index) }
        let active = seen(among: pool)
        if active.count == 1 { return .linked(patient: active[0], rule: "payer+household+seen", weight: 0.8) }
        if !active.isEmpty && active.count <= CaseLinker.maximumTie {
            return .candidates(active, rule: "payer's household, one of \(active.count)", weight: 0.6 / Double(active.count))
        }
        let uniquePayers = RegisterIndex.sortedWithoutRepeats(payers)
        if uniquePayers.count == 1 && pool.count == 1 { return .linked(patient: uniquePayers[0], rule: "payer", weight: 0.7) }
        // The payer's household holds one person who may pay (the others are children): them.
        if pool.count == 1, let only = pool.first { return .linked(patient: only, rule: "payer's household, the one adult", weight: 0.6) }
        // The payer named whom they saw (`DR LIU`): the one among them whose usual GP that is.
        if pool.count > 1, let said = trace.payload["_ref_clinician"], let code = clinicians.code(named: "Dr " + said) {
            let theirs = pool.filter { index[$0].usualProvider == code }
            if theirs.count == 1 { return .linked(patient: theirs[0], rule: "payer's household, the GP they named", weight: 0.6) }
        }
        return .none(pool.isEmpty ? "payer not in the register" : "payer fits \(pool.count) patients; too many to guess")
    }
}

public import LacunaCore

/// The first inference: every linked trace votes for patient × day; votes combine as independent
/// evidence (noisy-OR). Traces that name no day, or a day on which nothing else places the patient
/// while another day does, join the days the other evidence shows; failing that they are spread over
/// the window as weak candidates, because recall comes first.
public struct FirstInference: EncounterInferrer {
    /// The practice's hours as the playbook states them; nil to learn the open days from the appointment book.
    public var hours: PracticeHours?

    public init(hours: PracticeHours? = nil) {
        self.hours = hours
    }

    /// A booking's slot: its day and start time (to the minute).
    static func slot(_ trace: Trace) -> String? {
        guard let time = trace.time, let clock = time.localTime else { return nil }
        return "\(time.localDate) \(clock.hour):\(clock.minute)"
    }

    public func infer(traces: [Trace], links: [Link], patients: [Patient], window: Window) -> [Encounter] {
        let tracesByID = TracesByID(traces)
        // The one thing read of a patient here, by id (the first patient with an id, as ever): not every
        // patient copied twice over (a list of pairs, then the dictionary) for one field.
        let usualProviderOf = Dictionary(patients.map { ($0.id, $0.usualProvider) }, uniquingKeysWith: { a, _ in a })

        struct Vote {
            var meaning: TraceMeaning
            var link: Link
            var trace: Trace
        }
        // By patient (their ids hashed by `FastHash`: a lookup a link).
        var votes: [TextKey: [Vote]] = [:]
        let invoices = InvoiceNumbering(traces: traces)
        for link in links {
            guard let trace = tracesByID[link.traceID], trace.kind != .register,
                  let meaning = TraceMeaning.of(trace, window: window, invoices: invoices) else { continue }
            votes[TextKey(link.patientID), default: []].append(Vote(meaning: meaning, link: link, trace: trace))
        }

        // One booking slot seen in several copies (the exported book, the damaged database, the index):
        // one vote, the copy that says most; a slot a copy marks did-not-attend or cancelled is no visit
        // unless another copy shows the patient arrived.
        var ended: [TextKey: Set<String>] = [:]
        for link in links {
            guard let trace = tracesByID[link.traceID], trace.kind == .appointments, trace.payload.field("_status", isOneOf: "dna", "cancelled"),
                  let slot = Self.slot(trace) else { continue }
            ended[TextKey(link.patientID), default: []].insert(slot)
        }
        for (patient, patientVotes) in votes {
            var best: [String: Int] = [:]
            var kept: [Vote] = []
            for vote in patientVotes {
                guard vote.trace.kind == .appointments, let slot = Self.slot(vote.trace) else { kept.append(vote); continue }
                if ended[patient]?.contains(slot) == true && !vote.meaning.showsAttendance { continue }
                if let at = best[slot] {
                    if vote.meaning.strength > kept[at].meaning.strength { kept[at] = vote }
                } else {
                    best[slot] = kept.count
                    kept.append(vote)
                }
            }
            votes[patient] = kept
        }

        let openDays = PracticeDays.open(traces: traces, window: window, hours: hours)
        // The days each clinician worked in the window, by the appointment book: a list's patient with no
        // day was seen on one of them.
        var worked: [String: Set<LocalDate>] = [:]
        for trace in traces where trace.kind == .appointments && !trace.payload.field("_status", isOneOf: "dna", "cancelled") {
            if let provider = trace.provider, let day = trace.time?.localDate, window.contains(day) { worked[provider, default: []].insert(day) }
        }
        // Visits the practice's own records show in the days just before the window: they explain a test
        // collected, money paid or a call made after them, instead of a visit invented in the window.
        // A week back: a GP's list or a caller may mean last week's visit.
        var visitedBefore: [String: Set<LocalDate>] = [:]
        var providersBefore: [String: Set<String>] = [:]
        let justBefore = (1...7).map { window.from.adding(days: -$0) }
        for link in links where link.weight >= 0.7 {
            guard let trace = tracesByID[link.traceID], let day = trace.time?.localDate, justBefore.contains(day) else { continue }
            let kept = trace.kind == .appointments && !trace.payload.field("_status", isOneOf: "dna", "cancelled")
            if kept || trace.kind == .ledger { visitedBefore[link.patientID, default: []].insert(day) }
            // An invoice says no clinician: it may have been any of them.
            if kept, let provider = trace.provider { providersBefore[link.patientID, default: []].insert(provider) }
            if trace.kind == .ledger { providersBefore[link.patientID, default: []].insert("") }
        }
        /// A statement of a day (a caller's, a GP's list, a portal message) or a guess at one (the days
        /// before a bank payment arrived), rather than a record made on it that shows someone there.
        func isStatement(_ vote: Vote) -> Bool { [.callbacks, .remembered, .portal, .bank].contains(vote.trace.kind) }

        var encounters: [Encounter] = []
        for patient in votes.keys.sorted(by: { $0.text < $1.text }) {
            let patientID = patient.text
            // A caller who says they were not seen: those days are lowered, never confirmed.
            let denials = votes[patient]!.filter { $0.meaning.denies }
            var denied: [LocalDate: Vote] = [:]
            for vote in denials {
                let days = vote.meaning.dates.filter(window.contains)
                for day in days.isEmpty ? window.dates : days where (denied[day]?.link.weight ?? 0) < vote.link.weight { denied[day] = vote }
            }
            // Votes that only support: kept on days the patient's other evidence names, else dropped.
            // A payment shared between several possible patients only supports, too.
            var patientVotes = votes[patient]!.filter { !$0.meaning.denies }
            // So does a line that names no day and is one of several patients it could be: spread over
            // every open day for each of them, it would put a handful of guesses on the list.
            func supportsOnly(_ vote: Vote) -> Bool {
                vote.meaning.supportsOnly || ((vote.trace.kind == .bank || vote.trace.kind == .eftpos) && vote.link.weight < 0.5)
                    || (vote.meaning.dates.isEmpty && vote.link.weight < 0.5)
            }
            let placed = Set(patientVotes.filter { !supportsOnly($0) }.flatMap { $0.meaning.dates })
            patientVotes = patientVotes.compactMap { vote in
                guard supportsOnly(vote) else { return vote }
                var narrowed = vote
                narrowed.meaning.dates = vote.meaning.dates.filter(placed.contains)
                return narrowed.meaning.dates.isEmpty ? nil : narrowed
            }
            guard !patientVotes.isEmpty else { continue }
            // Days placed by dated evidence of some strength: one day each (a test collected later than
            // the visit anchors nothing on its own when the patient's other evidence is a day or so before).
            func anchors(_ vote: Vote) -> Bool {
                vote.meaning.strength >= 0.5 && vote.meaning.dates.count == 1 && vote.meaning.otherDates.isEmpty
                    && vote.trace.kind != .callbacks && vote.trace.kind != .remembered
            }
            // Days the patient's statements name (a caller's "Thursday", a GP's list): not anchors, but
            // where a test collected a day or so later points back to.
            let statedDays = Set(patientVotes.filter { isStatement($0) && $0.meaning.dates.count == 1 }.flatMap(\.meaning.dates))
                .filter { window.contains($0) && openDays.contains($0) }
            // A test or a bank payment that follows a visit just before the window, where nothing else of
            // the patient's in the window points to its days, is explained by that visit.
            if let before = visitedBefore[patientID] {
                let lagging: Set<SourceKind> = [.lab, .bank]
                let named = Set(patientVotes.filter { anchors($0) && !lagging.contains($0.trace.kind) }.flatMap(\.meaning.dates)).union(statedDays)
                patientVotes.removeAll { vote in
                    guard lagging.contains(vote.trace.kind), let own = vote.trace.time?.localDate else { return false }
                    let lag = (vote.trace.kind == .lab ? 1 : 0)...3
                    return !before.isDisjoint(with: lag.map { own.adding(days: -$0) }) && named.isDisjoint(with: vote.meaning.dates + vote.meaning.otherDates)
                }
                // A caller not sure of the day, or an undated line on the list of a GP who may have seen
                // them then, with no record of the patient's in the window: they mean that visit.
                let recorded = patientVotes.contains { !isStatement($0) && $0.meaning.strength >= 0.5 && $0.meaning.dates.contains(where: window.contains) }
                if !recorded {
                    patientVotes.removeAll { vote in
                        switch vote.trace.kind {
                        case .callbacks:
                            // A caller not sure of the day means a visit of the last few days; a week back is
                            // as likely another visit, and a window day named is theirs.
                            return vote.meaning.dates.isEmpty && before.contains { $0 >= window.from.adding(days: -5) }
                        case .remembered:
                            // A GP who writes a weekday on the list of the lost days means that day.
                            return vote.meaning.dates.isEmpty
                                && vote.trace.provider.map { providersBefore[patientID]?.contains($0) == true || providersBefore[patientID]?.contains("") == true } == true
                        default: return false
                        }
                    }
                }
                guard !patientVotes.isEmpty else { continue }
            }
            var anchored = Set(patientVotes.filter(anchors).flatMap { $0.meaning.dates.filter(window.contains) })
            // Days named, each alone, by statements of two different kinds.
            var statingKinds: [LocalDate: Set<SourceKind>] = [:]
            for vote in patientVotes where isStatement(vote) && vote.meaning.dates.count == 1 && vote.trace.kind != .bank {
                statingKinds[vote.meaning.dates[0], default: []].insert(vote.trace.kind)
            }
            let statedByTwo = Set(statingKinds.filter { $0.value.count >= 2 && openDays.contains($0.key) }.keys)
            for vote in patientVotes where !anchors(vote) && vote.meaning.strength >= 0.5 && !vote.meaning.otherDates.isEmpty {
                // Its own day anchors unless the other evidence shows the visit a day or so before.
                // A test collected on a day the practice was closed anchors nothing: the visit was before it.
                if anchored.isDisjoint(with: vote.meaning.otherDates) && statedDays.isDisjoint(with: vote.meaning.otherDates) {
                    anchored.formUnion(vote.meaning.dates.filter { window.contains($0) && openDays.contains($0) })
                }
            }
            var byDay: [LocalDate: [(Vote, Double, String?)]] = [:]
            for vote in patientVotes {
                var stated = vote.meaning.dates.filter(window.contains)
                var note: String?
                if isStatement(vote) && !stated.isEmpty {
                    let open = stated.filter(openDays.contains)
                    if open.isEmpty {
                        // Said of a day the practice was closed: misremembered; placed like a statement with no day.
                        note = "the day stated the practice was closed"
                    }
                    stated = open
                }
                var days = stated
                if !vote.meaning.otherDates.isEmpty, !stated.isEmpty {
                    // Collected after the visit: on a day the practice was closed (the visit was on an open
                    // day before it), or a day or so after a day the patient's other evidence names.
                    let closed = !stated.contains(where: openDays.contains)
                    let earlier = vote.meaning.otherDates.filter { window.contains($0) && openDays.contains($0) }
                    let named = earlier.filter { anchored.contains($0) || statedDays.contains($0) }
                    if closed || (!named.isEmpty && anchored.isDisjoint(with: stated)) {
                        days = named.isEmpty ? earlier : named
                        let done = vote.trace.kind == .lab ? "collected" : "sent"
                        note = closed ? "\(done) on a day the practice was closed" : "\(done) after the visit"
                        if days.isEmpty { days = stated }
                    }
                }
                let later = anchored.intersection(vote.meaning.otherDates)
                if !anchored.isEmpty && anchored.isDisjoint(with: days) && !later.isEmpty {
                    // Collected (or sent) after the visit the other evidence shows.
                    days = later.sorted()
                    note = vote.trace.kind == .lab ? "collected after the visit" : "sent after the visit"
                } else if !anchored.isEmpty && days.count > 1 && !anchored.isDisjoint(with: days) {
                    // A message about "a visit around then": the day the other evidence shows.
                    days = days.filter(anchored.contains)
                } else if !days.isEmpty && !anchored.isEmpty && anchored.isDisjoint(with: days) && days.allSatisfy(statedByTwo.contains) {
                    // Two sources name this other day (a caller and the GP's list): a second visit, not a slip.
                    note = "a second visit: two sources name this day"
                } else if days.isEmpty || (!anchored.isEmpty && anchored.isDisjoint(with: days)) {
                    if !anchored.isEmpty {
                        if !vote.meaning.dates.isEmpty && note == nil { note = "day stated differs from the other evidence" }
                        days = anchored.sorted()
                    } else if days.isEmpty {
                        // Spread over the days the practice was open (all of them, if it seems never to have
                        // been), and of those, the days the clinician who wrote the list or took the call worked.
                        let open = window.dates.filter(openDays.contains)
                        let theirs = vote.trace.provider.flatMap { worked[$0] }.map { days in open.filter(days.contains) } ?? []
                        days = !theirs.isEmpty ? theirs : open.isEmpty ? window.dates : open
                        if note == nil { note = vote.meaning.dates.isEmpty ? "no day given" : "day stated is outside the window" }
                    }
                }
                var shares = days.map { ($0, 1 / Double(days.count), note) }
                if vote.trace.kind == .lab, !(vote.trace.payload["_abnormal"] ?? "").isEmpty, days == stated, anchored.isSubset(of: Set(stated)) {
                    // An abnormal result with nothing else to place its visit: most were collected on the day,
                    // but the visit may have been on an open day or two before; those are listed too, weaker,
                    // because a missed abnormal result costs more than a call.
                    let earlier = vote.meaning.otherDates.filter { openDays.contains($0) && !days.contains($0) }
                    if !earlier.isEmpty {
                        shares = days.map { ($0, 0.6 / Double(days.count), note) }
                            + earlier.map { ($0, 0.4 / Double(earlier.count), "the visit may have been before the test was collected") }
                    }
                }
                for (day, share, said) in shares {
                    byDay[day, default: []].append((vote, vote.meaning.strength * vote.link.weight * share, said))
                }
            }
            for day in byDay.keys.sorted() {
                // Ties by the record (its content key), never the case's trace number, which follows the
                // order files arrived in: the same evidence in the same order however the case grew.
                let dayVotes = byDay[day]!.sorted { ($0.1, $0.0.trace.contentKey) > ($1.1, $1.0.trace.contentKey) }
                var confidence = 1 - dayVotes.reduce(1.0) { $0 * (1 - $1.1) }
                let kinds = Set(dayVotes.map { $0.0.trace.kind })
                let attended = dayVotes.contains { $0.0.meaning.showsAttendance }
                let denial = denied[day]
                if let denial {
                    confidence *= 1 - 0.85 * denial.link.weight
                    // Only a booking or a message left against their own word: not worth a GP's call.
                    if !attended && confidence < 0.25 { continue }
                }
                var tier = Tiering.tier(confidence: confidence, showsAttendance: attended, kinds: kinds.count)
                if denial != nil && tier == .confirmed && !attended { tier = .probable }
                let provider = dayVotes.first(where: { $0.0.trace.kind == .appointments && $0.0.meaning.provider != nil })?.0.meaning.provider
                    ?? dayVotes.first(where: { $0.0.meaning.provider != nil })?.0.meaning.provider
                    ?? usualProviderOf[patientID] ?? nil
                var evidence = dayVotes.map { vote, weight, note in
                    Evidence(traceID: vote.link.traceID, kind: vote.trace.kind,
                             summary: vote.meaning.summary + (note.map { " [\($0)]" } ?? "")
                                 + (vote.link.weight < 0.7 ? " [linked by \(vote.link.rule)]" : ""),
                             weight: weight)
                }
                if let denial {
                    evidence.append(Evidence(traceID: denial.link.traceID, kind: denial.trace.kind,
                                             summary: denial.meaning.summary + " [lowers this day]", weight: 0))
                }
                let reason = evidence.map(\.summary).joined(separator: "; ")
                encounters.append(Encounter(
                    candidateID: Self.candidateID(patientID: patientID, date: day), patientID: patientID, date: day,
                    provider: provider, confidence: (confidence * 1000).rounded() / 1000, tier: tier,
                    priority: tier == .confirmed ? .confirmedEncounter : .other, evidence: evidence, reason: reason))
            }
        }
        return encounters
    }

    /// Stable across runs and re-imports: the same patient on the same day is the same candidate, so
    /// call outcomes recorded against it survive.
    public static func candidateID(patientID: String, date: LocalDate) -> String {
        "C" + SHA256.hex("\(patientID)|\(date)").prefix(12)
    }
}

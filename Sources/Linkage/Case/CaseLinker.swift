public import LacunaCore

/// The case's linker. Traces that name someone are scored against every register patient they could
/// be by the probabilistic model (`IdentityScoring`: trained on the case itself) and linked to the one
/// it is sure of, near-ties broken by what the day's other evidence shows; traces of people the
/// register does not hold (enrolled during the window) are clustered by the same engine, without
/// chaining, into new patients. Card and bank payments are tied through the ledger's cards and
/// invoices, the household and the time of the day's bookings (`PaymentMatching`); the GPs' lists and
/// callbacks, which name people loosely, last, by name with what the others showed.
public struct CaseLinker: PatientLinker {
    public init() {}

    /// How many equally good patients a vague trace ("Tamati", "Mrs J Tipene") may be linked to at
    /// once; recall comes first, so a small tie is kept and weighted down rather than dropped.
    static let maximumTie = 3

    /// Below this model probability a trace is not linked by the model.
    static let linkFrom = 0.5
    /// Candidates within this match weight of the best (bits: 3 is odds of 8 to 1) are a tie for the
    /// day's evidence to break.
    static let tieMargin = 3.0

    enum Match {
        case linked(patient: Int, rule: String, weight: Double)
        case candidates([Int], rule: String, weight: Double)
        case none(String)
    }

    public func link(traces: [Trace], window: Window, providers: [Provider]) -> LinkageResult {
        link(traces: traces, window: window, providers: providers, kept: nil)
    }

    public func link(traces: [Trace], window: Window, providers: [Provider], kept: KeptModel?) -> LinkageResult {
        var index = RegisterIndex(patients: traces.reduce(0) { $0 + ($1.kind == .register ? 1 : 0) })
        // Room for a link a trace (most traces give one; a family's, more): grown by doubling as they were
        // found, the list's last copies were 25 MB at 100,000 patients for 14 MB of links.
        var links: [Link] = []
        links.reserveCapacity(traces.count)
        var unmatched: [(Int64, String)] = []
        // The text of each model rule met (`modelRule`).
        var ruleTexts = RuleTexts()

        // The register first: one patient per row, a later row for the same patient winning.
        for trace in traces where trace.kind == .register {
            guard let traceID = trace.id else { continue }
            let id = trace.identity.localPatientID ?? trace.identity.nhi.map { "NHI:\($0)" } ?? "REG:\(trace.contentKey.prefix(12))"
            index.add(Patient(id: id, origin: .register, identity: trace.identity, usualProvider: trace.provider, sourceTraceID: traceID))
            links.append(Link(traceID: traceID, patientID: id, rule: "register", weight: 1))
        }

        // Then traces that carry identifiers; then payments, which the ledger and the day's other
        // evidence tie to a household and a patient; then the vague ones, whose ties are broken by what
        // the others showed (who had a booking in the window, with whom).
        let scoring = IdentityScoring(patients: index.patients, traces: traces, kept: kept)
        // What the model made of each identity met, by its number (`matchByModel`): what it made of them
        // last time where the model was taken back (trained on the same, against the same register).
        var scoredIdentities = [ModelScores?](repeating: nil, count: scoring.identityCount)
        if scoring.modelTakenBack, let kept, kept.scores.count == scoring.identityCount,
           kept.scores.allSatisfy({ $0?.scored.allSatisfy { index.patients.indices.contains($0.patient) } ?? true }) {
            scoredIdentities = kept.scores
        }
        let scoredBefore = scoredIdentities.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        let nameSex = GivenNameSex(traces: traces)
        var newPeople: [Trace] = []
        let vagueKinds: Set<SourceKind> = [.remembered, .callbacks]
        let paymentKinds: Set<SourceKind> = [.bank, .eftpos]
        // A placeholder booking for a new patient waits until the new patients exist (their number is in its notes).
        // Each trace's pass (nil for the register's, linked above) worked out once, not in every pass: a
        // placeholder is found by a field of its payload, looked for among the trace's others.
        let passes = traces.map { trace -> Int? in
            trace.kind == .register ? nil
                : paymentKinds.contains(trace.kind) ? 1 : vagueKinds.contains(trace.kind) || trace.payload.contains(field: "_placeholder") ? 2 : 0
        }
        var activeDates: [Int: Set<LocalDate>] = [:]
        var activeProviders: [Int: Set<String>] = [:]
        var payments: PaymentMatching?
        for currentPass in 0..<3 {
            if currentPass == 1 {
                // People the register does not hold, clustered into new patients; their days count too.
                let newLinks = NewPatients.cluster(newPeople, into: &index)
                let byID = Dictionary(newPeople.compactMap { t in t.id.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
                for link in newLinks {
                    guard let trace = byID[link.traceID], let patient = index.index(ofPatientID: link.patientID),
                          let date = trace.time?.localDate, window.contains(date) else { continue }
                    activeDates[patient, default: []].insert(date)
                    if let provider = trace.provider { activeProviders[patient, default: []].insert(provider) }
                }
                links += newLinks
                payments = PaymentMatching(index: index, traces: traces, links: links, providers: providers)
            }
            // Placeholder bookings open the last pass: a new patient one of them founds is there for the lists.
            let inPass = traces.indices.filter { passes[$0] == currentPass }.map { traces[$0] }
            let ordered = currentPass == 2 ? inPass.filter { $0.payload.contains(field: "_placeholder") } + inPass.filter { !$0.payload.contains(field: "_placeholder") } : inPass
            for trace in ordered {
                guard let traceID = trace.id else { continue }
                let match: Match
                if let proxy = trace.proxy,
                   let found = matchProxy(trace, proxy: proxy, index: index, activeDates: activeDates, activeProviders: activeProviders) {
                    match = found
                } else if let payments, paymentKinds.contains(trace.kind) {
                    switch trace.recordType {
                    case "card-payment", "declined": match = payments.matchCard(trace, index: index)
                    case "internet-banking": match = payments.matchBankPayment(trace, index: index)
                    default: continue  // settlements, other credits and debits concern no patient
                    }
                } else if currentPass == 0, scoring.knows(trace: traceID) {
                    match = matchByModel(trace, traceID: traceID, scoring: scoring, index: index, activeDates: activeDates,
                                         activeProviders: activeProviders, ruleTexts: &ruleTexts, scored: &scoredIdentities)
                    if case .none = match, NewPatients.identifies(trace.identity) {
                        newPeople.append(trace)
                        continue
                    }
                } else {
                    match = self.match(trace, in: &index, on: trace.time?.localDate ?? window.from, scoring: scoring, nameSex: nameSex, activeDates: activeDates,
                                       activeProviders: activeProviders)
                }
                switch match {
                case .linked(let patient, let rule, let weight):
                    links.append(Link(traceID: traceID, patientID: index[patient].id, rule: rule, weight: weight))
                    if let date = trace.time?.localDate, window.contains(date) {
                        activeDates[patient, default: []].insert(date)
                        if let provider = trace.provider { activeProviders[patient, default: []].insert(provider) }
                    }
                case .candidates(let patients, let rule, let weight):
                    for patient in patients {
                        links.append(Link(traceID: traceID, patientID: index[patient].id, rule: rule, weight: weight))
                    }
                case .none(let reason):
                    if trace.payload.contains(field: "_placeholder"), NewPatients.placeholderIdentifies(trace.identity) {
                        // A booking for someone not in the system yet, who fits nobody it holds: a new patient.
                        for link in NewPatients.cluster([trace], into: &index) {
                            links.append(link)
                            if let date = trace.time?.localDate, window.contains(date), let patient = index.index(ofPatientID: link.patientID) {
                                activeDates[patient, default: []].insert(date)
                                if let provider = trace.provider { activeProviders[patient, default: []].insert(provider) }
                            }
                        }
                    } else if matters(trace, window: window) {
                        unmatched.append((traceID, reason))
                    }
                }
            }
        }
        var result = LinkageResult(patients: index.patients, links: links, unmatched: unmatched, scoring: scoring)
        // The model and its scores to keep, where they are not what this linking was handed.
        if !scoring.modelTakenBack || scoredIdentities.reduce(0, { $0 + ($1 == nil ? 0 : 1) }) != scoredBefore {
            result.toKeep = KeptModel(trainedOn: scoring.trainedOn, parameters: scoring.model.parameters, scores: scoredIdentities)
        }
        return result
    }

    /// A trace that names someone, against the register patients it could be: the model's best if it
    /// is sure enough and clearly ahead; near-ties go to the patient the day's evidence places at the
    /// practice, or stay candidates (at most `maximumTie`), each weighted down.
    ///
    /// `known` keeps what the model made of each identity met, by its number (`IdentityScoring`):
    /// traces that give the same identity (a patient's bookings, results and messages, written alike by
    /// one source) are alike to the model, field for field, and have the same candidates, so each
    /// identity is scored once. What the day's evidence makes of a tie is the trace's own, worked out
    /// each time.
    private func matchByModel(_ trace: Trace, traceID: Int64, scoring: IdentityScoring, index: RegisterIndex,
                              activeDates: [Int: Set<LocalDate>], activeProviders: [Int: Set<String>],
                              ruleTexts: inout RuleTexts, scored known: inout [ModelScores?]) -> Match {
        guard let row = scoring.row(ofTrace: traceID) else { return .none("no register patient fits") }
        let number = scoring.identityNumber(ofTraceRow: row)
        let made: ModelScores
        if let found = known[number] {
            made = found
        } else {
            // Scored by their place in the register the model was trained with (the index's positions: a
            // patient added since, past that list, is not among them). Those that could be the best or tie
            // with it (within `tieMargin`); the rest are not scored in full.
            let scored = scoring.weights(traceRow: row, patientsAt: index.candidates(for: trace.identity), within: Self.tieMargin)
                .map { (patient: $0.patient, weight: $0.weight, probability: MatchModel.probability(weight: $0.weight)) }
                .sorted { ($0.weight, $1.patient) > ($1.weight, $0.patient) }
            let rule = scored.first.flatMap { best in
                best.probability >= Self.linkFrom ? modelRule(scoring, traceRow: row, patientAt: best.patient, written: &ruleTexts) : nil
            }
            made = ModelScores(scored: scored, rule: rule)
            known[number] = made
        }
        let scored = made.scored
        guard let best = scored.first, best.probability >= Self.linkFrom, let rule = made.rule else {
            let said = scored.first.map { " (best match probability \($0.probability.fixedDecimals(2)))" } ?? ""
            return .none("no register patient fits\(said)")
        }
        let tied = scored.filter { $0.probability >= Self.linkFrom && best.weight - $0.weight < Self.tieMargin }.map(\.patient)
        let weight = min(best.probability, 0.995)
        if tied.count == 1 { return .linked(patient: best.patient, rule: rule, weight: weight) }
        let narrowed = breakTie(tied, trace: trace, index: index, activeDates: activeDates, activeProviders: activeProviders)
        if narrowed.count == 1 { return .linked(patient: narrowed[0], rule: "model and the day's evidence, one of \(tied.count)", weight: weight * 0.85) }
        if narrowed.count <= Self.maximumTie {
            return .candidates(narrowed, rule: "model, one of \(narrowed.count) alike", weight: weight * 0.6 / Double(narrowed.count))
        }
        return .none("fits \(tied.count) register patients alike; too many to guess")
    }

    /// The link's rule in a few words: `model: ` and the comparisons that agreed, strongest first, with
    /// the probability (`model: NHI+date of birth+given name+family name, p 1.00`). `written` keeps the
    /// text before the probability for each order of comparisons met in the run (a few dozen orders name
    /// thousands of links, and writing each out again was as costly as scoring the trace), and each rule
    /// whole, one text for every identity it names (a text of its own for each of 140,000 identities
    /// at 100,000 patients was 14 MB, kept to the end of linking with the identities' scores).
    private func modelRule(_ scoring: IdentityScoring, traceRow: Int, patientAt position: Int, written: inout RuleTexts) -> String {
        // The strong steps alone (an explanation of every step was made for each link and most of it dropped),
        // of the rows scored (the patient's and the trace's ids were looked up again for each link).
        guard let why = scoring.strongComparisons(traceRow: traceRow, patientAt: position, atLeast: 1) else { return "model: " }
        let order = why.steps.sorted(by: { $0.weight > $1.weight }).map(\.comparison)
        // Each comparison's place plus one in four bits: an order of up to fifteen comparisons, told apart by its length.
        let fits = order.count <= 15 && scoring.model.comparisons.count < 16
        let key = fits ? order.reduce(UInt64(0)) { $0 << 4 | UInt64($1 + 1) } : 0
        let probability = why.probability.fixedDecimals(2)
        if fits, let known = written.rules[RuleTexts.Key(order: key, probability: probability)] { return known }
        var rule: String
        if fits, let known = written.prefixes[key] {
            rule = known
        } else {
            rule = "model: "
            rule.reserveCapacity(64)
            for (n, k) in order.enumerated() {
                if n > 0 { rule += "+" }
                rule += scoring.model.comparisons[k].name
            }
            rule += order.isEmpty ? "p " : ", p "
            if fits { written.prefixes[key] = rule }
        }
        rule += probability
        if fits { written.rules[RuleTexts.Key(order: key, probability: probability)] = rule }
        return rule
    }

    /// The model rules a linking has written (`modelRule`): the text before the probability of each
    /// order of comparisons (by the order's key), and each rule whole (by its order and probability).
    struct RuleTexts {
        struct Key: Hashable {
            var order: UInt64
            var probability: String
        }

        var prefixes: [UInt64: String] = [:]
        var rules: [Key: String] = [:]
    }

    /// Traces reception should chase when unmatched: those of the window and the undated lists.
    private func matters(_ trace: Trace, window: Window) -> Bool {
        guard let time = trace.time else { return true }
        return window.contains(time.localDate) || trace.kind == .callbacks
    }

    private func match(_ trace: Trace, in index: inout RegisterIndex, on day: LocalDate, scoring: IdentityScoring, nameSex: GivenNameSex,
                       activeDates: [Int: Set<LocalDate>], activeProviders: [Int: Set<String>]) -> Match {
        let identity = trace.identity
        // The trace's names folded once, for every patient they are held against.
        let traceNames = NameWords(identity)
        // Each namesake's date of birth and sex read where they lie (a large register's common name is
        // hundreds of patients: copying each one's identity to read two fields was a fifth of this).
        // How the names agree where nothing rules the patient out; nil where the date of birth, the sex
        // or the names contradict (the agreement worked out once a patient, for the fit and the match).
        func fit(_ patient: Int) -> NameAgreement? {
            if identity.dobContradicts(index.dob(of: patient)) { return nil }
            // A register without sex: the sex the patient's given name goes with in the case's records.
            if let sex = identity.sex, let theirs = index[patient].identity.sex ?? nameSex.sex(of: index[patient].identity.givenName),
               sex != theirs, sex != "X", theirs != "X" { return nil }
            let agreement = NameAgreement.between(traceNames, index.names(of: patient))
            return agreement == .contradicts ? nil : agreement
        }

        if let id = identity.localPatientID, let patient = index.patient(localID: id) {
            // The chart number is the practice's own key: a misspelt name does not undo it, but a
            // name and a date of birth that both disagree do.
            let other = index[patient].identity
            let nameFits = NameAgreement.between(traceNames, index.names(of: patient)) != .contradicts
            let dobFits = identity.dob.map { _ in !identity.dobContradicts(other) }
            if nameFits && dobFits != false { return .linked(patient: patient, rule: "patient-id", weight: 0.97) }
            if dobFits == true { return .linked(patient: patient, rule: "patient-id+dob", weight: 0.93) }
        }
        if let nhi = identity.nhi {
            if let patient = index.patient(nhi: nhi) { return .linked(patient: patient, rule: "nhi", weight: 0.99) }
            if identity.familyName != nil || identity.dob != nil {
                // Someone not in the restored register (enrolled during the window): a new patient.
                let patient = index.add(Patient(id: "NHI:\(nhi)", origin: .traces, identity: identity, usualProvider: nil,
                                                sourceTraceID: trace.id))
                return .linked(patient: patient, rule: "nhi-not-in-register", weight: 0.9)
            }
        }
        if let dob = identity.dob {
            let scored = index.patients(dob: dob).map { ($0, NameAgreement.between(traceNames, index.names(of: $0))) }
            let full = scored.filter { $0.1 == .full }.map(\.0)
            if full.count == 1 { return .linked(patient: full[0], rule: "name+dob", weight: 0.95) }
            let partial = scored.filter { $0.1 == .partial }.map(\.0)
            if full.isEmpty && partial.count == 1 { return .linked(patient: partial[0], rule: "part-name+dob", weight: 0.8) }
        }
        for phone in [identity.mobile, identity.phone].compactMap({ $0 }) {
            let fitting = index.patients(phone: phone).compactMap { patient in fit(patient).map { (patient, $0) } }
            let sharing = fitting.map(\.0)
            let named = fitting.filter { $0.1 == .full }.map(\.0)
            if named.count == 1 { return .linked(patient: named[0], rule: "phone+name", weight: 0.9) }
            let partly = fitting.filter { $0.1 == .partial }.map(\.0)
            if named.isEmpty && partly.count == 1 { return .linked(patient: partly[0], rule: "phone+part-name", weight: 0.75) }
            if sharing.count == 1 && identity.familyName == nil && identity.givenName == nil {
                return .linked(patient: sharing[0], rule: "phone", weight: 0.6)
            }
            if !sharing.isEmpty {
                let narrowed = breakTie(named.isEmpty ? sharing : named, trace: trace, index: index,
                                        activeDates: activeDates, activeProviders: activeProviders)
                if narrowed.count == 1 { return .linked(patient: narrowed[0], rule: "phone+evidence", weight: 0.65) }
            }
        }
        return matchByName(trace, traceNames: traceNames, index: index, on: day, fit: fit, scoring: scoring, activeDates: activeDates,
                           activeProviders: activeProviders)
    }

    /// Namesakes ranked by the model (the case's own weights for names, nicknames, date of birth, phone,
    /// address): those within `tieMargin` of the best stay; the rest are unlikely beside them.
    private func ranked(_ candidates: [Int], trace: Trace, index: RegisterIndex, scoring: IdentityScoring) -> [Int] {
        guard candidates.count > 1, let traceID = trace.id, let row = scoring.row(ofTrace: traceID) else { return candidates }
        let weights = candidates.map { scoring.weight(traceRow: row, patientAt: $0) ?? -.infinity }
        guard let best = weights.max(), best > -.infinity else { return candidates }
        return zip(candidates, weights).filter { best - $0.1 < Self.tieMargin }.map(\.0)
    }

    /// Name alone: the remembered list and callers who gave only a name.
    /// `fit`: how the names agree where nothing rules the patient out, nil where something does (`match`).
    private func matchByName(_ trace: Trace, traceNames: NameWords, index: RegisterIndex, on day: LocalDate, fit: (Int) -> NameAgreement?,
                             scoring: IdentityScoring, activeDates: [Int: Set<LocalDate>], activeProviders: [Int: Set<String>]) -> Match {
        let identity = trace.identity
        var pool: [Int] = []
        for word in traceNames.family {
            // Every namesake where the family is small (a short form or slip in the given name still
            // found); those whose given name starts alike where it is a large register's common name.
            let family = index.patients(familyWord: word)
            if family.count > RegisterIndex.wideBlock {
                pool.append(contentsOf: index.namesakes(familyWord: word, given: identity.givenName ?? identity.givenInitial))
            } else {
                pool.append(contentsOf: family)
            }
        }
        if identity.familyName == nil, identity.givenName != nil {
            // One word: a given name or a family name.
            for word in traceNames.given {
                pool.append(contentsOf: index.patients(givenWord: word))
                pool.append(contentsOf: index.patients(familyWord: word))
                if word.count >= 3 { pool.append(contentsOf: index.patients(givenStart: String(word.prefix(3)))) }
            }
        }
        pool = RegisterIndex.sortedWithoutRepeats(pool)
        guard !pool.isEmpty else { return .none("no register patient with that name") }
        let singleWord = identity.familyName == nil && identity.givenName != nil
        // How each fits: the name as written (or a listed nickname), or only close to it (a short form
        // no table lists, one slip, or a titled family name with no given name: "Mrs Walker").
        var strong: [Int] = [], close: [Int] = []
        // A single word's key and words ("Ha-eun": ha, eun), the same for every patient.
        let word = singleWord ? NameFolding.key(identity.givenName ?? "") : ""
        let wordForms = Nicknames.Forms(word)
        let saidWords = traceNames.given
        // The age said, read once for the pool (it is a payload field, looked for among the others).
        let statedAge = trace.statedAge
        // How the names agree where nothing rules the patient out, the age said included: nil where it does.
        func admitted(_ patient: Int) -> NameAgreement? {
            guard let agreement = fit(patient) else { return nil }
            // "Noah (3)", "baby Kahu", "Sam (child)": the age said, within a year, or any child.
            if let said = statedAge, let dob = index.dob(of: patient) {
                let age = dob.age(on: day)
                if said >= 0 ? abs(age - said) > 1 : age >= 18 { return nil }
            }
            return agreement
        }
        if singleWord {
            // Whether the word names the patient (a few short words held against it). Only those it names
            // are fitted (date of birth, sex, the names' agreement), and they are looked up in the index, not
            // asked of every patient in the pool: a common first name's pool is thousands of patients in a
            // large register (its first three letters), most of whom the word does not name. Those it is
            // only close to count where it names nobody, so they are looked for only then.
            func names(_ patient: Int) -> Bool {
                let other = index.names(of: patient)
                let given = other.givenAndPreferred, family = other.family
                return family.contains(word) || given.contains(where: { wordForms.compatible(with: $0) })
                    || (saidWords.count > 1 && (saidWords.allSatisfy(given.contains) || saidWords.allSatisfy(family.contains)))
            }
            // Those the index says the word may name, in the pool (both in order).
            var place = pool.startIndex
            for patient in index.mayBeNamed(byWord: word, words: saidWords) {
                while place < pool.endIndex && pool[place] < patient { place += 1 }
                guard place < pool.endIndex else { break }
                if pool[place] == patient && names(patient) && admitted(patient) != nil { strong.append(patient) }
            }
            if strong.isEmpty {
                close = pool.filter { patient in
                    !names(patient) && index.names(of: patient).givenAndPreferred.contains(where: { NameAgreement.close($0, word, prefixes: true) })
                        && admitted(patient) != nil
                }
            }
        } else {
            for patient in pool {
                guard let agreement = admitted(patient) else { continue }
                if identity.peopleNamed != nil ? agreement >= .partial : agreement == .full {
                    strong.append(patient)
                } else if agreement == .partial && identity.familyName != nil && identity.peopleNamed == nil {
                    close.append(patient)
                }
            }
        }
        let fitting = strong.isEmpty ? close : strong
        guard !fitting.isEmpty else { return .none("no register patient fits the name") }
        let candidates = identity.peopleNamed == nil ? ranked(fitting, trace: trace, index: index, scoring: scoring) : fitting

        if let people = identity.peopleNamed {
            return matchFamily(candidates, people: people, trace: trace, index: index, activeDates: activeDates)
        }
        if candidates.count == 1 { return .linked(patient: candidates[0], rule: "name", weight: 0.75) }
        let narrowed = breakTie(candidates, trace: trace, index: index, activeDates: activeDates, activeProviders: activeProviders)
        if narrowed.count == 1 { return .linked(patient: narrowed[0], rule: "name+evidence", weight: 0.7) }
        if narrowed.count <= Self.maximumTie {
            return .candidates(narrowed, rule: "name, one of \(narrowed.count)", weight: 0.6 / Double(narrowed.count))
        }
        return .none("name fits \(candidates.count) register patients; too many to guess")
    }

    /// "The Nguyen twins", "the Smith kids": children of one family, twins sharing a date of birth.
    private func matchFamily(_ candidates: [Int], people: Int, trace: Trace, index: RegisterIndex,
                             activeDates: [Int: Set<LocalDate>]) -> Match {
        var groups: [String: [Int]] = [:]
        for patient in candidates {
            let identity = index[patient].identity
            let key = people == 2 ? (identity.dob?.description ?? "") : (identity.address ?? identity.mobile ?? "")
            guard !key.isEmpty else { continue }
            groups[key, default: []].append(patient)
        }
        let wanted = groups.filter { people == 2 ? $0.value.count == 2 : $0.value.count >= 2 }
            .sorted { $0.key < $1.key }
        guard !wanted.isEmpty else { return .none("no family in the register fits") }
        let active = wanted.filter { $0.value.contains { activeDates[$0] != nil } }
        let chosen = active.count == 1 ? active : wanted
        if chosen.count == 1 { return .candidates(chosen[0].value, rule: "family", weight: 0.75) }
        return .none("\(chosen.count) families fit")
    }

    /// Prefers patients the identified traces place in the window (on the stated day, with the list's
    /// GP), then patients whose usual GP wrote the list.
    func breakTie(_ candidates: [Int], trace: Trace, index: RegisterIndex, activeDates: [Int: Set<LocalDate>],
                          activeProviders: [Int: Set<String>]) -> [Int] {
        let active = candidates.filter { activeDates[$0] != nil }
        if active.count == 1 { return active }
        let pool = active.isEmpty ? candidates : active
        if let provider = trace.provider {
            let withGP = pool.filter { activeProviders[$0]?.contains(provider) == true }
            if withGP.count == 1 { return withGP }
            let usual = pool.filter { index[$0].usualProvider == provider }
            if usual.count == 1 { return usual }
            // Several namesakes: those whose usual GP wrote the list or took the call, where that leaves fewer.
            if !usual.isEmpty && usual.count < pool.count { return usual }
        }
        return pool
    }
}

public import LacunaCore

extension PersonFields {
    /// What an identity gives the model: names (initials where that is all there is), date of
    /// birth, sex, NHI (checked or not), phone, email, address, postcode and the chart number.
    public init(identity: Identity) {
        self.init(given: identity.givenName ?? identity.givenInitial, family: identity.familyName ?? identity.familyInitial,
                  dob: identity.dob?.description, sex: identity.sex, nhi: identity.nhi ?? identity.nhiUnchecked,
                  phone: identity.mobile ?? identity.phone, email: identity.email, street: identity.address,
                  postcode: identity.postcode, identifier: identity.localPatientID)
    }

    /// `PersonFields(identity:).rolesGivenBits`, read from the identity without the fields made (a
    /// date of birth's text never empty): which comparisons a model kept for a table of identities
    /// uses, known without the table. `KeptModelTests.rolesGivenAlike` holds the two alike.
    static func rolesGivenBits(of identity: Identity) -> Int {
        func given(_ text: String?, _ role: PersonRole) -> Int { (text?.isEmpty ?? true) ? 0 : 1 << role.place }
        return given(identity.givenName ?? identity.givenInitial, .given) | given(identity.familyName ?? identity.familyInitial, .family)
            | (identity.dob == nil ? 0 : 1 << PersonRole.dob.place) | given(identity.sex, .sex)
            | given(identity.nhi ?? identity.nhiUnchecked, .nhi) | given(identity.mobile ?? identity.phone, .phone)
            | given(identity.email, .email) | given(identity.address, .street) | given(identity.postcode, .postcode)
            | given(identity.localPatientID, .identifier)
    }

    /// Every role `init(identity:)` may give, as bits.
    static let identityRoleBits = [PersonRole.given, .family, .dob, .sex, .nhi, .phone, .email, .street, .postcode, .identifier]
        .reduce(0) { $0 | 1 << $1.place }
}

extension Identity {
    /// Whether it names someone (a name, an NHI or a date of birth): a card payment does not.
    public var namesSomeone: Bool {
        familyName != nil || givenName != nil || nhi != nil || nhiUnchecked != nil || dob != nil
    }
}

/// The probabilistic model applied to the case: the register's patients on one side, the traces
/// that name someone on the other, a model trained on them (u by sampling, m by EM), and the match
/// probability of any trace against any patient.
public struct IdentityScoring: Sendable {
    public let model: MatchModel
    /// The row of each patient by their id (hashed by `FastHash`: asked for every link reviewed).
    private let patientRow: [TextKey: Int]
    /// The row of each patient by their place in the list the model was trained with (a register
    /// index's positions): scoring a candidate without hashing their id.
    private let rowOfPatientAt: [Int32]
    /// The row of each naming trace: the row of the identity it gives. Traces that give the same
    /// identity (`IdentityNumbers`) share one row, the identities' rows following the patients' in
    /// the order they were first given.
    private let traceRow: PlacesByID
    private let firstTraceRow: Int
    /// How many distinct identities the traces give.
    let identityCount: Int
    /// The fingerprint of what the model was trained on and what it scores: each patient (their id and
    /// every field) and each identity the traces give (every field), in order, and how it is trained.
    /// The model, and what it makes of each identity against the register's patients, are functions of
    /// these alone: a model kept under the same fingerprint (`KeptModel`) is the model training would
    /// give, and its scores those scoring would give.
    public let trainedOn: String
    /// Whether the model is the one `kept` gave (trained on the same), not trained here.
    public let modelTakenBack: Bool
    private let bounds: WeightBounds
    /// The pairs asked of the model and its answers; its table.
    private let answering: PairAnswering

    /// Compared pairs the prior (λ) is estimated from at most: about a 10,000-patient practice's
    /// (its figures unchanged); a larger register's from a sample of this size.
    static let lambdaPairs = 150_000

    /// How the model is trained, for `trainedOn`: the settings and the sample λ is taken from.
    static let training = "identity scoring 1, pairs, \(String(reflecting: LinkageSettings.people)), λ from \(lambdaPairs) pairs"

    /// Trains on the patients and the naming traces among `traces` (any kind but the register), or
    /// takes `kept`'s model where it was trained on the same (`trainedOn`). A model taken back answers
    /// what `kept` answered without its table (a person table of the whole case, the most of linking
    /// again after a file that gives no new identity); the table is made the first time a pair it did not
    /// answer is asked.
    public init(patients: [Patient], traces: [Trace], kept: KeptModel? = nil) {
        var print = Fingerprint()
        print.text(Self.training)
        var patientRow = [TextKey: Int](minimumCapacity: patients.count)
        var traceRow = PlacesByID(spanning: traces.lazy.filter { $0.kind != .register && $0.identity.namesSomeone }.compactMap(\.id))
        var rowOfPatientAt: [Int32] = []
        rowOfPatientAt.reserveCapacity(patients.count)
        // The table's rows, to be made now or later: the patients' (by their place in `patients`), then
        // the identities' (by the place in `traces` of the first trace giving each).
        var patientRows: [Int] = [], identityRows: [Int] = []
        for (place, patient) in patients.enumerated() {
            print.text(patient.id)
            if let row = patientRow[TextKey(patient.id)] {
                print.count(row)
                rowOfPatientAt.append(Int32(row))
                continue
            }
            IdentityNumbers.fingerprint(patient.identity, into: &print)
            patientRow[TextKey(patient.id)] = patientRows.count
            rowOfPatientAt.append(Int32(patientRows.count))
            patientRows.append(place)
        }
        print.count(patients.count)
        // One row for each identity the traces give, however many give it (a patient's bookings and
        // results, written alike by one source: a quarter of a practice's naming traces). The model
        // learns from what the sources wrote, each way of writing someone once; so a file that gives only
        // identities the case holds leaves the model as it was.
        // (The identities' numbers let go once given, not held through training: 13 MB at 100,000 patients.)
        let firstTraceRow = patientRows.count
        do {
            var numbers = IdentityNumbers()
            for (place, trace) in traces.enumerated() where trace.kind != .register && trace.identity.namesSomeone {
                guard let id = trace.id, traceRow[id] == nil else { continue }
                let (number, isNew) = numbers.number(of: trace.identity)
                if isNew {
                    IdentityNumbers.fingerprint(trace.identity, into: &print)
                    identityRows.append(place)
                }
                traceRow[id] = firstTraceRow + number
            }
        }
        self.firstTraceRow = firstTraceRow
        identityCount = identityRows.count
        print.count(identityCount)
        self.patientRow = patientRow
        self.rowOfPatientAt = rowOfPatientAt
        self.traceRow = traceRow
        trainedOn = print.hex()
        let table = { @Sendable [patientRows, identityRows] () -> PersonTable in
            var table = PersonTable()
            for place in patientRows { table.append(id: patients[place].id, side: 0, PersonFields(identity: patients[place].identity)) }
            for place in identityRows { table.append(id: String(traces[place].id ?? 0), side: 1, PersonFields(identity: traces[place].identity)) }
            table.finishAppending()
            return table
        }
        if let kept, kept.trainedOn == trainedOn,
           let model = MatchModel(comparisons: Self.comparisons(patientRows.lazy.map { patients[$0].identity },
                                                                identityRows.lazy.map { traces[$0].identity }),
                                  fitting: kept.parameters) {
            self.model = model
            modelTakenBack = true
            answering = PairAnswering(kept: kept.answers, table: table)
        } else {
            let made = table()
            model = MatchModel(training: made, settings: .people, mode: .pair, lambdaPairs: Self.lambdaPairs)
            modelTakenBack = false
            answering = PairAnswering(made: made)
        }
        bounds = WeightBounds(model: model)
    }

    /// The comparisons training picks for a table of these identities (`ModelTraining.comparisons`),
    /// known without the table: those of the roles the identities give (an identity gives no cards).
    private static func comparisons(_ patients: some Sequence<Identity>, _ identities: some Sequence<Identity>) -> [Comparison] {
        var seen = 0
        // Read until every role an identity can give is seen.
        func see(_ rows: some Sequence<Identity>) {
            for identity in rows {
                if seen == PersonFields.identityRoleBits { return }
                seen |= PersonFields.rolesGivenBits(of: identity)
            }
        }
        see(patients)
        see(identities)
        return ModelTraining.comparisons(.people, rolesPresent: PersonTable.roles(seen: seen), anyCards: false)
    }

    /// The model's table of the patients and identities, made here where it was not yet.
    public var table: PersonTable { answering.withTable { $0 } }

    /// Whether the model's table has been made: a model taken back makes it only for a pair it was not
    /// asked of before.
    public var tableMade: Bool { answering.tableMade }

    /// What the model was asked of pairs in this scoring (`weight`, `probability`, `explain`) and
    /// answered, for the case to keep with the model (`KeptModel.answers`).
    public var answersGiven: ModelAnswers { answering.given }

    /// The number of the identity the trace at `row` gives (0 up to `identityCount`): traces that give
    /// the same identity (every field equal) have the same number, and are alike to the model.
    func identityNumber(ofTraceRow row: Int) -> Int { row - firstTraceRow }

    /// The pair of a patient's row and a trace's row, as the answers name it.
    private func pair(_ i: Int, _ j: Int) -> ModelPair { ModelPair(patientRow: Int32(i), identity: Int32(j - firstTraceRow)) }

    /// Whether the trace was given to the model (it names someone).
    public func knows(trace: Int64) -> Bool { traceRow[trace] != nil }

    /// The match weight (log2 odds) that the trace is the patient; nil where either is unknown to the model.
    public func weight(trace: Int64, patient: String) -> Double? {
        guard let i = patientRow[TextKey(patient)], let j = traceRow[trace] else { return nil }
        return answering.weight(pair(i, j)) { model.weight($0, i, j) }
    }

    /// The trace's row in the model's table, for scoring it against many patients; nil where the
    /// trace names nobody.
    public func row(ofTrace trace: Int64) -> Int? { traceRow[trace] }

    /// The match weight of the trace at `row` against the patient at `position` in the list the model
    /// was trained with; nil for a position past it (a patient added since).
    public func weight(traceRow row: Int, patientAt position: Int) -> Double? {
        guard position < rowOfPatientAt.count else { return nil }
        let i = Int(rowOfPatientAt[position])
        return answering.weight(pair(i, row)) { model.weight($0, i, row) }
    }

    /// The match weights of the trace at `row` against the patients at `positions` (as
    /// `weight(traceRow:patientAt:)` gives each, to the bit), in no particular order, leaving out
    /// patients that certainly weigh `margin` or more below the highest (`WeightBounds`) and positions
    /// past the list the model was trained with. Every patient within `margin` of the highest is there.
    public func weights(traceRow row: Int, patientsAt positions: [Int], within margin: Double) -> [(patient: Int, weight: Double)] {
        // Every position the model knows, as a rule: the list as given, not one grown again by filtering.
        let known = positions.allSatisfy { $0 < rowOfPatientAt.count } ? positions : positions.filter { $0 < rowOfPatientAt.count }
        let rows = known.map { Int(rowOfPatientAt[$0]) }
        return answering.withTable { table in bounds.weights(model, table, row: row, against: rows, within: margin) }
            .map { (known[$0.candidate], $0.weight) }
    }

    /// The probability that the trace is the patient; nil where either is unknown to the model.
    public func probability(trace: Int64, patient: String) -> Double? {
        weight(trace: trace, patient: patient).map { MatchModel.probability(weight: $0) }
    }

    /// Why the trace scored as it did against the patient.
    public func explain(trace: Int64, patient: String) -> MatchExplanation? {
        guard let i = patientRow[TextKey(patient)], let j = traceRow[trace] else { return nil }
        return answering.explanation(pair(i, j)) { model.explain($0, i, j) }
    }

    /// The comparisons of `explain` that weigh at least `least`, each by its place in the model's
    /// comparisons, and the probability (`MatchModel.strongComparisons`), of the trace at `row` and the
    /// patient at `position` in the list the model was trained with (as `weights(traceRow:patientsAt:within:)`
    /// names them: a link's own rows, not its ids looked up again); nil for a position past that list.
    func strongComparisons(traceRow row: Int, patientAt position: Int, atLeast least: Double) -> (steps: [(comparison: Int, weight: Double)], probability: Double)? {
        guard position < rowOfPatientAt.count else { return nil }
        let i = Int(rowOfPatientAt[position])
        let found = answering.withTable { model.strongComparisons($0, i, row, atLeast: least) }
        return (found.steps, MatchModel.probability(weight: found.total))
    }
}

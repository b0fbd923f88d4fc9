public import LacunaCore

extension PersonFields {
    /// What an identity gives the model: names (initials where that is all there is), date of
    /// birth, sex, NHI (checked or not), phone, email, address, postcode and the chart number.
    public init(identity: Identity) {
        self.init()
        self[.given] = identity.givenName ?? identity.givenInitial
        self[.family] = identity.familyName ?? identity.familyInitial
        self[.dob] = identity.dob?.description
        self[.sex] = identity.sex
        self[.nhi] = identity.nhi ?? identity.nhiUnchecked
        self[.phone] = identity.mobile ?? identity.phone
        self[.email] = identity.email
        self[.street] = identity.address
        self[.postcode] = identity.postcode
        self[.identifier] = identity.localPatientID
    }
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
    public let table: PersonTable
    public let model: MatchModel
    private let patientRow: [String: Int]
    /// The row of each patient by their place in the list the model was trained with (a register
    /// index's positions): scoring a candidate without hashing their id.
    private let rowOfPatientAt: [Int32]
    /// The row of each naming trace: the row of the identity it gives. Traces that give the same
    /// identity (`IdentityNumbers`) share one row, the identities' rows following the patients' in
    /// the order they were first given.
    private let traceRow: [Int64: Int]
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

    /// Compared pairs the prior (λ) is estimated from at most: about a 10,000-patient practice's
    /// (its figures unchanged); a larger register's from a sample of this size.
    static let lambdaPairs = 150_000

    /// How the model is trained, for `trainedOn`: the settings and the sample λ is taken from.
    static let training = "identity scoring 1, pairs, \(String(reflecting: LinkageSettings.people)), λ from \(lambdaPairs) pairs"

    /// Trains on the patients and the naming traces among `traces` (any kind but the register), or
    /// takes `kept`'s model where it was trained on the same (`trainedOn`).
    public init(patients: [Patient], traces: [Trace], kept: KeptModel? = nil) {
        var table = PersonTable()
        var print = Fingerprint()
        print.text(Self.training)
        var patientRow = [String: Int](minimumCapacity: patients.count), traceRow = [Int64: Int](minimumCapacity: traces.count)
        var rowOfPatientAt: [Int32] = []
        rowOfPatientAt.reserveCapacity(patients.count)
        for patient in patients {
            print.text(patient.id)
            if let row = patientRow[patient.id] {
                print.count(row)
                rowOfPatientAt.append(Int32(row))
                continue
            }
            IdentityNumbers.fingerprint(patient.identity, into: &print)
            patientRow[patient.id] = table.count
            rowOfPatientAt.append(Int32(table.count))
            table.append(id: patient.id, side: 0, PersonFields(identity: patient.identity))
        }
        print.count(patients.count)
        // One row for each identity the traces give, however many give it (a patient's bookings and
        // results, written alike by one source: a quarter of a practice's naming traces). The model
        // learns from what the sources wrote, each way of writing someone once; so a file that gives only
        // identities the case holds leaves the model as it was.
        var numbers = IdentityNumbers()
        let firstTraceRow = table.count
        for trace in traces where trace.kind != .register && trace.identity.namesSomeone {
            guard let id = trace.id, traceRow[id] == nil else { continue }
            let (number, isNew) = numbers.number(of: trace.identity)
            if isNew {
                IdentityNumbers.fingerprint(trace.identity, into: &print)
                table.append(id: String(id), side: 1, PersonFields(identity: trace.identity))
            }
            traceRow[id] = firstTraceRow + number
        }
        self.firstTraceRow = firstTraceRow
        identityCount = table.count - firstTraceRow
        print.count(identityCount)
        self.table = table
        self.patientRow = patientRow
        self.rowOfPatientAt = rowOfPatientAt
        self.traceRow = traceRow
        trainedOn = print.hex()
        if let kept, kept.trainedOn == trainedOn, let model = MatchModel(table: table, settings: .people, parameters: kept.parameters) {
            self.model = model
            modelTakenBack = true
        } else {
            model = MatchModel(training: table, settings: .people, mode: .pair, lambdaPairs: Self.lambdaPairs)
            modelTakenBack = false
        }
        bounds = WeightBounds(model: model)
    }

    /// The number of the identity the trace at `row` gives (0 up to `identityCount`): traces that give
    /// the same identity (every field equal) have the same number, and are alike to the model.
    func identityNumber(ofTraceRow row: Int) -> Int { row - firstTraceRow }

    /// Whether the trace was given to the model (it names someone).
    public func knows(trace: Int64) -> Bool { traceRow[trace] != nil }

    /// The match weight (log2 odds) that the trace is the patient; nil where either is unknown to the model.
    public func weight(trace: Int64, patient: String) -> Double? {
        guard let i = patientRow[patient], let j = traceRow[trace] else { return nil }
        return model.weight(table, i, j)
    }

    /// The trace's row in the model's table, for scoring it against many patients; nil where the
    /// trace names nobody.
    public func row(ofTrace trace: Int64) -> Int? { traceRow[trace] }

    /// The match weight of the trace at `row` against the patient at `position` in the list the model
    /// was trained with; nil for a position past it (a patient added since).
    public func weight(traceRow row: Int, patientAt position: Int) -> Double? {
        guard position < rowOfPatientAt.count else { return nil }
        return model.weight(table, Int(rowOfPatientAt[position]), row)
    }

    /// The match weights of the trace at `row` against the patients at `positions` (as
    /// `weight(traceRow:patientAt:)` gives each, to the bit), in no particular order, leaving out
    /// patients that certainly weigh `margin` or more below the highest (`WeightBounds`) and positions
    /// past the list the model was trained with. Every patient within `margin` of the highest is there.
    public func weights(traceRow row: Int, patientsAt positions: [Int], within margin: Double) -> [(patient: Int, weight: Double)] {
        let known = positions.filter { $0 < rowOfPatientAt.count }
        return bounds.weights(model, table, row: row, against: known.map { Int(rowOfPatientAt[$0]) }, within: margin)
            .map { (known[$0.candidate], $0.weight) }
    }

    /// The probability that the trace is the patient; nil where either is unknown to the model.
    public func probability(trace: Int64, patient: String) -> Double? {
        weight(trace: trace, patient: patient).map { MatchModel.probability(weight: $0) }
    }

    /// Why the trace scored as it did against the patient.
    public func explain(trace: Int64, patient: String) -> MatchExplanation? {
        guard let i = patientRow[patient], let j = traceRow[trace] else { return nil }
        return model.explain(table, i, j)
    }

    /// The comparisons of `explain` that weigh at least `least`, each by its place in the model's
    /// comparisons, and the probability (`MatchModel.strongComparisons`).
    func strongComparisons(trace: Int64, patient: String, atLeast least: Double) -> (steps: [(comparison: Int, weight: Double)], probability: Double)? {
        guard let i = patientRow[patient], let j = traceRow[trace] else { return nil }
        let found = model.strongComparisons(table, i, j, atLeast: least)
        return (found.steps, MatchModel.probability(weight: found.total))
    }
}

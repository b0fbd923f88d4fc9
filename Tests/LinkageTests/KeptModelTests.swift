import Testing
import LacunaCore
@testable import Linkage

/// Issue 20: the model is trained on the register's patients and the identities the traces give, each
/// identity once however many traces give it, and an earlier run's model is taken back where it was
/// trained on the same (`KeptModel`): a file of results for patients the case has had results for
/// spares the training.
@Suite("A model kept between runs")
struct KeptModelTests {
    static func traces(_ identities: [Identity], from first: Int = 1) -> [Trace] {
        identities.enumerated().map { k, identity in
            var trace = Trace(kind: .lab, recordType: "result", file: "lab.hl7", locator: Locator(line: first + k), time: nil,
                              identity: identity, provider: nil, payload: [:], contentKey: "l\(first + k)")
            trace.id = Int64(first + k)
            return trace
        }
    }

    /// 300 patients and 200 identities from small pools (`WeightBoundsTests.identity`): many alike.
    static func people(seed: UInt64) -> (patients: [Patient], identities: [Identity]) {
        var generator = SeededRandom(seed: seed)
        let patients = (0..<300).map { n in
            Patient(id: "P\(n)", origin: .register, identity: WeightBoundsTests.identity(&generator), usualProvider: nil, sourceTraceID: nil)
        }
        return (patients, (0..<200).map { _ in WeightBoundsTests.identity(&generator) })
    }

    @Test("a model kept under what this training would be trained on is taken back; under anything else, or not fitting the comparisons, it is not")
    func takenBackOnlyWhereTrainedOnTheSame() {
        let (patients, identities) = Self.people(seed: 3)
        let traces = Self.traces(identities)
        let trained = IdentityScoring(patients: patients, traces: traces)
        var other = trained.model.parameters
        other.lambda /= 2
        other.m[0] = other.m[0].reversed()
        #expect(other != trained.model.parameters)

        let same = IdentityScoring(patients: patients, traces: traces, kept: KeptModel(trainedOn: trained.trainedOn, parameters: other))
        #expect(same.model.parameters == other, "a model kept under the same fingerprint was not taken back")
        #expect(same.trainedOn == trained.trainedOn)

        let elsewhere = IdentityScoring(patients: patients, traces: traces, kept: KeptModel(trainedOn: "another", parameters: other))
        #expect(elsewhere.model.parameters == trained.model.parameters)

        var misfit = other
        misfit.m.removeLast()
        misfit.u.removeLast()
        let notFitting = IdentityScoring(patients: patients, traces: traces, kept: KeptModel(trainedOn: trained.trainedOn, parameters: misfit))
        #expect(notFitting.model.parameters == trained.model.parameters)
    }

    @Test("traces that repeat identities already given leave the training, and so the model, as it was; a new identity, a field or an id changed changes it",
          arguments: [UInt64(3), 8])
    func fingerprintFollowsTheModel(seed: UInt64) {
        let (patients, identities) = Self.people(seed: seed)
        let trained = IdentityScoring(patients: patients, traces: Self.traces(identities))

        // The same identities given again by later traces (a resend with new message ids): the same model, as trained.
        let repeated = IdentityScoring(patients: patients, traces: Self.traces(identities + identities.prefix(80), from: 1))
        #expect(repeated.trainedOn == trained.trainedOn)
        #expect(repeated.model.parameters == trained.model.parameters)
        #expect(repeated.identityCount == trained.identityCount)

        // One identity new to the case.
        var stranger = Identity()
        stranger.givenName = "Hinemoa"
        stranger.familyName = "Parata"
        stranger.dob = LocalDate(year: 1961, month: 7, day: 30)
        let withStranger = IdentityScoring(patients: patients, traces: Self.traces(identities + [stranger]))
        #expect(withStranger.trainedOn != trained.trainedOn)
        #expect(withStranger.identityCount == trained.identityCount + 1)

        // One patient's postcode, one identity's email: each changes what the model is trained on.
        var moved = patients
        moved[17].identity.postcode = moved[17].identity.postcode == "9999" ? "9998" : "9999"
        #expect(IdentityScoring(patients: moved, traces: Self.traces(identities)).trainedOn != trained.trainedOn)
        // A patient's id (which a rule names) and a field the model does not compare (which the register's
        // index finds candidates by) change it too.
        var renumbered = patients
        renumbered[5].id = "P5b"
        #expect(IdentityScoring(patients: renumbered, traces: Self.traces(identities)).trainedOn != trained.trainedOn)
        var preferring = patients
        preferring[9].identity.preferredName = "Bub"
        #expect(IdentityScoring(patients: preferring, traces: Self.traces(identities)).trainedOn != trained.trainedOn)
        var written = identities
        written[42].email = "someone.else@example.nz"
        #expect(IdentityScoring(patients: patients, traces: Self.traces(written)).trainedOn != trained.trainedOn)
        // The same identities in another order are trained on in that order.
        #expect(IdentityScoring(patients: patients, traces: Self.traces(identities.reversed())).trainedOn != trained.trainedOn)
    }

    @Test("a model taken back answers what it was asked before without making its table, to the bit; a pair it was not asked of makes the table, and is answered as the trained model answers")
    func answersWithoutTheTable() throws {
        let (patients, identities) = Self.people(seed: 5)
        let traces = Self.traces(identities)
        let trained = IdentityScoring(patients: patients, traces: traces)
        #expect(trained.tableMade)
        // Asked as a run asks: a link's probability, a namesake's weight by register place, why a link weighed so.
        let asked = (0..<60).map { n in (trace: Int64(1 + n * 3), patient: "P\(n * 5)") }
        let probabilities = asked.map { trained.probability(trace: $0.trace, patient: $0.patient) }
        let row = try #require(trained.row(ofTrace: 7))
        let namesakes = (0..<20).map { trained.weight(traceRow: row, patientAt: $0 * 11) }
        let why = try #require(trained.explain(trace: 4, patient: "P8"))
        let answers = trained.answersGiven
        #expect(answers.weights.count == 80 && answers.explanations.count == 1)

        let kept = KeptModel(trainedOn: trained.trainedOn, parameters: trained.model.parameters, answers: answers)
        let taken = IdentityScoring(patients: patients, traces: traces, kept: kept)
        #expect(taken.modelTakenBack)
        #expect(taken.model.comparisons.map(\.name) == trained.model.comparisons.map(\.name))
        #expect(asked.map { taken.probability(trace: $0.trace, patient: $0.patient)?.bitPattern } == probabilities.map { $0?.bitPattern })
        #expect((0..<20).map { taken.weight(traceRow: row, patientAt: $0 * 11)?.bitPattern } == namesakes.map { $0?.bitPattern })
        #expect(taken.explain(trace: 4, patient: "P8") == why)
        #expect(!taken.tableMade, "answers kept were worked out again on a table")
        #expect(taken.answersGiven == answers)

        // A pair never asked: the table is made, and the answer is the trained model's.
        #expect(taken.weight(trace: 100, patient: "P299")?.bitPattern == trained.weight(trace: 100, patient: "P299")?.bitPattern)
        #expect(taken.tableMade)
        #expect(taken.answersGiven.weights.count == 81)

        // What is kept is what is answered: a kept weight is not worked out again.
        var forged = answers
        forged.weights[forged.weights.keys.min()!] = 42
        let told = IdentityScoring(patients: patients, traces: traces, kept: KeptModel(trainedOn: trained.trainedOn, parameters: trained.model.parameters, answers: forged))
        #expect(asked.contains { told.weight(trace: $0.trace, patient: $0.patient) == 42 })
        // Answers kept with a model trained on something else are not taken.
        let elsewhere = IdentityScoring(patients: patients, traces: traces, kept: KeptModel(trainedOn: "another", parameters: trained.model.parameters, answers: forged))
        #expect(!asked.contains { elsewhere.weight(trace: $0.trace, patient: $0.patient) == 42 })
    }

    @Test("the comparisons of a model taken back are those training picks for the table, known without it: roles nobody gives leave theirs out",
          arguments: [[String](), ["email", "postcode", "identifier"], ["mobile", "address", "email", "postcode", "nhi", "sex"]])
    func comparisonsWithoutTheTable(nobodyGives: [String]) {
        var (patients, identities) = Self.people(seed: 9)
        func strip(_ identity: inout Identity) {
            for role in nobodyGives {
                switch role {
                case "email": identity.email = nil
                case "postcode": identity.postcode = nil
                case "identifier": identity.localPatientID = nil
                case "mobile": identity.mobile = nil
                case "address": identity.address = nil
                case "nhi": identity.nhi = nil
                case "sex": identity.sex = nil
                default: Issue.record("no such role \(role)")
                }
            }
        }
        for n in patients.indices { strip(&patients[n].identity) }
        for n in identities.indices { strip(&identities[n]) }
        // An email from the last identity alone: the roles are read to the end (an empty one is none).
        for n in patients.indices { patients[n].identity.email = nil }
        for n in identities.indices.dropLast() { identities[n].email = nil }
        identities[identities.count - 1].email = nobodyGives.contains("email") ? "" : "last@example.nz"
        let traces = Self.traces(identities)
        let trained = IdentityScoring(patients: patients, traces: traces)
        let taken = IdentityScoring(patients: patients, traces: traces,
                                    kept: KeptModel(trainedOn: trained.trainedOn, parameters: trained.model.parameters))
        #expect(taken.modelTakenBack)
        #expect(taken.model.comparisons.map(\.name) == trained.model.comparisons.map(\.name))
        #expect(!taken.tableMade)
    }

    @Test("the roles an identity gives, read without making its fields, are those its fields give")
    func rolesGivenAlike() {
        var generator = SeededRandom(seed: 21)
        var identities = (0..<400).map { _ in WeightBoundsTests.identity(&generator) }
        var sparse = Identity()
        sparse.givenInitial = "M"
        sparse.familyInitial = ""
        sparse.nhiUnchecked = "ZZZ0017"
        sparse.phone = "09 555 0100"
        sparse.email = ""
        identities += [Identity(), sparse]
        for identity in identities {
            #expect(PersonFields.rolesGivenBits(of: identity) == PersonFields(identity: identity).rolesGivenBits)
        }
    }

    @Test("the model's pairs hash by both halves: a dictionary of answers finds each pair, never its mirror or a neighbour's")
    func pairsHashed() {
        var answers: [ModelPair: Double] = [:]
        for patient in 0..<60 { for identity in 0..<60 { answers[ModelPair(patientRow: Int32(patient), identity: Int32(identity))] = Double(patient * 100 + identity) } }
        #expect(answers.count == 3_600)
        for patient in 0..<60 {
            for identity in 0..<60 {
                #expect(answers[ModelPair(patientRow: Int32(patient), identity: Int32(identity))] == Double(patient * 100 + identity))
            }
        }
        #expect(answers[ModelPair(patientRow: 60, identity: 0)] == nil && answers[ModelPair(patientRow: -1, identity: 5)] == nil)
        let one = ModelPair(patientRow: 3, identity: 9), mirror = ModelPair(patientRow: 9, identity: 3)
        #expect(one._rawHashValue(seed: 11) == ModelPair(patientRow: 3, identity: 9)._rawHashValue(seed: 11))
        #expect(one._rawHashValue(seed: 11) != mirror._rawHashValue(seed: 11))
        // Spread over a dictionary's buckets: a patient's 1,024 pairs fill most of 1,024 buckets.
        #expect(Set((0..<1_024).map { ModelPair(patientRow: 7, identity: Int32($0))._rawHashValue(seed: 11) & 1023 }).count > 600)
    }
}

import Foundation
import Linkage

/// What the review asks of a link's scoring: the model's probability that the trace is the patient,
/// and, for a link a person should look at, why. The linker's model answers (`ModelEvidence`), or
/// the answers it gave last time, kept in the case (`LinkageMemo`).
protocol LinkEvidence {
    /// nil where the model does not know the trace or the patient.
    func probability(trace: Int64, patient: String) -> Double?
    func explanation(trace: Int64, patient: String) -> LinkExplanation?
}

/// Why a trace scored as it did against a patient, as the review shows it.
struct LinkExplanation: Equatable, Sendable {
    var probability: Double
    /// One comparison a clause (`family name: exact +8.1; …`): labels and weights, no patient data.
    var text: String
    var html: String
}

/// The probabilistic model's own answers.
struct ModelEvidence: LinkEvidence {
    let scoring: IdentityScoring

    func probability(trace: Int64, patient: String) -> Double? {
        scoring.probability(trace: trace, patient: patient)
    }

    func explanation(trace: Int64, patient: String) -> LinkExplanation? {
        guard let why = scoring.explain(trace: trace, patient: patient) else { return nil }
        return LinkExplanation(
            probability: why.probability,
            text: why.steps.filter { $0.level != "missing" }
                .map { "\($0.comparison): \($0.level) \(($0.weight + $0.frequencyAdjustment).fixedDecimals(1, sign: true))" }
                .joined(separator: "; "),
            html: why.html)
    }
}

/// Another evidence's answers, each one remembered in the order it was asked, to be kept in the case.
final class RecordedEvidence: LinkEvidence {
    private let answering: any LinkEvidence
    private(set) var probabilities: [(pair: LinkageMemo.Pair, answer: Double?)] = []
    private(set) var explanations: [(pair: LinkageMemo.Pair, answer: LinkExplanation?)] = []

    init(_ answering: any LinkEvidence) { self.answering = answering }

    func probability(trace: Int64, patient: String) -> Double? {
        let answer = answering.probability(trace: trace, patient: patient)
        probabilities.append((LinkageMemo.Pair(trace: trace, patient: patient), answer))
        return answer
    }

    func explanation(trace: Int64, patient: String) -> LinkExplanation? {
        let answer = answering.explanation(trace: trace, patient: patient)
        explanations.append((LinkageMemo.Pair(trace: trace, patient: patient), answer))
        return answer
    }
}

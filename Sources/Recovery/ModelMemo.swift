import LacunaCore
import Linkage

/// The model the last training gave and what it made of each identity, as the case keeps them
/// (`model_memo`): the program that trained it, the parameters bit for bit, each identity's
/// candidates with their weights and the rule of the best, and the model's answers for the pairs it
/// was asked of (a link's weight, why it weighed so). A run of another build does not take them
/// back (training and scoring may differ between builds); a run of the same build linking the same
/// patients and identities does (`KeptModel`), sparing the training and the scoring, which were
/// a third of a run after a new file, and the model's table, most of what was left of linking.
enum ModelMemo {
    /// The first bytes of a memo; a memo written another way is not read back (the case trains again).
    /// 4: the rule of each identity's best and the names of an explanation's comparisons and levels as
    /// numbers of texts written once (`MemoTexts`): a few dozen rules were written out for each of a
    /// 100,000-patient case's 140,000 identities.
    static let format = "lacuna model memo 4"

    static func encoded(_ kept: KeptModel) -> [UInt8] {
        var out = ByteRunWriter()
        out.text(format)
        out.text(RunInputs.program)
        let parameters = kept.parameters
        out.decimal(parameters.lambda)
        for table in [parameters.m, parameters.u] {
            out.count(table.count)
            for levels in table {
                out.count(levels.count)
                for p in levels { out.decimal(p) }
            }
        }
        var texts = MemoTexts.Writer()
        out.count(kept.scores.count)
        for scores in kept.scores {
            out.optional(scores) { out, scores in
                out.count(scores.scored.count)
                for candidate in scores.scored {
                    out.integer(Int64(candidate.patient))
                    out.decimal(candidate.weight)
                }
                out.optional(scores.rule) { texts.write($1, into: &$0) }
            }
        }
        // In the pairs' order: the same answers, the same bytes.
        let answers = kept.answers
        out.count(answers.weights.count)
        for (pair, weight) in answers.weights.sorted(by: { $0.key < $1.key }) {
            write(pair, into: &out)
            out.decimal(weight)
        }
        out.count(answers.explanations.count)
        for (pair, explanation) in answers.explanations.sorted(by: { $0.key < $1.key }) {
            write(pair, into: &out)
            out.decimal(explanation.prior)
            out.count(explanation.steps.count)
            for step in explanation.steps {
                texts.write(step.comparison, into: &out)
                texts.write(step.level, into: &out)
                out.decimal(step.weight)
                out.decimal(step.frequencyAdjustment)
            }
        }
        return out.bytes
    }

    private static func write(_ pair: ModelPair, into out: inout ByteRunWriter) {
        out.integer(Int64(pair.patientRow))
        out.integer(Int64(pair.identity))
    }

    private static func pair(_ input: inout ByteRunReader) throws -> ModelPair {
        let row = try input.integer(), identity = try input.integer()
        guard let row = Int32(exactly: row), let identity = Int32(exactly: identity) else { throw ByteRunError(offset: input.offset) }
        return ModelPair(patientRow: row, identity: identity)
    }

    /// The model kept under `fingerprint`, where this program wrote it and it reads whole; else nil.
    static func kept(fingerprint: String, body: [UInt8]) -> KeptModel? {
        var input = ByteRunReader(body)
        do {
            guard try input.text() == format, try input.text() == RunInputs.program else { return nil }
            let lambda = try input.decimal()
            var tables: [[[Double]]] = []
            for _ in 0..<2 {
                var table: [[Double]] = []
                for _ in 0..<(try input.count()) {
                    var levels: [Double] = []
                    for _ in 0..<(try input.count()) { levels.append(try input.decimal()) }
                    table.append(levels)
                }
                tables.append(table)
            }
            var texts = MemoTexts.Reader()
            var scores: [ModelScores?] = []
            for _ in 0..<(try input.count()) {
                scores.append(try input.optional { input in
                    var scored: [(patient: Int, weight: Double, probability: Double)] = []
                    for _ in 0..<(try input.count()) {
                        let patient = Int(try input.integer()), weight = try input.decimal()
                        // The probability is the weight's, worked out as scoring works it out.
                        scored.append((patient, weight, MatchModel.probability(weight: weight)))
                    }
                    return ModelScores(scored: scored, rule: try input.optional { try texts.read(from: &$0) })
                })
            }
            var answers = ModelAnswers()
            let weights = try input.count()
            answers.weights.reserveCapacity(weights)
            for _ in 0..<weights {
                answers.weights[try pair(&input)] = try input.decimal()
            }
            for _ in 0..<(try input.count()) {
                let pair = try pair(&input), prior = try input.decimal()
                var steps: [MatchExplanation.Step] = []
                for _ in 0..<(try input.count()) {
                    steps.append(MatchExplanation.Step(comparison: try texts.read(from: &input), level: try texts.read(from: &input),
                                                       weight: try input.decimal(),
                                                       frequencyAdjustment: try input.decimal()))
                }
                answers.explanations[pair] = MatchExplanation(prior: prior, steps: steps)
            }
            guard input.atEnd else { return nil }
            return KeptModel(trainedOn: fingerprint, parameters: FellegiSunterParameters(lambda: lambda, m: tables[0], u: tables[1]),
                             scores: scores, answers: answers)
        } catch {
            return nil
        }
    }
}

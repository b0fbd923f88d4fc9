import Synchronization

/// What a scoring is asked of pairs, answered from what a model kept with its answers answered
/// (`KeptModel.answers`: the same model on the same table answers the same, to the bit) where it
/// can, else from the model's table, made the first time it is needed. Every answer given is noted,
/// for the case to keep with the model.
final class PairAnswering: Sendable {
    private struct State {
        var table: PersonTable?
        var given = ModelAnswers()
    }

    private let kept: ModelAnswers
    private let makeTable: @Sendable () -> PersonTable
    private let state = Mutex(State())

    /// `kept`: the answers of a model taken back (none for a model trained here); `table` makes the
    /// model's table.
    init(kept: ModelAnswers, table: @escaping @Sendable () -> PersonTable) {
        self.kept = kept
        makeTable = table
    }

    /// For a model trained here on `table`: nothing kept, the table made.
    init(made table: PersonTable) {
        kept = ModelAnswers()
        makeTable = { table }
        state.withLock { $0.table = table }
    }

    /// The answers given so far.
    var given: ModelAnswers { state.withLock { $0.given } }

    /// Whether the table has been made.
    var tableMade: Bool { state.withLock { $0.table != nil } }

    /// Runs `body` on the model's table, made now where it was not yet.
    func withTable<Result>(_ body: (borrowing PersonTable) -> Result) -> Result {
        state.withLock { state in
            if state.table == nil { state.table = makeTable() }
            return body(state.table!)
        }
    }

    /// The pair's match weight: given before, kept, or `weigh`ed on the table.
    func weight(_ pair: ModelPair, weigh: (PersonTable) -> Double) -> Double {
        state.withLock { state in
            if let known = state.given.weights[pair] { return known }
            let weight: Double
            if let answered = kept.weights[pair] {
                weight = answered
            } else {
                if state.table == nil { state.table = makeTable() }
                weight = weigh(state.table!)
            }
            state.given.weights[pair] = weight
            return weight
        }
    }

    /// Why the pair weighs what it does: given before, kept, or `explain`ed on the table.
    func explanation(_ pair: ModelPair, explain: (PersonTable) -> MatchExplanation) -> MatchExplanation {
        state.withLock { state in
            if let known = state.given.explanations[pair] { return known }
            let explanation: MatchExplanation
            if let answered = kept.explanations[pair] {
                explanation = answered
            } else {
                if state.table == nil { state.table = makeTable() }
                explanation = explain(state.table!)
            }
            state.given.explanations[pair] = explanation
            return explanation
        }
    }
}

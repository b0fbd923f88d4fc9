import Synchronization

/// What a scoring is asked of pairs, answered from what a model kept with its answers answered
/// (`KeptModel.answers`: the same model on the same table answers the same, to the bit) where it
/// can, else from the model's table, made the first time it is needed. Every answer given is noted,
/// for the case to keep with the model.
final class PairAnswering: Sendable {
    private struct State {
        var table: PersonTable?
        var weights: Answered<Double>
        var explanations: Answered<MatchExplanation>
    }

    private let makeTable: @Sendable () -> PersonTable
    private let state: Mutex<State>

    /// `kept`: the answers of a model taken back (none for a model trained here); `table` makes the
    /// model's table.
    init(kept: ModelAnswers, table: @escaping @Sendable () -> PersonTable) {
        makeTable = table
        state = Mutex(State(table: nil, weights: Answered(kept: kept.weights), explanations: Answered(kept: kept.explanations)))
    }

    /// For a model trained here on `table`: nothing kept, the table made.
    init(made table: PersonTable) {
        makeTable = { table }
        state = Mutex(State(table: table, weights: Answered(kept: [:]), explanations: Answered(kept: [:])))
    }

    /// The answers given so far.
    var given: ModelAnswers { state.withLock { ModelAnswers(weights: $0.weights.given, explanations: $0.explanations.given) } }

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
        state.withLock { $0.weights.answer(pair, table: &$0.table, make: makeTable, work: weigh) }
    }

    /// Why the pair weighs what it does: given before, kept, or `explain`ed on the table.
    func explanation(_ pair: ModelPair, explain: (PersonTable) -> MatchExplanation) -> MatchExplanation {
        state.withLock { $0.explanations.answer(pair, table: &$0.table, make: makeTable, work: explain) }
    }
}

/// One kind of answer (weights, explanations): those kept, and those given.
private struct Answered<Answer: Sendable> {
    let kept: [ModelPair: Answer]
    var given: [ModelPair: Answer] = [:]

    /// The answer for `pair`: given before, kept, or worked out on the table (made now where it was
    /// not yet); noted as given.
    mutating func answer(_ pair: ModelPair, table: inout PersonTable?, make: () -> PersonTable,
                         work: (PersonTable) -> Answer) -> Answer {
        if let known = given[pair] { return known }
        let answer: Answer
        if let answered = kept[pair] {
            answer = answered
        } else {
            if table == nil { table = make() }
            answer = work(table!)
        }
        given[pair] = answer
        return answer
    }
}

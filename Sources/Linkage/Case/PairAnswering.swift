import Synchronization

/// What a scoring is asked of pairs, answered from what a model kept with its answers answered
/// (`KeptModel.answers`: the same model on the same table answers the same, to the bit) where it
/// can, else from the model's table, made the first time it is needed. Every answer given is noted,
/// for the case to keep with the model.
final class PairAnswering: Sendable {
    private struct State {
        /// The model's table, or an empty one until it is made (`made`): read where it lies, not unwrapped
        /// out of an optional, which copied the table (each of its columns' fields, bit by bit) for every
        /// pair weighed and every trace scored.
        var table = PersonTable()
        var made = false
        var weights: Answered<Double>
        var explanations: Answered<MatchExplanation>

        /// Makes the table where it is not made yet.
        mutating func makeTable(_ make: () -> PersonTable) {
            guard !made else { return }
            table = make()
            made = true
        }
    }

    private let makeTable: @Sendable () -> PersonTable
    private let state: Mutex<State>

    /// `kept`: the answers of a model taken back (none for a model trained here); `table` makes the
    /// model's table.
    init(kept: ModelAnswers, table: @escaping @Sendable () -> PersonTable) {
        makeTable = table
        state = Mutex(State(weights: Answered(kept: kept.weights, room: kept.weights.count),
                            explanations: Answered(kept: kept.explanations)))
    }

    /// For a model trained here on `table`: nothing kept, the table made.
    init(made table: PersonTable) {
        makeTable = { table }
        state = Mutex(State(table: table, made: true, weights: Answered(kept: [:], room: table.count), explanations: Answered(kept: [:])))
    }

    /// The answers given so far.
    var given: ModelAnswers { state.withLock { ModelAnswers(weights: $0.weights.given, explanations: $0.explanations.given) } }

    /// Whether the table has been made.
    var tableMade: Bool { state.withLock { $0.made } }

    /// Runs `body` on the model's table, made now where it was not yet.
    func withTable<Result>(_ body: (borrowing PersonTable) -> Result) -> Result {
        state.withLock { state in
            state.makeTable(makeTable)
            return body(state.table)
        }
    }

    /// The pair's match weight: given before, kept, or `weigh`ed on the table.
    func weight(_ pair: ModelPair, weigh: (PersonTable) -> Double) -> Double {
        state.withLock { state in
            if let known = state.weights.known(pair) { return known }
            state.makeTable(makeTable)
            let weight = weigh(state.table)
            return state.weights.note(pair, weight)
        }
    }

    /// Why the pair weighs what it does: given before, kept, or `explain`ed on the table.
    func explanation(_ pair: ModelPair, explain: (PersonTable) -> MatchExplanation) -> MatchExplanation {
        state.withLock { state in
            if let known = state.explanations.known(pair) { return known }
            state.makeTable(makeTable)
            let explanation = explain(state.table)
            return state.explanations.note(pair, explanation)
        }
    }
}

/// One kind of answer (weights, explanations): those kept, and those given.
private struct Answered<Answer: Sendable> {
    let kept: [ModelPair: Answer]
    var given: [ModelPair: Answer]

    /// `room`: how many answers to make room for at once. A linking weighs one or two pairs for each row of
    /// the model's table (16,000 answers for 23,000 rows at 10,000 patients, 373,000 for 242,000 at
    /// 100,000): room for as many as the rows leaves at most one growth, where grown from nothing the
    /// answers were moved into a table twice as large some twenty times.
    init(kept: [ModelPair: Answer], room: Int = 0) {
        self.kept = kept
        given = [:]
        given.reserveCapacity(room)
    }

    /// The answer for `pair` given before or kept (noted as given), or nil where it is to be worked out.
    mutating func known(_ pair: ModelPair) -> Answer? {
        if let known = given[pair] { return known }
        guard let answered = kept[pair] else { return nil }
        given[pair] = answered
        return answered
    }

    /// Notes `answer`, worked out for `pair`, as given.
    mutating func note(_ pair: ModelPair, _ answer: Answer) -> Answer {
        given[pair] = answer
        return answer
    }
}

import Testing
import LacunaCore

/// Traces found by id: as a dictionary of the first trace of each id would find them, whether the ids
/// run one after another (a case's), lie far apart, repeat, are missing or sit at the ends of `Int64`.
@Suite("Traces found by id")
struct TracesByIDTests {
    func trace(_ id: Int64?, _ key: String) -> Trace {
        var t = Trace(kind: .lab, recordType: "result", file: "f", locator: Locator(line: 1), time: nil, identity: Identity(),
                      provider: nil, payload: [:], contentKey: key)
        t.id = id
        return t
    }

    /// What any lookup should give: the first trace of each id, in the order given.
    func expectLikeDictionary(_ ids: [Int64?], _ note: Comment) {
        let traces = ids.enumerated().map { trace($1, "k\($0)") }
        var first: [Int64: String] = [:], order: [String] = []
        for t in traces { if let id = t.id, first[id] == nil { first[id] = t.contentKey; order.append(t.contentKey) } }
        let byID = TracesByID(traces)
        #expect(byID.values.map(\.contentKey) == order, note)
        let known = ids.compactMap { $0 }
        var probes = Set(known)
        for id in known { for step: Int64 in [-2, -1, 1, 2, 1_000, -1_000] { probes.insert(id.addingReportingOverflow(step).partialValue) } }
        probes.formUnion([Int64.min, Int64.max, 0, -1, 1])
        for id in probes { #expect(byID[id]?.contentKey == first[id], "\(note): id \(id)") }
    }

    @Test("as a dictionary of the first of each id finds them, ids close together or far apart")
    func likeDictionary() {
        var random = SeededRandom(seed: 5)
        expectLikeDictionary([], "none")
        expectLikeDictionary([nil, nil], "no ids")
        expectLikeDictionary([1, 2, 3, 4], "in a row")
        expectLikeDictionary([40, 12, 13, 90, 11], "gaps, out of order")
        expectLikeDictionary([5, 6, 5, nil, 7, 6], "repeated and missing")
        expectLikeDictionary([nil, 5, 6], "missing first")
        expectLikeDictionary([1, 1_000_000, 3], "far apart")
        expectLikeDictionary([-3, -1, -2, 0], "below zero")
        expectLikeDictionary([Int64.min, Int64.max, 0], "the ends of Int64")
        expectLikeDictionary([Int64.max - 1, Int64.max, Int64.max - 1], "at the top, repeated")
        expectLikeDictionary([Int64.min, Int64.min + 2], "at the bottom")
        for round in 0..<40 {
            let count = Int(random.next() % 300)
            let span = [4, 50, 1_200, 100_000][round % 4]
            let base = Int64(random.next() % 1_000_000) - 500_000
            let ids: [Int64?] = (0..<count).map { _ in random.next() % 23 == 0 ? nil : base + Int64(random.next() % UInt64(span)) }
            expectLikeDictionary(ids, "round \(round), span \(span)")
        }
    }
}

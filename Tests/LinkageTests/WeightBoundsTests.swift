import Testing
import LacunaCore
@testable import Linkage

/// A trace is scored against its candidates with the comparisons read from numbers made first, and a
/// candidate that cannot come within the tie margin of the best is not scored in full (`WeightBounds`).
/// These hold it to scoring every candidate in full.
@Suite("Candidates scored only where they could win")
struct WeightBoundsTests {
    static let givens = ["Mere", "Mary", "Maria", "Tāmati", "Tamati", "Robert", "Bob", "Aroha", "Wiremu", "Sione", "J"]
    static let families = ["Smith", "Smyth", "Ngata", "Tipene", "Tipene-Walker", "Walker", "van der Berg", "Berg", "Ng"]
    static let postcodes = ["1010", "1011", "6011", "9016"]
    static let streets = ["12 Queen Street", "3 Rata Road", "12 Queen St", "7 Kauri Lane"]

    /// People drawn from small pools, so that many share names, dates, phones and postcodes, some
    /// values missing, some slips.
    static func identity(_ generator: inout SeededRandom) -> Identity {
        func pick<T>(_ list: [T]) -> T { list[Int(generator.next() % UInt64(list.count))] }
        func sometimes(_ percent: UInt64) -> Bool { generator.next() % 100 < percent }
        var identity = Identity()
        if sometimes(92) { identity.givenName = pick(givens) }
        if sometimes(95) { identity.familyName = pick(families) }
        if sometimes(85) { identity.dob = LocalDate(year: 1950 + Int(generator.next() % 8), month: 1 + Int(generator.next() % 3), day: 1 + Int(generator.next() % 4)) }
        if sometimes(70) { identity.sex = pick(["F", "M"]) }
        if sometimes(40) { identity.nhi = pick(["ZZZ0016", "ZZZ0024", "ZZZ0032", "ZZZ0040", "ZZZ0059"]) }
        if sometimes(50) { identity.mobile = pick(["+64211234567", "+64217654321", "+6493334444"]) }
        if sometimes(40) { identity.postcode = pick(postcodes) }
        if sometimes(30) { identity.address = pick(streets) }
        if sometimes(15) { identity.email = pick(["mere@example.nz", "mere@example.com", "bob@example.nz"]) }
        if sometimes(10) { identity.localPatientID = pick(["A1", "A2", "A3"]) }
        return identity
    }

    static func scoring(seed: UInt64, patients: Int, traces: Int) -> IdentityScoring {
        var generator = SeededRandom(seed: seed)
        let register = (0..<patients).map { n in
            Patient(id: "P\(n)", origin: .register, identity: identity(&generator), usualProvider: nil, sourceTraceID: nil)
        }
        let named = (0..<traces).map { k in
            var trace = Trace(kind: .lab, recordType: "result", file: "lab.hl7", locator: Locator(line: k + 1), time: nil,
                              identity: identity(&generator), provider: nil, payload: [:], contentKey: "l\(k)")
            trace.id = Int64(k + 1)
            return trace
        }
        return IdentityScoring(patients: register, traces: named)
    }

    @Test("the weights kept are the full weights, to the bit, and every candidate within the margin of the best is kept",
          arguments: [(UInt64(1), 3.0), (UInt64(2), 3.0), (UInt64(3), 0.5), (UInt64(4), 12.0)])
    func sameAsScoringEveryCandidate(seed: UInt64, margin: Double) throws {
        let scoring = Self.scoring(seed: seed, patients: 300, traces: 200)
        var generator = SeededRandom(seed: seed + 100)
        var candidatesSeen = 0, scoredInFull = 0
        for trace in Int64(1)...200 {
            guard let row = scoring.row(ofTrace: trace) else { continue }
            // A block of candidates in no particular order, a repeat and a position past the register among them.
            var positions = (0..<40).map { _ in Int(generator.next() % 300) }
            positions += [positions[0], 300]
            let full = positions.compactMap { p in scoring.weight(traceRow: row, patientAt: p).map { (patient: p, weight: $0) } }
            let kept = scoring.weights(traceRow: row, patientsAt: positions, within: margin)
            let best = try #require(full.map(\.weight).max())
            #expect(kept.map(\.weight).max() == best)
            for (patient, weight) in kept {
                #expect(scoring.weight(traceRow: row, patientAt: patient)?.bitPattern == weight.bitPattern)
            }
            // Every candidate that could tie with the best, each as often as it was asked for.
            let close = full.filter { best - $0.weight < margin }
            #expect(kept.filter { best - $0.weight < margin }.map(\.patient).sorted() == close.map(\.patient).sorted())
            candidatesSeen += full.count
            scoredInFull += kept.count
        }
        // Not every candidate was kept: the bounds leave some out (at a margin of 12 fewer).
        #expect(scoredInFull < candidatesSeen)
    }

    @Test("what the first comparisons give and the most the rest can add is never below a pair's weight, nor any comparison's gain above its most")
    func boundsHoldForEveryPair() {
        let scoring = Self.scoring(seed: 9, patients: 80, traces: 80)
        let model = scoring.model, table = scoring.table
        let bounds = WeightBounds(model: model)
        #expect(!bounds.first.isEmpty && !bounds.rest.isEmpty)
        var checked = 0
        for j in 0..<table.count {
            let most = bounds.restMost(model, table, row: j)
            for i in 0..<table.count where i != j {
                var reach = model.priorWeight + most
                for k in bounds.first {
                    let l = Int(model.comparisons[k].level(table, i, j))
                    if l >= 0 { reach += model.levelWeights[k][l] + model.frequencyAdjustment(table, comparison: k, level: l, i, j) }
                }
                #expect(model.weight(table, i, j) <= reach + 1e-9)
                // Each comparison, those made first too, adds at most what `most` says it can.
                for k in model.comparisons.indices {
                    let l = Int(model.comparisons[k].level(table, i, j))
                    let gain = l < 0 ? 0 : model.levelWeights[k][l] + model.frequencyAdjustment(table, comparison: k, level: l, i, j)
                    #expect(gain <= bounds.most(model, table, comparison: k, row: j) + 1e-9)
                }
                checked += 1
            }
        }
        #expect(checked == 160 * 159)
    }
}

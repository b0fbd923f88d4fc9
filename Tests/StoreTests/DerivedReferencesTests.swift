import Foundation
import Testing
@testable import Store
import LacunaCore
import TestPostgres

@Suite("Derived rows' references to traces checked in memory where the case's trace ids are known")
struct DerivedReferencesTests {
    let cases = CaseStoreTests()
    let day = LocalDate(year: 2025, month: 4, day: 3)!

    /// Every derived table's rows, referring to traces `ids` (a patient's source, a link, an encounter's
    /// evidence, an unmatched trace, an inbox item's traces, a review item); `bad` put in place of the
    /// trace at `place` (0–5 as listed) where given.
    func derived(_ ids: [Int64], bad: (place: Int, id: Int64)? = nil)
        -> (patients: [Patient], links: [Link], encounters: [Encounter], unmatched: [(traceID: Int64, reason: String)],
            inbox: [InboxItem], reviews: [ReviewItemRecord]) {
        func id(_ place: Int, _ n: Int) -> Int64 { bad?.place == place ? bad!.id : ids[n] }
        let patients = [Patient(id: "P1", origin: .register, identity: Identity(), usualProvider: nil, sourceTraceID: id(0, 0)),
                        Patient(id: "P2", origin: .register, identity: Identity(), usualProvider: nil, sourceTraceID: nil)]
        let links = [Link(traceID: ids[0], patientID: "P1", rule: "register", weight: 1), Link(traceID: id(1, 2), patientID: "P1", rule: "model", weight: 0.9)]
        let encounter = Encounter(candidateID: "C1", patientID: "P1", date: day, provider: "RS", confidence: 0.8, tier: .probable, priority: .other,
                                  evidence: [Evidence(traceID: id(2, 2), kind: .appointments, summary: "booked", weight: 0.8)], reason: "booked")
        let item = InboxItem(itemID: "I1", patientID: "P1", received: TraceTime(date: day), source: .lab, kind: .result, summary: "HbA1c",
                             abnormal: nil, provider: "RS", messageIDs: ["M1"], traceIDs: [ids[3], id(4, 1)])
        let review = ReviewItemRecord(traceID: id(5, 2), decisionKey: "d", source: "appointments", locator: "line 2", patientID: "P1",
                                      rule: "model", matchProbability: 0.6, explanation: "")
        return (patients, links, [encounter], [(id(3, 1), "no one")], [item], [review])
    }

    func replace(_ store: CaseStore, _ rows: (patients: [Patient], links: [Link], encounters: [Encounter],
                                              unmatched: [(traceID: Int64, reason: String)], inbox: [InboxItem], reviews: [ReviewItemRecord])) throws {
        try store.replaceDerived(patients: rows.patients, links: rows.links, encounters: rows.encounters, unmatched: rows.unmatched,
                                 inboxItems: rows.inbox, reviewItems: rows.reviews)
    }

    /// Every derived table's rows, in order, as texts.
    func derivedRows(_ store: CaseStore) throws -> [String] {
        try ["patient", "link", "encounter", "encounter_evidence", "unmatched", "inbox_item", "inbox_item_trace", "review_item"].flatMap { table in
            try store.database.rows("SELECT * FROM \(table)").map { table + ": " + $0.map { $0.string ?? "∅" }.joined(separator: "|") }.sorted()
        }
    }

    @Test("a derived row referring to a trace the case does not hold fails the write and changes nothing, in each table that refers to one, whether the case's trace ids are known (after traces()) or not (before it, and after another import); SQLite checks references again after each write",
          arguments: Engine.allCases)
    func missingTraceRefused(backend: Engine) throws {
        guard let store = try cases.store(backend) else { return }
        _ = try store.recordImport(kind: .appointments, path: "a.csv", sha256: "1", size: 1, encoding: nil,
                                   traces: (0..<4).map { cases.trace("k\($0)") }, rejects: [], warnings: [])
        let absent: Int64 = 9_999
        // Before traces(): the ids are not known here, and the engine checks.
        #expect(store.heldTraceIDs == nil)
        let imported = try store.database.rows("SELECT id FROM trace ORDER BY id").compactMap { $0[0].int.map(Int64.init) }
        #expect(throws: (any Error).self) { try replace(store, derived(imported, bad: (1, absent))) }
        #expect(try derivedRows(store).isEmpty)

        let ids = try store.traces().compactMap(\.id)
        try #require(ids.count == 4)
        if backend == .sqlite {
            let held = try #require(store.heldTraceIDs)
            #expect(ids.allSatisfy(held.contains) && !held.contains(absent) && !held.contains(ids.min()! - 1))
        }
        try replace(store, derived(ids))
        let written = try derivedRows(store)
        #expect(written.count == 11)
        for place in 0..<6 {
            #expect(throws: (any Error).self, "reference \(place)") { try replace(store, derived(ids, bad: (place, absent))) }
            #expect(try derivedRows(store) == written, "reference \(place)")
        }
        if backend == .sqlite {
            // Known ids checked here, and the message names where, not whom.
            do {
                try replace(store, derived(ids, bad: (1, absent)))
            } catch let error as DatabaseError {
                #expect(error.code == 787 && error.description.contains("link.trace_id") && error.description.contains("9999"))
            }
            #expect(try store.database.rows("PRAGMA foreign_keys")[0][0].int == 1)
        }
        // The engine still checks what else is written.
        #expect(throws: (any Error).self) {
            try store.database.run("INSERT INTO link (trace_id, patient_id, rule, weight) VALUES (?, 'P9', 'r', 1)", [.integer(absent)])
        }

        // Another import: the ids given out no longer stand for the table; the engine checks again.
        _ = try store.recordImport(kind: .lab, path: "b.hl7", sha256: "2", size: 1, encoding: nil,
                                   traces: [cases.trace("k9")], rejects: [], warnings: [])
        #expect(store.heldTraceIDs == nil)
        #expect(throws: (any Error).self) { try replace(store, derived(ids, bad: (4, absent))) }
        #expect(try derivedRows(store) == written)
        try replace(store, derived(ids))
        #expect(try derivedRows(store) == written)
    }

    @Test("ids given out stand for the table while no other connection has written to the file, or while the table holds as many rows between the same ids: another connection's call outcome leaves them standing, its new trace does not, and the engine checks")
    func heldIDsMatchTheTable() throws {
        let path = cases.temporaryPath()
        let store = try CaseStore(path: path)
        _ = try store.recordImport(kind: .appointments, path: "a.csv", sha256: "1", size: 1, encoding: nil,
                                   traces: (0..<3).map { cases.trace("k\($0)") }, rejects: [], warnings: [])
        let ids = try store.traces().compactMap(\.id)
        let rows = derived(ids + [ids[2]])
        func held() throws -> Bool {
            try store.derivedTraceReferencesHeld(patients: rows.patients, links: rows.links, encounters: rows.encounters,
                                                 unmatched: rows.unmatched, inboxItems: rows.inbox, reviewItems: rows.reviews)
        }
        #expect(try held())
        // Another process (the worklist's) records a call outcome: the trace table is as it was.
        let other = try Database(path: path)
        try other.run("INSERT INTO call_outcome (candidate_id, recorded_at, caller, outcome) VALUES ('C1', '2025-04-10', 'RS', 'reached')", [])
        #expect(try store.dataVersion() != store.heldTraceIDs?.dataVersion)
        #expect(try held())
        // Another process adds a trace: the ids known no longer stand for the table.
        try other.run("INSERT INTO trace (content_key, file_id, kind, record_type, payload) SELECT 'other', file_id, kind, record_type, '{}' FROM trace LIMIT 1", [])
        #expect(try !held())
        try replace(store, rows)
        #expect(try store.database.rows("PRAGMA foreign_keys")[0][0].int == 1)
    }

    @Test("ids held as bits from the lowest to the highest: every id given found, none other; none held for no traces, a trace without an id, or ids spread too wide")
    func heldIDs() throws {
        func traces(_ ids: [Int64?]) -> [Trace] { ids.enumerated().map { var t = cases.trace("k\($0.offset)"); t.id = $0.element; return t } }
        let given: [Int64] = [5, 6, 7, 69, 70, 133, 134, 200]
        let held = try #require(HeldTraceIDs(traces(given)))
        #expect(held.count == given.count && held.lowest == 5 && held.highest == 200)
        #expect((0...260).filter { held.contains(Int64($0)) } == given)
        #expect(held.matches(span: [.integer(8), .integer(5), .integer(200)]))
        #expect(!held.matches(span: [.integer(9), .integer(5), .integer(200)]) && !held.matches(span: [.integer(8), .integer(4), .integer(200)]))
        #expect(HeldTraceIDs(traces([])) == nil)
        #expect(HeldTraceIDs(traces([1, nil])) == nil)
        #expect(HeldTraceIDs(traces([1, HeldTraceIDs.widestSpan + 1])) == nil)
        #expect(HeldTraceIDs(traces([1, HeldTraceIDs.widestSpan]))?.contains(HeldTraceIDs.widestSpan) == true)
    }
}

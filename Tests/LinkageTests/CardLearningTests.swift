import Foundation
import Testing
import LacunaCore
@testable import Linkage

/// Cards the ledger did not store, learnt from the terminal's own rows: by a ledger row of the day
/// with the same amount, or by the one patient whose other evidence falls in the hour before the
/// payment. The rows and the evidence are found by amount and by the minute (a large practice's day
/// holds thousands of each), so these pin down the edges of both.
@Suite("Cards learnt from the terminal's rows")
struct CardLearningTests {
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!

    /// Two adults at different addresses: Aroha (P1) and Ben (P2).
    func index() -> RegisterIndex {
        var index = RegisterIndex()
        for (id, given, address) in [("P1", "Aroha", "1 Rata Street"), ("P2", "Ben", "2 Kauri Road")] {
            var identity = Identity()
            identity.givenName = given
            identity.familyName = "Ngata"
            identity.dob = LocalDate(iso: "1980-01-01")
            identity.address = address
            index.add(Patient(id: id, origin: .register, identity: identity, usualProvider: nil, sourceTraceID: nil))
        }
        return index
    }

    func trace(_ id: Int64, _ kind: SourceKind, _ type: String, day: Int = 3, at time: (Int, Int)?, card: String? = nil,
               payload: [String: String] = [:]) -> Trace {
        var identity = Identity()
        identity.cardLast4 = card
        let date = LocalDate(year: 2025, month: 4, day: day)!
        var trace = Trace(kind: kind, recordType: type, file: "\(kind.rawValue).csv", locator: Locator(line: Int(id)),
                          time: time.flatMap { LocalTime(hour: $0.0, minute: $0.1) }.map { TraceTime(date: date, time: $0, clock: clock) }
                              ?? TraceTime(date: date),
                          identity: identity, provider: nil, payload: payload, contentKey: "k\(id)")
        trace.id = id
        return trace
    }

    /// A booking kept (evidence that places the patient at the practice), linked to `patient`.
    func booking(_ id: Int64, _ patient: String, at time: (Int, Int)?) -> (Trace, Link) {
        (trace(id, .appointments, "booking", at: time, payload: ["_status": "arrived"]),
         Link(traceID: id, patientID: patient, rule: "nhi", weight: 0.99))
    }

    /// A ledger row of the day (a card the ledger did not store), linked to `patient`.
    func ledgerRow(_ id: Int64, _ patient: String, at time: (Int, Int), amount: String) -> (Trace, Link) {
        (trace(id, .ledger, "payment", at: time, payload: ["_amount": amount]), Link(traceID: id, patientID: patient, rule: "nhi", weight: 0.99))
    }

    /// Whom card 1234 is taken to have paid for, after a payment of $45 at 10:30 on the 3rd beside
    /// `evidence`: asked of a later payment with the card on a day nobody was seen.
    func learnt(from evidence: [(Trace, Link)]) -> String? {
        let index = index()
        let payment = trace(100, .eftpos, "card-payment", at: (10, 30), card: "1234", payload: ["_amount": "45.00"])
        let matching = PaymentMatching(index: index, traces: evidence.map(\.0) + [payment], links: evidence.map(\.1))
        let later = trace(101, .eftpos, "card-payment", day: 9, at: (16, 0), card: "1234", payload: ["_amount": "20.00"])
        if case .linked(let patient, _, _) = matching.matchCard(later, index: index) { return index[patient].id }
        return nil
    }

    @Test("the one patient seen in the hour before the payment: an hour before counts, a minute more does not")
    func hourBefore() {
        #expect(learnt(from: [booking(1, "P1", at: (9, 30))]) == "P1")
        #expect(learnt(from: [booking(1, "P1", at: (10, 30))]) == "P1")
        #expect(learnt(from: [booking(1, "P1", at: (9, 29))]) == nil)
        // After the payment, or with no time: not evidence of who paid.
        #expect(learnt(from: [booking(1, "P1", at: (10, 31))]) == nil)
        #expect(learnt(from: [booking(1, "P1", at: nil)]) == nil)
    }

    @Test("two patients seen in that hour teach nothing; one seen twice, and another after the payment, teach the one")
    func onlyOne() {
        #expect(learnt(from: [booking(1, "P1", at: (10, 0)), booking(2, "P2", at: (10, 10))]) == nil)
        #expect(learnt(from: [booking(1, "P1", at: (10, 0)), booking(2, "P1", at: (10, 20)), booking(3, "P2", at: (10, 31)),
                              booking(4, "P2", at: (9, 0))]) == "P1")
        // Another day's evidence is not this day's.
        #expect(learnt(from: [booking(1, "P1", at: (10, 0)), (trace(2, .appointments, "booking", day: 4, at: (10, 10),
                                                                     payload: ["_status": "arrived"]),
                                                               Link(traceID: 2, patientID: "P2", rule: "nhi", weight: 0.99))]) == "P1")
    }

    @Test("a ledger row of the day with the same amount outweighs the hour's evidence; another amount does not")
    func ledgerAmount() {
        #expect(learnt(from: [booking(1, "P1", at: (10, 0)), ledgerRow(2, "P2", at: (10, 25), amount: "45.00")]) == "P2")
        #expect(learnt(from: [booking(1, "P1", at: (10, 0)), ledgerRow(2, "P2", at: (10, 25), amount: "-45.00")]) == "P2")
        #expect(learnt(from: [booking(1, "P1", at: (10, 0)), ledgerRow(2, "P2", at: (10, 25), amount: "46.00")]) == "P1")
        // Two rows of that amount, the nearer within 20 minutes: its patient.
        #expect(learnt(from: [ledgerRow(2, "P2", at: (10, 25), amount: "45.00"), ledgerRow(3, "P1", at: (8, 0), amount: "45.00")]) == "P2")
    }

    @Test("what puts a patient at the practice: a booking kept, pending or of no status, not one missed or cancelled; a test the practice ordered; a referral; an appointment asked for")
    func evidenceOfAVisit() {
        func places(_ kind: SourceKind, _ type: String, _ payload: [String: String] = [:]) -> Bool {
            PaymentMatching.placesAtPractice(trace(1, kind, type, at: (10, 0), payload: payload))
        }
        #expect(places(.appointments, "booking", ["_status": "completed"]) && places(.appointments, "booking", ["_status": "booked"]))
        #expect(places(.appointments, "booking"))
        #expect(!places(.appointments, "booking", ["_status": "dna"]) && !places(.appointments, "booking", ["_status": "cancelled"]))
        #expect(places(.lab, "result", ["_ordered_by_practice": "yes"]) && !places(.lab, "result", ["_ordered_by_practice": "no"]))
        #expect(places(.healthlink, "referral") && !places(.healthlink, "letter"))
        #expect(places(.portal, "appointment-request") && !places(.portal, "message"))
        #expect(!places(.ledger, "invoice") && !places(.eftpos, "card-payment"))
    }
}

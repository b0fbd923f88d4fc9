import LacunaCore
import Testing
@testable import Recovery

/// The codes sources use for the practice's clinicians, learnt across the case and given to each trace.
@Suite("Clinicians' codes across the case")
struct ClinicianCodesTests {
    static let providers = [Provider(code: "PV", name: "Dr Pieter de Vries"), Provider(code: "RS", name: "Dr Roger Smith")]

    func trace(_ id: Int64, _ recordType: String, provider: String?, _ payload: [String: String] = [:]) -> Trace {
        var trace = Trace(kind: .lab, recordType: recordType, file: "lab.hl7", locator: Locator(message: Int(id)), time: nil,
                          identity: Identity(), provider: provider, payload: payload, contentKey: "k\(id)")
        trace.id = id
        return trace
    }

    @Test("a name becomes its code, a code stays as it is, a bare id learnt from another file names its clinician")
    func resolved() {
        let named = trace(1, "result", provider: "12345", ["_provider_id": "12345", "_provider_family": "DE VRIES", "_provider_given": "PIETER"])
        let bare = trace(2, "result", provider: nil, ["_provider_id": "12345"])
        let written = trace(3, "booking", provider: "Smith, R")
        let coded = trace(4, "booking", provider: "RS")
        let stranger = trace(5, "booking", provider: "Dr Brown")
        let letter = trace(6, "document", provider: nil, ["_provider_id": "12345"])
        let before = [named, bare, written, coded, stranger, letter]
        var traces = before
        ClinicianCodes.resolve(&traces, providers: Self.providers)
        #expect(traces.map(\.provider) == ["PV", "PV", "RS", "RS", "Dr Brown", "PV"])
        // A result the case learns was ordered here is marked so (one named here was marked on import).
        #expect(traces.map { $0.payload["_ordered_by_practice"] } == [nil, "yes", nil, nil, nil, nil])
        // What was handed in is as it was: the traces changed were copied, not changed where others hold them.
        #expect(before.map(\.provider) == ["12345", nil, "Smith, R", "RS", "Dr Brown", nil])
    }
}

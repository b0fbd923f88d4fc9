import Testing
import LacunaCore
import Inference

/// Time as evidence: which day a trace's vote goes to when the patient's other evidence names one.
@Suite("Encounter days follow the evidence")
struct InferenceDayTests {
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!
    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)

    func trace(_ id: Int64, _ kind: SourceKind, _ type: String, day: Int, _ payload: [String: String]) -> Trace {
        aprilTrace(id, kind, type, day: day, payload)
    }

    func infer(_ traces: [Trace]) -> [Encounter] {
        let links = traces.map { Link(traceID: $0.id!, patientID: "P1", rule: "test", weight: 0.99) }
        return FirstInference().infer(traces: traces, links: links, patients: [], window: window)
    }

    @Test("a day whose records name no clinician goes to the patient's usual GP (the first patient with the id where the register gives it twice); a record naming one, to theirs")
    func usualGP() {
        var booking = trace(1, .appointments, "booking", day: 3, ["_status": "completed"])
        booking.provider = nil
        let links = [Link(traceID: 1, patientID: "P1", rule: "test", weight: 0.99)]
        func patient(_ gp: String?) -> Patient { Patient(id: "P1", origin: .register, identity: Identity(), usualProvider: gp, sourceTraceID: nil) }
        let inference = FirstInference()
        #expect(inference.infer(traces: [booking], links: links, patients: [patient("MB"), patient("ZC")], window: window).map(\.provider) == ["MB"])
        #expect(inference.infer(traces: [booking], links: links, patients: [patient(nil)], window: window).map(\.provider) == [nil])
        #expect(inference.infer(traces: [booking], links: links, patients: [], window: window).map(\.provider) == [nil])
        booking.provider = "RS"
        #expect(inference.infer(traces: [booking], links: links, patients: [patient("MB")], window: window).map(\.provider) == ["RS"])
    }

    @Test("a test collected the day after a visit joins that visit")
    func collectedLater() {
        let encounters = infer([
            trace(1, .appointments, "booking", day: 3, ["_status": "completed"]),
            trace(2, .lab, "result", day: 4, ["_ordered_by_practice": "yes", "_test_name": "HbA1c"]),
        ])
        #expect(encounters.map(\.date) == [window.from])
        #expect(encounters.first?.evidence.count == 2)
        #expect(encounters.first?.reason.contains("collected after the visit") == true)
    }

    @Test("a test collected with no visit before it stands on its own day")
    func collectedAlone() {
        let encounters = infer([trace(2, .lab, "result", day: 4, ["_ordered_by_practice": "yes"])])
        #expect(encounters.map(\.date) == [window.to])
    }

    @Test("a portal request that could mean either day joins the day of the booking, not both")
    func portalRequest() {
        let encounters = infer([
            trace(1, .portal, "appointment-request", day: 3, [:]),
            trace(2, .appointments, "booking", day: 4, ["_status": "completed"]),
        ])
        #expect(encounters.map(\.date) == [window.to])
        #expect(encounters.first?.evidence.map(\.kind) .contains(.portal) == true)
    }
}

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

import Testing
@testable import LacunaCore

/// A trace holds its fields once however many lists hold it (copy on write): a copy changed must
/// never change the trace it was copied from, nor the other way round.
@Suite("A trace is a value")
struct TraceValueTests {
    func trace() -> Trace {
        var identity = Identity()
        identity.familyName = "Tipene"
        identity.givenName = "Aroha"
        return Trace(kind: .lab, recordType: "result", file: "sources/lab/a.hl7", locator: Locator(line: 3), time: nil,
                     identity: identity, provider: "RS", payload: ["_summary": "HbA1c"], contentKey: "k1")
    }

    @Test("a trace has a speaker where its payload names one by name, phone, email or portal id; not by a date of birth or relation alone")
    func speaker() {
        var t = trace()
        #expect(t.proxy == nil)
        t.payload["_speaker_dob"] = "1980-01-02"
        t.payload["_subject_relation"] = "child"
        t.payload["_speakers"] = "x"
        #expect(t.proxy == nil)
        for key in ["_speaker_name", "_speaker_phone", "_speaker_email", "_speaker_portal_id"] {
            var named = t
            named.payload[key] = "someone"
            #expect(named.proxy?.relation == "child" && named.proxy?.speakerDOB == LocalDate(year: 1980, month: 1, day: 2), "\(key)")
        }
    }

    @Test("a copy changed leaves the original as it was, field by field")
    func copiesAreIndependent() {
        let original = trace()
        var copy = original
        copy.id = 7
        copy.payload["_summary"] = "TSH"
        copy.payload["_priority"] = "U"
        copy.identity.givenName = "Mere"
        copy.provider = nil
        copy.kind = .healthlink
        copy.recordType = "referral"
        copy.file = "b.hl7"
        copy.locator = Locator(message: 2)
        copy.contentKey = "k2"
        #expect(original.id == nil && original.payload == ["_summary": "HbA1c"] && original.identity.givenName == "Aroha")
        #expect(original.provider == "RS" && original.kind == .lab && original.recordType == "result" && original.file == "sources/lab/a.hl7")
        #expect(original.locator == Locator(line: 3) && original.contentKey == "k1")
        #expect(copy.id == 7 && copy.payload["_summary"] == "TSH" && copy.identity.givenName == "Mere" && copy.isUrgentReferral)
    }

    @Test("the original changed leaves its copies, in a list or alone, as they were")
    func originalChangedAfterCopying() {
        var original = trace()
        let list = [original, original]
        let byID: [Int: Trace] = [1: original]
        original.payload["_summary"] = "changed"
        original.identity.familyName = nil
        #expect(list.allSatisfy { $0.payload["_summary"] == "HbA1c" && $0.identity.familyName == "Tipene" })
        #expect(byID[1]?.payload["_summary"] == "HbA1c")
        var inPlace = list
        inPlace[1].payload["_summary"] = "second"
        #expect(inPlace[0].payload["_summary"] == "HbA1c" && list[1].payload["_summary"] == "HbA1c")
        #expect(inPlace[1].payload["_summary"] == "second")
    }
}

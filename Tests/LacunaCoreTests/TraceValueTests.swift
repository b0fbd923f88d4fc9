import Foundation
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

    /// Every field of an identity set, each to a value of its own.
    func fullIdentity() -> Identity {
        var i = Identity()
        i.nhi = "ZZZ0016"; i.nhiUnchecked = "ZZZ0017"; i.familyName = "Tipene"; i.givenName = "Aroha"; i.preferredName = "Ro"
        i.givenInitial = "A"; i.familyInitial = "T"; i.dob = LocalDate(year: 1980, month: 2, day: 29); i.sex = "F"
        i.mobile = "+64211234567"; i.phone = "+6495551234"; i.email = "a@example.org"; i.address = "1 Kōwhai St"
        i.postcode = "1010"; i.cardLast4 = "1234"; i.payerName = "A TIPENE"; i.portalID = "P-1"; i.localPatientID = "C1"
        i.peopleNamed = 2
        return i
    }

    @Test("an identity is a value: a copy changed, field by field, leaves the original, and the original its copies; equal and hashed alike by its fields")
    func identityIsAValue() {
        let original = fullIdentity()
        let changes: [(String, (inout Identity) -> Void)] = [
            ("nhi", { $0.nhi = nil }), ("nhiUnchecked", { $0.nhiUnchecked = "X" }), ("familyName", { $0.familyName = "Walker" }),
            ("givenName", { $0.givenName = nil }), ("preferredName", { $0.preferredName = "R" }), ("givenInitial", { $0.givenInitial = "B" }),
            ("familyInitial", { $0.familyInitial = nil }), ("dob", { $0.dob = LocalDate(year: 1980, month: 3, day: 1) }), ("sex", { $0.sex = "M" }),
            ("mobile", { $0.mobile = nil }), ("phone", { $0.phone = "+6495550000" }), ("email", { $0.email = "b@example.org" }),
            ("address", { $0.address = nil }), ("postcode", { $0.postcode = "2010" }), ("cardLast4", { $0.cardLast4 = "9999" }),
            ("payerName", { $0.payerName = nil }), ("portalID", { $0.portalID = "P-2" }), ("localPatientID", { $0.localPatientID = "C2" }),
            ("peopleNamed", { $0.peopleNamed = nil }),
        ]
        for (field, change) in changes {
            var copy = original
            let kept = [original, copy]
            change(&copy)
            #expect(copy != original, "\(field)")
            #expect(original == fullIdentity() && kept.allSatisfy { $0 == fullIdentity() }, "\(field): the original changed with its copy")
            var back = copy
            change(&back)
            #expect(back == copy, "\(field)")
        }
        // Equal by the fields, however each was made; hashed alike.
        var built = Identity()
        #expect(built == Identity() && built.isEmpty)
        built.familyName = "Tipene"
        #expect(built != Identity() && Identity().familyName == nil, "the empty identity all share changed")
        var again = Identity()
        again.familyName = "Tipene"
        #expect(built == again && Set([built, again]).count == 1)
        #expect(Set([original, fullIdentity(), Identity(), built]).count == 3)
        // In place: a field changed through a list changes that element only.
        var list = [original, original]
        list[0].givenName = "Mere"
        #expect(list[0].givenName == "Mere" && list[1].givenName == "Aroha" && original.givenName == "Aroha")
    }

    @Test("an identity as JSON: its fields by their names, nil ones left out, read back the same (as a memo kept them before)")
    func identityAsJSON() throws {
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        var some = Identity()
        some.familyName = "Tipene"
        some.dob = LocalDate(year: 1980, month: 2, day: 29)
        some.peopleNamed = 2
        let text = String(decoding: try json.encode(some), as: UTF8.self)
        #expect(text == #"{"dob":"1980-02-29","familyName":"Tipene","peopleNamed":2}"#)
        #expect(try JSONDecoder().decode(Identity.self, from: Data(text.utf8)) == some)
        #expect(String(decoding: try json.encode(Identity()), as: UTF8.self) == "{}")
        let full = fullIdentity()
        #expect(try JSONDecoder().decode(Identity.self, from: try json.encode(full)) == full)
        let keys = try JSONSerialization.jsonObject(with: try json.encode(full)) as? [String: Any]
        #expect(Set(keys?.keys.map { $0 } ?? []) == ["nhi", "nhiUnchecked", "familyName", "givenName", "preferredName", "givenInitial",
                                                    "familyInitial", "dob", "sex", "mobile", "phone", "email", "address", "postcode",
                                                    "cardLast4", "payerName", "portalID", "localPatientID", "peopleNamed"])
    }
}

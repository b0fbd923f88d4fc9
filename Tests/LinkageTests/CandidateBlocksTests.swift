import Testing
import LacunaCore
@testable import Linkage

/// Blocking: every patient a trace could be is among its candidates by each thing it gives alone, and
/// nobody who shares nothing with it is.
@Suite("Register candidates: each key a trace gives finds the patient alone")
struct CandidateBlocksTests {
    /// Fifty patients, each with their own NHI, chart number, date of birth, mobile, landline and names.
    func index() -> RegisterIndex {
        var index = RegisterIndex()
        for n in 0..<50 {
            var identity = Identity()
            identity.nhi = String(format: "ZZZ%04d", n)
            identity.localPatientID = String(format: "P%04d", n)
            identity.dob = LocalDate(year: 1950 + n, month: 1 + n % 12, day: 1 + n % 28)
            identity.mobile = String(format: "+642100%05d", n)
            identity.phone = String(format: "+64955%05d", n)
            identity.familyName = "Family\(String(UnicodeScalar(UInt8(65 + n % 26))))\(n)"
            identity.givenName = "Given\(n)x"
            index.add(Patient(id: String(format: "P%04d", n), origin: .register, identity: identity, usualProvider: nil, sourceTraceID: nil))
        }
        return index
    }

    @Test("an NHI, one whose check character failed, a chart number, a date of birth, a mobile, a landline, a family name, a given name alone")
    func eachKeyAlone() {
        let index = index()
        let n = 17, patient = 17
        let ways: [(String, (inout Identity) -> Void)] = [
            ("nhi", { $0.nhi = String(format: "ZZZ%04d", n) }),
            ("unchecked nhi", { $0.nhiUnchecked = String(format: "ZZZ%04d", n) }),
            ("chart number", { $0.localPatientID = String(format: "P%04d", n) }),
            ("date of birth", { $0.dob = LocalDate(year: 1950 + n, month: 1 + n % 12, day: 1 + n % 28) }),
            ("mobile", { $0.mobile = String(format: "+642100%05d", n) }),
            ("landline", { $0.phone = String(format: "+64955%05d", n) }),
            ("family name", { $0.familyName = "FamilyR\(n)" }),
            ("given name alone", { $0.givenName = "Given\(n)x" }),
        ]
        for (way, set) in ways {
            var identity = Identity()
            set(&identity)
            let found = index.candidates(for: identity)
            #expect(found == [patient], "\(way): \(found)")
        }
        var nobody = Identity()
        nobody.familyName = "Elsewhere"
        nobody.mobile = "+64219999999"
        #expect(index.candidates(for: nobody).isEmpty)
    }
}

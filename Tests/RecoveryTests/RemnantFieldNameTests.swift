import Testing
@testable import Recovery

/// A remnant's field names are folded to be found by their words (`Patient_NHI` → `patientnhi`); the
/// byte-by-byte way for ASCII names must fold exactly as the general way does.
@Suite("Remnant field names folded")
struct RemnantFieldNameTests {
    static func general(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }

    @Test("every ASCII character, and names as exports write them, fold as the general way folds them")
    func asciiAsGeneral() {
        let every = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        let names = [every, "", "Patient_NHI", "StartDateTime", "start-at", "Provider Code", "DOB (dd/mm/yyyy)", "field#2", "ÄrztIn", "Whānau_Name", "名前"]
        for name in names { #expect(RemnantTraces.fold(name) == Self.general(name), "\(Array(name.utf8))") }
        #expect(RemnantTraces.fold("Patient_NHI") == "patientnhi")
    }
}

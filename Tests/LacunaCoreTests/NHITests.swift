import Testing
@testable import LacunaCore

@Suite("NHI check characters (DOMAIN §2)")
struct NHITests {
    func problem(_ text: String) -> NHI.Problem? {
        if case .failure(let problem) = NHI.parse(text) { return problem }
        return nil
    }

    @Test("valid NHIs in both formats", arguments: ["JBX3656", "ZZZ00AC", "ZBN77VL", "zzz00ac", " JBX 3656 "])
    func valid(_ text: String) throws {
        let nhi = try NHI.parse(text).get()
        #expect(nhi.validity == .valid)
        #expect(nhi.value == text.uppercased().replacingOccurrences(of: " ", with: ""))
    }

    @Test("old format: S mod 11, check digit 11 - r, 10 becomes 0")
    func oldFormatArithmetic() {
        // JBX3656: S = 225, 225 mod 11 = 5, 11 - 5 = 6.
        #expect(NHI.checkCharacter(forPrefix: "JBX365") == "6")
        #expect((try? NHI.parse("JBX3657").get()) == nil)
    }

    @Test("new format: 23 - (S mod 23) as a letter")
    func newFormatArithmetic() {
        // ZZZ00AC: S = 434, 434 mod 23 = 20, 23 - 20 = 3 = C.
        #expect(NHI.checkCharacter(forPrefix: "ZZZ00A") == "C")
        #expect(problem("ZZZ00AD") == .badCheckCharacter)
    }

    @Test("valid only under the withdrawn mod-24 draft: accepted with a warning flag, not rejected")
    func mod24() throws {
        let nhi = try NHI.parse("ZBC00AU").get()
        #expect(nhi.validity == .validOnlyUnderMod24)
        #expect(NHI.checkCharacter(forPrefix: "ZBC00A") == "K")
    }

    @Test("wrong shapes", arguments: ["", "JBX365", "JBX36566", "IBX3656", "OBX3656", "J1X3656", "ZZZ0AAC", "ZZZ00A1"])
    func wrongShape(_ text: String) {
        #expect(problem(text) == .wrongShape)
    }

    @Test("found by shape and check character in any PID-3 repetition")
    func find() {
        #expect(NHI.find(in: "L100633^^^LABTESTS^MR~ZZZ00AC^^^NZLMOH^NI")?.value == "ZZZ00AC")
        #expect(NHI.find(in: "ZZZ00AD^^^NHI^NI") == nil)
        #expect(NHI.find(in: "XJBX3656") == nil)
        #expect(NHI.find(in: "JBX3656")?.isTestNumber == false)
    }
}


import Testing
import LacunaCore

/// Clinicians as labs, banks and lists write them: one code whatever the spelling.
@Suite("Clinicians by name, code and id")
struct CliniciansTests {
    static let clinicians = Clinicians([
        Provider(code: "PV", name: "Dr Pieter de Vries"), Provider(code: "TH", name: "Dr Aroha Te Hira"),
        Provider(code: "VB", name: "Dr Anna Van der Berg", ids: ["12ABCD"]), Provider(code: "DC", name: "Dr Maria Dela Cruz"),
        Provider(code: "BJ", name: "RN Sam Bowen-Jones", aliases: ["Samantha Bowen Jones", "SBJ"]), Provider(code: "RS", name: "Dr Roger Smith"),
        Provider(code: "JS", name: "Dr Jane Smith"), Provider(code: "ST", name: "Dr Seo-yeon Te Awa"),
    ])

    @Test("multi-word and particle family names, either order, titles, initials, hyphens", arguments: [
        ("Dr Pieter de Vries", "PV"), ("de Vries, Pieter", "PV"), ("DE VRIES P", "PV"), ("P de Vries", "PV"), ("Dr de Vries", "PV"),
        ("Pieter DeVries", "PV"), ("dr. aroha te hira", "TH"), ("TE HIRA, A", "TH"), ("Dr Te Hira", "TH"),
        ("Anna van der Berg", "VB"), ("VAN DER BERG ANNA", "VB"), ("Dr Dela Cruz", "DC"), ("Maria dela Cruz", "DC"),
        ("Sam Bowen-Jones", "BJ"), ("BOWEN JONES S", "BJ"), ("Samantha Bowen Jones", "BJ"), ("SBJ", "BJ"), ("sbj", "BJ"),
        ("Dr Roger Smith", "RS"), ("Smith, R", "RS"), ("Jane Smith", "JS"), ("12ABCD", "VB"),
        ("Dr Seo-yeon Te Awa", "ST"), ("Te Awa, Seo-yeon", "ST"), ("TE AWA S", "ST"), ("Seo-yeon Te Awa", "ST"),
    ])
    func names(_ example: (String, String)) {
        #expect(Self.clinicians.code(named: example.0) == example.1, "\(example.0)")
    }

    @Test("the practice's codes are its playbook codes as written, each of them, and nothing else: not an alias, an id, a name or another case")
    func practiceCodes() {
        let codes = ["PV", "TH", "VB", "DC", "BJ", "RS", "JS", "ST"]
        for code in codes { #expect(Self.clinicians.isPractice(code), "\(code)") }
        for other in ["pv", "SBJ", "12ABCD", "Dr Roger Smith", "", "XX", " RS"] { #expect(!Self.clinicians.isPractice(other), "\(other)") }
        #expect(!Self.clinicians.isPractice(nil))
        #expect(Self.clinicians.codes == codes)
        #expect(!Clinicians([]).isPractice("RS"))
        // A practice of a hundred clinicians (their codes kept as a set): the same answers.
        let many = (0..<100).map { Provider(code: "C\($0)", name: "Dr Name\($0) Family\($0)") }
        let large = Clinicians(many)
        for provider in many { #expect(large.isPractice(provider.code)) }
        for other in ["c1", "C100", "Dr Name1 Family1", "", "C 1"] { #expect(!large.isPractice(other), "\(other)") }
    }

    @Test("an ambiguous or unknown name names no one")
    func noOne() {
        #expect(Self.clinicians.code(named: "Dr Smith") == nil)   // two Smiths
        #expect(Self.clinicians.code(named: "Dr Brown") == nil)
        #expect(Self.clinicians.code(named: "Vries") == "PV")   // the particle dropped, as some labs do
        #expect(Self.clinicians.code(family: "SMITH", given: "") == nil)
        #expect(Self.clinicians.code(family: "DE VRIES", given: "PIETER") == "PV")
        // A hyphenated given name is the given name, not the start of the family name (the lab's PV1-7).
        #expect(Self.clinicians.code(family: "Te Awa", given: "Seo-yeon") == "ST")
    }

    @Test("a lab's own code is learnt from a message that gives it beside the name")
    func learnt() {
        var clinicians = Self.clinicians
        #expect(clinicians.code(forID: "99871") == nil)
        clinicians.learn(id: "99871", family: "TE HIRA", given: "AROHA")
        #expect(clinicians.code(forID: "99871") == "TH")
        clinicians.learn(id: "55", family: "BROWN", given: "TOM")
        #expect(clinicians.code(forID: "55") == nil)
    }
}

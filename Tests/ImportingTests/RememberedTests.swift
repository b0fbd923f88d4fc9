import Testing
@testable import Importing
import LacunaCore

@Suite("The remembered list, as a GP writes it")
struct RememberedTests {
    func identity(_ line: String) -> Identity? {
        var parsed = RememberedLine(RememberedImporter.stripBullet(line))
        parsed?.markInitialOrder(in: RememberedImporter.stripBullet(line))
        return parsed?.identity
    }

    @Test("title, initial and family: Mrs J Tipene - chest pain Fri am")
    func titleInitial() throws {
        let i = try #require(identity("Mrs J Tipene - chest pain Fri am"))
        #expect(i.sex == "F")
        #expect(i.givenInitial == "J")
        #expect(i.familyName == "Tipene")
        #expect(i.givenName == nil)
    }

    @Test("nickname and family initial: Bob H (knee)")
    func nicknameInitial() throws {
        let i = try #require(identity("* Bob H (knee)"))
        #expect(i.givenName == "Bob")
        #expect(i.familyInitial == "H")
    }

    @Test("a family: the Nguyen twins")
    func twins() throws {
        let i = try #require(identity("the Nguyen twins"))
        #expect(i.familyName == "Nguyen")
        #expect(i.peopleNamed == 2)
    }

    @Test("bullets, numbering and family-first names", arguments: [
        ("• Aroha Ngata, sore throat", "Aroha", "Ngata"), ("1. Tāmati Parata", "Tāmati", "Parata"),
        ("- Singh, Pooja - Fri", "Pooja", "Singh"), ("Mere Te Whata (asthma)", "Mere Te", "Whata"),
    ])
    func shapes(_ example: (String, String, String)) throws {
        let i = try #require(identity(example.0))
        #expect(i.givenName == example.1)
        #expect(i.familyName == example.2)
    }

    @Test("titled, first-name-only and run-on lines as GPs write them")
    func listLines() throws {
        let baker = try #require(identity("Mrs Baker - BP"))
        #expect(baker.familyName == "Baker")
        #expect(baker.givenName == nil)
        #expect(baker.sex == "F")
        let young = try #require(identity("Mr Young"))
        #expect(young.familyName == "Young")
        let susan = try #require(identity("- Susan Young - Fri am"))
        #expect(susan.givenName == "Susan" && susan.familyName == "Young")
        let baby = try #require(identity("Baby Kahu"))
        #expect(baby.familyName == nil || baby.familyName == "Kahu")
        let newPatient = try #require(identity("Hemi new pt - cough"))
        #expect(newPatient.givenName == "Hemi")
        #expect(newPatient.familyName == nil)
        let runOn = try #require(RememberedLine("Aroha Ngata sore throat Fri"))
        #expect(runOn.identity.givenName == "Aroha")
        #expect(runOn.identity.familyName == "Ngata")
        #expect(runOn.notes.contains("sore throat"))
        let particle = try #require(identity("Pieter de Vries"))
        #expect(particle.familyName == "Vries")   // "de" kept in the name: NameAgreement compares words
        #expect(RememberedLine("Noah (3) - chest pain")?.age == 3)
        #expect(RememberedLine("baby Kahu")?.age == 0)
        #expect(RememberedLine("Sam Walker (child)")?.age == -1)
        #expect(RememberedLine("Aroha Ngata, sore throat")?.age == nil)
    }

    @Test("\"Zoë's girl\" is someone in Zoë's household, not a person called Girl")
    func possessive() {
        let result = RememberedImporter().read(file: "remembered.txt", bytes: Array("# Dr Roger Smith\n- Zoë's girl - ear infection\n".utf8), settings: testSettings)
        #expect(result.traces.count == 1)
        #expect(result.traces.first?.proxy?.speakerName == "Zoë")
        #expect(result.traces.first?.identity.familyName == nil)
        #expect(result.traces.first?.identity.sex == "F")
    }

    @Test("headings name whose list follows; lines without a name are rejects")
    func headings() {
        let text = "# Dr Roger Smith\n- Mrs J Tipene - Fri\n\nDr. Ngata's list:\n- Tamati\n- (knee)\n"
        let result = RememberedImporter().read(file: "remembered.txt", bytes: Array(text.utf8), settings: testSettings)
        #expect(result.traces.map(\.provider) == ["RS", "AN"])
        #expect(result.traces[0].payload["_day_words"]?.contains("Fri") == true)
        #expect(result.rejects.map { $0.locator.line } == [6])
        #expect(result.read == 3)
    }
}

import Foundation
import Testing
import LacunaCore
@testable import Linkage

/// People as they are, linked: a parent's call or message about a child goes to the child in the
/// parent's household; one misspelling, on the trace or in the register, is weaker evidence, not a veto.
@Suite("Households and misspellings in linking")
struct HouseholdTests {
    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!

    func person(_ given: String, _ family: String, dob: String, sex: String, mobile: String? = nil, address: String? = nil,
                email: String? = nil, id: String) -> Identity {
        var identity = Identity()
        identity.givenName = given
        identity.familyName = family
        identity.dob = LocalDate(iso: dob)
        identity.sex = sex
        identity.mobile = mobile
        identity.address = address
        identity.email = email
        identity.localPatientID = id
        return identity
    }

    func trace(_ id: Int64, _ kind: SourceKind, _ type: String, _ identity: Identity, day: Int = 7, payload: [String: String] = [:]) -> Trace {
        var trace = Trace(kind: kind, recordType: type, file: "\(kind.rawValue).txt", locator: Locator(line: Int(id)),
                          time: TraceTime(date: LocalDate(year: 2025, month: 4, day: day)!, time: LocalTime(hour: 10, minute: 15)!, clock: clock),
                          identity: identity, provider: "RS", payload: payload, contentKey: "k\(id)")
        trace.id = id
        return trace
    }

    /// The Walkers (Sarah, her partner, Sam 8 and Lily 5, one mobile), the Tipenes at another address
    /// (Jane and Jonathan 10, by e-mail), and a Sam Walker elsewhere who is 40.
    func register() -> [Trace] {
        let walkers = "12 Rata Street"
        let people = [
            person("Sarah", "Walker", dob: "1988-02-01", sex: "F", mobile: "+64215550101", address: walkers, id: "P1"),
            person("Mark", "Walker", dob: "1986-06-11", sex: "M", mobile: "+64215550199", address: walkers, id: "P2"),
            person("Sam", "Walker", dob: "2016-09-14", sex: "M", mobile: "+64215550101", address: walkers, id: "P3"),
            person("Lily", "Walker", dob: "2019-12-02", sex: "F", mobile: "+64215550101", address: walkers, id: "P4"),
            person("Sam", "Walker", dob: "1985-01-20", sex: "M", mobile: "+64215550777", address: "3 Kauri Road", id: "P5"),
            person("Jane", "Tipene", dob: "1980-05-12", sex: "F", address: "9 Nikau Lane", email: "jane@example.co.nz", id: "P6"),
            person("Jonathan", "Tipene", dob: "2014-08-01", sex: "M", address: "9 Nikau Lane", id: "P7"),
            person("Hemi", "Smtih", dob: "1970-03-03", sex: "M", mobile: "+64215550300", address: "1 Tui Cres", id: "P8"),
        ]
        return people.enumerated().map { trace(Int64($0.offset + 1), .register, "patient", $0.element) }
    }

    func links(_ traces: [Trace]) -> [Int64: [String]] {
        let result = CaseLinker().link(traces: register() + traces, window: window, providers: [])
        return Dictionary(grouping: result.links, by: \.traceID).mapValues { $0.map(\.patientID) }
    }

    @Test("a parent's callback for a child goes to the child, by name, by age, or by son or daughter")
    func parentsCallback() {
        func callback(_ id: Int64, given: String?, proxy: Proxy) -> Trace {
            var identity = Identity()
            identity.givenName = given
            identity.mobile = "+64215550101"
            var payload: [String: String] = ["_day_seen": "Thursday"]
            proxy.write(into: &payload)
            return trace(id, .callbacks, "callback", identity, payload: payload)
        }
        let found = links([
            callback(100, given: "Sam", proxy: Proxy(speakerName: "Sarah Walker", speakerPhone: "+64215550101", relation: "child", age: 8)),
            callback(101, given: nil, proxy: Proxy(speakerName: "Sarah Walker", speakerPhone: "+64215550101", relation: "child", sex: "F")),
            callback(102, given: nil, proxy: Proxy(speakerName: "Sarah Walker", speakerPhone: "+64215550101", relation: "child", age: 8)),
        ])
        #expect(found[100] == ["P3"])   // not Sarah, not the 40-year-old Sam Walker
        #expect(found[101] == ["P4"])   // her daughter
        #expect(found[102] == ["P3"])   // the one who is 8
    }

    @Test("a portal message from a parent's account goes to the named son, found through the account's e-mail")
    func parentsMessage() {
        var identity = Identity()
        identity.givenName = "Jonathan"
        var payload: [String: String] = [:]
        Proxy(speakerName: "Jane Tipene", speakerEmail: "jane@example.co.nz", speakerPortalID: "MH1", relation: "child", sex: "M").write(into: &payload)
        let found = links([trace(200, .portal, "appointment-request", identity, day: 3, payload: payload)])
        #expect(found[200] == ["P7"])
        // "My son has a cough", no name: Jane's only son.
        var unnamed: [String: String] = [:]
        Proxy(speakerName: "Jane Tipene", speakerEmail: "jane@example.co.nz", relation: "son", sex: "M").write(into: &unnamed)
        #expect(links([trace(201, .portal, "message", Identity(), day: 3, payload: unnamed)])[201] == ["P7"])
    }

    @Test("one misspelling, on the trace or in the register, does not undo a unique phone or date of birth")
    func misspelt() {
        var byPhone = Identity()
        byPhone.givenName = "Hemi"
        byPhone.familyName = "Smith"           // the register has Smtih
        byPhone.mobile = "+64215550300"
        var byDOB = Identity()
        byDOB.givenName = "Lilly"              // one letter more
        byDOB.familyName = "Walker"
        byDOB.dob = LocalDate(iso: "2019-12-02")
        let found = links([trace(300, .callbacks, "callback", byPhone), trace(301, .callbacks, "callback", byDOB)])
        #expect(found[300] == ["P8"])
        #expect(found[301] == ["P4"])
        // A short form no table lists, with the phone: Sammy is Sam's (and Samuel's) pet name; Josie for Jonathan is not.
        var sammy = Identity()
        sammy.givenName = "Sammy"
        sammy.familyName = "Walker"
        sammy.mobile = "+64215550777"
        #expect(links([trace(302, .callbacks, "callback", sammy)])[302] == ["P5"])
        for (short, long) in [("katie", "katherine"), ("josie", "josephine"), ("freddie", "frederick"), ("tina", "christina"), ("alfie", "alfred")] {
            #expect(NameAgreement.close(short, long, prefixes: true))
        }
        #expect(!NameAgreement.close("josie", "jonathan", prefixes: true))
        // On a GP's list, with nothing else: "Jonno Tipene" is Jonathan; "Mrs Tipene" is Jane, the one woman.
        var jonno = Identity()
        jonno.givenName = "Jonno"
        jonno.familyName = "Tipene"
        var mrs = Identity()
        mrs.familyName = "Tipene"
        mrs.sex = "F"
        let listed = links([trace(303, .remembered, "remembered", jonno), trace(304, .remembered, "remembered", mrs)])
        #expect(listed[303] == ["P7"])
        #expect(listed[304] == ["P6"])
        #expect(!NameAgreement.close("katie", "katherine", prefixes: false))
    }

    @Test("an online card payment whose card nobody has seen is tied by the cardholder's e-mail")
    func cardholderEmail() {
        var paid = Identity()
        paid.cardLast4 = "9999"
        paid.email = "jane@example.co.nz"
        var unknown = Identity()
        unknown.cardLast4 = "8888"
        let found = links([trace(400, .eftpos, "card-payment", paid, day: 3, payload: ["_amount": "45.00"]),
                           trace(401, .eftpos, "card-payment", unknown, day: 3, payload: ["_amount": "45.00"])])
        #expect(found[400] == ["P6"])
        #expect(found[401] == nil)
    }

    @Test("a GP's list line \"Sarah's girl\" goes to the daughter in Sarah's household")
    func possessive() {
        var identity = Identity()
        identity.sex = "F"
        var payload: [String: String] = [:]
        Proxy(speakerName: "Sarah", relation: "child", sex: "F").write(into: &payload)
        let found = links([trace(500, .remembered, "remembered", identity, payload: payload)])
        #expect(found[500] == ["P4"])
    }

    @Test("a placeholder booking for a new patient joins the patient their lab result founded, by the number in its notes")
    func placeholderBooking() {
        var lab = person("Aroha", "Ngata", dob: "1995-07-07", sex: "F", mobile: "+64215551234", id: "")
        lab.localPatientID = nil
        lab.nhi = "ZZZ0016"
        var placeholder = Identity()
        placeholder.mobile = "+64215551234"
        var named = Identity()
        named.givenName = "Aroha"
        named.mobile = "+64215551234"
        let found = links([trace(20, .appointments, "booking", placeholder, day: 3, payload: ["_placeholder": "new patient"]),
                           trace(21, .appointments, "booking", named, day: 4, payload: ["_placeholder": "new patient"]),
                           trace(22, .lab, "result", lab, day: 4)])
        #expect(found[22] == ["NHI:ZZZ0016"])
        #expect(found[20] == ["NHI:ZZZ0016"])
        #expect(found[21] == ["NHI:ZZZ0016"])
        // Nobody else knows her yet: the booking founds her, and the GP's list line joins her.
        var isla = Identity()
        isla.givenName = "Isla"
        isla.familyName = "MacDonald"
        isla.mobile = "+64215550101"  // the Walkers' number: she is not one of them
        var listed = Identity()
        listed.givenName = "Isla"
        listed.familyName = "MacDonald"
        let alone = links([trace(30, .remembered, "remembered", listed, day: 8),
                           trace(31, .appointments, "booking", isla, day: 3, payload: ["_placeholder": "new patient"])])
        #expect(alone[31]?.count == 1 && alone[31]?.first?.hasPrefix("NEW:") == true)
        #expect(alone[30] == alone[31])
    }

    @Test("a register without sex: Mr R Morrison is not Rebecca, by the sex her name goes with in the labs")
    func sexFromGivenNames() {
        func registered(_ given: String, _ id: String) -> Trace {
            var identity = Identity()
            identity.givenName = given
            identity.familyName = "Morrison"
            identity.localPatientID = id
            return trace(Int64(600 + (Int(id.dropFirst()) ?? 0)), .register, "patient", identity)
        }
        func lab(_ id: Int64, _ given: String, _ sex: String) -> Trace {
            var identity = Identity()
            identity.givenName = given
            identity.familyName = "Someone"
            identity.sex = sex
            return trace(id, .lab, "result", identity, day: 1)
        }
        var listed = Identity()
        listed.familyName = "Morrison"
        listed.givenInitial = "R"
        listed.sex = "M"
        let traces = [registered("Rebecca", "M1"), registered("Robert", "M2"),
                      lab(700, "Rebecca", "F"), lab(701, "Rebecca", "F"), lab(702, "Robert", "M"), lab(703, "Robert", "M"),
                      trace(704, .remembered, "remembered", listed, day: 8)]
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        #expect(result.links.filter { $0.traceID == 704 }.map(\.patientID) == ["M2"])
    }

    @Test("a name alone with an age said (Sam Walker, 8; Sam Walker, 40) is the Sam Walker of that age")
    func nameWithAge() {
        var named = Identity()
        named.givenName = "Sam"
        named.familyName = "Walker"
        let found = links([trace(800, .remembered, "remembered", named, day: 3, payload: [Proxy.keys.age: "8"]),
                           trace(801, .remembered, "remembered", named, day: 3, payload: [Proxy.keys.age: "40"])])
        #expect(found[800] == ["P3"])
        #expect(found[801] == ["P5"])
    }

    @Test("a bank reference cut short (JANE TIPEN) finds the family by the start of its name; a whole word that is no family's does not")
    func referenceCutShort() {
        func payment(_ id: Int64, _ words: String, truncated: Bool) -> Trace {
            var payload = ["_amount": "45.00", "_ref_words": words]
            if truncated { payload["_ref_truncated"] = "yes" }
            return trace(id, .bank, "internet-banking", Identity(), day: 4, payload: payload)
        }
        let found = links([payment(900, "JANE TIPEN", truncated: true), payment(901, "JANE TIPEN", truncated: false)])
        #expect(found[900] == ["P6"])
        #expect(found[901] == nil)
    }

    @Test("an invoice number cut short in a bank reference is the patient whose ledger invoices alone start so")
    func invoiceCutShort() {
        func ledger(_ id: Int64, _ chart: String, _ invoice: String) -> Trace {
            var identity = Identity()
            identity.localPatientID = chart
            return trace(id, .ledger, "invoice", identity, day: 2, payload: ["_amount": "45.00", "_invoice": invoice])
        }
        func payment(_ id: Int64, _ prefix: String) -> Trace {
            trace(id, .bank, "internet-banking", Identity(), day: 4, payload: ["_amount": "45.00", "_invoice_prefix": prefix])
        }
        let ledgers = [ledger(950, "P6", "INV-100234"), ledger(951, "P1", "INV-100239"), ledger(952, "P1", "INV-100311")]
        let found = links(ledgers + [payment(960, "10023"), payment(961, "100311"), payment(962, "1003")])
        // Two patients' invoices start 10023: neither is taken.
        #expect(found[960] == nil)
        #expect(found[961] == ["P1"])
        #expect(found[962] == ["P1"])
    }

    @Test("a payer who names whom they saw (DR LIU) is the one in their household whose usual GP that is (children are seen free)")
    func payerNamesTheGP() {
        var register = register()
        for i in register.indices { register[i].provider = register[i].identity.localPatientID == "P2" ? "JL" : "RS" }
        var payment = trace(500, .bank, "internet-banking", Identity(), day: 4,
                            payload: ["_amount": "45.00", "_payer_family": "WALKER", "_payer_given": "S", "_ref_clinician": "LIU"])
        payment.identity.payerName = "WALKER S"
        let providers = [Provider(code: "RS", name: "Dr Roger Smith", aliases: [], ids: []), Provider(code: "JL", name: "Dr Jenny Liu", aliases: [], ids: [])]
        let result = CaseLinker().link(traces: register + [payment], window: window, providers: providers)
        #expect(result.links.filter { $0.traceID == 500 }.map(\.patientID) == ["P2"])
    }
}

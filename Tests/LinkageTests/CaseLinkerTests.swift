import Foundation
import Testing
import LacunaCore
@testable import Linkage

/// The case's linker: the model links traces that name someone, ties go to the day's evidence, and
/// people the register does not hold become new patients, clustered without chaining.
@Suite("Case linker: traces to patients by the model, new patients by clustering")
struct CaseLinkerTests {
    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!

    func person(_ given: String, _ family: String, dob: String, nhi: String? = nil, id: String? = nil, mobile: String? = nil) -> Identity {
        var identity = Identity()
        identity.givenName = given
        identity.familyName = family
        identity.dob = LocalDate(iso: dob)
        identity.nhi = nhi
        identity.localPatientID = id
        identity.mobile = mobile
        return identity
    }

    func trace(_ id: Int64, _ kind: SourceKind, _ type: String, _ identity: Identity, day: Int? = nil) -> Trace {
        var trace = Trace(kind: kind, recordType: type, file: "\(kind.rawValue).txt", locator: Locator(line: Int(id)),
                          time: day.map { TraceTime(date: LocalDate(year: 2025, month: 4, day: $0)!, time: LocalTime(hour: 10, minute: 15)!, clock: clock) },
                          identity: identity, provider: "RS", payload: [:], contentKey: "k\(id)")
        trace.id = id
        return trace
    }

    /// A valid NHI in the test range (ZZZ), where the number has a check character.
    static func nhi(_ n: Int) -> String? {
        let prefix = String(format: "ZZZ%03d", n)
        return NHI.checkCharacter(forPrefix: prefix).map { prefix + String($0) }
    }

    /// A register of 300 people with realistic clashes, so that the model has something to learn from.
    func register() -> [Trace] {
        let given = ["Aroha", "Wiremu", "Jane", "Lei", "Sione", "Mere", "Tom", "Priya", "Ana", "Hemi"]
        let family = ["Tipene", "Ngata", "Smith", "Wang", "Fifita", "Patel", "Brown", "Walker", "Parata", "Lee",
                      "Hughes", "Reid", "Grant", "Bennett", "Harris"]
        var traces: [Trace] = []
        for n in 0..<300 {
            let dob = String(format: "19%02d-%02d-%02d", 30 + n % 60, 1 + n % 12, 1 + (n * 7) % 28)
            let nhi = Self.nhi(n)
            traces.append(trace(Int64(n + 1), .register, "patient",
                                person(given[n % 10], family[(n / 10) % 15], dob: dob, nhi: nhi, id: String(format: "P%04d", n),
                                       mobile: String(format: "+6421%07d", 1_000_000 + n))))
        }
        return traces
    }

    @Test("the model links lab results and bookings; the exact chart number beats one a keystroke away")
    func modelLinks() throws {
        var traces = register()
        let patients = traces.map(\.identity)
        // Someone of the same name whose chart number is a keystroke from patient 12's; the ledger row
        // names patient 12 by chart number and name only.
        var namesake = patients[12]
        namesake.localPatientID = "P1012"
        namesake.dob = LocalDate(iso: "1999-09-09")
        namesake.nhi = nil
        namesake.mobile = nil
        traces.append(trace(301, .register, "patient", namesake))
        var twin = patients[12]
        twin.localPatientID = "P0012"
        twin.dob = nil
        twin.nhi = nil
        traces.append(trace(1001, .ledger, "invoice", twin, day: 3))
        var lab = patients[40]
        lab.localPatientID = nil
        lab.givenName = "ARoha"  // case differs
        traces.append(trace(1002, .lab, "result", lab, day: 3))
        for n in 0..<120 {  // enough traces to train on
            traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2))
        }
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        let byTrace = Dictionary(grouping: result.links, by: \.traceID)
        #expect(byTrace[1001]?.map(\.patientID) == ["P0012"])
        #expect(byTrace[1002]?.map(\.patientID) == ["P0040"])
        #expect(byTrace[1002]?.first?.rule.hasPrefix("model: ") == true)
        #expect(byTrace[2010]?.map(\.patientID) == ["P0020"])
    }

    /// `traces` with a remembered first name alone for each of `listed` (its trace id, the name as
    /// written, the sex said) on the 3rd, linked: each trace's links.
    func linkedFirstNames(_ traces: [Trace], _ listed: [(id: Int, written: String, sex: String?)]) -> [Int64: [Link]] {
        var traces = traces
        for (id, written, sex) in listed {
            var identity = Identity()
            identity.givenName = written
            identity.sex = sex
            traces.append(trace(Int64(id), .remembered, "remembered", identity, day: 3))
        }
        return Dictionary(grouping: CaseLinker().link(traces: traces, window: window, providers: []).links, by: \.traceID)
    }

    @Test("a first name alone goes to the one of its namesakes whose sex does not rule them out, whether it is written as they write it, in capitals or with a slip")
    func firstNameAloneRuledOutBySex() throws {
        var traces = register()
        let patients = traces.map(\.identity)
        for n in 0..<120 { traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2)) }
        for (n, (family, sex)) in [("Tane", "F"), ("Moana", "M"), ("Rata", "F")].enumerated() {
            var kiri = person("Kiri", family, dob: "1980-0\(n + 1)-15", id: "K\(n)")
            kiri.sex = sex
            traces.append(trace(7000 + Int64(n), .register, "patient", kiri))
        }
        let byTrace = linkedFirstNames(traces, [(6101, "Kiri", "M"), (6102, "KIRI", "M"), (6103, "Kirri", "M")])
        for id in [6101, 6102, 6103] {
            #expect(byTrace[Int64(id)]?.map(\.patientID) == ["K1"], "\(id)")
            #expect(byTrace[Int64(id)]?.map(\.rule) == ["name"], "\(id)")
        }
    }

    @Test("a first name alone goes to a namesake it names where one fits, to one it is only close to where every namesake it names is ruled out")
    func firstNameAloneNamedBeforeClose() throws {
        var traces = register()
        let patients = traces.map(\.identity)
        for n in 0..<120 { traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2)) }
        // Kiri Tane (female) it names; Kirri Moana (male) it is only close to; Kirra Rata (female) close too.
        for (n, (given, family, sex)) in [("Kiri", "Tane", "F"), ("Kirri", "Moana", "M"), ("Kirra", "Rata", "F")].enumerated() {
            var someone = person(given, family, dob: "1980-0\(n + 1)-15", id: "K\(n)")
            someone.sex = sex
            traces.append(trace(7000 + Int64(n), .register, "patient", someone))
        }
        let byTrace = linkedFirstNames(traces, [(6101, "Kiri", "F"), (6102, "Kiri", "M"), (6103, "Kiri", nil)])
        // A woman: Kiri, whom it names (Kirra, also a woman, is only close: not weighed beside her).
        #expect(byTrace[6101]?.map(\.patientID) == ["K0"])
        #expect(byTrace[6101]?.map(\.rule) == ["name"])
        // A man: Kiri is ruled out by sex, so the one close to it who is a man.
        #expect(byTrace[6102]?.map(\.patientID) == ["K1"])
        // No sex said: Kiri, whom it names, whoever is close.
        #expect(byTrace[6103]?.map(\.patientID) == ["K0"])
    }

    @Test("a first name alone goes to a namesake registered under another form of it, and to one a later register row renamed")
    func firstNameAloneOtherFormsAndRenamed() throws {
        var traces = register()
        // Robert Tane (Bob is a form of Robert) and Kiri Moana, first registered as Kirra (the index
        // lists them under the first row's names).
        traces.append(trace(7000, .register, "patient", person("Robert", "Tane", dob: "1980-01-15", id: "K0")))
        traces.append(trace(7001, .register, "patient", person("Kirra", "Moana", dob: "1980-02-15", id: "K1")))
        traces.append(trace(7002, .register, "patient", person("Kiri", "Moana", dob: "1980-02-15", id: "K1")))
        let byTrace = linkedFirstNames(traces, [(6101, "Bob", nil), (6102, "Kiri", nil)])
        #expect(byTrace[6101]?.map(\.patientID) == ["K0"])
        #expect(byTrace[6101]?.map(\.rule) == ["name"])
        #expect(byTrace[6102]?.map(\.patientID) == ["K1"])
        #expect(byTrace[6102]?.map(\.rule) == ["name"])
    }

    @Test("a name given with an address among forty namesakes: the one living there, the model's margin kept however many are weighed; without the address, those the days' evidence places")
    func namesakesRanked() throws {
        var traces = register()
        let trees = ["Rata", "Kowhai", "Totara", "Matai", "Rimu", "Miro", "Puriri", "Karaka"]
        let ways = ["Street", "Road", "Avenue", "Lane", "Crescent"]
        for k in 0..<40 {
            var jane = person("Jane", "Ngata", dob: String(format: "19%02d-03-%02d", 40 + k, 1 + k % 28), id: String(format: "J%04d", k))
            jane.address = "\(100 + k) \(trees[k % 8]) \(ways[k / 8])"
            traces.append(trace(5000 + Int64(k), .register, "patient", jane))
        }
        let patients = traces.map(\.identity)
        for n in 0..<120 { traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2)) }
        var listed = Identity()
        listed.givenName = "Jane"
        listed.familyName = "Ngata"
        listed.address = "117 Kowhai Avenue"
        traces.append(trace(6001, .remembered, "remembered", listed, day: 3))
        listed.address = nil
        traces.append(trace(6002, .remembered, "remembered", listed, day: 3))
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        let byTrace = Dictionary(grouping: result.links, by: \.traceID)
        #expect(byTrace[6001]?.map(\.patientID) == ["J0017"])
        #expect(byTrace[6001]?.first?.rule == "name")
        // All forty-two within the margin: the three booked or listed in the window.
        #expect(Set(byTrace[6002]?.map(\.patientID) ?? []) == ["P0012", "P0162", "J0017"])
        #expect(byTrace[6002]?.allSatisfy { $0.rule == "name, one of 3" } == true)
    }

    @Test("traces that give the same identity are scored once: namesakes told apart by their dates of birth, and a tie the day's evidence breaks later broken for the later trace")
    func sameIdentityScoredOnce() throws {
        var traces = register()
        let patients = traces.map(\.identity)
        // Namesakes the date of birth tells apart, and twins nothing in a trace without a chart number does.
        traces.append(trace(401, .register, "patient", person("Rawiri", "Tane", dob: "1970-01-01", id: "R0001")))
        traces.append(trace(402, .register, "patient", person("Rawiri", "Tane", dob: "1985-06-15", id: "R0002")))
        traces.append(trace(403, .register, "patient", person("Kiri", "Hohaia", dob: "1990-05-05", id: "T0001")))
        traces.append(trace(404, .register, "patient", person("Kiri", "Hohaia", dob: "1990-05-05", id: "T0002")))
        for n in 0..<120 { traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2)) }
        let kiri = person("Kiri", "Hohaia", dob: "1990-05-05")
        traces.append(trace(1001, .lab, "result", person("Rawiri", "Tane", dob: "1970-01-01"), day: 3))
        traces.append(trace(1002, .lab, "result", person("Rawiri", "Tane", dob: "1985-06-15"), day: 3))
        traces.append(trace(1003, .healthlink, "letter", person("Rawiri", "Tane", dob: "1970-01-01"), day: 4))
        // Before the booking that places one twin at the practice, a result is either; after it, that one.
        traces.append(trace(1004, .lab, "result", kiri, day: 3))
        traces.append(trace(1005, .appointments, "booking", person("Kiri", "Hohaia", dob: "1990-05-05", id: "T0001"), day: 3))
        traces.append(trace(1006, .lab, "result", kiri, day: 4))
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        let byTrace = Dictionary(grouping: result.links, by: \.traceID)
        #expect(byTrace[1001]?.map(\.patientID) == ["R0001"])
        #expect(byTrace[1002]?.map(\.patientID) == ["R0002"])
        #expect(byTrace[1003]?.map(\.patientID) == ["R0001"])
        let rule = try #require(byTrace[1001]?.first?.rule)
        #expect(rule.hasPrefix("model: ") && byTrace[1003]?.first?.rule == rule)
        #expect(Set(byTrace[1004]?.map(\.patientID) ?? []) == ["T0001", "T0002"])
        #expect(byTrace[1005]?.map(\.patientID) == ["T0001"])
        #expect(byTrace[1006]?.map(\.patientID) == ["T0001"])
        #expect(byTrace[1006]?.first?.rule == "model and the day's evidence, one of 2")
    }

    @Test("a model link's rule names the comparisons that agreed for the patient it links, strongest first, with that pair's probability")
    func modelRuleNamesTheLinkedPair() throws {
        var traces = register()
        let patients = traces.map(\.identity)
        for n in 0..<120 { traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2)) }
        // Results that leave out one thing or another, so the rules differ from link to link.
        for n in 0..<60 {
            var named = patients[n * 5]
            switch n % 4 {
            case 0: named.nhi = nil
            case 1: named.dob = nil
            case 2: (named.localPatientID, named.mobile) = (nil, nil)
            default: named.givenName = named.givenName.map { String($0.prefix(1)) }
            }
            traces.append(trace(3000 + Int64(n), .lab, "result", named, day: 3))
        }
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        let scoring = try #require(result.scoring)
        var rules = Set<String>()
        for link in result.links where link.rule.hasPrefix("model: ") {
            let why = try #require(scoring.explain(trace: link.traceID, patient: link.patientID))
            let strong = why.steps.filter { $0.level != "missing" && $0.weight + $0.frequencyAdjustment >= 1 }
                .sorted { $0.weight + $0.frequencyAdjustment > $1.weight + $1.frequencyAdjustment }
            let expected = "model: " + strong.map(\.comparison).joined(separator: "+") + (strong.isEmpty ? "p " : ", p ")
                + why.probability.fixedDecimals(2)
            #expect(link.rule == expected, "trace \(link.traceID)")
            rules.insert(link.rule)
        }
        #expect(rules.count >= 4)
    }

    @Test("linking again with what the last linking kept: the same links, nothing new to keep; what is kept is what is used, and a new identity is scored and kept")
    func keptScoresTakenBack() throws {
        var traces = register()
        let patients = traces.map(\.identity)
        for n in 0..<120 { traces.append(trace(2000 + Int64(n), .appointments, "booking", patients[n * 2], day: 3 + n % 2)) }
        for n in 0..<40 { traces.append(trace(3000 + Int64(n), .lab, "result", patients[n * 5], day: 3)) }
        let first = CaseLinker().link(traces: traces, window: window, providers: [])
        let kept = try #require(first.toKeep, "a first linking keeps its model and scores")
        #expect(kept.scores.contains { $0 != nil })

        // The same results sent again as new records: the model and every score taken back.
        let again = traces + (0..<40).map { n in trace(4000 + Int64(n), .lab, "result", patients[n * 5], day: 4) }
        let fresh = CaseLinker().link(traces: again, window: window, providers: [])
        let taken = CaseLinker().link(traces: again, window: window, providers: [], kept: kept)
        #expect(taken.toKeep == nil, "nothing new was scored, yet the linker asks to keep something")
        #expect(taken.scoring?.modelTakenBack == true)
        #expect(taken.links.map { "\($0.traceID) \($0.patientID) \($0.rule) \($0.weight)" } == fresh.links.map { "\($0.traceID) \($0.patientID) \($0.rule) \($0.weight)" })
        #expect(taken.unmatched.map(\.reason) == fresh.unmatched.map(\.reason))

        // What is kept is what is used: scores said to fit nobody leave the results to no register patient.
        #expect(fresh.links.first { $0.traceID == 3000 }?.patientID == "P0000")
        var emptied = kept
        emptied.scores = kept.scores.map { $0.map { _ in ModelScores(scored: [], rule: nil) } }
        let unlinked = CaseLinker().link(traces: again, window: window, providers: [], kept: emptied)
        #expect(!unlinked.links.contains { ($0.traceID == 3000 || $0.traceID == 4000) && $0.patientID == "P0000" })
        // Scores naming a patient past the register are not taken back.
        var outside = kept
        outside.scores = kept.scores.map { $0.map { ModelScores(scored: $0.scored.map { (patient: 10_000, weight: $0.weight, probability: $0.probability) }, rule: $0.rule) } }
        #expect(CaseLinker().link(traces: again, window: window, providers: [], kept: outside).links.map(\.patientID) == fresh.links.map(\.patientID))

        // A result for someone given another way: scored, and kept with the rest.
        var written = patients[7]
        written.givenName = "Arohanui"
        let widened = CaseLinker().link(traces: traces + [trace(5000, .lab, "result", written, day: 3)], window: window, providers: [], kept: kept)
        let keptNow = try #require(widened.toKeep)
        #expect(keptNow.trainedOn != kept.trainedOn && widened.scoring?.modelTakenBack == false)
    }

    @Test("people not in the register become new patients; their traces cluster without chaining")
    func newPatients() throws {
        var traces = register()
        let newNHI = try #require((900..<999).lazy.compactMap(Self.nhi).first)
        let newcomer = person("Tāne", "Whaanga", dob: "2001-02-03", nhi: newNHI)
        traces.append(trace(3001, .lab, "result", newcomer, day: 3))
        traces.append(trace(3002, .lab, "result", newcomer, day: 4))
        var noNHI = newcomer
        noNHI.nhi = nil
        noNHI.givenName = "Tane"  // written without the macron
        traces.append(trace(3003, .healthlink, "referral", noNHI, day: 4))
        // Someone else entirely, also not in the register.
        traces.append(trace(3004, .lab, "result", person("Mele", "Taufa", dob: "1988-09-10"), day: 3))
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        let patientOf = Dictionary(result.links.map { ($0.traceID, $0.patientID) }, uniquingKeysWith: { a, _ in a })
        #expect(patientOf[3001] == "NHI:\(newNHI)")
        #expect(patientOf[3002] == "NHI:\(newNHI)")
        #expect(patientOf[3003] == "NHI:\(newNHI)")
        let mele = try #require(patientOf[3004])
        #expect(mele.hasPrefix("NEW:"))
        #expect(result.patients.filter { $0.origin == .traces }.count == 2)
        // One patient per trace.
        #expect(Set(result.links.filter { $0.traceID >= 3001 }.map(\.traceID)).count == result.links.filter { $0.traceID >= 3001 }.count)
    }
}

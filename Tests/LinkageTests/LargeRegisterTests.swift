import Foundation
import Testing
import LacunaCore
@testable import Linkage

/// Issue 20: linkage that stays linear as the register grows. A common family name with a common
/// initial is hundreds of people in a large register; a trace naming it is scored against those whose
/// given name starts alike, not all of them, and the prior is estimated from a sample of the compared
/// pairs, whose number grows with the register's square.
@Suite("Linkage in a large register: blocks cut finer where they grow, the prior from a sample")
struct LargeRegisterTests {
    static let jNames = ["Jack", "James", "Jennifer", "Joseph", "Jane", "John", "Julia", "Jessica"]

    func patient(_ n: Int, given: String, family: String = "Smith", preferred: String? = nil) -> Patient {
        var identity = Identity()
        identity.givenName = given
        identity.preferredName = preferred
        identity.familyName = family
        identity.dob = LocalDate(year: 1940 + n % 60, month: 1 + n % 12, day: 1 + n % 28)
        return Patient(id: "P\(n)", origin: .register, identity: identity, usualProvider: nil, sourceTraceID: nil)
    }

    /// `each` Smiths of every J name, a Bob Smith (registered as Bob), two Robert Smiths and ten Tipenes.
    func register(each: Int, room: Int? = nil) -> RegisterIndex {
        var index = room.map { RegisterIndex(patients: $0) } ?? RegisterIndex()
        var n = 0
        for name in Self.jNames {
            for _ in 0..<each { index.add(patient(n, given: name)); n += 1 }
        }
        index.add(patient(900, given: "Bob"))
        index.add(patient(901, given: "Robert"))
        index.add(patient(902, given: "Robert", preferred: "Rob"))
        for k in 0..<10 { index.add(patient(1000 + k, given: "Aroha", family: "Tipene")) }
        return index
    }

    func givenNames(_ patients: [Int], in index: RegisterIndex) -> Set<String> {
        Set(patients.map { index[$0].identity.givenName ?? "" })
    }

    @Test("an index made with room for the register finds what one grown patient by patient finds, with less room or more")
    func roomMadeFirst() {
        let grown = register(each: 10)
        let traces: [Identity] = Self.jNames.map { name in
            var identity = Identity()
            identity.givenName = name
            identity.familyName = "Smith"
            return identity
        } + [{ var i = Identity(); i.givenName = "Rob"; i.familyName = "smith"; return i }(),
             { var i = Identity(); i.familyName = "Tipene"; i.dob = LocalDate(year: 1941, month: 2, day: 2); return i }()]
        for room in [0, 3, 93, 10_000] {
            let made = register(each: 10, room: room)
            #expect(made.patients.map(\.id) == grown.patients.map(\.id))
            for identity in traces { #expect(made.candidates(for: identity) == grown.candidates(for: identity)) }
            #expect(made.patients(givenWord: "robert") == grown.patients(givenWord: "robert"))
            #expect(made.index(ofPatientID: "P1005") == grown.index(ofPatientID: "P1005"))
        }
    }

    @Test("each patient's date of birth kept beside the register is theirs, a later row's where one replaces them, and the wide block's slips are read from it")
    func datesOfBirthBeside() throws {
        var index = register(each: 10)
        // A later row for a Jack Smith: born on another day; another Jack's row without a date of birth.
        var moved = patient(3, given: "Jack")
        moved.identity.dob = LocalDate(year: 1977, month: 7, day: 7)
        index.add(moved)
        var unknown = patient(4, given: "Jack")
        unknown.identity.dob = nil
        index.add(unknown)
        for position in index.patients.indices { #expect(index.dob(of: position) == index[position].identity.dob) }
        // 80 J Smiths, wider than the cap: a trace born 1977-07-08 keeps the moved Jack (a slip of the day)
        // and the one without a date, not the rest of the Jacks.
        var trace = Identity()
        trace.givenName = "J"
        trace.familyName = "Smith"
        trace.dob = LocalDate(year: 1977, month: 7, day: 8)
        let found = index.candidates(for: trace).map { index[$0].id }
        #expect(found.contains("P3"))
        #expect(found.contains("P4"))
        #expect(!found.contains("P5"))
    }

    @Test("a wide block is cut by the given name's first letters, nicknames' formal names included")
    func wideBlock() {
        let index = register(each: 10)  // 80 J Smiths: wider than the cap
        #expect(8 * 10 > RegisterIndex.wideBlock)
        let jenny = index.namesakes(familyWord: "smith", given: "Jenny")
        #expect(givenNames(jenny, in: index) == ["Jennifer"])
        #expect(jenny.count == 10)
        // An initial is all the trace gives: the whole initial's block.
        #expect(index.namesakes(familyWord: "smith", given: "J").count == 80)
        // No given name: every Smith.
        #expect(index.namesakes(familyWord: "smith", given: nil).count == 83)
        // Robert finds the patient registered as Bob (a nickname's formal name is indexed with it).
        #expect(givenNames(index.namesakes(familyWord: "smith", given: "Robert"), in: index) == ["Bob", "Robert"])
        #expect(givenNames(index.namesakes(familyWord: "smith", given: "Bob"), in: index) == ["Bob", "Robert"])
        // Macrons and case folded; a multi-word given name by any of its words.
        #expect(givenNames(index.namesakes(familyWord: "smith", given: "JĀNE"), in: index) == ["Jane"])
        #expect(givenNames(index.namesakes(familyWord: "smith", given: "Mary Julia"), in: index) == ["Julia"])
        // A small family is not cut: every Tipene with the initial.
        #expect(index.namesakes(familyWord: "tipene", given: "Arohanui").count == 10)
    }

    @Test("a narrow block is the initial's: a given name misspelt after its first letter is still a candidate")
    func narrowBlock() {
        let index = register(each: 2)  // 16 J Smiths
        let found = index.namesakes(familyWord: "smith", given: "Jmaes")
        #expect(givenNames(found, in: index).contains("James"))
        #expect(found.count == 16)
    }

    @Test("candidates come sorted, each once, however many blocks hold them")
    func candidatesEachOnce() throws {
        let index = register(each: 2)
        let james = try #require((0..<index.patients.count).first { index[$0].identity.givenName == "James" })
        // Found by NHI, chart number, date of birth, phone and name at once: still one entry.
        let found = index.candidates(for: index[james].identity)
        #expect(found == Array(Set(found)).sorted())
        #expect(found.filter { $0 == james }.count == 1)
        #expect(RegisterIndex.sortedWithoutRepeats([5, 3, 5, 1, 3, 3, 9]) == [1, 3, 5, 9])
        #expect(RegisterIndex.sortedWithoutRepeats([Int]()) == [])
        #expect(RegisterIndex.sortedWithoutRepeats([7]) == [7])
        #expect(RegisterIndex.initialsAndStarts(of: RegisterIndex.givenForms(["Bob", "Robert"])) == (["b", "r"], ["bob", "rob"]))
    }

    @Test("an address is a household's key from six characters, counted as characters whatever the script")
    func addressKeys() {
        let addresses = ["1 Rd", "12 Rata St", "Ōtaki", "Ōtaki1", String(repeating: "e\u{301}", count: 5), String(repeating: "e\u{301}", count: 6),
                         "北京市朝阳", "北京市朝阳区", "", "!!! ---", "Flat 2, 14b Kōwhai Tce"]
        for address in addresses {
            var identity = Identity()
            identity.address = address
            identity.postcode = "6011"
            let key = address.lettersAndDigitsLowercased
            #expect(RegisterIndex.addressKey(identity) == (key.count >= 6 ? key + "|6011" : nil), "\(address)")
        }
    }

    @Test("blocks merged are the blocks joined and sorted, each once: lists in order, with repeats, empty, or out of order")
    func mergedAsSorted() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3_000 {
            let count = round % 6
            var lists: [[Int]] = (0..<count).map { _ in
                (0..<Int.random(in: 0...7, using: &generator)).map { _ in Int.random(in: 0...12, using: &generator) }.sorted()
            }
            // Now and then a list out of order (no index block is, but the merge must not trust it).
            if round % 7 == 0, let k = lists.indices.randomElement(using: &generator) { lists[k].reverse() }
            #expect(RegisterIndex.mergedWithoutRepeats(lists) == RegisterIndex.sortedWithoutRepeats(lists.joined()), "\(lists)")
        }
        #expect(RegisterIndex.mergedWithoutRepeats([]) == [])
        #expect(RegisterIndex.mergedWithoutRepeats([[3, 3, 5], [1, 3], [], [5, 9]]) == [1, 3, 5, 9])
    }

    @Test("a given name's initials and starts, kept once worked out, are those worked out afresh, asked once or again")
    func givenStartsKept() {
        let kept = RegisterIndex.GivenStarts()
        let names = ["Bob", "bob", "Robert", "Mary Ann", "J", "Tāmati", "Ha-eun", "", "Bob", "Mary Ann", "Jo", "Jo"]
        for name in names + names.reversed() {
            let afresh = RegisterIndex.initialsAndStarts(of: RegisterIndex.givenForms([name]))
            let found = kept.of(name)
            #expect(found.initials == afresh.initials && found.starts == afresh.starts, "\(name)")
        }
    }

    @Test("a patient is filed under the initials and starts of both their given and their preferred name, once each, and no others")
    func filedUnderBothNames() {
        let pairs: [(String, String?)] = [("Robert", "Bob"), ("Mary Ann", "Molly"), ("Bob", "Robert"), ("Tāmati", nil), ("Ha-eun", "Hailey"),
                                          ("J", "Jo"), ("Elizabeth", "Liz"), ("Bob", nil), ("Mary Ann", "Mary"), ("Aroha", "Aroha"),
                                          ("Aroha", "Kiri"), ("Siosaia", "Joe"), ("Mei", "Grace"), ("Xiu Ying", "Bella")]
        var index = RegisterIndex()
        for (n, pair) in pairs.enumerated() { index.add(patient(n, given: pair.0, family: "Ngata", preferred: pair.1)) }
        for (n, pair) in pairs.enumerated() {
            let initials = RegisterIndex.initialsAndStarts(of: RegisterIndex.givenForms([pair.0, pair.1].compactMap { $0 })).initials
            for letter in "abcdefghijklmnopqrstuvwxyz".map(String.init) {
                let found = index.namesakes(familyWord: "ngata", given: letter)
                #expect(found.filter { $0 == n }.count == (initials.contains(letter) ? 1 : 0), "\(pair) \(letter)")
            }
        }
        // Forty-five Bellas make the family's B block wide: a name starting with B is then looked up by the
        // first three letters of its forms, under which each patient is filed by both names too.
        for k in 0..<45 { index.add(patient(100 + k, given: "Bella", family: "Ngata")) }
        let filed = (0..<index.patients.count).map { n in
            Set(RegisterIndex.initialsAndStarts(of: RegisterIndex.givenForms([index[n].identity.givenName, index[n].identity.preferredName].compactMap { $0 })).starts)
        }
        for probe in ["Bob", "Betty", "Bella", "Bobby"] {
            let wanted = Set(RegisterIndex.initialsAndStarts(of: RegisterIndex.givenForms([probe])).starts)
            let found = index.namesakes(familyWord: "ngata", given: probe)
            #expect(found == filed.indices.filter { !filed[$0].isDisjoint(with: wanted) }, "\(probe)")
        }
    }

    @Test("in a wide block, a misspelt given name is still a candidate through the date of birth")
    func misspeltInWideBlock() throws {
        let index = register(each: 10)
        let james = try #require((0..<index.patients.count).first { index[$0].identity.givenName == "James" })
        var trace = index[james].identity
        trace.givenName = "Jmaes"
        #expect(!index.namesakes(familyWord: "smith", given: "Jmaes").contains(james))
        #expect(index.candidates(for: trace).contains(james))
        // And a trace of the right name is scored against at most the finer block and its date of birth.
        trace.givenName = "James"
        #expect(index.candidates(for: trace).count <= 10 + index.patients(dob: trace.dob!).count)
    }

    @Test("a namesakes' block still wide is cut by the date of birth, a slip in it kept")
    func stillWide() throws {
        let index = register(each: 60)  // 60 James Smiths: wider than the cap even by the first three letters
        let james = try #require((0..<index.patients.count).first { index[$0].identity.givenName == "James" })
        var trace = index[james].identity
        let dob = try #require(trace.dob)
        trace.dob = LocalDate(year: dob.year, month: dob.month, day: dob.day == 1 ? 2 : dob.day - 1)  // the day mistyped
        #expect(index.namesakes(familyWord: "smith", given: "James").count == 60)
        let candidates = index.candidates(for: trace)
        #expect(candidates.contains(james))
        #expect(candidates.count < 20, "\(candidates.count) candidates")
        #expect(RegisterIndex.couldBeSlip(LocalDate(year: 1980, month: 3, day: 4)!, of: LocalDate(year: 1980, month: 4, day: 3)!))
        #expect(!RegisterIndex.couldBeSlip(LocalDate(year: 1981, month: 3, day: 4)!, of: LocalDate(year: 1980, month: 4, day: 3)!))
    }

    @Test("a large register links a lab result among eighty namesakes")
    func linksAmongNamesakes() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let day = try #require(LocalDate(year: 2025, month: 4, day: 3))
        let index = register(each: 10)
        var traces: [Trace] = []
        for (n, patient) in index.patients.enumerated() {
            var identity = patient.identity
            identity.localPatientID = patient.id
            var trace = Trace(kind: .register, recordType: "patient", file: "register.csv", locator: Locator(line: n + 2),
                              time: nil, identity: identity, provider: nil, payload: [:], contentKey: "r\(n)")
            trace.id = Int64(n + 1)
            traces.append(trace)
        }
        let jennifer = try #require((0..<index.patients.count).first { index[$0].identity.givenName == "Jennifer" })
        let lab = index[jennifer].identity
        #expect(index.candidates(for: lab).count < 20)
        for (k, identity) in ([lab] + index.patients.prefix(60).map(\.identity)).enumerated() {
            var trace = Trace(kind: .lab, recordType: "result", file: "lab.hl7", locator: Locator(line: k + 1),
                              time: TraceTime(date: day, time: LocalTime(hour: 9, minute: 30)!, clock: clock),
                              identity: identity, provider: "RS", payload: [:], contentKey: "l\(k)")
            trace.id = Int64(5000 + k)
            traces.append(trace)
        }
        let window = Window(from: day, to: day)
        let result = CaseLinker().link(traces: traces, window: window, providers: [])
        let links = result.links.filter { $0.traceID == 5000 }
        #expect(links.map(\.patientID) == ["P\(jennifer)"])

    }

    @Test("a bank payment naming one of eighty namesakes is tied through the finer block, as in a small register")
    func bankPaymentAmongNamesakes() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let day = try #require(LocalDate(year: 2025, month: 4, day: 3))
        for each in [2, 10] {  // 16 J Smiths (the whole family looked at) and 80 (the namesakes the index gathers)
            let index = register(each: each)
            let jennifers = (0..<index.patients.count).filter { index[$0].identity.givenName == "Jennifer" }
            let seen = jennifers[1]
            var booking = Trace(kind: .appointments, recordType: "booking", file: "book.csv", locator: Locator(line: 2),
                                time: TraceTime(date: day, time: LocalTime(hour: 9, minute: 0)!, clock: clock),
                                identity: index[seen].identity, provider: "RS", payload: [:], contentKey: "b")
            booking.id = 1
            // A Robert Smith was seen that day too: the whole family would not say which one paid.
            let robert = try #require((0..<index.patients.count).first { index[$0].identity.givenName == "Robert" })
            var other = booking
            other.id = 3
            let links = [Link(traceID: 1, patientID: index[seen].id, rule: "model", weight: 0.95),
                         Link(traceID: 3, patientID: index[robert].id, rule: "model", weight: 0.95)]
            let payments = PaymentMatching(index: index, traces: [booking, other], links: links)
            for (words, initials) in [("JENNY SMITH", ""), ("SMITH", "J")] {
                var payment = Trace(kind: .bank, recordType: "internet-banking", file: "bank.csv", locator: Locator(line: 3),
                                    time: TraceTime(date: day, time: LocalTime(hour: 12, minute: 0)!, clock: clock),
                                    identity: Identity(), provider: nil, payload: ["_ref_words": words], contentKey: "p")
                if !initials.isEmpty { payment.payload["_ref_initials"] = initials }
                payment.id = 2
                guard case .linked(let patient, _, _) = payments.matchBankPayment(payment, index: index) else {
                    Issue.record("\(words) \(initials) among \(each * 8) J Smiths: not linked")
                    continue
                }
                #expect(patient == seen, "\(words) \(initials) among \(each * 8) J Smiths")
            }
        }
    }

    @Test("a bank payment naming only a common family name goes to the one of its eighty-odd who may pay and was seen in the days before, found among the days' patients; a name among fewer, to its one")
    func bankPaymentFamilyOnly() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let day = try #require(LocalDate(year: 2025, month: 4, day: 10))
        var index = register(each: 10)
        var child = patient(950, given: "Jack")
        child.identity.dob = LocalDate(year: 2018, month: 5, day: 5)
        let youngJack = index.add(child)
        let wiremu = index.add(patient(951, given: "Wiremu"))
        let smiths = (0..<index.patients.count).filter { index[$0].identity.familyName == "Smith" && ![youngJack, wiremu].contains($0) }
        let (seen, earlier) = (smiths[17], smiths[40])
        let tipene = try #require((0..<index.patients.count).first { index[$0].identity.familyName == "Tipene" })
        // Two days before the payment, the one who paid; five days before, another Smith; that day, a
        // Smith child (children pay nothing) and a Tipene.
        var traces: [Trace] = [], links: [Link] = []
        for (n, (patient, daysBefore)) in [(seen, 2), (earlier, 5), (youngJack, 0), (tipene, 0)].enumerated() {
            var booking = Trace(kind: .appointments, recordType: "booking", file: "book.csv", locator: Locator(line: n + 2),
                                time: TraceTime(date: day.adding(days: -daysBefore), time: LocalTime(hour: 9, minute: 0)!, clock: clock),
                                identity: index[patient].identity, provider: "RS", payload: [:], contentKey: "b\(n)")
            booking.id = Int64(n + 1)
            traces.append(booking)
            links.append(Link(traceID: Int64(n + 1), patientID: index[patient].id, rule: "model", weight: 0.95))
        }
        let payments = PaymentMatching(index: index, traces: traces, links: links)
        func paid(_ words: String) -> CaseLinker.Match {
            var payment = Trace(kind: .bank, recordType: "internet-banking", file: "bank.csv", locator: Locator(line: 3),
                                time: TraceTime(date: day, time: LocalTime(hour: 12, minute: 0)!, clock: clock),
                                identity: Identity(), provider: nil, payload: ["_ref_words": words], contentKey: "p")
            payment.id = 99
            return payments.matchBankPayment(payment, index: index)
        }
        guard case .linked(let patient, let rule, _) = paid("SMITH") else { Issue.record("SMITH: not linked"); return }
        #expect(patient == seen && rule == "name in reference+seen")
        // The one Wiremu Smith, seen by no evidence: him, by name alone (the days' patients outnumber him).
        guard case .linked(let named, let alone, _) = paid("WIREMU SMITH") else { Issue.record("WIREMU SMITH: not linked"); return }
        #expect(named == wiremu && alone == "name in reference")
    }

    @Test("a bank payment naming only a common family name finds exactly the namesakes seen in the four days up to it, whether the days' patients are far fewer than the namesakes or far more: one is theirs, two or three a choice, none or more no one")
    func bankPaymentSeenAmongNamesakes() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let day = try #require(LocalDate(year: 2025, month: 4, day: 10))
        var random = SeededRandom(seed: 62)
        var checked = [0, 0, 0]
        for round in 0..<80 {
            var index = register(each: 10)
            // Half the rounds, two hundred others seen in those days: more than the namesakes.
            let crowd = round % 2 == 0 ? 0 : 200
            let others = (0..<crowd).map { index.add(patient(2000 + $0, given: "Hemi", family: "Walker")) }
            let smiths = (0..<index.patients.count).filter { index[$0].identity.familyName == "Smith" }
            var traces: [Trace] = [], links: [Link] = [], expected = Set<Int>()
            func book(_ patient: Int, daysBefore: Int) {
                var booking = Trace(kind: .appointments, recordType: "booking", file: "book.csv", locator: Locator(line: traces.count + 2),
                                    time: TraceTime(date: day.adding(days: -daysBefore), time: LocalTime(hour: 9, minute: 0)!, clock: clock),
                                    identity: index[patient].identity, provider: "RS", payload: [:], contentKey: "b\(traces.count)")
                booking.id = Int64(traces.count + 1)
                traces.append(booking)
                links.append(Link(traceID: booking.id!, patientID: index[patient].id, rule: "model", weight: 0.95))
            }
            // Up to five Smiths seen, from the day after the payment to six days before it (some twice).
            for _ in 0..<Int(random.next() % 6) {
                let smith = smiths[Int(random.next() % UInt64(smiths.count))], daysBefore = Int(random.next() % 8) - 1
                book(smith, daysBefore: daysBefore)
                if (0...3).contains(daysBefore) { expected.insert(smith) }
            }
            for other in others { book(other, daysBefore: Int(random.next() % 4)) }
            let payments = PaymentMatching(index: index, traces: traces, links: links)
            var payment = Trace(kind: .bank, recordType: "internet-banking", file: "bank.csv", locator: Locator(line: 3),
                                time: TraceTime(date: day, time: LocalTime(hour: 12, minute: 0)!, clock: clock),
                                identity: Identity(), provider: nil, payload: ["_ref_words": "SMITH"], contentKey: "p")
            payment.id = 99_999
            switch (payments.matchBankPayment(payment, index: index), expected.count) {
            case (.linked(let patient, let rule, _), 1):
                #expect(patient == expected.first && rule == "name in reference+seen", "round \(round)")
                checked[0] += 1
            case (.candidates(let patients, _, _), 2...3):
                #expect(patients == expected.sorted(), "round \(round)")
                checked[1] += 1
            case (.none, 0), (.none, 4...):
                checked[2] += 1
            case (let match, let count):
                Issue.record("round \(round): \(count) Smiths seen, matched \(match)")
            }
        }
        #expect(checked.allSatisfy { $0 > 5 }, "\(checked)")
    }

    @Test("the prior from a sample of the compared pairs: all of them where they are few, close to it where sampled")
    func priorFromSample() {
        let table = PersonLinkageTests.people()
        let full = ModelTraining.trained(table: table, settings: .people, acrossSides: false)
        let all = ModelTraining.model(table: table, settings: .people, acrossSides: false, lambdaPairs: full.candidates.count)
        #expect(all.parameters.lambda == full.model.parameters.lambda)
        #expect(all.parameters.m == full.model.parameters.m)
        #expect(all.parameters.u == full.model.parameters.u)
        let sampled = ModelTraining.model(table: table, settings: .people, acrossSides: false, lambdaPairs: full.candidates.count / 4)
        #expect(sampled.parameters.m == full.model.parameters.m)
        let ratio = sampled.parameters.lambda / full.model.parameters.lambda
        #expect(ratio > 0.5 && ratio < 2, "λ sampled \(sampled.parameters.lambda), all \(full.model.parameters.lambda)")
    }

    @Test("the index's lists are the register read patient by patient: one patient under a key, or many, in order, a patient twice where two fields give the key")
    func listsAsRead() {
        var random = SeededRandom(seed: 20)
        let families = ["Smith", "Ngata", "Tipene", "O'Brien", "Nguyen", "Lee"], givens = ["Aroha", "Jack", "Mere", "Ana", "Bo", "Wiremu"]
        let phones = ["+64211110000", "+64211110001", "+6495551234"], streets = ["1 Kōwhai St", "22 Rata Road", "3 Oak Ave"]
        var index = RegisterIndex(patients: 50)
        var identities: [Identity] = []
        for n in 0..<300 {
            var i = Identity()
            func pick(_ list: [String], _ chance: UInt64 = 4) -> String? { random.next() % chance == 0 ? nil : list[Int(random.next() % UInt64(list.count))] }
            i.familyName = pick(families, 9)
            i.givenName = pick(givens, 9)
            i.preferredName = random.next() % 5 == 0 ? pick(givens) : nil
            i.dob = random.next() % 6 == 0 ? nil : LocalDate(year: 1990 + Int(random.next() % 3), month: 1, day: 1 + Int(random.next() % 3))
            i.mobile = pick(phones)
            i.phone = pick(phones)
            i.email = random.next() % 3 == 0 ? "p\(random.next() % 20)@Example.org" : nil
            i.portalID = random.next() % 3 == 0 ? "w\(random.next() % 20)" : nil
            i.address = pick(streets)
            i.postcode = "6011"
            identities.append(i)
            index.add(Patient(id: "P\(n)", origin: .register, identity: i, usualProvider: nil, sourceTraceID: nil))
        }
        func read(_ gives: (Identity, Int) -> Int) -> [Int] { identities.indices.flatMap { p in Array(repeating: p, count: gives(identities[p], p)) } }
        for phone in phones + ["+64000"] {
            #expect(Array(index.patients(phone: phone)) == read { i, _ in (i.mobile == phone ? 1 : 0) + (i.phone == phone ? 1 : 0) }, "\(phone)")
        }
        for day in 1...4 {
            let dob = LocalDate(year: 1991, month: 1, day: day)!
            #expect(Array(index.patients(dob: dob)) == read { i, _ in i.dob == dob ? 1 : 0 })
        }
        for n in 0..<21 {
            #expect(Array(index.patients(email: "P\(n)@example.ORG")) == read { i, _ in i.email?.lowercased() == "p\(n)@example.org" ? 1 : 0 })
            #expect(Array(index.patients(portalID: "W\(n)")) == read { i, _ in i.portalID?.uppercased() == "W\(n)" ? 1 : 0 })
        }
        for family in families + ["Walker"] {
            let word = NameFolding.key(family)
            #expect(Array(index.patients(familyWord: word)) == read { _, p in index.names(of: p).family.filter { $0 == word }.count }, "\(family)")
        }
        for start in ["aro", "jac", "mer", "ana", "wir", "bo"] {
            #expect(Array(index.patients(givenStart: start)) == read { _, p in
                index.names(of: p).givenAndPreferred.filter { $0.count >= 3 && $0.hasPrefix(start) }.count }, "\(start)")
        }
        for p in [0, 7, 150, 299] {
            let i = identities[p]
            let expected = Set(read { other, _ in
                (RegisterIndex.addressKey(i) != nil && RegisterIndex.addressKey(other) == RegisterIndex.addressKey(i) ? 1 : 0)
                    + ([i.mobile, i.phone].contains { $0 != nil && ($0 == other.mobile || $0 == other.phone) } ? 1 : 0) } + [p])
            #expect(index.household(of: p) == expected, "\(p)")
        }
    }

    @Test("those a single word may name, looked up, hold everyone it names: a family-name word, a given or preferred name or a nickname's other forms, each of its words, a patient renamed by a later row")
    func mayBeNamedHoldsEveryoneNamed() {
        var random = SeededRandom(seed: 72)
        let families = ["Smith", "Bob", "Ha Eun", "Kim", "Robert", "Tipene"]
        let givens = ["Robert", "Bob", "Bobby", "Rob", "Ha-eun", "Eun", "Kiri", "Kirri", "Wiremu", "William", "Liam", "Mary Ann"]
        var index = RegisterIndex(patients: 20)
        var identities: [Identity] = []
        for n in 0..<400 {
            var i = Identity()
            func pick(_ list: [String]) -> String? { random.next() % 7 == 0 ? nil : list[Int(random.next() % UInt64(list.count))] }
            i.familyName = pick(families)
            i.givenName = pick(givens)
            i.preferredName = random.next() % 5 == 0 ? pick(givens) : nil
            // Every tenth row replaces the patient nine rows before it, with other names.
            let position = index.add(Patient(id: "P\(n % 10 == 9 ? n - 9 : n)", origin: .register, identity: i, usualProvider: nil, sourceTraceID: nil))
            if position < identities.count { identities[position] = i } else { identities.append(i) }
        }
        #expect(index.patients.count == identities.count)
        // What the linker holds each patient against (`CaseLinker.matchByName`), read from the patients themselves.
        func names(_ identity: Identity, _ word: String, _ words: [String]) -> Bool {
            let family = NameFolding.words(identity.familyName ?? "")
            let given = NameFolding.words(identity.givenName ?? "") + NameFolding.words(identity.preferredName ?? "")
            return family.contains(word) || given.contains { Nicknames.compatible(word, $0) }
                || (words.count > 1 && (words.allSatisfy(given.contains) || words.allSatisfy(family.contains)))
        }
        for written in givens + families + ["Ha Eun", "Mary-Ann", "Aroha", "BOBBY"] {
            let word = NameFolding.key(written), words = NameFolding.words(written)
            let found = index.mayBeNamed(byWord: word, words: words)
            #expect(found == RegisterIndex.sortedWithoutRepeats(found), "\(written): in order, each once")
            let missed = identities.indices.filter { names(identities[$0], word, words) && !found.contains($0) }
            #expect(missed.isEmpty, "\(written): \(missed.prefix(5)) missed")
            #expect(found.count < identities.count, "\(written): not everyone")
        }
    }

    @Test("a key's patients held alone or in a list read as the list they were added in")
    func placesAsAList() {
        var places = IndexPlaces.none
        var list: [Int] = []
        #expect(places.isEmpty && places.list == [] && Array(places) == [])
        for patient in [4, 9, 9, 2, 30] {
            places.append(patient)
            list.append(patient)
            #expect(Array(places) == list && places.list == list && places.count == list.count && places.first == list.first)
        }
        let copy = places
        places.append(1)
        #expect(copy.list == [4, 9, 9, 2, 30] && places.list == [4, 9, 9, 2, 30, 1], "a copy kept as it was")
        #expect(RegisterIndex.firstThree("aroha") == "aro" && RegisterIndex.firstThree("bo") == nil && RegisterIndex.firstThree("") == nil)
        #expect(RegisterIndex.firstThree("abc") == "abc" && RegisterIndex.firstThree("Ōtaki") == "Ōta" && RegisterIndex.firstThree("Tā") == nil)
        #expect(RegisterIndex.firstThree("e\u{301}ab") == "e\u{301}ab" && RegisterIndex.firstThree("e\u{301}abc") == "e\u{301}ab")
    }
}

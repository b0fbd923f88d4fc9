import LacunaCore

/// Builds a `PracticeWorld` from a seed: the practice's people and households, its clinicians, four
/// weeks of recorded history, the lost window with all of DOMAIN §1's noise, and what followed.
struct PracticeGenerator {
    let options: DrillOptions
    var random: DrillRandom
    var world: PracticeWorld
    /// Some clinicians with family names of more than one word (de Vries, Te Hira, Van der Berg).
    let multiWordClinicians: Bool

    init(options: DrillOptions, multiWordClinicians: Bool = false) {
        self.options = options
        self.multiWordClinicians = multiWordClinicians
        random = DrillRandom(seed: options.seed)
        let start = options.windowStart
        let window = Window(from: start, to: start.adding(days: max(1, options.windowDays) - 1))
        world = PracticeWorld(window: window, clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!, noise: options.noise.factor)
    }

    mutating func generate() -> PracticeWorld {
        var r = random.fork(1)
        makeProviders(&r)
        r = random.fork(2)
        makePeople(&r)
        r = random.fork(3)
        makeEncounters(&r)
        r = random.fork(4)
        makeResults(&r)
        r = random.fork(5)
        makeLettersAndPortal(&r)
        r = random.fork(6)
        makeRemembered(&r)
        r = random.fork(7)
        makeCallbacks(&r)
        return world
    }

    // MARK: Clinicians

    mutating func makeProviders(_ r: inout DrillRandom) {
        let gps = max(2, options.patients / 1500)
        let nurses = max(1, options.patients / 3000)
        var usedCodes: Set<String> = []
        for i in 0..<(gps + nurses) {
            let nurse = i >= gps
            let female = r.chance(0.55)
            let ethnicity = r.pick(Ethnicity.weights)
            let given = r.pick(NamePools.given(ethnicity, female: female))
            var family = r.pick(NamePools.family(ethnicity))
            // The first GP, and others now and then, with a family name of more than one word.
            if multiWordClinicians, i == 0 || r.chance(0.3) { family = r.pick(NamePools.multiWordFamily) }
            var code = String(NameFolding.key(given).prefix(1) + NameFolding.key(family).prefix(1)).uppercased()
            var n = 2
            while usedCodes.contains(code) { code = String(code.prefix(2)) + String(n); n += 1 }
            usedCodes.insert(code)
            let name = (nurse ? "RN " : "Dr ") + given + " " + family
            world.providers.append(DrillProvider(code: code, name: name, given: given, family: family, isNurse: nurse,
                                                 cpn: String(format: "%02d%@", 10 + i % 90, randomLetters(&r, 4))))
        }
    }

    func randomLetters(_ r: inout DrillRandom, _ count: Int) -> String {
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        return String((0..<count).map { _ in letters[r.int(0...23)] })
    }

    // MARK: People and households

    mutating func makePeople(_ r: inout DrillRandom) {
        var usedNHIs: Set<String> = []
        var household = 0
        let gps = world.providers.indices.filter { !world.providers[$0].isNurse }
        let today = world.window.from
        while world.people.count < options.patients {
            let ethnicity = r.pick(Ethnicity.weights)
            let family = r.pick(NamePools.family(ethnicity))
            let size = r.pick([(1, 0.3), (2, 0.28), (3, 0.15), (4, 0.16), (5, 0.08), (6, 0.03)])
            let suburb = r.pick(NamePools.suburbs)
            let street = "\(r.int(1...240)) \(r.pick(NamePools.streets))"
            let usual = r.pick(gps)
            let adults = size == 1 ? 1 : (r.chance(0.75) ? 2 : 1)
            var members: [Int] = []
            var householdMobile: String?
            for m in 0..<size {
                let isAdult = m < adults
                let female = m == 0 ? r.chance(0.55) : (m == 1 && isAdult ? !(world.people[members[0]].sex == "F") || r.chance(0.1) : r.chance(0.5))
                let memberFamily = (isAdult && m == 1 && r.chance(0.3)) ? r.pick(NamePools.family(ethnicity)) : family
                let dob: LocalDate
                if isAdult {
                    dob = today.adding(days: -r.int((19 * 365)...(88 * 365)))
                } else if m > adults, let previous = world.people.last, previous.household == household, r.chance(0.03 * world.noise + 0.02),
                          previous.twinOf == nil, previous.dob.age(on: today) < 18 {
                    dob = previous.dob  // twins
                } else {
                    dob = today.adding(days: -r.int(30...(17 * 365)))
                }
                let given = r.pick(NamePools.given(ethnicity, female: female))
                let index = world.people.count
                let nhi = makeNHI(&r, used: &usedNHIs)
                var person = DrillPerson(
                    index: index, patientID: String(format: "P%06d", index + 1), nhi: nhi, family: memberFamily, given: given,
                    nickname: nil, dob: dob, sex: female ? "F" : "M", ethnicity: ethnicity, mobile: nil, homePhone: nil,
                    email: nil, street: street, suburb: suburb.0, postcode: suburb.1, household: household,
                    usualProvider: usual, cardLast4: nil, payer: index, twinOf: nil, portalID: nil)
                if let previous = world.people.last, previous.household == household, previous.dob == dob, !isAdult {
                    person.twinOf = previous.index
                    world.people[previous.index].twinOf = index
                }
                if let nickname = Nicknames.pairs.first(where: { $0.formal == NameFolding.key(given) && $0.nickname.count < given.count })?.nickname,
                   r.chance(0.35) {
                    person.nickname = nickname.prefix(1).uppercased() + nickname.dropFirst()
                } else if given.count >= 6, given.allSatisfy(\.isASCII), r.chance(0.2) {
                    // A pet name no table lists: the start with a pet ending (Josie, Freddie) or the end (Tina).
                    let vowels = Set("aeiou")
                    var stem = String(given.prefix(3))
                    if let last = stem.last, vowels.contains(last) { stem = String(given.prefix(4)) }
                    person.nickname = r.chance(0.8) ? stem + r.pick(["ie", "y", "o"]) : String(given.suffix(4)).capitalized
                }
                if isAdult {
                    person.mobile = r.chance(0.9) ? makeMobile(&r) : nil
                    if householdMobile == nil { householdMobile = person.mobile }
                    if m > 0 && r.chance(0.2) { person.mobile = householdMobile }  // a shared mobile
                    person.cardLast4 = String(format: "%04d", r.int(0...9999))
                    if r.chance(0.6) {
                        person.email = NameFolding.key(given) + "." + NameFolding.key(memberFamily) + "\(r.int(1...99))@example.co.nz"
                    }
                } else {
                    person.mobile = householdMobile
                    person.payer = members.first ?? index
                }
                if r.chance(0.35) { person.homePhone = "09" + String(format: "%07d", r.int(2_000_000...9_999_999)) }
                if r.chance(0.45) { person.portalID = "MH" + String(format: "%07d", r.int(0...9_999_999)) }
                members.append(index)
                world.people.append(person)
                if world.people.count >= options.patients { break }
            }
            household += 1
        }
    }

    /// Test-range NHIs (beginning with Z), so no synthetic person can carry a real person's number:
    /// mostly the old AAANNNC format, some of the new AAANNAX.
    func makeNHI(_ r: inout DrillRandom, used: inout Set<String>) -> String {
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        while true {
            var prefix = "Z" + String(letters[r.int(0...23)]) + String(letters[r.int(0...23)])
            let newFormat = r.chance(0.2)
            prefix += newFormat ? String(format: "%02d", r.int(0...99)) + String(letters[r.int(0...23)])
                                : String(format: "%03d", r.int(0...999))
            guard let check = NHI.checkCharacter(forPrefix: prefix) else { continue }
            let nhi = prefix + String(check)
            if used.insert(nhi).inserted { return nhi }
        }
    }

    func makeMobile(_ r: inout DrillRandom) -> String {
        let prefix = r.pick([("021", 0.45), ("022", 0.2), ("027", 0.3), ("029", 0.05)])
        let length = prefix == "021" ? r.pick([(6, 0.1), (7, 0.7), (8, 0.2)]) : 7
        var digits = String(r.int(2...9))
        for _ in 1..<length { digits += String(r.int(0...9)) }
        return prefix + digits
    }

    // MARK: Encounters, bookings, payments

    mutating func makeEncounters(_ r: inout DrillRandom) {
        let window = world.window
        var day = world.historyStart
        let last = window.to
        let enrolledDuring = max(1, Int(Double(options.patients) * 0.004))
        // A few people enrolled during the window: not in the restored register.
        for _ in 0..<enrolledDuring {
            let index = r.int(0...(world.people.count - 1))
            if world.people[index].twinOf == nil { world.people[index].enrolledDuringWindow = true }
        }
        var invoice = 10_000
        while day <= last {
            let weekday = day.isoWeekday
            let load = weekday == 7 ? 0.0 : weekday == 6 ? 0.3 : 1.0
            let inWindow = window.contains(day)
            var seenToday: Set<Int> = []
            for (p, provider) in world.providers.enumerated() {
                let count = Int(Double(provider.isNurse ? r.int(12...18) : r.int(24...32)) * load)
                var slot = 0
                // A small practice cannot see more people in a day than it has (nobody twice a day).
                let free = world.people.indices.filter { !seenToday.contains($0) && (inWindow || !world.people[$0].enrolledDuringWindow) }.count
                for _ in 0..<min(count, free) {
                    var person = r.int(0...(world.people.count - 1))
                    // People enrolled during the window are only seen from the window on.
                    while (world.people[person].enrolledDuringWindow && !inWindow) || seenToday.contains(person) {
                        person = r.int(0...(world.people.count - 1))
                    }
                    seenToday.insert(person)
                    // Consultations run from 08:30, every 15 minutes with gaps.
                    slot += r.chance(0.15) ? 2 : 1
                    let minutes = 8 * 60 + 30 + slot * 15 + (r.chance(0.3) ? r.int(1...9) : 0)
                    let time = LocalTime(hour: min(19, minutes / 60), minute: minutes % 60)!
                    let mode = r.pick([("in person", 0.8), ("phone", 0.15), ("video", 0.05)])
                    let inBook = r.chance(0.65)
                    var encounter = DrillEncounter(
                        id: world.encounters.count, person: person, date: day, time: time, provider: p, mode: mode,
                        inBook: inBook, bookedOn: inBook ? day.adding(days: -r.int(1...21)) : nil,
                        reason: r.pick(NamePools.reasons), inWindow: inWindow)
                    invoice += 1
                    encounter.payment = makePayment(&r, for: encounter, invoice: invoice)
                    world.encounters.append(encounter)
                }
                // Bookings not kept: did not attend, late cancellations still showing as booked, cancelled.
                let noShows = Int((Double(count) * 0.08 * world.noise).rounded())
                for _ in 0..<noShows {
                    let person = r.int(0...(world.people.count - 1))
                    if world.people[person].enrolledDuringWindow || seenToday.contains(person) { continue }
                    let status = inWindow ? r.pick([("Booked", 0.55), ("Confirmed", 0.2), ("Cancelled", 0.25)])
                                          : r.pick([("DNA", 0.6), ("Cancelled", 0.4)])
                    world.noShows.append(DrillNoShow(person: person, date: day,
                                                     time: LocalTime(hour: r.int(8...16), minute: r.pick([0, 15, 30, 45]))!,
                                                     provider: p, status: status, bookedOn: day.adding(days: -r.int(1...14)),
                                                     reason: r.pick(NamePools.reasons)))
                }
            }
            day = day.adding(days: 1)
        }
        // The book also holds bookings for the days after the window.
        for offset in 1...3 {
            let date = window.to.adding(days: offset)
            guard date.isoWeekday < 6 else { continue }
            for (p, _) in world.providers.enumerated() {
                for _ in 0..<r.int(8...14) {
                    let person = r.int(0...(world.people.count - 1))
                    if world.people[person].enrolledDuringWindow { continue }
                    world.futureBookings.append(DrillNoShow(person: person, date: date,
                                                            time: LocalTime(hour: r.int(8...16), minute: r.pick([0, 15, 30, 45]))!,
                                                            provider: p, status: "Booked", bookedOn: window.from.adding(days: -r.int(1...10)),
                                                            reason: r.pick(NamePools.reasons)))
                }
            }
        }
    }

    func makePayment(_ r: inout DrillRandom, for encounter: DrillEncounter, invoice: Int) -> DrillPayment? {
        let person = world.people[encounter.person]
        let age = person.dob.age(on: encounter.date)
        if age < 14 { return nil }  // children under 14 usually pay nothing
        let payer = age < 18 ? person.payer : person.index
        let method: DrillPayment.Method = encounter.mode == "video" ? (r.chance(0.8) ? .card : .internetBanking)
            : r.pick([(.card, 0.72), (.cash, 0.08), (.internetBanking, 0.1), (.account, 0.1)])
        let cents = (encounter.mode == "in person" ? r.pick([1900, 4500, 5200, 6500]) : r.pick([2500, 3500, 4500])) + (r.chance(0.1) ? 1500 : 0)
        let terminal = encounter.mode == "video" ? 2 : (world.providers[encounter.provider].isNurse ? 1 : 0)
        let minutes = encounter.time.hour * 60 + encounter.time.minute + r.int(10...35)
        let time = LocalTime(hour: min(23, minutes / 60), minute: minutes % 60, second: r.int(0...59))!
        return DrillPayment(method: method, cents: cents, payer: payer,
                            cardLast4: method == .card ? world.people[payer].cardLast4 ?? String(format: "%04d", r.int(0...9999)) : nil,
                            terminal: terminal, date: encounter.date, time: time, invoice: "INV-\(invoice)",
                            bankDate: method == .internetBanking ? encounter.date.adding(days: r.int(0...3)) : nil,
                            bankAccount: r.pick([(0, 0.5), (1, 0.25), (2, 0.25)]))
    }

    // MARK: Results

    mutating func makeResults(_ r: inout DrillRandom) {
        let window = world.window
        var filler = 100_000
        for index in world.encounters.indices {
            let encounter = world.encounters[index]
            // Tests ordered in the week before the window or in it can report inside it.
            guard encounter.date >= window.from.adding(days: -7), !world.providers[encounter.provider].isNurse || r.chance(0.3),
                  r.chance(0.25) else { continue }
            let collectedDate = r.chance(0.7) ? encounter.date : encounter.date.adding(days: r.int(1...3))
            let collectedTime = LocalTime(hour: r.int(8...16), minute: r.int(0...59))!
            let reportedDate = collectedDate.adding(days: r.int(0...2))
            let reportedTime = LocalTime(hour: r.int(9...21), minute: r.int(0...59))!
            let lab = r.chance(0.6) ? 0 : 1
            var worst = ""
            for _ in 0..<r.pick([(1, 0.6), (2, 0.3), (3, 0.1)]) {
                let test = r.int(0...(NamePools.tests.count - 1))
                let spec = NamePools.tests[test]
                let roll = r.unit()
                let flag = roll < 0.02 ? (r.chance(0.6) ? "HH" : "LL") : roll < 0.15 ? (r.chance(0.7) ? "H" : "L") : ""
                let span = spec.high - spec.low
                var value: Double
                switch flag {
                case "HH": value = spec.high + span * (1 + r.unit())
                case "H": value = spec.high + span * 0.2 * (0.1 + r.unit())
                case "LL": value = max(0, spec.low - span * 0.6)
                case "L": value = max(0, spec.low - span * 0.1 * (0.1 + r.unit()))
                default: value = spec.low + span * (0.1 + 0.8 * r.unit())
                }
                value = (value * 10).rounded() / 10
                filler += 1
                let result = DrillResult(
                    id: world.results.count, person: encounter.person, provider: encounter.provider, encounter: encounter.id,
                    collectedDate: collectedDate, collectedTime: collectedTime, reportedDate: reportedDate, reportedTime: reportedTime,
                    test: test, value: value, flag: flag, filler: (lab == 0 ? "LT25-" : "PL") + String(filler),
                    placer: "HMC\(encounter.id)", lab: lab, corrected: r.chance(0.03 * world.noise))
                let flagged = result.abnormal
                if flagged == "critical" || (flagged == "abnormal" && worst.isEmpty) { worst = flagged }
                world.encounters[index].orders.append(result.id)
                world.results.append(result)
            }
            world.encounters[index].abnormal = worst
        }
        // Message ids: one message per result per send.
        for index in world.results.indices {
            world.results[index].messageID = String(format: "%@%08d", world.results[index].lab == 0 ? "LT" : "PL", index + 1)
            world.results[index].correctionMessageID = String(format: "%@C%07d", world.results[index].lab == 0 ? "LT" : "PL", index + 1)
        }
    }

    // MARK: Letters, portal, referrals

    mutating func makeLettersAndPortal(_ r: inout DrillRandom) {
        let window = world.window
        let gps = world.providers.indices.filter { !world.providers[$0].isNurse }
        var letterNumber = 0
        // Letters arrive for anyone, seen or not: a day before the window (in the resend, not lost) and in it.
        for date in [window.from.adding(days: -1)] + window.dates where date.isoWeekday < 7 {
            for _ in 0..<(gps.count * r.int(3...5)) {
                letterNumber += 1
                let person = r.int(0...(world.people.count - 1))
                let specialty = r.pick(NamePools.specialties)
                let discharge = r.chance(0.4)
                world.letters.append(DrillLetter(
                    id: letterNumber, person: person, receivedDate: date,
                    receivedTime: LocalTime(hour: r.int(7...20), minute: r.int(0...59), second: r.int(0...59))!,
                    title: discharge ? "Discharge summary" : "\(specialty.1) clinic letter", specialty: specialty.1,
                    hospital: r.pick(NamePools.hospitals), recipient: world.people[person].usualProvider,
                    via: r.chance(0.6) ? "mdm" : "healthdocs", documentID: String(format: "DOC%07d", letterNumber),
                    messageID: String(format: "HL%08d", letterNumber)))
            }
        }
        // Referrals sent in the window, from its encounters.
        for encounter in world.encounters where encounter.inWindow && !world.providers[encounter.provider].isNurse && r.chance(0.07) {
            // Most are written the same day; some are dictated the next morning.
            let nextMorning = r.chance(0.2)
            let minutes = nextMorning ? r.int((7 * 60 + 30)...(10 * 60 + 30)) : encounter.time.hour * 60 + encounter.time.minute + r.int(20...240)
            let referral = DrillReferral(
                id: world.referrals.count + 1, person: encounter.person, provider: encounter.provider,
                date: nextMorning ? encounter.date.adding(days: encounter.date.isoWeekday >= 5 ? 8 - encounter.date.isoWeekday : 1) : encounter.date,
                time: LocalTime(hour: min(23, minutes / 60), minute: minutes % 60)!, specialty: r.pick(NamePools.specialties),
                urgent: r.chance(0.2), messageID: String(format: "REF%07d", world.referrals.count + 1))
            world.encounters[encounter.id].referral = referral.id
            world.referrals.append(referral)
        }
        // Portal: requests before consultations, follow-ups after, and messages from anyone in the window.
        var number = 0
        func add(_ r: inout DrillRandom, person: Int, date: LocalDate, type: String, subject: String, body: String, about encounter: Int? = nil) {
            number += 1
            // The portal's resend holds the day before the window to two days after it (PortalWriter).
            if let encounter, date >= window.from.adding(days: -1), date <= window.to.adding(days: 2) {
                world.mentionedIn[encounter, default: []].insert("portal")
            }
            let p = world.people[person]
            let sender = p.dob.age(on: date) < 16 ? p.payer : person
            if sender != person, let encounter, world.encounters[encounter].inWindow, date >= window.from.adding(days: -1), date <= window.to.adding(days: 2) {
                world.habits.append(DrillHabit(person: person, date: world.encounters[encounter].date, habit: "parent wrote", visit: true))
            }
            world.portal.append(DrillPortalMessage(
                id: String(format: "PM-%07d", number), person: person, sender: sender, date: date,
                time: LocalTime(hour: r.int(6...22), minute: r.int(0...59), second: r.int(0...59))!, type: type,
                subject: subject, body: body, recipient: p.usualProvider))
        }
        for encounter in world.encounters where encounter.inWindow {
            if r.chance(0.1) {
                // Asked the day before or on the day, or a few days ahead naming the day.
                let ahead = r.chance(0.3) ? r.int(2...4) : r.int(0...1)
                let named = ahead >= 2 ? r.pick([" on \(Self.weekdayNames[encounter.date.isoWeekday])", " this \(Self.weekdayNames[encounter.date.isoWeekday])"]) : ""
                add(&r, person: encounter.person, date: encounter.date.adding(days: -ahead), type: "appointment-request",
                    subject: "Appointment request", body: "Could I please see the doctor\(named) about \(encounter.reason)?", about: encounter.id)
            }
            if r.chance(0.08) {
                add(&r, person: encounter.person, date: encounter.date.adding(days: r.int(0...2)), type: "message",
                    subject: "Following up", body: "Thanks for seeing me. Just checking about my \(encounter.reason).", about: encounter.id)
            }
        }
        for date in window.dates {
            for _ in 0..<(gps.count * r.int(2...4)) {
                let repeatScript = r.chance(0.5)
                add(&r, person: r.int(0...(world.people.count - 1)), date: date, type: repeatScript ? "repeat-prescription" : "message",
                    subject: repeatScript ? "Repeat prescription" : "Question for my GP",
                    body: repeatScript ? "Please renew my usual medicines." : "Is it OK to take ibuprofen with my other tablets?")
            }
        }
        world.portal.sort { ($0.date, $0.time, $0.id) < ($1.date, $1.time, $1.id) }
    }

    // MARK: What people remember

    mutating func makeRemembered(_ r: inout DrillRandom) {
        let window = world.window
        let dayNames = ["", "Mon", "Tues", "Wed", "Thurs", "Fri", "Sat", "Sun"]
        for (p, provider) in world.providers.enumerated() where !provider.isNurse {
            var lines: [String] = []
            let theirs = world.encounters.filter { $0.inWindow && $0.provider == p }
            var twinsDone: Set<Int> = []
            for encounter in theirs {
                let memorable = !encounter.abnormal.isEmpty || encounter.referral != nil
                guard r.chance(memorable ? 0.6 : 0.33) else { continue }
                let person = world.people[encounter.person]
                if let twin = person.twinOf, let other = theirs.first(where: { $0.person == twin && $0.date == encounter.date }) {
                    if twinsDone.insert(person.household).inserted {
                        lines.append("the \(person.family) twins")
                        world.mentionedIn[encounter.id, default: []].insert("remembered")
                        world.mentionedIn[other.id, default: []].insert("remembered")
                    }
                    continue
                }
                world.mentionedIn[encounter.id, default: []].insert("remembered")
                lines.append(rememberedLine(&r, person: person, reason: encounter.reason,
                                            day: r.chance(0.5) ? dayNames[encounter.date.isoWeekday] + (r.chance(0.3) ? (encounter.time.hour < 12 ? " am" : " pm") : "") : nil))
            }
            // Patients remembered from last week, not from the window.
            let lastWeek = world.encounters.filter { !$0.inWindow && $0.provider == p && $0.date >= window.from.adding(days: -7) }
            for encounter in lastWeek where r.chance(0.03 * world.noise) {
                lines.append(rememberedLine(&r, person: world.people[encounter.person], reason: encounter.reason, day: nil))
            }
            r.shuffle(&lines)
            let heading = r.chance(0.5) ? "# \(provider.name)" : "\(provider.name.replacingOccurrences(of: "Dr ", with: "Dr. "))'s list:"
            world.remembered.append(DrillRememberedLine(provider: p, text: heading))
            for line in lines { world.remembered.append(DrillRememberedLine(provider: p, text: line)) }
        }
    }

    /// "Mrs J Tipene - chest pain Fri am", "Bob H (knee pain)", "Aroha Ngata, sore throat", "Tāmati".
    func rememberedLine(_ r: inout DrillRandom, person: DrillPerson, reason: String, day: String?) -> String {
        let bullet = r.pick(["- ", "* ", "• ", "", ""])
        let given = person.nickname ?? person.given
        let style = r.int(0...7)
        let age = person.dob.age(on: world.window.from)
        var name: String
        switch style {
        case 5 where age >= 18:
            // "Mrs Baker": a title and the family name.
            name = (person.sex == "F" ? r.pick(["Mrs ", "Ms "]) : "Mr ") + person.family
        case 5, 6:
            // First name only, a child's age beside it.
            name = given + (age < 2 ? r.pick([" (baby)", " baby"]) : age < 16 ? r.pick([" (\(age))", " (\(age)yo)", " (child)"]) : "")
        case 7:
            // No separator before the reason.
            name = "\(given) \(person.family) \(reason.lowercased())"
            if person.enrolledDuringWindow { name += " new pt" }
            return r.pick(["- ", "* ", ""]) + name + (day.map { " \($0)" } ?? "")
        case 0:
            let title = person.dob.age(on: world.window.from) < 16 ? "" : (person.sex == "F" ? r.pick(["Mrs ", "Ms "]) : "Mr ")
            name = title + String(person.given.prefix(1)) + " " + person.family
        case 1: name = given + " " + String(person.family.prefix(1))
        case 2: name = given + " " + person.family
        case 3: name = person.given + " " + person.family
        default: name = r.chance(0.5) ? given + " " + person.family : person.family + ", " + given
        }
        if r.chance(0.3) { name = NameFolding.asciiOnly(name) }  // written without macrons
        var line = bullet + name
        if r.chance(0.5) { line += r.chance(0.5) ? " - \(reason)" : " (\(reason))" }
        if let day { line += line.contains("(") ? " \(day)" : " - \(day)" }
        return line
    }

    static let weekdayNames = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    mutating func makeCallbacks(_ r: inout DrillRandom) {
        let window = world.window
        let dayWords = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let shortWords = ["", "Mon", "Tues", "Wed", "Thurs", "Fri", "Sat", "Sun"]
        var callers: [(Int, LocalDate?)] = []
        for encounter in world.encounters where encounter.inWindow && world.people[encounter.person].mobile != nil && r.chance(0.35) {
            callers.append((encounter.person, encounter.date))
            world.mentionedIn[encounter.id, default: []].insert("callbacks")
        }
        // Some ring who were seen the week before, not in the window.
        for encounter in world.encounters where !encounter.inWindow && encounter.date >= window.from.adding(days: -5) && r.chance(0.02 * world.noise) {
            callers.append((encounter.person, encounter.date))
        }
        for (person, seen) in callers {
            let visitDay = seen ?? window.from
            var day = visitDay
            if r.chance(0.15 * world.noise) {
                // Misremembers the day.
                day = window.dates.count > 1 ? r.pick(window.dates.filter { $0 != day }) : day.adding(days: -1)
            }
            let said: String
            switch r.int(0...3) {
            case 0: said = dayWords[day.isoWeekday]
            case 1: said = shortWords[day.isoWeekday] + " \(day.day)/\(day.month)"
            case 2: said = shortWords[day.isoWeekday] + (r.chance(0.5) ? " am" : " pm")
            default: said = r.chance(0.7) ? "\(day.day)/\(day.month)" : "not sure"
            }
            var notes = r.pick(["", "", "wants a call back", "saw the nurse", "had bloods taken", "got a script"])
            let p = world.people[person]
            var caller = person
            var (name, slipped) = writtenName(&r, of: p)
            if p.dob.age(on: window.from) < 16 && p.payer != person && r.chance(0.75) {
                // A parent rings for the child: the parent's name in the list, the child in the notes.
                caller = p.payer
                let parent = world.people[caller]
                let (callerName, about) = proxyWords(&r, parent: parent, child: p)
                name = callerName
                slipped = false
                notes = about + (notes.isEmpty || r.chance(0.5) ? "" : "; " + notes)
                if window.contains(visitDay) { world.habits.append(DrillHabit(person: person, date: visitDay, habit: "parent rang", visit: true)) }
            }
            if window.contains(visitDay) && slipped {
                world.habits.append(DrillHabit(person: person, date: visitDay, habit: "name misspelt", visit: true))
            }
            world.callbacks.append(DrillCallback(person: person, caller: caller, writtenName: name, receivedDate: window.to.adding(days: r.int(1...7)),
                                                 receivedTime: LocalTime(hour: r.int(8...17), minute: r.int(0...59))!,
                                                 daySeen: said, notes: notes, giveDOB: r.chance(0.4)))
        }
        // People who answer the text to say they were not seen: booked and did not come, or not booked at all.
        let absent = world.noShows.filter { window.contains($0.date) && world.people[$0.person].mobile != nil }
        for noShow in absent where r.chance(0.3) {
            let p = world.people[noShow.person]
            world.habits.append(DrillHabit(person: noShow.person, date: noShow.date, habit: "said not seen", visit: false))
            let said = r.chance(0.6) ? r.pick([dayWords[noShow.date.isoWeekday], "\(noShow.date.day)/\(noShow.date.month)", ""]) : ""
            world.callbacks.append(DrillCallback(person: noShow.person, caller: noShow.person, writtenName: writtenName(&r, of: p).name,
                                                 receivedDate: window.to.adding(days: r.int(1...7)),
                                                 receivedTime: LocalTime(hour: r.int(8...17), minute: r.int(0...59))!,
                                                 daySeen: said, notes: r.pick(Self.notSeenWords), giveDOB: r.chance(0.4)))
        }
        world.callbacks.sort { ($0.receivedDate, $0.receivedTime) < ($1.receivedDate, $1.receivedTime) }
    }

    /// How callers say they did not come, in many shapes (the engine must read the meaning, not a list).
    static let notSeenWords = ["wasn't seen", "didn't make it in", "I wasn't in that day", "never came in - car broke down",
                               "not seen, cancelled", "couldn't come, sick kid", "no - missed the appointment", "did not attend",
                               "wasn't me, haven't been in for months", "didnt get seen, left before", "forgot to come"]

    /// A caller's name as reception wrote it: a nickname, no macrons, now and then one slip of the pen.
    func writtenName(_ r: inout DrillRandom, of p: DrillPerson) -> (name: String, slipped: Bool) {
        let given = r.chance(0.3) ? (p.nickname ?? p.given) : p.given
        var family = p.family
        let slipped = r.chance(0.06 * world.noise) && family.count >= 5
        if slipped { family = Self.slip(&r, family) }
        let name = "\(given) \(family)"
        return (r.chance(0.2) ? NameFolding.asciiOnly(name) : name, slipped)
    }

    /// One slip of the pen: a letter dropped, doubled, or two swapped.
    static func slip(_ r: inout DrillRandom, _ word: String) -> String {
        var letters = Array(word)
        let at = r.int(1...(letters.count - 2))
        switch r.int(0...2) {
        case 0: letters.remove(at: at)
        case 1: letters.insert(letters[at], at: at)
        default: letters.swapAt(at, at + 1)
        }
        return String(letters)
    }

    /// A parent ringing for a child: what goes in the name column and what in the notes.
    func proxyWords(_ r: inout DrillRandom, parent: DrillPerson, child: DrillPerson) -> (name: String, notes: String) {
        let age = child.dob.age(on: world.window.from)
        let kid = r.chance(0.3) ? (child.nickname ?? child.given) : child.given
        let relation = child.sex == "F" ? r.pick(["daughter", "girl", "dtr"]) : r.pick(["son", "boy", "lad"])
        let parentName = "\(parent.given) \(parent.family)"
        switch r.int(0...7) {
        case 0: return (parentName, "re \(kid) (\(age))")
        case 1: return (parentName, "\(relation) \(kid) was seen")
        case 2: return (parentName, "calling for \(r.chance(0.5) ? "her" : "his") \(relation) \(kid)")
        case 3: return ("\(parentName) (mum of \(kid))".replacingOccurrences(of: "mum", with: parent.sex == "F" ? "mum" : "dad"), "")
        case 4: return ("\(parentName) for \(kid)", age < 2 ? "baby" : "")
        case 5: return (parentName, "it was my \(relation) who was seen, \(age)yo")
        case 6: return (parentName, "\(kid) \(child.family) (\(age < 2 ? "baby" : "child"))")
        default: return (parentName, "re \(kid)")
        }
    }
}

extension NameFolding {
    /// The name with macrons and other marks removed but case kept: how Windows-1252 systems and
    /// hurried hands write Tāmati.
    static func asciiOnly(_ text: String) -> String {
        let map: [Character: Character] = ["ā": "a", "ē": "e", "ī": "i", "ō": "o", "ū": "u", "Ā": "A", "Ē": "E", "Ī": "I", "Ō": "O", "Ū": "U"]
        return String(text.map { map[$0] ?? $0 })
    }
}

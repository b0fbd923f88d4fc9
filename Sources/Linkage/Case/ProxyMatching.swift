import LacunaCore

/// Traces written by one person about another (`Trace.proxy`): a parent who rang for a child, an
/// account holder who wrote about a son. The speaker is found by the phone, e-mail, portal account
/// or name they gave; the subject among the people of the speaker's household (same address, shared
/// phone) by what the trace says of them: a name, close or a nickname, an age, son or daughter, a
/// child or a partner. The day's other evidence breaks what is left of a tie.
extension CaseLinker {
    func matchProxy(_ trace: Trace, proxy: Proxy, index: RegisterIndex, activeDates: [Int: Set<LocalDate>],
                    activeProviders: [Int: Set<String>]) -> Match? {
        var speakers: Set<Int> = []
        if let phone = proxy.speakerPhone { speakers.formUnion(index.patients(phone: phone)) }
        if let email = proxy.speakerEmail { speakers.formUnion(index.patients(email: email)) }
        if let portal = proxy.speakerPortalID { speakers.formUnion(index.patients(portalID: portal)) }
        var speakerIdentity = Identity()
        if let name = proxy.speakerName {
            let words = name.split(separator: " ").map(String.init)
            speakerIdentity.givenName = words.first
            speakerIdentity.familyName = words.count > 1 ? words.dropFirst().joined(separator: " ") : nil
        }
        speakerIdentity.dob = proxy.speakerDOB
        // The speaker by name (and date of birth, where given), among those the contact details give or,
        // with none, across the register: a few namesakes' households are searched together.
        // A first name alone ("Zoë's girl" on a GP's list) agrees partly; the list's GP's own patients first.
        let enough: NameAgreement = speakerIdentity.familyName == nil ? .partial : .full
        let speakerNames = NameWords(speakerIdentity)
        var named: Set<Int> = speakerIdentity.givenName == nil ? [] : (speakers.isEmpty ? Set(index.candidates(for: speakerIdentity)) : speakers)
            .filter { NameAgreement.between(speakerNames, index.names(of: $0)) >= enough && !speakerIdentity.dobContradicts(index[$0].identity) }
        if speakers.isEmpty, named.count > Self.maximumTie, let provider = trace.provider {
            let theirs = named.filter { index[$0].usualProvider == provider }
            if !theirs.isEmpty { named = theirs }
        }
        if speakers.isEmpty {
            guard !named.isEmpty, named.count <= Self.maximumTie else { return nil }
            speakers = named
        }
        var household: Set<Int> = []
        for speaker in speakers { household.formUnion(index.household(of: speaker)) }
        let members = household.subtracting(named).sorted()
        let subject = trace.identity
        let subjectNames = NameWords(subject)
        let today = trace.time?.localDate
        let fitting = members.filter { member in
            let them = index[member].identity
            if subject.givenName != nil || subject.familyName != nil, NameAgreement.between(subjectNames, index.names(of: member)) < .partial { return false }
            if subject.dobContradicts(them) { return false }
            if let sex = proxy.sex, let theirs = them.sex, sex != theirs, theirs == "F" || theirs == "M" { return false }
            let age = them.dob.flatMap { dob in today.map { dob.age(on: $0) } }
            if let said = proxy.age, let age, abs(said - age) > 1 { return false }
            if proxy.relation == "child", let age, age >= 18 { return false }
            if proxy.relation == "partner", let age, age < 16 { return false }
            return true
        }
        guard !fitting.isEmpty else { return nil }
        let rule = "said for \(proxy.relation.map { "a \($0)" } ?? "someone") in the caller's household"
        if fitting.count == 1 { return .linked(patient: fitting[0], rule: rule, weight: subject.givenName != nil ? 0.88 : 0.8) }
        let narrowed = breakTie(fitting, trace: trace, index: index, activeDates: activeDates, activeProviders: activeProviders)
        if narrowed.count == 1 { return .linked(patient: narrowed[0], rule: rule + " and the day's evidence", weight: 0.7) }
        if narrowed.count <= Self.maximumTie {
            return .candidates(narrowed, rule: rule + ", one of \(narrowed.count)", weight: 0.6 / Double(narrowed.count))
        }
        return nil
    }
}

import Testing
import LacunaCore
@testable import Linkage

/// Name agreement reads names folded once (`NameWords`: a trace's once for all its candidates, a
/// patient's once in the register index) rather than folding both for every pair. These hold it to
/// what folding both each time gave.
@Suite("Names folded once for name agreement")
struct NameWordsTests {
    /// Name agreement as it was first written: both names folded, into sets, on every call, and
    /// closeness worked out whether it was needed or not.
    static func foldedEachTime(_ trace: Identity, _ patient: Identity) -> NameAgreement {
        let patientFamily = Set(NameFolding.words(patient.familyName ?? ""))
        let patientGiven = Set(NameFolding.words(patient.givenName ?? "") + NameFolding.words(patient.preferredName ?? ""))
        let traceFamily = NameFolding.words(trace.familyName ?? "")
        let traceGiven = NameFolding.words(trace.givenName ?? "")
        func givenFits(_ words: [String]) -> Bool { words.contains { word in patientGiven.contains { Nicknames.compatible($0, word) } } }
        func familyFits(_ words: [String]) -> Bool { words.contains { patientFamily.contains($0) } }
        let closeGiven = traceGiven.contains { word in patientGiven.contains { NameAgreement.close($0, word, prefixes: true) } }
        let closeFamily = traceFamily.contains { word in patientFamily.contains { NameAgreement.close($0, word, prefixes: false) } }
        var family: Bool? = traceFamily.isEmpty ? nil : familyFits(traceFamily)
        var given: Bool? = traceGiven.isEmpty ? nil : givenFits(traceGiven)
        if family == false || given == false, familyFits(traceGiven), givenFits(traceFamily) {
            family = true
            given = true
        }
        if given == nil, let initial = trace.givenInitial?.lowercased().first { given = patientGiven.contains { $0.first == initial } }
        if family == nil, let initial = trace.familyInitial?.lowercased().first { family = patientFamily.contains { $0.first == initial } }
        if family == false && closeFamily && given != false { return .partial }
        if given == false && closeGiven && family != false { return .partial }
        switch (family, given) {
        case (true?, true?): return .full
        case (false?, _), (_, false?): return .contradicts
        case (true?, nil), (nil, true?): return .partial
        default: return .unknown
        }
    }

    /// Given and family names as people write them: nicknames, slips, macrons (precomposed and as a
    /// combining mark), hyphens, particles, initials, a name that is the other's family name.
    static let givens: [String?] = [nil, "", "Robert", "Bob", "Rob", "Robret", "Kath", "Katherine", "Tāmati", "Tama\u{0304}ti", "Tamati",
                                    "Mary-Jane", "Mary Jane", "Ha-eun", "Tipene", "J", "Josie", "Josephine"]
    static let families: [String?] = [nil, "Tipene", "Tīpene", "Tipene-Walker", "Walker", "Walkr", "van der Berg", "Berg", "Robert", "O'Neil"]
    static let preferreds: [String?] = [nil, "Bob", "\u{0304}Ana", "Mere"]
    static let initials: [String?] = [nil, "R", "j", "T"]

    @Test("agreement of names folded once is agreement of names folded each time, for names of every kind")
    func sameAsFoldedEachTime() {
        var generator = SeededRandom(seed: 20)
        func pick<T>(_ list: [T]) -> T { list[Int(generator.next() % UInt64(list.count))] }
        for _ in 0..<4_000 {
            var trace = Identity(), patient = Identity()
            trace.givenName = pick(Self.givens)
            trace.familyName = pick(Self.families)
            trace.givenInitial = pick(Self.initials)
            trace.familyInitial = pick(Self.initials)
            patient.givenName = pick(Self.givens)
            patient.familyName = pick(Self.families)
            patient.preferredName = pick(Self.preferreds)
            let expected = Self.foldedEachTime(trace, patient)
            #expect(NameAgreement.between(NameWords(trace), NameWords(patient)) == expected,
                    "\(String(describing: trace.givenName)) \(String(describing: trace.familyName)) against \(String(describing: patient.givenName)) \(String(describing: patient.familyName)) (\(String(describing: patient.preferredName)))")
        }
    }

    @Test("the names a patient answers to are the given name's words then the preferred name's, a preferred name that starts with a stray mark a word of its own")
    func answersTo() {
        for given in Self.givens {
            for preferred in Self.preferreds {
                var identity = Identity()
                identity.givenName = given
                identity.preferredName = preferred
                #expect(NameWords(identity).givenAndPreferred == NameFolding.words(given ?? "") + NameFolding.words(preferred ?? ""))
            }
        }
        var identity = Identity()
        identity.givenName = "Robert"
        identity.preferredName = "\u{0304}Ana"
        #expect(NameWords(identity).givenAndPreferred == ["robert", "ana"])
    }

    @Test("the register index's folded names follow a patient it replaces")
    func followsReplacement() {
        var index = RegisterIndex()
        var first = Identity()
        first.givenName = "Aroha"
        first.familyName = "Ngata"
        index.add(Patient(id: "P1", origin: .register, identity: first, usualProvider: nil, sourceTraceID: nil))
        var later = first
        later.givenName = "Mere"
        later.preferredName = "Molly"
        let position = index.add(Patient(id: "P1", origin: .register, identity: later, usualProvider: nil, sourceTraceID: nil))
        #expect(Array(index.names(of: position).givenAndPreferred) == ["mere", "molly"])
        #expect(Array(index.names(of: position).family) == ["ngata"])
    }

    @Test("the register index holds each patient's folded names as NameWords folds them, side by side: names of every kind, none, patients renamed by later rows; name agreement reads them alike")
    func indexHoldsNamesAsFolded() {
        var generator = SeededRandom(seed: 73)
        func pick<T>(_ list: [T]) -> T { list[Int(generator.next() % UInt64(list.count))] }
        var index = RegisterIndex(patients: 50)
        var identities: [Identity] = []
        for n in 0..<600 {
            var identity = Identity()
            identity.givenName = pick(Self.givens)
            identity.familyName = pick(Self.families)
            identity.preferredName = pick(Self.preferreds)
            // Every seventh row names again a patient an earlier row gave.
            let id = n % 7 == 6 ? "P\(generator.next() % UInt64(identities.count))" : "P\(identities.count)"
            let position = index.add(Patient(id: id, origin: .register, identity: identity, usualProvider: nil, sourceTraceID: nil))
            if position < identities.count { identities[position] = identity } else { identities.append(identity) }
        }
        #expect(index.patients.count == identities.count)
        for (position, identity) in identities.enumerated() {
            let held = index.names(of: position), folded = NameWords(identity)
            #expect(Array(held.family) == folded.family && Array(held.givenAndPreferred) == folded.givenAndPreferred, "\(position)")
        }
        for _ in 0..<2_000 {
            var trace = Identity()
            trace.givenName = pick(Self.givens)
            trace.familyName = pick(Self.families)
            trace.givenInitial = pick(Self.initials)
            trace.familyInitial = pick(Self.initials)
            let position = Int(generator.next() % UInt64(identities.count))
            #expect(NameAgreement.between(NameWords(trace), index.names(of: position)) == NameAgreement.between(trace, identities[position]))
        }
    }
}

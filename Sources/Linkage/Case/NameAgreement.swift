import LacunaCore

/// How well a trace's name fits a patient's, in the ways people write names: with or without
/// macrons, nicknames, initials, swapped order, hyphenated and double family names.
enum NameAgreement: Int, Comparable {
    case contradicts = 0
    case unknown = 1
    case partial = 2      // one part fits, the other is absent or an initial
    case full = 3         // family and given both fit

    static func < (l: NameAgreement, r: NameAgreement) -> Bool { l.rawValue < r.rawValue }

    static func between(_ trace: Identity, _ patient: Identity) -> NameAgreement {
        between(NameWords(trace), NameWords(patient))
    }

    /// `between` of names folded already: a trace's, once for all the patients it is held against, and
    /// each patient's, once for all the traces (`RegisterIndex.names(of:)`).
    static func between(_ trace: NameWords, _ patient: some FoldedNames) -> NameAgreement {
        let patientFamily = patient.family
        let patientGiven = patient.givenAndPreferred
        let traceFamily = trace.family
        let traceGiven = trace.given
        func givenFits(_ words: [String]) -> Bool {
            words.contains { word in patientGiven.contains { Nicknames.compatible($0, word) } }
        }
        func familyFits(_ words: [String]) -> Bool { words.contains { patientFamily.contains($0) } }
        // One misspelling on either side, or a short form no table lists (Kath, Jon): close, not the same.
        // Asked only where a name does not fit (most candidates a trace is held against fit or contradict plainly).
        func closeGiven() -> Bool { traceGiven.contains { word in patientGiven.contains { Self.close($0, word, prefixes: true) } } }
        func closeFamily() -> Bool { traceFamily.contains { word in patientFamily.contains { Self.close($0, word, prefixes: false) } } }

        var family: Bool? = traceFamily.isEmpty ? nil : familyFits(traceFamily)
        var given: Bool? = traceGiven.isEmpty ? nil : givenFits(traceGiven)
        // Swapped order: "Tipene Jane".
        if family == false || given == false, familyFits(traceGiven), givenFits(traceFamily) {
            family = true
            given = true
        }
        if given == nil, let initial = trace.givenInitial {
            given = patientGiven.contains { $0.first == initial }
        }
        if family == nil, let initial = trace.familyInitial {
            family = patientFamily.contains { $0.first == initial }
        }
        // A name that is only close to the patient's is weaker evidence than one that fits, never a veto.
        if family == false && given != false && closeFamily() { return .partial }
        if given == false && family != false && closeGiven() { return .partial }
        switch (family, given) {
        case (true?, true?): return .full
        case (false?, _), (_, false?): return .contradicts
        case (true?, nil), (nil, true?): return .partial
        default: return .unknown
        }
    }
}

/// A patient's names as name agreement reads them, folded into words: the family name's words, and the
/// given and preferred names' together (the names the patient answers to). A trace's `NameWords`, or a
/// patient's as the register's index holds them (`PatientNames`).
protocol FoldedNames {
    associatedtype Words: Collection<String>
    var family: Words { get }
    var givenAndPreferred: Words { get }
}

extension NameWords: FoldedNames {}

/// A person's names as name agreement reads them, folded into words once: the family name's words,
/// the given name's, the given and preferred names' together (the names a patient answers to), and the
/// initials given where a name is not. Name agreement ran for every candidate a trace has (in a large
/// register, thousands for a first name alone) and folded both names each time. A class: handed to
/// name agreement for each candidate, a value's four lists were each retained and released (a copy
/// of the patient's words for every one of a first name's thousands of namesakes).
final class NameWords: Sendable {
    let family: [String]
    let given: [String]
    /// `given`, then the preferred name's words: the names the patient answers to, and those the
    /// register's index finds them by (`RegisterIndex.patients(givenWord:)`).
    let givenAndPreferred: [String]
    /// The first letter of the given and of the family initial, lowered.
    let givenInitial: Character?, familyInitial: Character?

    init(_ identity: Identity) {
        family = NameFolding.words(identity.familyName ?? "")
        given = NameFolding.words(identity.givenName ?? "")
        let preferred = identity.preferredName.map { NameFolding.words($0) } ?? []
        // Without a preferred name, the given name's words themselves (one list kept, not two alike).
        givenAndPreferred = preferred.isEmpty ? given : given + preferred
        givenInitial = identity.givenInitial?.lowercased().first
        familyInitial = identity.familyInitial?.lowercased().first
    }
}

extension NameAgreement {
    /// Two folded name words one slip apart (a letter dropped, added, changed or two swapped) or, for
    /// given names, one the start of the other (at least three letters: Jon/Jonathan): Smyth/Smith.
    static func close(_ a: String, _ b: String, prefixes: Bool) -> Bool {
        guard a != b else { return true }
        // Lengths in characters, from the bytes where the words are ASCII (as folded names are).
        let aCount = a.characterCount, bCount = b.characterCount
        guard aCount >= 3, bCount >= 3 else { return false }
        if prefixes && (a.hasPrefix(b) || b.hasPrefix(a) || shortForm(a, of: b) || shortForm(b, of: a)) { return true }
        return max(aCount, bCount) >= 4 && StringSimilarity.withinOneEdit(Array(a.utf8), Array(b.utf8))
    }

    /// A short form of a given name that no table lists, by how short forms are made: the start with a
    /// pet ending (Katie, Josie, Freddie, Sammy, Alfie: the start of Katherine, Josephine, Frederick,
    /// Samuel, Alfred, a doubled letter allowed) or the end of the name (Tina, Beth, Sandra).
    static func shortForm(_ short: String, of long: String) -> Bool {
        let shortCount = short.characterCount
        guard shortCount < long.characterCount else { return false }
        if shortCount >= 4 && long.hasSuffix(short) { return true }
        for ending in ["ie", "y", "ey", "i", "ee", "e", "o", "a", "sy"] where short.hasSuffix(ending) {
            var stem = String(short.dropLast(ending.count))
            if stem.characterCount >= 4, let last = stem.last, stem.dropLast().last == last { stem = String(stem.dropLast()) }  // Maggie, Freddie
            if stem.characterCount >= 3 && long.hasPrefix(stem) { return true }
        }
        return false
    }
}

extension Identity {
    /// Whether a date of birth rules the patient out (day and month swapped still fits).
    func dobContradicts(_ other: Identity) -> Bool { dobContradicts(other.dob) }

    /// Whether a patient's date of birth, `theirs`, rules them out (as `dobContradicts(_:)` of their identity).
    func dobContradicts(_ theirs: LocalDate?) -> Bool {
        guard let mine = dob, let theirs else { return false }
        if mine == theirs { return false }
        if mine.year == theirs.year && mine.month == theirs.day && mine.day == theirs.month { return false }
        return true
    }
}

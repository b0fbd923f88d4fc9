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
        let patientFamily = Set(NameFolding.words(patient.familyName ?? ""))
        let patientGiven = Set(NameFolding.words(patient.givenName ?? "") + NameFolding.words(patient.preferredName ?? ""))
        let traceFamily = NameFolding.words(trace.familyName ?? "")
        let traceGiven = NameFolding.words(trace.givenName ?? "")
        func givenFits(_ words: [String]) -> Bool {
            words.contains { word in patientGiven.contains { Nicknames.compatible($0, word) } }
        }
        func familyFits(_ words: [String]) -> Bool { words.contains { patientFamily.contains($0) } }

        var family: Bool? = traceFamily.isEmpty ? nil : familyFits(traceFamily)
        var given: Bool? = traceGiven.isEmpty ? nil : givenFits(traceGiven)
        // Swapped order: "Tipene Jane".
        if family == false || given == false, familyFits(traceGiven), givenFits(traceFamily) {
            family = true
            given = true
        }
        if given == nil, let initial = trace.givenInitial?.lowercased().first {
            given = patientGiven.contains { $0.first == initial }
        }
        if family == nil, let initial = trace.familyInitial?.lowercased().first {
            family = patientFamily.contains { $0.first == initial }
        }
        switch (family, given) {
        case (true?, true?): return .full
        case (false?, _), (_, false?): return .contradicts
        case (true?, nil), (nil, true?): return .partial
        default: return .unknown
        }
    }
}

extension Identity {
    /// Whether a date of birth rules the patient out (day and month swapped still fits).
    func dobContradicts(_ other: Identity) -> Bool {
        guard let mine = dob, let theirs = other.dob else { return false }
        if mine == theirs { return false }
        if mine.year == theirs.year && mine.month == theirs.day && mine.day == theirs.month { return false }
        return true
    }
}

import LacunaCore

/// One line of a GP's remembered list, taken apart: "Mrs J Tipene - chest pain Fri am",
/// "the Nguyen twins", "Bob H (knee)", "• Aroha Ngata, sore throat".
struct RememberedLine {
    var title: String?
    /// Name words that are whole words, in the order written.
    var nameWords: [String] = []
    /// Single letters: initials.
    var initials: [String] = []
    /// "twins", "kids": the line names several people of one family.
    var plural: String?
    /// What follows the name: reason, day, anything else the GP wrote.
    var notes: String = ""

    static let pluralWords: Set<String> = ["twins", "kids", "children", "boys", "girls", "family", "brothers", "sisters"]
    static let fillerWords: Set<String> = ["the", "and", "&", "baby", "little", "old", "young", "mum", "dad", "of"]
    /// Words that say what kind of patient, not who: "new pt", "walk-in".
    static let patientWords: Set<String> = ["new", "pt", "pts", "patient", "np", "walk-in", "walkin", "casual", "enrolment", "locum"]
    /// Lower-case words that belong inside family names (Chloé da Silva, Pieter de Vries), so they do not end the name.
    static let particles: Set<String> = ["da", "de", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von", "te", "ten", "ter", "bin", "binti", "al", "el"]
    /// A stated age ("(3)", "6yo", "baby"): years, 0 for a baby.
    var age: Int?

    /// Parses a line with its bullet already removed. Nil when no name can be found.
    init?(_ text: String) {
        // The name runs to the first separator; the rest is notes.
        let separators = [" - ", " – ", " — ", "(", ",", ":", ";", " re ", " with "]
        var cut = text.endIndex
        for separator in separators {
            if let range = text.range(of: separator), range.lowerBound < cut { cut = range.lowerBound }
        }
        var namePart = String(text[..<cut])
        notes = String(text[cut...]).trimmingCharacters(in: CharacterSet(charactersIn: " -–—(),:;"))
        // "Singh, Pooja - Fri": one word before a comma and a capitalised word after it is family-first.
        if text[cut...].hasPrefix(","), !namePart.contains(" "), let next = notes.split(separator: " ").first,
           next.first?.isUppercase == true, next.count > 1,
           notes.count == next.count || notes.dropFirst(next.count).first.map({ " -(".contains($0) }) == true {
            namePart = next + " " + namePart
            notes = String(notes.dropFirst(next.count)).trimmingCharacters(in: CharacterSet(charactersIn: " -–—(),:;"))
        }
        // Written in mixed case, the name ends at the first lower-case word that is no particle
        // ("Aroha Ngata sore throat" has no separator).
        let mixedCase = namePart.contains { $0.isUppercase } && namePart.contains { $0.isLowercase }
        var fillers: [String] = []
        var words = namePart.split(separator: " ").map(String.init)
        if mixedCase, let end = words.indices.dropFirst().first(where: { i in
            let w = words[i]
            return w.first?.isLowercase == true && !Self.particles.contains(w) && !Self.fillerWords.contains(w) && !Self.patientWords.contains(w)
                && !Self.pluralWords.contains(w)
                && w.count > 1 && !DayWords.namesADay(w) && !["am", "pm"].contains(w)
        }) {
            notes = (words[end...].joined(separator: " ") + " " + notes).trimmingSpaces()
            words = Array(words[..<end])
        }
        for raw in words {
            let word = raw.trimmingCharacters(in: CharacterSet(charactersIn: ".'’?!"))
            let lower = word.lowercased()
            if lower == "baby" { age = 0 }
            if Self.patientWords.contains(lower) { continue }
            if ["young", "little", "old"].contains(lower), word.first?.isUppercase == true, !nameWords.isEmpty {
                // After a name, capitalised, a family name: "Susan Young", "Mere Little".
                nameWords.append(word)
                continue
            }
            if word.isEmpty || Self.fillerWords.contains(lower) {
                // Kept aside: "Mr Young" is a name though young is a filler word.
                if word.first?.isUppercase == true { fillers.append(word) }
                continue
            }
            if IdentityReading.titles.contains(lower) { title = lower; continue }
            if Self.pluralWords.contains(lower) { plural = lower; continue }
            if DayWords.namesADay(word) || ["am", "pm"].contains(lower) {
                notes = (word + " " + notes).trimmingSpaces()
                continue
            }
            if word.count == 1, word.first!.isLetter { initials.append(word.uppercased()); continue }
            if word.allSatisfy({ $0.isNumber }) { continue }
            nameWords.append(word)
        }
        if nameWords.isEmpty && initials.isEmpty && (title != nil || fillers.count == 1), let only = fillers.last { nameWords = [only] }
        if nameWords.isEmpty && initials.isEmpty { return nil }
        if age == nil, let stated = ProxyReading.read(text).flatMap({ $0.age }) { age = stated }
        if age == nil, let number = Self.bracketedAge(text) { age = number }
        if age == nil, ["(child)", "child", "(baby)", "infant", "toddler", "(kid)"].contains(where: { notes.lowercased().contains($0) }) { age = -1 }
    }

    /// "(3)", "(3yo)": a small number in brackets.
    static func bracketedAge(_ notes: String) -> Int? {
        guard let open = notes.firstIndex(of: "("), let close = notes[open...].firstIndex(of: ")") else { return nil }
        let inside = notes[notes.index(after: open)..<close].lowercased().replacingEvery("yo", with: "").replacingEvery("y", with: "")
        guard let n = Int(inside.trimmingSpaces()), n < 18 else { return nil }
        return n
    }

    /// What the line says about identity.
    var identity: Identity {
        var identity = Identity()
        switch title {
        case "mrs", "ms", "miss": identity.sex = "F"
        case "mr", "master", "mstr": identity.sex = "M"
        default: break
        }
        if plural != nil {
            identity.familyName = nameWords.last
            identity.peopleNamed = plural == "twins" ? 2 : 0
            return identity
        }
        switch (nameWords.count, initials.count) {
        case (0, _):
            identity.givenInitial = initials.first
            identity.familyInitial = initials.count > 1 ? initials.last : nil
        case (1, 0) where title != nil && title != "dr":
            // "Mrs Baker": a title before one word makes it the family name.
            identity.familyName = nameWords[0]
        case (1, 0):
            // One word: a given name or a family name; linkage tries both.
            identity.givenName = nameWords[0]
        case (1, _):
            // "J Tipene" (initial first) or "Bob H" (initial last).
            if title != nil || initialsComeFirst {
                identity.givenInitial = initials.first
                identity.familyName = nameWords[0]
            } else {
                identity.givenName = nameWords[0]
                identity.familyInitial = initials.last
            }
        default:
            identity.givenName = nameWords.dropLast().joined(separator: " ")
            identity.familyName = nameWords.last
            if let initial = initials.first { identity.givenInitial = initial }
        }
        return identity
    }

    private var initialsComeFirst = false

    /// Notes that the initials were written before the word (set while parsing order is known).
    mutating func markInitialOrder(in text: String) {
        guard let firstWord = nameWords.first, let initial = initials.first,
              let wordRange = text.range(of: firstWord),
              let initialRange = text.range(of: initial + " ") ?? text.range(of: initial + ".") else { return }
        initialsComeFirst = initialRange.lowerBound < wordRange.lowerBound
    }
}

import Foundation

import Foundation
public import LacunaCore

/// Who a trace is about when the person who rang or wrote is not the patient: "re Sam (8)", "son Nick
/// was seen", "calling for her daughter Aroha", "Sarah Smith (mum of Sam)", "can my son Jonathan be
/// seen today", "it was my boy who was seen, 6yo". Read by shape (a relation word, a marker such as
/// re/for/about, a capitalised name after it, an age), not by a list of phrases; the speaker is kept.
public struct ProxyMention: Equatable, Sendable {
    /// The subject's name as said (a given name, perhaps with the family name); nil when unnamed ("my boy").
    public var name: String?
    /// `child`, `partner`, `parent` or `other`, from the relation word; nil when only a marker was seen.
    public var relation: String?
    /// The subject's age in years (0 for a baby), when said.
    public var age: Int?
    /// `F` or `M` from the relation word (daughter, son, girl, boy).
    public var sex: String?
    /// The text before the marker, where the marker came inside a name column ("Sarah Smith for Sam").
    public var speakerName: String?
}

public enum ProxyReading {
    /// Relation words: word → (relation, sex).
    static let relations: [String: (String, String?)] = [
        "son": ("child", "M"), "boy": ("child", "M"), "lad": ("child", "M"), "grandson": ("child", "M"), "stepson": ("child", "M"),
        "daughter": ("child", "F"), "dtr": ("child", "F"), "girl": ("child", "F"), "granddaughter": ("child", "F"),
        "stepdaughter": ("child", "F"), "child": ("child", nil), "kid": ("child", nil), "baby": ("child", nil), "bub": ("child", nil),
        "toddler": ("child", nil), "infant": ("child", nil), "moko": ("child", nil), "mokopuna": ("child", nil), "grandchild": ("child", nil),
        "husband": ("partner", "M"), "wife": ("partner", "F"), "partner": ("partner", nil),
        "mum": ("parent", "F"), "mom": ("parent", "F"), "mother": ("parent", "F"), "dad": ("parent", "M"), "father": ("parent", "M"),
        "nana": ("parent", "F"), "koro": ("parent", "M"), "grandma": ("parent", "F"), "granddad": ("parent", "M"),
    ]
    /// Words that introduce the subject by name.
    static let markers: Set<String> = ["re", "for", "about", "regarding", "behalf"]
    /// Words never a name, though capitalised at a sentence's start.
    static let notNames: Set<String> = ["i", "my", "he", "she", "they", "we", "it", "the", "a", "an", "hi", "hello", "dr", "doctor",
                                        "nurse", "was", "is", "has", "had", "can", "could", "please", "thanks", "who", "be",
                                        "seen", "and", "to", "with", "at", "on", "in", "of", "her", "his", "their", "our", "mr",
                                        "mrs", "ms", "miss", "today", "tomorrow", "yesterday", "results", "script", "bloods"]

    /// A mention of someone other than the speaker, or nil when the text reads as the speaker's own.
    /// `nameColumn`: the text is what reception wrote as the caller's name (so a name before a marker is the speaker's).
    public static func read(_ text: String, nameColumn: Bool = false) -> ProxyMention? {
        let tokens = tokenize(text)
        guard !tokens.isEmpty else { return nil }
        var mention = ProxyMention()
        var found = false
        var markerAt: Int?
        for (i, token) in tokens.enumerated() {
            let word = token.folded
            // "Sam's mum": the name before the possessive is the subject; "Zoe's girl": the subject is unnamed.
            if token.possessive, i + 1 < tokens.count, let (relation, sex) = relations[tokens[i + 1].folded], token.isName {
                if relation == "parent" { mention.name = token.text } else { mention.relation = relation; mention.sex = sex; mention.speakerName = token.text }
                found = true
                markerAt = markerAt ?? i
                break
            }
            if let (relation, sex) = relations[word] {
                if relation == "parent" {
                    // "mum of Sam", "Sam's mum" (above): the speaker is the parent; the name is the subject.
                    if i + 2 < tokens.count, tokens[i + 1].folded == "of", let name = names(tokens, from: i + 2) {
                        mention.name = name
                        found = true
                        markerAt = markerAt ?? i
                        break
                    }
                    continue
                }
                mention.relation = relation
                mention.sex = sex
                if word == "baby" || word == "infant" || word == "bub" { mention.age = 0 }
                // The name after the word ("son Nick") or before it ("Nick Smith (child)").
                mention.name = names(tokens, from: i + 1) ?? namesBefore(tokens, i)
                found = true
                markerAt = markerAt ?? i
                break
            }
            if markers.contains(word), let name = names(tokens, from: i + 1 + (tokens.count > i + 1 && tokens[i + 1].folded == "of" ? 1 : 0)) {
                // "re Sam", "for Sam", "on behalf of Sam": only a capitalised name counts ("for a script" does not).
                mention.name = name
                found = true
                markerAt = markerAt ?? i
                break
            }
        }
        if let (age, at) = age(in: tokens) {
            mention.age = mention.age ?? age
            // "Sam (8)": a name with an age says whose it is.
            if !found, let name = namesBefore(tokens, at) { mention.name = name; found = true; markerAt = markerAt ?? max(0, at - 1) }
        }
        if !found {
            // "Sam Smith (child)", "(baby)": the age word alone says it is a child's.
            if tokens.contains(where: { ["child", "baby", "infant"].contains($0.folded) }) { mention.relation = "child"; found = true }
        }
        guard found else { return nil }
        if nameColumn, let at = markerAt, at > 0 {
            let before = tokens[..<at].filter(\.isName).map(\.text).joined(separator: " ")
            if !before.isEmpty && before != mention.name { mention.speakerName = mention.speakerName ?? before }
        }
        if mention.relation == nil, let age = mention.age, age < 16 { mention.relation = "child" }
        return mention
    }

    struct Token {
        let text: String
        let folded: String
        let possessive: Bool
        let capitalised: Bool
        let number: Int?
        /// A capitalised word that is no function word, marker or acronym (UTI, BP, GP).
        var isName: Bool {
            capitalised && number == nil && !ProxyReading.notNames.contains(folded) && !ProxyReading.markers.contains(folded)
                && !(text.count <= 4 && text == text.uppercased())
        }
    }

    static func tokenize(_ text: String) -> [Token] {
        // Foundation's replacing asked only of a text with the curly apostrophe's first byte (E2 80 99):
        // 27,000 instructions a text, and most have none.
        let cleaned = text.utf8.contains(0xE2) ? text.replacingEvery("’", with: "'") : text
        return cleaned.split { $0.isWhitespace || isBreak($0) }.map { raw in
            var word = String(raw)
            let possessive = word.hasSuffix("'s") || word.hasSuffix("'S")
            if possessive { word.removeLast(2) }
            word = trimmingQuotes(word)
            let folded = NameFolding.key(word)
            return Token(text: word, folded: folded.isEmpty ? word.lowercased() : folded, possessive: possessive,
                         capitalised: word.first.map { $0.isUppercase } ?? false, number: Int(word.prefix { $0.isNumber }).flatMap { n in
                             let rest = word.drop { $0.isNumber }.lowercased()
                             return ["", "yo", "y", "yr", "yrs", "yrsold", "mo", "mths", "months", "m"].contains(rest) ? (rest.hasPrefix("m") ? 0 : n) : nil })
        }
    }

    /// Whether a character is punctuation that ends a word (`,.;:!?()[]/-`), by its ASCII value: the
    /// list searched for each character cost more than the rest of splitting a text into words.
    /// (`\r\n`'s ASCII value is `\n`'s: no break, as it was not in the list.)
    static func isBreak(_ character: Character) -> Bool {
        switch character.asciiValue {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "/"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// A word without the quotes and apostrophes around it; the word itself, at a glance, where its first
    /// and last bytes are neither (Foundation's trimming cost 8,000 instructions a word).
    static func trimmingQuotes(_ word: String) -> String {
        let quote = UInt8(ascii: "'"), double = UInt8(ascii: "\"")
        if let first = word.utf8.first, let last = word.utf8.last, first != quote, first != double, last != quote, last != double {
            return word
        }
        return word.trimmingCharacters(in: quotes)
    }

    private static let quotes = CharacterSet(charactersIn: "'\"")

    /// Up to three capitalised name words from `start` on.
    static func names(_ tokens: [Token], from start: Int) -> String? {
        var words: [String] = []
        var i = start
        while i < tokens.count, words.count < 3, tokens[i].isName {
            words.append(tokens[i].text)
            i += 1
            if tokens[i - 1].possessive { break }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// Up to three capitalised name words just before `end` ("Nick Smith" before "(child)").
    static func namesBefore(_ tokens: [Token], _ end: Int) -> String? {
        var start = end
        while start > 0, end - start < 3, tokens[start - 1].isName { start -= 1 }
        return start == end ? nil : tokens[start..<end].map(\.text).joined(separator: " ")
    }

    /// An age and where it stands: "8yo", "8 y/o", "aged 8", "8 years old", "6 months" (0), or a small
    /// number straight after a name ("Sam (8)").
    static func age(in tokens: [Token]) -> (Int, Int)? {
        for (i, token) in tokens.enumerated() {
            guard let n = token.number, n < 120 else { continue }
            let next = i + 1 < tokens.count ? tokens[i + 1].folded : ""
            let previous = i > 0 ? tokens[i - 1].folded : ""
            if token.text.count > String(n).count { return (n, i) }   // 8yo, 8yrs, 6mths (number holds 0 for months)
            if ["yo", "y", "yrs", "yr", "years", "year"].contains(next) || previous == "aged" || previous == "age" { return (n, i) }
            if ["months", "month", "mths", "mo", "weeks", "wks"].contains(next) { return (0, i) }
            if n <= 18, i > 0, tokens[i - 1].isName { return (n, i) }
        }
        return nil
    }
}

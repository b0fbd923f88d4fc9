/// The practice's clinicians as every source names them: the playbook's code and full name, other
/// spellings and codes (`aliases`), ids (HPI CPN, council number), and the codes a lab uses, learnt from
/// messages that carry both a code and a name. One type every importer asks, so "Dr Pieter de Vries",
/// `DE VRIES^PIETER`, "de Vries, P", "Dr Bowen Jones" and the lab's `12345` all give the same code.
///
/// Family names keep their particles and hyphens as one name (de Vries, Te Hira, Van der Berg,
/// Dela Cruz, Bowen-Jones): compared without case, spaces, hyphens or macrons.
public struct Clinicians: Sendable {
    struct Form: Sendable {
        let code: String
        /// The given name's key (`pieter`), or empty where only a family name is known.
        let given: String
        /// The family name's key without spaces (`devries`).
        let family: String
        /// The family name's words without their particles (`vries`).
        let core: [String]
    }

    private var forms: [Form] = []
    private var ids: [String: String] = [:]
    public private(set) var codes: [String] = []
    /// The codes as a set where there are many, for `isPractice` (asked of every record's clinician: a
    /// practice may have a hundred); a few are compared in turn, which costs less than hashing the name.
    private var codeSet: Set<String>?

    /// Titles and ranks before a name.
    static let titles: Set<String> = ["dr", "doctor", "rn", "en", "np", "nurse", "sister", "mr", "mrs", "ms", "miss", "mx", "prof", "professor",
                                      "gp", "locum", "md", "mbchb", "fracgp"]
    /// Particles inside family names.
    static let particles: Set<String> = ["de", "da", "del", "dela", "della", "der", "den", "di", "du", "la", "le", "van", "von", "te", "ten",
                                         "ter", "mac", "mc", "st", "o", "al", "el", "bin", "binti", "ap", "ab"]

    public init(_ providers: [Provider]) {
        for provider in providers {
            codes.append(provider.code)
            ids[key(provider.code)] = provider.code
            add(name: provider.name, code: provider.code)
            for alias in provider.aliases {
                // An alias is another spelling of the name, or another code.
                if alias.contains(" ") || alias.contains(",") { add(name: alias, code: provider.code) } else { ids[key(alias)] = provider.code }
            }
            for id in provider.ids { ids[key(id)] = provider.code }
        }
        if codes.count > 16 { codeSet = Set(codes) }
    }

    private func key(_ text: String) -> String { NameFolding.key(text) }

    private mutating func add(name: String, code: String) {
        // The given name is the first word as written, hyphens and all (Seo-yeon, Jean-Luc): the
        // family name is the rest.
        let written = name.splitAtWhitespace().map(String.init)
            .filter { !Self.titles.contains(NameFolding.key($0).trimmingCharacters(in: .punctuationCharacters)) && !NameFolding.words($0).isEmpty }
        guard let first = written.first else { return }
        let words = Self.nameWords(name)
        guard let last = words.last else { return }
        let given = written.count > 1 ? (Self.nameWords(first).first ?? "") : ""
        let familyWords = written.count > 1 ? Self.nameWords(written.dropFirst().joined(separator: " ")) : [last]
        forms.append(Form(code: code, given: given, family: familyWords.joined(), core: familyWords.filter { !Self.particles.contains($0) }))
    }

    /// A name's folded words, titles dropped: "Dr Pieter de Vries" → pieter, de, vries; "Bowen-Jones" → bowen, jones.
    public static func nameWords(_ name: String) -> [String] {
        NameFolding.words(name).filter { !titles.contains($0) }
    }

    /// Whether a code is the practice's.
    public func isPractice(_ code: String?) -> Bool {
        guard let code else { return false }
        return codeSet?.contains(code) ?? codes.contains(code)
    }

    /// The code a code, alias or id stands for (`WS`, `ws`, the lab's `12345`, an HPI CPN).
    public func code(forID id: String) -> String? {
        let k = key(id)
        return k.isEmpty ? nil : ids[k]
    }

    /// The clinician a family and given name (as HL7 sends them) name, or nil. A given name may be an
    /// initial; it may be missing where the family name is the only one of its kind.
    public func code(family: String, given: String) -> String? {
        let familyWords = Self.nameWords(family)
        guard !familyWords.isEmpty else { return nil }
        return match(familyWords: familyWords, given: Self.nameWords(given).first ?? "")
    }

    /// The clinician a name as written names: "Dr Pieter de Vries", "de Vries, Pieter", "DE VRIES P",
    /// "P de Vries", "Dr de Vries", "Pieter", or a code; nil where it names none of them.
    public func code(named text: String) -> String? {
        if let byID = code(forID: text) { return byID }
        if let comma = text.firstIndex(of: ",") {
            return code(family: String(text[..<comma]), given: String(text[text.index(after: comma)...]))
        }
        let words = Self.nameWords(text)
        guard !words.isEmpty else { return nil }
        // Every way to cut the words into a given name and a family name, either way round, and the
        // whole as a family name.
        if let whole = match(familyWords: words, given: "") { return whole }
        for cut in 1..<max(1, words.count) {
            if let code = match(familyWords: Array(words[cut...]), given: words[0]) { return code }
            if let code = match(familyWords: Array(words[..<cut]), given: words[cut]) { return code }
        }
        return nil
    }

    /// Learns that a source's code stands for a clinician it also names (a lab's `12345^DE VRIES^PIETER`).
    public mutating func learn(id: String, family: String, given: String) {
        let k = key(id)
        guard !k.isEmpty, ids[k] == nil, let code = code(family: family, given: given) else { return }
        ids[k] = code
    }

    private func match(familyWords: [String], given: String) -> String? {
        let joined = familyWords.joined()
        let core = familyWords.filter { !Self.particles.contains($0) }
        let byFamily = forms.filter { $0.family == joined || (!core.isEmpty && $0.core == core) }
        let candidates = Set(byFamily.map(\.code))
        guard !candidates.isEmpty else { return nil }
        if given.isEmpty { return candidates.count == 1 ? candidates.first : nil }
        let byGiven = byFamily.filter { form in
            form.given.isEmpty || form.given == given || (given.count == 1 || form.given.count == 1) && form.given.first == given.first
                || Nicknames.formalNames(for: given).contains(form.given) || Nicknames.formalNames(for: form.given).contains(given)
        }
        let codes = Set(byGiven.map(\.code))
        return codes.count == 1 ? codes.first : nil
    }
}

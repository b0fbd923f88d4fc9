import LacunaCore

/// The register's patients, indexed by what traces carry: NHI, chart number, name with DOB, phone.
struct RegisterIndex {
    private(set) var patients: [Patient] = []
    // Texts as keys hashed by `FastHash` (`TextKey`): every patient is added under a dozen keys, and
    // every trace looks up as many.
    private var position: [TextKey: Int] = [:]
    private var byNHI: [TextKey: Int] = [:]
    private var byLocalID: [TextKey: Int] = [:]
    private var byDOB: [LocalDate: IndexPlaces] = [:]
    private var byPhone: [TextKey: IndexPlaces] = [:]
    private var byFamily: [TextKey: IndexPlaces] = [:]
    private var byGiven: [TextKey: IndexPlaces] = [:]
    /// The first three letters of a given name → patients, for short forms no table lists (Josie, Vicky).
    private var byGivenStart: [TextKey: IndexPlaces] = [:]
    /// A family-name word with the initial of a given-name form → patients.
    private var byFamilyInitial: [FamilyAndGiven: IndexPlaces] = [:]
    /// A family-name word with the first three letters of a given-name form → patients (a nickname's
    /// formal name's included): a family name's block cut finer where it has grown large.
    private var byFamilyGivenStart: [FamilyAndGiven: IndexPlaces] = [:]
    private var byAddress: [TextKey: IndexPlaces] = [:]
    private var byEmail: [TextKey: IndexPlaces] = [:]
    private var byPortalID: [TextKey: IndexPlaces] = [:]
    /// The initials and starts of each given name a trace has given, worked out once a name (the same
    /// names come back trace after trace: a patient's own, and the common ones).
    private let startsOfGiven = GivenStarts()

    /// Each patient's names folded into words, by position (as `patients`).
    private var names = PatientNameWords()
    /// Each patient's date of birth, by position: read for every namesake of a common name, where a
    /// large register's patients lie too far apart to be read from memory quickly. Each as its `packed`
    /// number, 0 for none: four bytes a patient, so that a block's patients' dates lie close together (as
    /// `LocalDate?`, sixteen: reading them in the wide blocks' filter of `candidates(for:)` was three
    /// quarters of that function's own time at 100,000 patients).
    private var dobs: [UInt32] = []
    /// Patients whose row a later one replaced: the lists above still hold them under the first row's
    /// names, numbers and date of birth.
    private var replaced: [Int] = []

    init() {}

    /// An index with room for about `patients` patients in the lists that have one entry a patient
    /// (ids, NHIs, chart numbers, phones), and for as many keys as a register of that size gives in the
    /// lists whose keys patients share: dates of birth (a century's days at most), addresses (a
    /// household is two people or more), a family name with the start of a given name (half as many),
    /// family names (an eighth). Made once, not grown and every key hashed again as it fills (a fifth of
    /// building a register's index); room for one key a patient in every list was 46 MB at 100,000
    /// patients, half of it never filled, memory the kernel zeroes afresh for every run. A list that
    /// outgrows its room grows as it fills.
    init(patients count: Int) {
        patients.reserveCapacity(count)
        names.reserveCapacity(count)
        dobs.reserveCapacity(count)
        position.reserveCapacity(count)
        byNHI.reserveCapacity(count)
        byLocalID.reserveCapacity(count)
        byPhone.reserveCapacity(count)
        byDOB.reserveCapacity(min(count, 40_000))
        byAddress.reserveCapacity(count / 2)
        byFamily.reserveCapacity(count / 8)
        byFamilyInitial.reserveCapacity(count / 2)
        byFamilyGivenStart.reserveCapacity(count / 2)
    }

    /// The patient at `index`, read where they lie: a field read through it (`index[p].usualProvider`)
    /// does not copy the whole patient first.
    subscript(index: Int) -> Patient {
        _read { yield patients[index] }
    }
    /// The patient's names as name agreement reads them, folded once when the patient was added.
    func names(of patient: Int) -> PatientNames { names[patient] }
    /// The patient's date of birth (as `self[patient].identity.dob`).
    func dob(of patient: Int) -> LocalDate? { Self.date(dobs[patient]) }
    func index(ofPatientID id: String) -> Int? { position[TextKey(id)] }

    /// Adds a patient, or replaces one with the same id (a later register row wins).
    @discardableResult
    mutating func add(_ patient: Patient) -> Int {
        if let existing = position[TextKey(patient.id)] {
            replaced.append(existing)
            patients[existing] = patient
            names.replace(existing, with: NameWords(patient.identity))
            dobs[existing] = patient.identity.dob?.packed ?? 0
            return existing
        }
        let index = patients.count
        let folded = NameWords(patient.identity)
        patients.append(patient)
        names.append(folded)
        dobs.append(patient.identity.dob?.packed ?? 0)
        position[TextKey(patient.id)] = index
        let i = patient.identity
        if let nhi = i.nhi { byNHI[TextKey(nhi)] = index }
        if let id = i.localPatientID { byLocalID[TextKey(id)] = index }
        if let dob = i.dob { byDOB[dob, default: .none].append(index) }
        if let mobile = i.mobile { byPhone[TextKey(mobile), default: .none].append(index) }
        if let phone = i.phone { byPhone[TextKey(phone), default: .none].append(index) }
        for word in folded.family { byFamily[TextKey(word), default: .none].append(index) }
        // The given name's words, then the preferred name's.
        for word in folded.givenAndPreferred {
            byGiven[TextKey(word), default: .none].append(index)
            if let start = Self.firstThree(word) { byGivenStart[TextKey(start), default: .none].append(index) }
        }
        if let address = Self.addressKey(i) { byAddress[TextKey(address), default: .none].append(index) }
        if let email = i.email?.lowercased(), !email.isEmpty { byEmail[TextKey(email), default: .none].append(index) }
        if let portal = i.portalID, !portal.isEmpty { byPortalID[TextKey(portal.uppercased()), default: .none].append(index) }
        // Under each form a trace may give: the name, each word, a nickname's formal names (of the given
        // name and the preferred one, each worked out once a name: most names come again and again).
        // One name's forms are taken as they were worked out (most patients give no preferred name).
        var initials: [String] = [], starts: [String] = []
        if let given = i.givenName { (initials, starts) = startsOfGiven.of(given) }
        if let preferred = i.preferredName {
            let forms = startsOfGiven.of(preferred)
            if i.givenName == nil {
                (initials, starts) = forms
            } else {
                for initial in forms.initials where !initials.contains(initial) { initials.append(initial) }
                for start in forms.starts where !starts.contains(start) { starts.append(start) }
            }
        }
        for word in folded.family {
            for initial in initials { byFamilyInitial[FamilyAndGiven(family: word, given: initial), default: .none].append(index) }
            for start in starts { byFamilyGivenStart[FamilyAndGiven(family: word, given: start), default: .none].append(index) }
        }
        return index
    }

    /// A word's first three characters; nil for a shorter word. Folded words are ASCII (a byte a
    /// character), read as bytes; any other by its characters.
    static func firstThree(_ word: String) -> String? {
        if word.withUTF8Bytes({ $0.isASCII }) { return word.utf8.count >= 3 ? String(word.utf8.prefix(3)) : nil }
        return word.count >= 3 ? String(word.prefix(3)) : nil
    }

    func patient(nhi: String) -> Int? { byNHI[TextKey(nhi)] }
    func patient(localID: String) -> Int? { byLocalID[TextKey(localID)] }
    func patients(dob: LocalDate) -> IndexPlaces { byDOB[dob] ?? .none }
    func patients(phone: String) -> IndexPlaces { byPhone[TextKey(phone)] ?? .none }

    func patients(email: String) -> IndexPlaces { byEmail[TextKey(email.lowercased())] ?? .none }
    /// Patients with a given name beginning with these three letters.
    func patients(givenStart: String) -> IndexPlaces { byGivenStart[TextKey(givenStart)] ?? .none }
    func patients(portalID: String) -> IndexPlaces { byPortalID[TextKey(portalID.uppercased())] ?? .none }

    /// The people living at a patient's address (the patient included), and those sharing a phone with them.
    func household(of patient: Int) -> Set<Int> {
        let i = patients[patient].identity
        var members: Set<Int> = [patient]
        if let address = Self.addressKey(i) { members.formUnion(byAddress[TextKey(address)] ?? .none) }
        for phone in [i.mobile, i.phone].compactMap({ $0 }) { members.formUnion(byPhone[TextKey(phone)] ?? .none) }
        return members
    }

    /// A street address folded for comparison (case, spaces, punctuation); nil when there is none.
    static func addressKey(_ i: Identity) -> String? {
        guard let address = i.address else { return nil }
        let key = address.lettersAndDigitsLowercased
        // Six characters or more: counted by bytes where each is one (letters and digits of ASCII).
        let long = key.utf8.count >= 6 && (key.withUTF8Bytes { $0.isASCII } || key.count >= 6)
        guard long else { return nil }
        // Made in room for all of it (a text joined piece by piece grew twice).
        let postcode = i.postcode ?? ""
        var joined = key
        joined.reserveCapacity(key.utf8.count + 1 + postcode.utf8.count)
        joined += "|"
        joined += postcode
        return joined
    }

    /// Patients any of whose family-name words is `word` (folded).
    func patients(familyWord word: String) -> IndexPlaces { byFamily[TextKey(word)] ?? .none }

    /// Patients with a family-name word starting with `prefix` (a reference cut at 12 characters).
    func patients(familyPrefix prefix: String) -> [Int] {
        // Gathered as they come, not into a dictionary of the words that fit (a run asks it of every bank
        // reference cut short, and the words grow with the register).
        var found: [Int] = []
        for (word, patients) in byFamily where word.text.hasPrefix(prefix) { found += patients }
        return Self.sortedWithoutRepeats(found)
    }

    /// Every patient a single word given for a name (a caller's "Noah") may name, and some it does not:
    /// those with `word` (folded) among their family name's words, those with a given or preferred name
    /// it is compatible with (`Nicknames.Forms.compatibleNames`), those with the first of `words` (the
    /// word's own words where it has several: "Ha-eun") among either, and every patient whose row was
    /// replaced (listed under their first row's names). Sorted, without repeats; the caller holds each
    /// against the word. Looked up rather than asked of each patient of a first name's pool (in a large
    /// register thousands, most of whom the word does not name).
    func mayBeNamed(byWord word: String, words: [String]) -> [Int] {
        var found = replaced
        found += patients(familyWord: word)
        for name in Nicknames.Forms(word).compatibleNames { found += byGiven[TextKey(name)] ?? .none }
        if words.count > 1 {
            found += byGiven[TextKey(words[0])] ?? .none
            found += patients(familyWord: words[0])
        }
        return Self.sortedWithoutRepeats(found)
    }

    /// Patients whose given or preferred name can be `word` (folded), nicknames included.
    func patients(givenWord word: String) -> [Int] {
        var found: [Int] = []
        for name in Nicknames.formalNames(for: word) { found.append(contentsOf: byGiven[TextKey(name)] ?? .none) }
        return Self.sortedWithoutRepeats(found)
    }
}

extension RegisterIndex {
    /// A family name's block past this many patients is cut by the given name's first three letters
    /// rather than its initial: in a large register a common family name with a common initial is
    /// hundreds of people, and every trace naming it would be scored against all of them.
    static let wideBlock = 40

    /// Each given name folded whole and word by word, with the formal names a nickname stands for
    /// (Bob: "bob" and "robert"; "Mary Ann": "maryann", "mary", "ann").
    /// Each once, in the order found (a name has a handful: a short list costs less than a set's hashing).
    static func givenForms(_ names: [String]) -> [String] {
        var forms: [String] = []
        func add(_ word: String) {
            guard !word.isEmpty else { return }
            Nicknames.forEachFormalName(for: word) { form in if !forms.contains(form) { forms.append(form) } }
        }
        for name in names {
            add(NameFolding.key(name))
            for word in NameFolding.words(name) { add(word) }
        }
        return forms
    }

    /// `initialsAndStarts(of: givenForms([name]))` of each name asked for, kept: a function of the name
    /// alone, shared by the index's copies.
    final class GivenStarts {
        private var known: [TextKey: (initials: [String], starts: [String])] = [:]

        func of(_ name: String) -> (initials: [String], starts: [String]) {
            if let found = known[TextKey(name)] { return found }
            let found = RegisterIndex.initialsAndStarts(of: RegisterIndex.givenForms([name]))
            known[TextKey(name)] = found
            return found
        }
    }

    /// A family-name word with the start of a given-name form (its initial, or its first three
    /// letters): the key of the blocks `namesakes` cuts a family's block by.
    struct FamilyAndGiven: Hashable {
        var family: String
        var given: String

        /// Hashed by `FastHash`, each name's hash mixed into the other's.
        func _rawHashValue(seed: Int) -> Int {
            FastHash.hash(UInt64(truncatingIfNeeded: FastHash.hash(family, seed: seed)), seed: FastHash.hash(given, seed: seed))
        }
    }

    /// The forms' initials and, of those three letters long or more, their first three letters, each
    /// once. Forms are folded (`a`–`z`, `0`–`9`: a byte a letter).
    static func initialsAndStarts(of forms: [String]) -> (initials: [String], starts: [String]) {
        var initials: [String] = [], starts: [String] = []
        for form in forms {
            guard let first = form.first else { continue }
            let initial = String(first)
            if !initials.contains(initial) { initials.append(initial) }
            if form.utf8.count >= 3, let start = String(form.utf8.prefix(3)), !starts.contains(start) { starts.append(start) }
        }
        return (initials, starts)
    }

    /// `sortedWithoutRepeats` of lists each in order already (the index's blocks: a patient is added to
    /// them in order of place), merged rather than joined and sorted again: a family's blocks by each
    /// initial or start of a trace's given names grow with the register, and sorting them again was most
    /// of finding the namesakes (a trace's few short blocks of every kind are still sorted: merging them
    /// cost more). A list out of order (none the index makes) is sorted with the rest.
    static func mergedWithoutRepeats(_ lists: [[Int]]) -> [Int] {
        var merged: [Int] = []
        for list in lists where !list.isEmpty {
            let inOrder = list.withUnsafeBufferPointer { b in b.indices.dropFirst().allSatisfy { b[$0 - 1] <= b[$0] } }
            guard inOrder else { return sortedWithoutRepeats(lists.joined()) }
            merged = merge(merged, list)
        }
        return merged
    }

    /// Two lists in order as one in order, each value once (`a` holds none twice; `b` may).
    private static func merge(_ a: [Int], _ b: [Int]) -> [Int] {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                [Int](unsafeUninitializedCapacity: x.count + y.count) { out, count in
                    var i = 0, j = 0, n = 0
                    while i < x.count || j < y.count {
                        let value: Int
                        if j == y.count || (i < x.count && x[i] <= y[j]) {
                            value = x[i]
                            i += 1
                        } else {
                            value = y[j]
                            j += 1
                        }
                        if n == 0 || out[n - 1] != value {
                            out[n] = value
                            n += 1
                        }
                    }
                    count = n
                }
            }
        }
    }

    /// The patients of `blocks` in order, each once (a set of them hashed every one).
    static func sortedWithoutRepeats(_ blocks: some Sequence<Int>) -> [Int] {
        var all = Array(blocks)
        all.sort()
        var kept = 0
        for k in all.indices where k == 0 || all[k] != all[kept - 1] {
            all[kept] = all[k]
            kept += 1
        }
        all.removeSubrange(kept...)
        return all
    }

    /// The patients with family-name word `word` that a trace's given name could be: those one of whose
    /// given-name forms (the name, a word of it, a nickname's formal name; preferred names too) starts
    /// with the initial of one of the trace's; where that block is wider than `wideBlock` and the trace
    /// gives a name of three letters or more, those whose forms start with the same three letters
    /// instead. A given name misspelt in its first letters is then left to the date-of-birth and phone
    /// blocks. Every patient with the family name where the trace gives no given name. Every patient
    /// whose given name is `Nicknames.compatible` with the trace's is among them. Sorted, without repeats.
    func namesakes(familyWord word: String, given: String?) -> [Int] {
        guard let given, !NameFolding.key(given).isEmpty else { return patients(familyWord: word).list }
        // The whole name's forms and each word's ("Mary Julia" may be registered as Julia).
        let (initialForms, starts) = startsOfGiven.of(given)
        let initials = initialForms.map { (byFamilyInitial[FamilyAndGiven(family: word, given: $0)] ?? .none).list }
        // Measured by the blocks' sizes, not by joining them: a wide block is not gathered only to be cut.
        let blocks = initials.reduce(0) { $0 + $1.count } > Self.wideBlock && !starts.isEmpty
            ? starts.map { (byFamilyGivenStart[FamilyAndGiven(family: word, given: $0)] ?? .none).list } : initials
        return blocks.count == 1 ? blocks[0] : Self.mergedWithoutRepeats(blocks)
    }

    /// The date of a `packed` number kept in `dobs`; nil for 0.
    @inline(__always)
    private static func date(_ packed: UInt32) -> LocalDate? { packed == 0 ? nil : LocalDate(packed: packed) }

    /// Whether a date of birth could be `other` typed with one slip: two of day, month and year the
    /// same, or day and month swapped.
    static func couldBeSlip(_ dob: LocalDate, of other: LocalDate) -> Bool {
        let same = (dob.year == other.year ? 1 : 0) + (dob.month == other.month ? 1 : 0) + (dob.day == other.day ? 1 : 0)
        return same >= 2 || (dob.year == other.year && dob.month == other.day && dob.day == other.month)
    }

    /// Every patient a trace could be, for the model to score: the same NHI (checked or not) or chart
    /// number, the same date of birth, phone, or a word of the family name (of the given name, where
    /// only one name is known). Blocking, in the engine's terms.
    func candidates(for identity: Identity) -> [Int] {
        // Joined and sorted once (merging these few short lists cost more than sorting them).
        var found: [Int] = []
        // Each of the two NHIs and two phones asked in turn (lists of them were made and let go for every trace).
        if let nhi = identity.nhi, let p = patient(nhi: nhi) { found.append(p) }
        if let nhi = identity.nhiUnchecked, let p = patient(nhi: nhi) { found.append(p) }
        if let id = identity.localPatientID, let p = patient(localID: id) { found.append(p) }
        if let dob = identity.dob { found += patients(dob: dob) }
        if let mobile = identity.mobile { found += patients(phone: mobile) }
        if let phone = identity.phone { found += patients(phone: phone) }
        // A family name alone can be hundreds of people: those whose given name starts alike.
        for word in NameFolding.words(identity.familyName ?? "") {
            var block = namesakes(familyWord: word, given: identity.givenName ?? identity.givenInitial)
            // Still wide (a common name in a very large register), with a date of birth whose own block
            // holds the namesakes born that day: those whose date of birth could be a slip of it.
            if block.count > Self.wideBlock, let dob = identity.dob {
                block = block.filter { Self.date(dobs[$0]).map { Self.couldBeSlip($0, of: dob) } ?? true }
            }
            found += block
        }
        if identity.familyName == nil, let given = identity.givenName {
            for word in NameFolding.words(given) { found += patients(givenWord: word) }
        }
        return Self.sortedWithoutRepeats(found)
    }
}

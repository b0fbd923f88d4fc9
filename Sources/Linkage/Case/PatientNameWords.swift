/// Every patient's folded name words (`NameWords.family` and `.givenAndPreferred`, in their order), held
/// side by side in two lists of texts rather than in an object of each patient's own.
///
/// A name's block is read patient by patient: a first name alone is held against every patient it may
/// name (some 500,000 patients for 463 traces at 100,000 patients), a bank reference's family name against
/// every patient of it. Read from a `NameWords` each, a patient cost a miss of the cache for the object
/// and another for its lists, for patients that lie apart in memory. Here a block's patients, in order
/// of position, are read from a few lists whose entries lie in the same order; most words are short
/// enough to be held in the list itself.
struct PatientNameWords: Sendable {
    /// The family words of every patient's names, one list after another.
    private var family = TextLists()
    /// The given and preferred words of every patient's names, one list after another.
    private var answersTo = TextLists()
    /// Each patient's lists, by position: a patient's own position, but for a patient a later register
    /// row replaced, whose names are the lists added last for them.
    private var listOf: [Int32] = []

    init() {}

    mutating func reserveCapacity(_ patients: Int) {
        listOf.reserveCapacity(patients)
        family.reserveCapacity(lists: patients, texts: patients + patients / 4)
        answersTo.reserveCapacity(lists: patients, texts: patients + patients / 2)
    }

    /// Adds the next patient's names.
    mutating func append(_ names: NameWords) {
        listOf.append(Int32(add(names)))
    }

    /// The patient at `position` named anew (a later register row for them).
    mutating func replace(_ position: Int, with names: NameWords) {
        listOf[position] = Int32(add(names))
    }

    private mutating func add(_ names: NameWords) -> Int {
        family.append(names.family)
        answersTo.append(names.givenAndPreferred)
        return family.count - 1
    }

    /// The names of the patient at `position`, as `NameWords` of their identity gives them.
    subscript(position: Int) -> PatientNames {
        let list = Int(listOf[position])
        return PatientNames(family: family[list], givenAndPreferred: answersTo[list])
    }
}

/// A patient's folded names, read where `PatientNameWords` holds them: the family name's words, and the
/// given and preferred names' (the names the patient answers to), as `NameWords` has them.
struct PatientNames: FoldedNames {
    let family: TextLists.List
    let givenAndPreferred: TextLists.List
}

/// Lists of texts, one after another in one list of texts (each ends where the next begins).
struct TextLists: Sendable {
    private var texts: [String] = []
    /// Where each list ends in `texts`.
    private var ends: [Int32] = []

    var count: Int { ends.count }

    mutating func reserveCapacity(lists: Int, texts count: Int) {
        ends.reserveCapacity(lists)
        texts.reserveCapacity(count)
    }

    mutating func append(_ list: [String]) {
        texts.append(contentsOf: list)
        ends.append(Int32(texts.count))
    }

    subscript(k: Int) -> List {
        List(texts: texts, start: k == 0 ? 0 : Int(ends[k - 1]), end: Int(ends[k]))
    }

    /// One of the lists, read in place.
    struct List: RandomAccessCollection {
        fileprivate let texts: [String]
        let startIndex: Int
        let endIndex: Int

        fileprivate init(texts: [String], start: Int, end: Int) {
            self.texts = texts
            startIndex = start
            endIndex = end
        }

        subscript(position: Int) -> String { texts[position] }
    }
}

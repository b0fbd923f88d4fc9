/// One role of every person as interned values: each distinct value once (its bytes for string
/// similarity, its frequency for term-frequency adjustment), each person an id or -1 when missing.
struct TextColumn: Sendable {
    private(set) var ids: [Int32] = []
    /// Each distinct value's bytes, by id.
    private(set) var values = FlatLists<UInt8>()
    /// Each distinct value's bytes as a set of bits (bit `byte & 63`): which bytes it has, for a quick
    /// bound on how alike two values can be.
    private(set) var byteMasks: [UInt64] = []
    private(set) var counts: [Int32] = []
    private(set) var present = 0
    /// The id of each value, by its bytes.
    private var lookup = ValueIDs()

    init(capacity: Int = 0) { ids.reserveCapacity(capacity) }

    /// Appends one person's value; empty text is missing.
    @discardableResult
    mutating func append(_ text: String?) -> Int32 {
        guard let text, !text.isEmpty else {
            ids.append(-1)
            return -1
        }
        let id = intern(text)
        counts[Int(id)] += 1
        present += 1
        ids.append(id)
        return id
    }

    /// The id of `text` without counting a person for it (values derived from other values).
    mutating func intern(_ text: String) -> Int32 {
        if lookup.count < values.count { lookAgain() }
        var utf8 = text
        return utf8.withUTF8 { bytes in
            let (id, isNew) = lookup.id(of: text, bytes: bytes)
            if isNew {
                values.append(bytes)
                byteMasks.append(StringSimilarity.byteMask(bytes))
                counts.append(0)
            }
            return id
        }
    }

    /// Lets go of the look-up of values by their bytes, which only appending needs (a column made whole
    /// is compared, not added to): every value's bytes again, their hashes and a table of slots. A value
    /// appended after it is looked up as before, the look-up made again first.
    mutating func finishAppending() { lookup = ValueIDs() }

    /// The look-up made again from the values, each given its own id (each value was the first of its
    /// text met, in order of id).
    private mutating func lookAgain() {
        lookup = ValueIDs()
        for id in 0..<values.count {
            let text = self.text(Int32(id))
            var utf8 = text
            utf8.withUTF8 { _ = lookup.id(of: text, bytes: $0) }
        }
    }

    var count: Int { ids.count }
    subscript(person: Int) -> Int32 { ids[person] }
    /// How many distinct values there are.
    var valueCount: Int { values.count }
    /// A value's bytes, copied out: for what runs once a value; a comparison reads them in place (`withBytes`).
    func bytes(_ id: Int32) -> [UInt8] { values[Int(id)] }
    func text(_ id: Int32) -> String { String(decoding: values[Int(id)], as: UTF8.self) }
    /// How many bytes a value has.
    func length(_ id: Int32) -> Int { values.length(Int(id)) }
    /// A value's first byte (nil for none).
    func firstByte(_ id: Int32) -> UInt8? { values.first(Int(id)) }
    /// Two values' bytes, in place.
    @inline(__always)
    func withBytes<R>(_ a: Int32, _ b: Int32, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        values.withLists(Int(a), Int(b), body)
    }

    /// Whether two values could be one edit apart as `StringSimilarity.withinOneEdit` or
    /// `oneSubstitution` count it, by their byte masks alone: a substituted byte changes at most two bits
    /// of a mask, a byte put in or left out one, two bytes swapped none. False only where neither could
    /// hold. Asked before the values' bytes are read: those lie far apart, and a trace's chart number is
    /// compared with each of its dozens of namesakes'.
    @inline(__always)
    func mayBeOneEditApart(_ a: Int32, _ b: Int32) -> Bool {
        (byteMasks[Int(a)] ^ byteMasks[Int(b)]).nonzeroBitCount <= 2
    }

    /// The share of people with a value who have this one.
    func frequency(_ id: Int32) -> Double { present == 0 ? 0 : Double(counts[Int(id)]) / Double(present) }

    /// The chance two people with values share one: Σ frequency², the u of an exact match.
    var chanceOfSharing: Double {
        guard present > 0 else { return 0 }
        let n = Double(present)
        return counts.reduce(0.0) { $0 + (Double($1) / n) * (Double($1) / n) }
    }
}

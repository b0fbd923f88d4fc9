/// One role of every person as interned values: each distinct value once (its bytes for string
/// similarity, its frequency for term-frequency adjustment), each person an id or -1 when missing.
struct TextColumn: Sendable {
    private(set) var ids: [Int32] = []
    private(set) var values: [[UInt8]] = []
    private(set) var counts: [Int32] = []
    private(set) var present = 0
    private var lookup: [String: Int32] = [:]

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
        if let id = lookup[text] { return id }
        let id = Int32(values.count)
        lookup[text] = id
        values.append(Array(text.utf8))
        counts.append(0)
        return id
    }

    var count: Int { ids.count }
    subscript(person: Int) -> Int32 { ids[person] }
    func bytes(_ id: Int32) -> [UInt8] { values[Int(id)] }
    func text(_ id: Int32) -> String { String(decoding: values[Int(id)], as: UTF8.self) }

    /// The share of people with a value who have this one.
    func frequency(_ id: Int32) -> Double { present == 0 ? 0 : Double(counts[Int(id)]) / Double(present) }

    /// The chance two people with values share one: Σ frequency², the u of an exact match.
    var chanceOfSharing: Double {
        guard present > 0 else { return 0 }
        let n = Double(present)
        return counts.reduce(0.0) { $0 + (Double($1) / n) * (Double($1) / n) }
    }
}

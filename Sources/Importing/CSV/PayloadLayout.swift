import LacunaCore

/// Where the cells of a record go in its trace's payload: each name a record of `count` cells gives
/// (its header cell, or `column N` past the header or under an empty one), once, in the order a
/// payload keeps its fields, with the cells of that name. Worked out once a file, so that a record's
/// payload is made in order, not put into a dictionary and sorted (every record of every file).
struct PayloadLayout: Sendable {
    /// The record width it was worked out for.
    let count: Int
    /// Each name with its cells, the last cell first: where two cells share a name, the later one's
    /// value stands (as a dictionary filled cell by cell kept it), an absent one giving way.
    private let fields: [(name: String, cells: [Int])]

    init(headerCells: [String], count: Int) {
        self.count = count
        var cells: [String: [Int]] = [:]
        for column in 0..<count {
            cells[HeaderMap.fieldName(column: column, headerCells: headerCells), default: []].insert(column, at: 0)
        }
        fields = cells.map { (name: $0.key, cells: $0.value) }.sorted { $0.name < $1.name }
    }

    /// The payload of a record's cells (`HeaderMap.payload(of:headerCells:)`'s fields, in order), with
    /// the fields an importer adds (`_status`, `_amount` …) put in their places as it is made: as if each
    /// were set on it in turn (a name the record has, or a name given twice, takes the last text), but
    /// without a payload made again for every field set (each set scans the names and copies every byte).
    func payload(of cells: [String], adding added: [(key: String, value: String)] = []) -> Payload {
        var ordered: [(key: String, value: String)] = []
        ordered.reserveCapacity(fields.count + added.count)
        for field in fields {
            for cell in field.cells where cell < cells.count {
                if let value = present(cells[cell]) {
                    ordered.append((field.name, value))
                    break
                }
            }
        }
        guard !added.isEmpty else { return Payload(orderedByName: ordered) }
        return Payload(orderedByName: Self.merged(ordered, Self.lastOfEachName(added)))
    }

    /// Fields in order of name, each name once with the last text given for it.
    static func lastOfEachName(_ fields: [(key: String, value: String)]) -> [(key: String, value: String)] {
        // Sorted stably by name (a few fields: by insertion), then the last of each run of one name kept.
        var sorted: [(key: String, value: String)] = []
        sorted.reserveCapacity(fields.count)
        for field in fields {
            var at = sorted.endIndex
            while at > 0 && field.key < sorted[at - 1].key { at -= 1 }
            if at > 0 && sorted[at - 1].key == field.key { sorted[at - 1].value = field.value } else { sorted.insert(field, at: at) }
        }
        return sorted
    }

    /// Two lists of fields, each in order of name with each name once, as one; where both have a name,
    /// `added`'s text.
    static func merged(_ fields: [(key: String, value: String)], _ added: [(key: String, value: String)]) -> [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        out.reserveCapacity(fields.count + added.count)
        var i = 0, j = 0
        while i < fields.count || j < added.count {
            if j == added.count || (i < fields.count && fields[i].key < added[j].key) {
                out.append(fields[i])
                i += 1
            } else {
                if i < fields.count && fields[i].key == added[j].key { i += 1 }
                out.append(added[j])
                j += 1
            }
        }
        return out
    }
}

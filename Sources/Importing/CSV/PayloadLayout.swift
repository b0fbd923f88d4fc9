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

    /// The payload of a record's cells (`HeaderMap.payload(of:headerCells:)`'s fields, in order).
    func payload(of cells: [String]) -> Payload {
        var ordered: [(key: String, value: String)] = []
        ordered.reserveCapacity(fields.count)
        for field in fields {
            for cell in field.cells where cell < cells.count {
                if let value = present(cells[cell]) {
                    ordered.append((field.name, value))
                    break
                }
            }
        }
        return Payload(orderedByName: ordered)
    }
}

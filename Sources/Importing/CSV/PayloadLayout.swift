import LacunaCore

/// Where the cells of a record go in its trace's payload: each name a record of `count` cells gives
/// (its header cell, or `column N` past the header or under an empty one), once, in the order a
/// payload keeps its fields, with the cells of that name. Worked out once a file, so that a record's
/// payload is made in order, not put into a dictionary and sorted (every record of every file).
struct PayloadLayout: Sendable {
    /// The record width it was worked out for.
    let count: Int
    /// Each name, in order.
    private let names: [String]
    /// Each name's cells, the last cell first (`columns[columnStart[k]..<columnStart[k + 1]]`): where two
    /// cells share a name, the later one's value stands (as a dictionary filled cell by cell kept it), an
    /// absent one giving way. Flat, and read in place with the names: a list of names and cells each, copied
    /// out for every field of every record, was a retain and a release for each.
    private let columns: [Int]
    private let columnStart: [Int]
    /// Each name's `firstByteIfASCII`, for placing the fields an importer adds among them.
    private let firstBytes: [UInt8?]
    /// The names' bytes, all told.
    private let nameBytes: Int

    init(headerCells: [String], count: Int) {
        self.count = count
        var cells: [String: [Int]] = [:]
        for column in 0..<count {
            cells[HeaderMap.fieldName(column: column, headerCells: headerCells), default: []].insert(column, at: 0)
        }
        let fields = cells.map { (name: $0.key, cells: $0.value) }.sorted { $0.name < $1.name }
        names = fields.map(\.name)
        columns = fields.flatMap(\.cells)
        columnStart = fields.reduce(into: [0]) { $0.append($0.last! + $1.cells.count) }
        firstBytes = names.map(Self.firstByteIfASCII)
        nameBytes = names.reduce(0) { $0 + $1.utf8.count }
    }

    /// The payload of a record's cells (`HeaderMap.payload(of:headerCells:)`'s fields, in order), with
    /// the fields an importer adds (`_status`, `_amount` …) put in their places as it is made: as if each
    /// were set on it in turn (a name the record has, or a name given twice, takes the last text), but
    /// without a payload made again for every field set (each set scans the names and copies every byte).
    func payload(of cells: [String], adding added: [(key: String, value: String)] = []) -> Payload {
        // At most every name and every cell (a cell's text only ever trimmed), and every field added.
        var bound = nameBytes + 20 * (names.count + added.count)
        for cell in cells { bound += cell.utf8.count }
        for field in added { bound += field.key.utf8.count + field.value.utf8.count }
        return Payload.inOrder(atMost: bound) { payload in
            forEachField(of: cells, adding: added) { payload.append(name: $0, value: $1) }
        }
    }

    /// Each field of the payload of a record's cells with the fields added (`payload(of:adding:)`'s), in
    /// order of name.
    private func forEachField(of cells: [String], adding added: [(key: String, value: String)], _ body: (String, String) -> Void) {
        let extra = added.count > 1 ? Self.lastOfEachName(added) : added
        var next = 0
        var extraFirst = extra.isEmpty ? nil : Self.firstByteIfASCII(extra[0].key)
        names.withUnsafeBufferPointer { names in
            columns.withUnsafeBufferPointer { columns in
                for k in names.indices {
                    // The added fields whose names come before this one; one of the same name stands for it.
                    while next < extra.count, Self.precedes(extra[next].key, extraFirst, names[k], firstBytes[k]) {
                        body(extra[next].key, extra[next].value)
                        next += 1
                        extraFirst = next < extra.count ? Self.firstByteIfASCII(extra[next].key) : nil
                    }
                    if next < extra.count, extraFirst == nil || firstBytes[k] == nil || extraFirst == firstBytes[k],
                       extra[next].key == names[k] {
                        continue
                    }
                    for place in columnStart[k]..<columnStart[k + 1] where columns[place] < cells.count {
                        if let value = present(cells[columns[place]]) {
                            body(names[k], value)
                            break
                        }
                    }
                }
            }
        }
        for field in extra[next...] { body(field.key, field.value) }
    }

    /// The first byte of a name all in ASCII; nil for any other (or none). Of two names all in ASCII,
    /// different first bytes order them as texts do: a character outside ASCII, or an ASCII letter with
    /// a combining mark after it, could order otherwise, and is compared as a text.
    static func firstByteIfASCII(_ name: String) -> UInt8? {
        return name.withUTF8Bytes { bytes in bytes.isASCII ? bytes.first : nil }
    }

    /// Whether name `a` orders before `b` (`<`), by the first bytes where both are ASCII and differ.
    @inline(__always)
    private static func precedes(_ a: String, _ aFirst: UInt8?, _ b: String, _ bFirst: UInt8?) -> Bool {
        if let aFirst, let bFirst, aFirst != bFirst { return aFirst < bFirst }
        return a < b
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
}

import LacunaCore

/// A derived row, or its key, by a fingerprint of its values (`Fingerprint`'s 128 bits, each value after
/// a mark of its kind: a null, a number and a text of the same bits differ).
struct RowPrint: Comparable {
    let first: UInt64
    let second: UInt64

    static func < (a: RowPrint, b: RowPrint) -> Bool { a.first < b.first || (a.first == b.first && a.second < b.second) }

    init(_ values: [SQLValue]) {
        var print = Fingerprint()
        for value in values { Self.add(value, to: &print) }
        (first, second) = print.halves
    }

    init(_ row: [SQLValue], at columns: [Int]) {
        var print = Fingerprint()
        for column in columns { Self.add(row[column], to: &print) }
        (first, second) = print.halves
    }

    init(first: UInt64, second: UInt64) {
        self.first = first
        self.second = second
    }

    static func add(_ value: SQLValue, to print: inout Fingerprint) {
        switch value {
        case .null: print.count(0)
        case .integer(let v): print.count(1); print.integer(v)
        case .real(let v): print.count(2); print.decimal(v)
        case .text(let v): print.count(3); print.text(v)
        case .blob(let v): print.count(4); print.bytes(v)
        }
    }
}

/// One derived table's rows as a run is to write them: each key once (of two rows with one key, the one
/// `later` says), in the order of each key's first row, each with its fingerprint; and the keys'
/// fingerprints in their order, each with its row's place (`CaseStore.changes` walks them beside those
/// the last run kept, in the same order: no dictionary of tens of thousands of keys made each run).
///
/// Made from the fingerprints the group's digest took of every row, so a changed group's rows are
/// fingerprinted once. nil where the fingerprints cannot stand for the keys: two keys of different values
/// with one fingerprint (never seen; the table is then compared by its values), or one key twice in a
/// table said to be unique already (written whole, to fail as it always has).
struct PrintedRows {
    var rows: [[SQLValue]] = []
    var prints: [RowPrint] = []
    /// The keys' fingerprints in order, each with the place in `rows` of its row.
    var byKey: [(key: RowPrint, row: Int)] = []

    init?(_ table: CaseStore.DerivedRows, prints rowPrints: [RowPrint]) {
        let key = table.primaryKey
        let all = table.rows
        var keys: [RowPrint] = []
        keys.reserveCapacity(all.count)
        for row in all { keys.append(RowPrint(row, at: key)) }
        // Rows with one key side by side, each key's in the order they came.
        var order: [(key: RowPrint, row: Int)] = []
        order.reserveCapacity(all.count)
        for (row, keyPrint) in keys.enumerated() { order.append((keyPrint, row)) }
        order.sort { (x: (key: RowPrint, row: Int), y: (key: RowPrint, row: Int)) -> Bool in
            x.key < y.key || (x.key == y.key && x.row < y.row)
        }
        // At each key's first row: the row kept for it.
        var kept = [Int](repeating: -1, count: all.count)
        var firsts: [Int] = []
        firsts.reserveCapacity(all.count)
        var at = 0
        while at < order.count {
            let first = order[at].row
            var chosen = first
            at += 1
            while at < order.count, order[at].key == keys[first] {
                let other = order[at].row
                guard !table.key.isEmpty, key.allSatisfy({ all[first][$0] == all[other][$0] }) else { return nil }
                if table.later == .replaces { chosen = other }
                at += 1
            }
            kept[first] = chosen
            firsts.append(first)
        }
        var place = [Int](repeating: -1, count: all.count)
        rows.reserveCapacity(firsts.count)
        prints.reserveCapacity(firsts.count)
        for first in all.indices where kept[first] >= 0 {
            place[first] = rows.count
            rows.append(all[kept[first]])
            prints.append(rowPrints[kept[first]])
        }
        byKey = firsts.map { (keys[$0], place[$0]) }
    }
}

/// What `derived_row_prints` keeps of a table's rows as a run wrote them: in the order of their keys'
/// fingerprints, each row's key and row fingerprints and its key's values, under the digest its group
/// then had. Bytes of `ByteRunWriter`.
struct StoredRowPrints {
    static let layout = 1

    var keys: [RowPrint] = []
    var prints: [RowPrint] = []
    /// The keys' values, one key after another, each in its columns' order (`keyWidth` a key).
    var keyValues: [SQLValue] = []
    let keyWidth: Int

    /// The values of the key at `place`.
    func key(at place: Int) -> ArraySlice<SQLValue> { keyValues[place * keyWidth..<(place + 1) * keyWidth] }

    /// The bytes kept for `rows` of a table of `columns` columns keyed by the columns at `key`.
    static func encoded(_ rows: PrintedRows, columns: Int, key: [Int]) -> [UInt8] {
        // Each row's fingerprint and key values written first in the rows' own order, reading the rows
        // where they lie one after another; then laid out in the keys' order, in which a row's place is
        // anywhere (read from its row there, the fingerprint and the row's values missed the cache twice a
        // row: two fifths of writing the derived tables at 100,000 patients).
        var pieces = ByteRunWriter(capacity: rows.rows.count * 40)
        var ends: [Int] = []
        ends.reserveCapacity(rows.rows.count)
        for (place, row) in rows.rows.enumerated() {
            pieces.word(rows.prints[place].first)
            pieces.word(rows.prints[place].second)
            for column in key {
                switch row[column] {
                case .null: pieces.count(0)
                case .integer(let v): pieces.count(1); pieces.integer(v)
                case .real(let v): pieces.count(2); pieces.decimal(v)
                case .text(let v): pieces.count(3); pieces.text(v)
                case .blob(let v): pieces.count(4); pieces.byteRun(v)
                }
            }
            ends.append(pieces.count)
        }
        var out = ByteRunWriter(capacity: 32 + pieces.count + rows.byKey.count * 16)
        out.count(layout)
        out.count(columns)
        out.count(key.count)
        for column in key { out.count(column) }
        out.count(rows.byKey.count)
        pieces.bytes.withUnsafeBufferPointer { written in
            for (keyPrint, place) in rows.byKey {
                out.word(keyPrint.first)
                out.word(keyPrint.second)
                out.copy(UnsafeBufferPointer(rebasing: written[(place == 0 ? 0 : ends[place - 1])..<ends[place]]))
            }
        }
        return out.bytes
    }

    /// The rows kept in `bytes`, where they were kept for a table of `columns` columns keyed by the
    /// columns at `key`; nil where they were not, the bytes are not of this layout, or the keys are not
    /// in order, each once (as they are kept).
    init?(decoding bytes: [UInt8], columns: Int, key: [Int]) {
        keyWidth = key.count
        var input = ByteRunReader(bytes)
        do {
            guard try input.count() == Self.layout, try input.count() == columns, try input.count() == key.count else { return nil }
            for column in key {
                guard try input.count() == column else { return nil }
            }
            let count = try input.count()
            keys.reserveCapacity(count)
            prints.reserveCapacity(count)
            keyValues.reserveCapacity(count * key.count)
            for _ in 0..<count {
                let keyPrint = RowPrint(first: try input.word(), second: try input.word())
                if let last = keys.last, !(last < keyPrint) { return nil }
                keys.append(keyPrint)
                prints.append(RowPrint(first: try input.word(), second: try input.word()))
                for _ in key {
                    switch try input.count() {
                    case 0: keyValues.append(.null)
                    case 1: keyValues.append(.integer(try input.integer()))
                    case 2: keyValues.append(.real(try input.decimal()))
                    case 3: keyValues.append(.text(try input.text()))
                    case 4: keyValues.append(.blob(try input.byteRun()))
                    default: return nil
                    }
                }
            }
            guard input.atEnd else { return nil }
        } catch {
            return nil
        }
    }
}

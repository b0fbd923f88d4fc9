/// What can still be read of a damaged SQLite database, page by page: the schema from page 1; every
/// table's rows through its b-tree from its root (cells, record headers, overflow chains); then the
/// table leaf pages nothing reaches any more (orphans) and the freelist's pages, whose cells are carved
/// out and given back to the table whose column count and value shapes they fit, flagged "recovered from
/// unallocated space: may be deleted or stale".
public enum SQLiteRemnantReader {
    /// Where a recovered row came from.
    public enum Origin: String, Sendable {
        /// A live b-tree row of its table.
        case live
        /// A table leaf page no b-tree reaches any more (a damaged interior page, a lost root).
        case orphan
        /// Carved from a freelist page or free space: a deleted row, or an older copy.
        case free
    }

    public struct Table: Sendable {
        public var name: String
        public var rootPage: Int
        public var columns: [String]
        /// The column that is the rowid (`INTEGER PRIMARY KEY`), whose stored value is NULL.
        public var rowidColumn: Int?
        public var sql: String
        /// Each column's declared type, as the CREATE statement writes it.
        public var types: [String] = []

        /// What its declared column types lead one to expect, by SQLite's affinity rules: a prior for the
        /// kinds of its values when no live row shows them.
        var declaredShapes: Shapes {
            var shapes = Shapes()
            shapes.counts = (types.count == columns.count ? types : Array(repeating: "", count: columns.count)).map { type in
                let t = type.uppercased()
                let kind = t.contains("INT") ? 1 : (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) ? 3
                    : t.contains("BLOB") || t.isEmpty ? 4 : (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) ? 2 : 1
                var counts = [1, 0, 0, 0, 0]   // a NULL now and then (an INTEGER PRIMARY KEY is stored as one)
                counts[kind] += 4
                return counts
            }
            return shapes
        }
    }

    public struct Row: Sendable {
        /// The table it belongs to (for a carved row, the one it fits); nil where none fits.
        public var table: String?
        public var rowid: Int64?
        public var values: [SQLiteValue]
        public var page: Int
        public var origin: Origin
        /// Whether part of the row was on an overflow page that is lost (those values are NULL).
        public var cutShort = false
        /// Its table's column names, on rows handed out as they are found.
        public var columns: [String] = []
    }

    /// What each column of a table holds in its live rows, for giving a carved or orphaned row the table
    /// it looks like when two tables have its width: the kinds of value (null, integer, real, text,
    /// blob); for text, its form (a date, a number, a word, a phrase) and length; and, where a column
    /// holds few values again and again (a status, a code), those values.
    public struct Shapes: Sendable {
        var counts: [[Int]] = []
        var columns: [TextProfile] = []

        /// One column's text values.
        struct TextProfile: Sendable {
            var texts = 0
            var forms = [0, 0, 0, 0]
            var lengths = [Int](repeating: 0, count: 9)
            /// Values and how often, while there are few of them.
            var values: [String: Int] = [:]
            var open = false
            static let fewValues = 40

            /// 0 a date (`2024-…`), 1 a number, 2 a word, 3 a phrase: read in one pass over the text.
            static func form(_ text: String) -> Int {
                text.utf8.withContiguousStorageIfAvailable(form) ?? form(Array(text.utf8))
            }

            static func form<Bytes: RandomAccessCollection<UInt8>>(_ utf8: Bytes) -> Int {
                var numeric = true, spaced = false
                for byte in utf8 {
                    if numeric && !((48...57).contains(byte) || byte == 46 || byte == 45) { numeric = false }
                    if byte == 32 { spaced = true }
                }
                if utf8.count >= 8, let first = utf8.first, (48...57).contains(first),
                   utf8[utf8.index(utf8.startIndex, offsetBy: 4)] == UInt8(ascii: "-") { return 0 }
                if !utf8.isEmpty, numeric { return 1 }
                return spaced ? 3 : 2
            }

            static func length(_ text: String) -> Int {
                var n = text.utf8.count, bucket = 0
                while n > 1 && bucket < 8 { n >>= 1; bucket += 1 }
                return bucket
            }

            mutating func add(_ text: String) {
                texts += 1
                forms[Self.form(text)] += 1
                lengths[Self.length(text)] += 1
                guard !open else { return }
                values[text, default: 0] += 1
                if values.count > Self.fewValues { open = true; values = [:] }
            }

            /// How likely this text is in the column (log).
            func score(_ text: String) -> Double {
                // Nothing seen: every form, length and value alike (so a table with no live rows is not favoured).
                guard texts > 0 else { return log(1.0 / 4) + log(1.0 / 9) + log(1.0 / Double(Self.fewValues)) }
                let n = Double(texts)
                var total = log((Double(forms[Self.form(text)]) + 0.5) / (n + 2)) + log((Double(lengths[Self.length(text)]) + 0.5) / (n + 4.5))
                // A column of few values, each seen again and again: a value it never held is unlikely.
                if !open && texts >= 3 * max(1, values.count) {
                    total += log((Double(values[text] ?? 0) + 0.01) / (n + 1))
                } else {
                    total += log(1.0 / Double(Self.fewValues))
                }
                return total
            }
        }

        static func kind(_ value: SQLiteValue) -> Int {
            switch value {
            case .null: return 0
            case .integer: return 1
            case .real: return 2
            case .text: return 3
            case .blob: return 4
            }
        }

        mutating func add(_ values: [SQLiteValue]) {
            if counts.count < values.count {
                counts += Array(repeating: [0, 0, 0, 0, 0], count: values.count - counts.count)
                columns += Array(repeating: TextProfile(), count: values.count - columns.count)
            }
            for (i, value) in values.enumerated() {
                counts[i][Self.kind(value)] += 1
                if case .text(let text) = value { columns[i].add(text) }
            }
        }

        /// These kind counts and another's, column by column (the text profiles are this one's).
        func plus(_ other: Shapes) -> Shapes {
            var sum = Shapes()
            sum.counts = (0..<max(counts.count, other.counts.count)).map { i in
                let a = i < counts.count ? counts[i] : [0, 0, 0, 0, 0], b = i < other.counts.count ? other.counts[i] : [0, 0, 0, 0, 0]
                return zip(a, b).map { $0 + $1 }
            }
            sum.columns = columns
            return sum
        }

        /// Whether rows plainly are not this table's, by what its live rows show (at least 20 of them): in
        /// some column (two, for fewer than five rows) most of the rows hold a kind of value, or a form of
        /// text, the table's rows almost never hold, or a value a column of few repeated values never held.
        func rules(out rows: [[SQLiteValue]]) -> Bool {
            var against = 0
            for i in counts.indices {
                let column = counts[i], seen = column.reduce(0, +)
                guard seen >= 20 else { continue }
                var odd = 0, judged = 0
                for values in rows where i < values.count {
                    judged += 1
                    let value = values[i]
                    if Double(column[Self.kind(value)]) < 0.01 * Double(seen) { odd += 1; continue }
                    guard case .text(let text) = value, i < columns.count, columns[i].texts >= 20 else { continue }
                    let profile = columns[i]
                    if Double(profile.forms[TextProfile.form(text)]) < 0.01 * Double(profile.texts) { odd += 1; continue }
                    if !profile.open, profile.texts >= 3 * max(1, profile.values.count), profile.values[text] == nil { odd += 1 }
                }
                if judged > 0 && odd * 2 > judged { against += 1 }
            }
            return against >= (rows.count >= 5 ? 1 : 2)
        }

        /// How likely the row is under this table's columns (log, with one of each kind assumed seen).
        func score(_ values: [SQLiteValue]) -> Double {
            var total = 0.0
            for (i, value) in values.enumerated() {
                let column = i < counts.count ? counts[i] : [0, 0, 0, 0, 0]
                total += log(Double(column[Self.kind(value)] + 1) / Double(column.reduce(0, +) + 5))
                if case .text(let text) = value { total += (i < columns.count ? columns[i] : TextProfile()).score(text) }
            }
            return total
        }
    }

    public struct Reading: Sendable {
        /// Each table's value kinds by column, from its live rows.
        public var shapes: [String: Shapes] = [:]
        public var tables: [Table] = []
        public var rows: [Row] = []
        public var pageSize = 0
        public var pages = 0
        public var notes: [String] = []
        /// Pages that could not be read as what their parent said they were.
        public var damagedPages: [Int] = []
    }

    /// Reads the file. With `each`, rows are handed out as they are found instead of kept in `rows`
    /// (memory then holds a page, not the database); rows no table fits are handed out last, once a
    /// carved schema may have named them.
    public static func read(path: String, wal: String? = nil, each: ((Row) -> Void)? = nil) throws(SQLiteImage.Failure) -> Reading {
        // A plain SQL dump is read as its statements.
        if let handle = FileHandle(forReadingAtPath: path) {
            let head = (try? handle.read(upToCount: 65536)).map { [UInt8]($0) } ?? []
            try? handle.close()
            if Array(head.prefix(16)) != SQLiteImage.magic, SQLDumpReader.looksLikeDump(head) { return try SQLDumpReader.read(path: path, each: each) }
        }
        let image = try SQLiteImage(path: path, wal: wal)
        var reading = Reading()
        func drain() {
            guard let each else { return }
            var kept: [Row] = []
            for row in reading.rows { if row.table != nil && row.table != "sqlite_master" { each(named(row)) } else { kept.append(row) } }
            reading.rows = kept
        }
        func named(_ row: Row) -> Row {
            var row = row
            row.columns = reading.tables.first { $0.name == row.table }?.columns ?? []
            return row
        }
        reading.pageSize = image.pageSize
        reading.pages = image.lastPage
        reading.notes = image.notes
        var visited: Set<Int> = []

        // The schema: sqlite_master's b-tree from page 1.
        var masterRows: [Row] = []
        if image.headerIntact {
            walk(image, root: 1, table: "sqlite_master", visited: &visited, reading: &reading) { masterRows.append($0) }
        }
        for row in masterRows where row.values.count >= 5 {
            guard case .text(let type) = row.values[0], type == "table", case .text(let name) = row.values[1],
                  case .integer(let root) = row.values[3], root > 0 else { continue }
            let sql: String
            if case .text(let text) = row.values[4] { sql = text } else { sql = "" }
            let parsed = SchemaSQL.columns(sql)
            reading.tables.append(Table(name: name, rootPage: Int(root), columns: parsed.columns, rowidColumn: parsed.rowid, sql: sql, types: parsed.types))
        }
        if image.headerIntact && reading.tables.isEmpty { reading.notes.append("the schema lists no table (dropped, or page 1 damaged)") }

        // Every table through its b-tree.
        var live: [Row] = []
        var shapes: [String: Shapes] = [:]
        for table in reading.tables {
            walk(image, root: table.rootPage, table: table.name, columns: table.columns.count, visited: &visited, reading: &reading) { row in
                var row = row
                if let k = table.rowidColumn, k < row.values.count, row.values[k].isNull, let rowid = row.rowid { row.values[k] = .integer(rowid) }
                shapes[table.name, default: Shapes()].add(row.values)
                if let each { row.columns = table.columns; each(row) } else { live.append(row) }
            }
            drain()
        }
        reading.rows += live
        reading.shapes = shapes

        // The freelist: its trunk pages' first bytes are the list; the rest, like its leaves, is old content.
        var free: Set<Int> = []
        var trunk = image.firstFreelistTrunk
        var seen: Set<Int> = []
        while trunk > 0, !seen.contains(trunk), let page = image.page(trunk) {
            seen.insert(trunk)
            free.insert(trunk)
            let count = SQLiteImage.u32(page, 4)
            for k in 0..<min(count, (image.usableSize - 8) / 4) {
                let leaf = SQLiteImage.u32(page, 8 + 4 * k)
                if leaf > 0 { free.insert(leaf) }
            }
            trunk = SQLiteImage.u32(page, 0)
        }

        // Pages nothing reached: table leaves are orphans; the rest is carved for records.
        for number in 1...max(1, image.lastPage) where !visited.contains(number) {
            guard let page = image.page(number) else { continue }
            let base = number == 1 ? 100 : 0
            if !free.contains(number), page[base] == 13, let cells = leafCells(image, page: page, number: number) {
                // One leaf page holds one table's rows: the page is classified as a whole.
                let rows = cells.map { Row(table: nil, rowid: $0.rowid, values: $0.values, page: number, origin: .orphan, cutShort: $0.cutShort) }
                reading.rows += classify(page: rows, tables: reading.tables, shapes: reading.shapes)
                continue
            }
            guard !page.allSatisfy({ $0 == 0 }) else { continue }
            for carved in carve(page, from: free.contains(number) ? 8 : base, encoding: image.textEncoding) {
                reading.rows.append(classify(Row(table: nil, rowid: carved.rowid, values: carved.values, page: number, origin: .free), tables: reading.tables, shapes: reading.shapes))
            }
            if reading.rows.count > 10_000 { drain() }
        }
        // A dropped or lost table's CREATE statement carved back: its rows are named by it.
        let known = Set(reading.tables.map(\.name))
        for row in reading.rows where row.table == "sqlite_master" && row.origin != .live && row.values.count >= 5 {
            guard case .text(let type) = row.values[0], type == "table", case .text(let name) = row.values[1], !known.contains(name),
                  !reading.tables.contains(where: { $0.name == name }), case .text(let sql) = row.values[4] else { continue }
            let parsed = SchemaSQL.columns(sql)
            guard !parsed.columns.isEmpty else { continue }
            let root: Int
            if case .integer(let r) = row.values[3] { root = Int(r) } else { root = 0 }
            reading.tables.append(Table(name: name, rootPage: root, columns: parsed.columns, rowidColumn: parsed.rowid, sql: sql, types: parsed.types))
            reading.notes.append("table `\(name)` is not in the schema, but its CREATE statement was carved back: its rows are named by it")
        }
        if reading.tables.count > known.count {
            for i in reading.rows.indices where reading.rows[i].table == nil { reading.rows[i] = classify(reading.rows[i], tables: reading.tables, shapes: reading.shapes) }
        }
        if let each {
            for row in reading.rows { each(named(row)) }
            reading.rows = []
        }
        return reading
    }

    /// Walks a table b-tree from `root`, depth first, never visiting a page twice.
    static func walk(_ image: SQLiteImage, root: Int, table: String, columns: Int = 0, visited: inout Set<Int>, reading: inout Reading,
                     _ each: (Row) -> Void) {
        var stack = [root]
        while let number = stack.popLast() {
            guard !visited.contains(number) else { continue }
            guard let page = image.page(number) else {
                reading.notes.append("\(table): page \(number) is past the end of the file (truncated)")
                continue
            }
            let base = number == 1 ? 100 : 0
            switch page[base] {
            case 5:
                visited.insert(number)
                let cells = Int(page[base + 3]) << 8 | Int(page[base + 4])
                for k in 0..<cells {
                    let pointer = base + 12 + 2 * k
                    guard pointer + 2 <= page.count else { break }
                    let at = Int(page[pointer]) << 8 | Int(page[pointer + 1])
                    let child = SQLiteImage.u32(page, at)
                    if child > 0 && child <= image.lastPage { stack.append(child) }
                }
                let right = SQLiteImage.u32(page, base + 8)
                if right > 0 && right <= image.lastPage { stack.append(right) }
            case 13:
                guard let cells = leafCells(image, page: page, number: number) else {
                    reading.damagedPages.append(number)
                    continue
                }
                visited.insert(number)
                for cell in cells { each(Row(table: table, rowid: cell.rowid, values: cell.values, page: number, origin: .live, cutShort: cell.cutShort)) }
                // Deleted rows stay in the page's free space until it is reused: carved, for the same table.
                for (range, isBlock) in freeSpace(page, base: base, usable: image.usableSize) {
                    var carved = carve(page, in: range, encoding: image.textEncoding).map { (rowid: Optional($0.rowid), values: $0.values) }
                    if carved.isEmpty && isBlock {
                        // The chain's four bytes overwrote the cell's length, rowid and perhaps the record's
                        // header size: the record, or its serial types, follow them.
                        for skip in 2...6 where range.lowerBound + skip < range.upperBound {
                            let rest = page[(range.lowerBound + skip)..<range.upperBound]
                            let record = SQLiteRecord.decodePrefix(rest, encoding: image.textEncoding)
                                ?? (skip >= 4 && columns > 1 ? SQLiteRecord.decodeTypes(rest, columns: columns, encoding: image.textEncoding) : nil)
                            if let record, record.values.count >= 2, columns == 0 || record.values.count == columns, plausible(record.values) {
                                carved.append((rowid: nil, values: record.values))
                                break
                            }
                        }
                    }
                    for row in carved {
                        reading.rows.append(Row(table: table, rowid: row.rowid, values: row.values, page: number, origin: .free))
                    }
                }
            default:
                reading.damagedPages.append(number)
                reading.notes.append("\(table): page \(number) should be part of its b-tree but is not a table page (overwritten or zeroed); its rows are looked for among the orphans")
            }
        }
    }

    /// The cells of a table leaf page: rowid and record, overflow chains followed. nil where the page
    /// header is not a leaf's.
    static func leafCells(_ image: SQLiteImage, page: [UInt8], number: Int) -> [(rowid: Int64, values: [SQLiteValue], cutShort: Bool)]? {
        let base = number == 1 ? 100 : 0
        let count = Int(page[base + 3]) << 8 | Int(page[base + 4])
        guard count <= (image.usableSize - base - 8) / 2 else { return nil }
        let usable = image.usableSize
        var cells: [(Int64, [SQLiteValue], Bool)] = []
        for k in 0..<count {
            let pointer = base + 8 + 2 * k
            let at = Int(page[pointer]) << 8 | Int(page[pointer + 1])
            guard at >= base + 8, at < usable,
                  let length = SQLiteRecord.varint(page, at, end: usable),
                  let rowid = SQLiteRecord.varint(page, at + length.length, end: usable) else { continue }
            let payloadSize = Int(length.value)
            guard payloadSize >= 0, payloadSize < 1 << 30 else { continue }
            let start = at + length.length + rowid.length
            // How much of the payload is on this page (the format's rule for table leaves).
            let maxLocal = usable - 35
            let minLocal = (usable - 12) * 32 / 255 - 23
            var local = payloadSize
            if payloadSize > maxLocal {
                let k = minLocal + (payloadSize - minLocal) % (usable - 4)
                local = k <= maxLocal ? k : minLocal
            }
            guard start + local <= usable else { continue }
            if local == payloadSize {
                // All of it on this page: read where it lies.
                guard let values = SQLiteRecord.decode(page, in: start..<(start + local), encoding: image.textEncoding) else { continue }
                cells.append((rowid.value, values, false))
                continue
            }
            var payload = Array(page[start..<(start + local)])
            var cutShort = false
            if start + local + 4 <= usable {
                var next = SQLiteImage.u32(page, start + local)
                var hops: Set<Int> = []
                while payload.count < payloadSize {
                    guard next > 0, !hops.contains(next), let overflow = image.page(next) else { cutShort = true; break }
                    hops.insert(next)
                    let take = min(payloadSize - payload.count, usable - 4)
                    payload += overflow[4..<(4 + take)]
                    next = SQLiteImage.u32(overflow, 0)
                }
            }
            guard let values = SQLiteRecord.decode(payload, encoding: image.textEncoding, exact: !cutShort) else { continue }
            cells.append((rowid.value, values, cutShort))
        }
        return cells
    }

    /// A leaf page's free space: the gap between the cell pointers and the cell content, and the freeblocks.
    static func freeSpace(_ page: [UInt8], base: Int, usable: Int) -> [(range: Range<Int>, isBlock: Bool)] {
        let count = Int(page[base + 3]) << 8 | Int(page[base + 4])
        var content = Int(page[base + 5]) << 8 | Int(page[base + 6])
        if content == 0 { content = 65536 }
        var ranges: [(Range<Int>, Bool)] = []
        let gapStart = base + 8 + 2 * count
        if gapStart < min(content, usable) { ranges.append((gapStart..<min(content, usable), false)) }
        var block = Int(page[base + 1]) << 8 | Int(page[base + 2])
        var seen: Set<Int> = []
        while block > 0, block + 4 <= usable, !seen.contains(block) {
            seen.insert(block)
            let size = Int(page[block + 2]) << 8 | Int(page[block + 3])
            // The freeblock's first four bytes are the chain; a deleted cell's length and rowid were there.
            if size > 4, block + size <= usable { ranges.append((block..<(block + size), true)) }
            block = Int(page[block]) << 8 | Int(page[block + 1])
        }
        return ranges
    }

    static func carve(_ page: [UInt8], from start: Int, encoding: Int) -> [(rowid: Int64, values: [SQLiteValue])] {
        carve(page, in: start..<page.count, encoding: encoding)
    }

    /// Records carved from raw bytes: at each offset, a payload length, a rowid and a record that decodes
    /// exactly and fits in the range (small rows only: a carved row's overflow chain is not trusted).
    static func carve(_ page: [UInt8], in range: Range<Int>, encoding: Int) -> [(rowid: Int64, values: [SQLiteValue])] {
        var found: [(Int64, [SQLiteValue])] = []
        var at = range.lowerBound
        let end = range.upperBound
        while at < end - 3 {
            if let length = SQLiteRecord.varint(page, at, end: end), length.value >= 2, length.value < Int64(page.count),
               let rowid = SQLiteRecord.varint(page, at + length.length, end: end), rowid.value > 0,
               case let begin = at + length.length + rowid.length, begin + Int(length.value) <= end,
               let values = SQLiteRecord.decode(page, in: begin..<(begin + Int(length.value)), encoding: encoding),
               values.count >= 2, plausible(values) {
                found.append((rowid.value, values))
                at = begin + Int(length.value)
                continue
            }
            at += 1
        }
        return found
    }

    /// A carved record whose text reads as text (not a run of bytes that happened to parse).
    static func plausible(_ values: [SQLiteValue]) -> Bool {
        var informative = 0
        for value in values {
            switch value {
            case .text(let s):
                if s.unicodeScalars.contains(where: { $0 == "\u{FFFD}" || ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r") }) { return false }
                if !s.isEmpty { informative += 1 }
            case .integer, .real: informative += 1
            default: break
            }
        }
        return informative >= 2
    }

    /// The row's values as the table would hold them: its INTEGER PRIMARY KEY, stored as NULL, is the
    /// rowid (so a table's live rows, whose key is filled, are not told apart from its orphans by it).
    static func keyed(_ row: Row, _ table: Table) -> [SQLiteValue] {
        guard let k = table.rowidColumn, k < row.values.count, row.values[k].isNull else { return row.values }
        var values = row.values
        values[k] = .integer(row.rowid ?? 0)
        return values
    }

    /// Gives an orphaned leaf page's rows their table: a b-tree page holds one table's rows, so the
    /// tables their width fits are scored on all of them together; rows of another width (written
    /// before a column was added) and pages no table clearly wins go row by row.
    static func classify(page rows: [Row], tables: [Table], shapes: [String: Shapes]) -> [Row] {
        guard rows.count > 1 else { return rows.map { classify($0, tables: tables, shapes: shapes) } }
        let widths = Dictionary(grouping: rows, by: \.values.count)
        guard let (width, _) = widths.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return rows }
        var fitting = tables.filter { $0.columns.count == width && $0.name != "sqlite_sequence" }
        guard fitting.count > 1 else { return rows.map { classify($0, tables: tables, shapes: shapes) } }
        let sameWidth = rows.filter { $0.values.count == width }
        // Tables whose live rows plainly are not like these are ruled out first (a status among notes).
        let possible = fitting.filter { table in !(shapes[table.name]?.rules(out: sameWidth.map { keyed($0, table) }) ?? false) }
        if !possible.isEmpty { fitting = possible }
        if fitting.count == 1 {
            return rows.map { row in classify(row, tables: row.values.count == width ? fitting : tables, shapes: shapes) }
        }
        let scored = fitting.map { table in
            let profile = shapes[table.name].map { $0.plus(table.declaredShapes) } ?? table.declaredShapes
            return (table: table, score: sameWidth.reduce(0.0) { $0 + profile.score(keyed($1, table)) })
        }.sorted { $0.score > $1.score }
        guard scored[0].score - scored[1].score > log(4.0) else { return rows.map { classify($0, tables: tables, shapes: shapes) } }
        return rows.map { row in
            guard row.values.count == width else { return classify(row, tables: tables, shapes: shapes) }
            return classify(row, tables: [scored[0].table], shapes: shapes)
        }
    }

    /// Gives a carved or orphaned row the table whose column count it has (the only one, or the one whose
    /// live rows' value kinds it shares most).
    static func classify(_ row: Row, tables: [Table], shapes: [String: Shapes] = [:]) -> Row {
        var row = row
        var fitting = tables.filter { $0.columns.count == row.values.count && $0.name != "sqlite_sequence" }
        if fitting.count > 1 {
            let possible = fitting.filter { table in !(shapes[table.name]?.rules(out: [keyed(row, table)]) ?? false) }
            if !possible.isEmpty { fitting = possible }
        }
        if fitting.count > 1 {
            // Tables of the same width: the one whose live rows' value kinds the row shares, clearly.
            let scored = fitting.map { table in
                (table: table, score: (shapes[table.name].map { live in live.plus(table.declaredShapes) } ?? table.declaredShapes).score(keyed(row, table)))
            }.sorted { $0.score > $1.score }
            if scored[0].score - scored[1].score > log(4.0) { fitting = [scored[0].table] }
        }
        if fitting.count == 1 {
            row.table = fitting[0].name
            // An INTEGER PRIMARY KEY is stored as NULL: the cell's rowid is its value.
            if let k = fitting[0].rowidColumn, k < row.values.count, row.values[k].isNull, let rowid = row.rowid { row.values[k] = .integer(rowid) }
        }
        if fitting.isEmpty, row.values.count == 5, case .text(let type) = row.values[0], ["table", "index", "view", "trigger"].contains(type) {
            row.table = "sqlite_master"
        }
        return row
    }
}

/// Column names from a `CREATE TABLE` statement, and which one is the rowid (`INTEGER PRIMARY KEY`).
enum SchemaSQL {
    /// The columns' names and declared types (the words after the name, up to a constraint), and which
    /// column is the rowid.
    static func columns(_ sql: String) -> (columns: [String], rowid: Int?, types: [String]) {
        guard let open = sql.firstIndex(of: "("), let close = sql.lastIndex(of: ")"), open < close else { return ([], nil, []) }
        let body = sql[sql.index(after: open)..<close]
        var parts: [String] = [], depth = 0, current = ""
        for character in body {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == "," && depth == 0 { parts.append(current); current = "" } else { current.append(character) }
        }
        parts.append(current)
        let constraints: Set<String> = ["primary", "unique", "check", "foreign", "constraint"]
        let stops: Set<String> = ["not", "null", "primary", "unique", "default", "references", "check", "collate", "generated", "constraint",
                                  "auto_increment", "autoincrement"]
        var columns: [String] = [], types: [String] = [], rowid: Int?
        var tableKey: String?
        var integerColumns: Set<String> = []
        for part in parts {
            let words = part.splitAtWhitespace().map(String.init)
            guard let first = words.first else { continue }
            if constraints.contains(first.lowercased()) {
                // PRIMARY KEY("id" AUTOINCREMENT) as a table constraint.
                if first.lowercased() == "primary", let inner = part.split(separator: "(").dropFirst().first {
                    tableKey = unquote(String(inner.split(whereSeparator: { $0 == ")" || $0 == " " || $0 == "," }).first ?? ""))
                }
                continue
            }
            let name = unquote(first)
            let integer = words.count > 1 && words[1].lowercased() == "integer"
            if integer, part.lowercased().contains("primary key") { rowid = columns.count }
            if integer { integerColumns.insert(name) }
            columns.append(name)
            types.append(words.dropFirst().prefix { !stops.contains($0.lowercased()) }.joined(separator: " "))
        }
        if rowid == nil, let key = tableKey, let k = columns.firstIndex(of: key), integerColumns.contains(key) { rowid = k }
        return (columns, rowid, types)
    }

    static func unquote(_ s: String) -> String {
        var t = s.trimmingWhitespace()
        if let first = t.first, "\"'`[".contains(first) { t.removeFirst() }
        if let last = t.last, "\"'`]".contains(last) { t.removeLast() }
        return t
    }
}

import Foundation
import LacunaCore

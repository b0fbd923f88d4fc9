import Foundation

/// A SQLite database file as pages, read over the documented file format without SQLite itself (the
/// machine's libsqlite3 has neither `sqlite3_recover` nor `sqlite_dbpage`, and a damaged file is what it
/// refuses): the header where it survives, else the page size guessed from what the pages look like; a
/// WAL beside it replayed up to its last commit whose frames check out; pages past a truncated end absent.
public struct SQLiteImage {
    public let pageSize: Int
    /// Bytes at the end of each page an extension reserved.
    public let reserved: Int
    /// The file, mapped; pages are cut from it when asked for.
    private let file: Data
    private let wholePages: Int
    /// Pages that are not simply the file's: the WAL's newer versions, a last page cut short.
    private var pages: [Int: [UInt8]]
    public let pageCount: Int
    /// 1 UTF-8, 2 UTF-16le, 3 UTF-16be.
    public let textEncoding: Int
    public let firstFreelistTrunk: Int
    /// Whether page 1's header was readable.
    public let headerIntact: Bool
    /// Pages the WAL replaced.
    public private(set) var pagesFromWAL: Set<Int> = []
    /// What was noticed on the way (a guessed page size, a truncated tail, WAL frames ignored).
    public private(set) var notes: [String] = []

    public var usableSize: Int { pageSize - reserved }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case notSQLite(String)
        public var description: String {
            switch self {
            case .unreadable(let why): return "cannot read the file (\(why))"
            case .notSQLite(let why): return why
            }
        }
    }

    static let magic = Array("SQLite format 3\u{0}".utf8)

    public init(path: String, wal: String? = nil) throws(Failure) {
        // Mapped, not read: a database of millions of rows is paged in as it is walked.
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { throw .unreadable("no such file, or not allowed") }
        let bytes = data
        guard !bytes.isEmpty else { throw .notSQLite("an empty file: nothing of a database is left") }
        var notes: [String] = []
        var pageSize = 0, reserved = 0, encoding = 1, trunk = 0, stated = 0
        let intact = bytes.count >= 100 && Array(bytes[0..<16]) == Self.magic
        if intact {
            let raw = Int(bytes[16]) << 8 | Int(bytes[17])
            pageSize = raw == 1 ? 65536 : raw
            reserved = Int(bytes[20])
            let header = [UInt8](bytes.prefix(100))
            stated = Self.u32(header, 28)
            trunk = Self.u32(header, 32)
            encoding = Self.u32(header, 56)
            if !(512...65536).contains(pageSize) || pageSize & (pageSize - 1) != 0 {
                notes.append("the header's page size (\(raw)) is impossible; guessed from the pages")
                pageSize = 0
            }
        }
        if pageSize == 0 {
            guard let guessed = Self.guessPageSize(bytes) else {
                throw .notSQLite(bytes.allSatisfy({ $0 == 0 })
                    ? "every byte is zero: no header and no page left to read"
                    : "not a SQLite database: no header, and no page looks like a SQLite b-tree page")
            }
            pageSize = guessed
            if !intact { notes.append("no SQLite header (page 1 damaged): page size \(guessed) guessed from the pages; the schema is lost with it") }
        }
        self.pageSize = pageSize
        self.reserved = reserved
        textEncoding = (1...3).contains(encoding) ? encoding : 1
        firstFreelistTrunk = trunk
        headerIntact = intact
        var pages: [Int: [UInt8]] = [:]
        let whole = bytes.count / pageSize
        if bytes.count % pageSize != 0 {
            notes.append("the file ends inside page \(whole + 1): that page's \(bytes.count % pageSize) bytes are read as far as they go")
            var last = Array(bytes[(whole * pageSize)...])
            last += [UInt8](repeating: 0, count: pageSize - last.count)
            pages[whole + 1] = last
        }
        let held = whole + (bytes.count % pageSize != 0 ? 1 : 0)
        if stated > held { notes.append("the header says \(stated) pages; the file holds \(held) (truncated)") }
        file = data
        wholePages = whole
        self.pages = pages
        pageCount = held
        self.notes = notes
        let walPath = wal ?? path + "-wal"
        if let walData = FileManager.default.contents(atPath: walPath), !walData.isEmpty { replayWAL([UInt8](walData)) }
    }

    /// The page's bytes (1-based), nil where the file does not hold it.
    public func page(_ number: Int) -> [UInt8]? {
        if let overlaid = pages[number] { return overlaid }
        guard number >= 1, number <= wholePages else { return nil }
        return [UInt8](file[((number - 1) * pageSize)..<(number * pageSize)])
    }

    /// The highest page number held (the WAL may add pages past the file's end).
    public var lastPage: Int { max(pageCount, pages.keys.max() ?? 0) }

    static func u32(_ b: [UInt8], _ at: Int) -> Int {
        guard at + 4 <= b.count else { return 0 }
        return Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
    }

    /// The page size under which the most pages start like a b-tree page.
    static func guessPageSize(_ bytes: Data) -> Int? {
        var best: (size: Int, score: Int)?
        for size in [4096, 1024, 2048, 8192, 16384, 32768, 65536, 512] where bytes.count >= size {
            var score = 0
            for n in 1..<max(1, bytes.count / size) {
                let base = n * size
                guard [2, 5, 10, 13].contains(bytes[base]) else { continue }
                let cells = Int(bytes[base + 3]) << 8 | Int(bytes[base + 4])
                let content = Int(bytes[base + 5]) << 8 | Int(bytes[base + 6])
                if cells > 0 && cells < size / 2 && (content == 0 || content < size) { score += 1 }
            }
            if score > (best?.score ?? 0) { best = (size, score) }
        }
        return best?.size
    }

    /// Lays the WAL's committed frames over the pages: frames whose salts match the WAL header and whose
    /// running checksum holds, up to the last frame that commits a transaction.
    private mutating func replayWAL(_ wal: [UInt8]) {
        guard wal.count >= 32 else { return }
        let magic = Self.u32(wal, 0)
        guard magic == 0x377F0682 || magic == 0x377F0683 else {
            notes.append("a WAL file beside the database has no WAL header: ignored")
            return
        }
        let bigEndian = magic & 1 == 1
        let size = Self.u32(wal, 8)
        guard size == pageSize else {
            notes.append("the WAL's page size (\(size)) is not the database's: ignored")
            return
        }
        let salt1 = Self.u32(wal, 16), salt2 = Self.u32(wal, 20)
        var s0: UInt32 = 0, s1: UInt32 = 0
        func checksum(_ range: Range<Int>) {
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                let x0 = Self.word(wal, i, bigEndian: bigEndian), x1 = Self.word(wal, i + 4, bigEndian: bigEndian)
                s0 = s0 &+ x0 &+ s1
                s1 = s1 &+ x1 &+ s0
                i += 8
            }
        }
        checksum(0..<24)
        guard UInt32(Self.u32(wal, 24)) == s0, UInt32(Self.u32(wal, 28)) == s1 else {
            notes.append("the WAL header's checksum fails: the WAL is ignored")
            return
        }
        var pending: [Int: [UInt8]] = [:]
        var committed = 0, frames = 0
        var offset = 32
        while offset + 24 + pageSize <= wal.count {
            let number = Self.u32(wal, offset), commitSize = Self.u32(wal, offset + 4)
            guard Self.u32(wal, offset + 8) == salt1, Self.u32(wal, offset + 12) == salt2 else { break }
            checksum(offset..<(offset + 8))
            checksum((offset + 24)..<(offset + 24 + pageSize))
            guard UInt32(Self.u32(wal, offset + 16)) == s0, UInt32(Self.u32(wal, offset + 20)) == s1 else { break }
            frames += 1
            pending[number] = Array(wal[(offset + 24)..<(offset + 24 + pageSize)])
            if commitSize > 0 {
                for (page, bytes) in pending {
                    pages[page] = bytes
                    pagesFromWAL.insert(page)
                }
                pending = [:]
                committed = frames
            }
            offset += 24 + pageSize
        }
        if frames > 0 { notes.append("the WAL beside it replayed: \(committed) of \(frames) valid frames committed") }
        if frames > committed { notes.append("\(frames - committed) WAL frames after the last commit ignored (a transaction never finished)") }
    }

    static func word(_ b: [UInt8], _ at: Int, bigEndian: Bool) -> UInt32 {
        let v = (UInt32(b[at]), UInt32(b[at + 1]), UInt32(b[at + 2]), UInt32(b[at + 3]))
        return bigEndian ? v.0 << 24 | v.1 << 16 | v.2 << 8 | v.3 : v.3 << 24 | v.2 << 16 | v.1 << 8 | v.0
    }
}

import Foundation
import Testing
@testable import Store
@testable import LacunaCore
import TestPostgres

@Suite("Each file's traces kept as a block")
struct TraceBlockTests {
    let cases = CaseStoreTests()
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!

    /// Traces that between them set and leave out every field a trace has, with texts a block must keep
    /// as they are.
    func assorted(_ prefix: String) -> [Trace] {
        let texts = ["", "Tipene", "Ōrākei", "O'Brien-Ngata", "line\u{0}two", "\u{E000}", String(repeating: "long ", count: 40), "日本"]
        let kinds = SourceKind.allCases
        let precisions: [TraceTime.Precision?] = [nil, .day, .minute, .second]
        return (0..<60).map { n in
            var t = cases.trace("\(prefix)\(n)")
            t.kind = kinds[n % kinds.count]
            t.recordType = ["booking", "result", "", "patient", "message"][n % 5]
            t.locator = Locator(line: n % 2 == 0 ? n : nil, endLine: n % 3 == 0 ? n + 2 : nil, message: n % 5 == 0 ? n / 5 : nil,
                                byteOffset: n % 7 == 0 ? nil : 1 << (n % 40))
            let date = LocalDate(dayNumber: 20_000 + n * 37)
            switch precisions[n % 4] {
            case nil: t.time = nil
            case .day: t.time = TraceTime(date: date)
            case .minute: t.time = TraceTime(date: date, time: LocalTime(hour: n % 24, minute: 59 - n % 60)!, clock: clock)
            case .second: t.time = TraceTime(instant: Date(timeIntervalSince1970: 1_743_638_400 + Double(n) * 4_321), clock: clock)
            }
            // Each field set or not, by the bits of a number scattered from n (the same every run; all set,
            // none set among them).
            let bits = n == 0 ? Int.max : n == 1 ? 0 : Int((UInt64(n) &* 0x9E37_79B9_7F4A_7C15) >> 44)
            func text(_ bit: Int) -> String? { bits & 1 << bit == 0 ? nil : texts[(n + bit) % texts.count] }
            var identity = Identity()
            identity.nhi = text(0)
            identity.nhiUnchecked = text(1)
            identity.familyName = text(2)
            identity.givenName = text(3)
            identity.preferredName = text(4)
            identity.givenInitial = text(5)
            identity.familyInitial = text(6)
            identity.sex = text(7)
            identity.mobile = text(8)
            identity.phone = text(9)
            identity.email = text(10)
            identity.address = text(11)
            identity.postcode = text(12)
            identity.cardLast4 = text(13)
            identity.payerName = text(14)
            identity.portalID = text(15)
            identity.localPatientID = text(16)
            identity.dob = bits & 1 << 17 == 0 ? nil : LocalDate(dayNumber: -40_000 + n * 997)
            identity.peopleNamed = bits & 1 << 18 == 0 ? nil : n - 30
            t.identity = identity
            t.provider = bits & 1 << 19 == 0 ? nil : ["RS", "Dr Ngaio Marsh", ""][n % 3]
            t.payload = n % 6 == 0 ? [:] : ["note": texts[n % texts.count], "Ōrākei": "\u{E000}", "a": "", "Status": "Booked \(n)"]
            return t
        }
    }

    @Test("a block gives back every field of every trace it was made of, each left out or set, with any text; a trace and an identity hold only the fields it keeps")
    func roundTrip() throws {
        var traces = assorted("k")
        for n in traces.indices { traces[n].id = Int64(n * 3 - 50) }
        let back = try TraceBlock.decoded(TraceBlock.encoded(traces), file: "sources/a.csv")
        traces = traces.map { var t = $0; t.file = "sources/a.csv"; return t }
        #expect(cases.fields(back) == cases.fields(traces))
        #expect(back.map(\.identity) == traces.map(\.identity) && back.map(\.time) == traces.map(\.time) && back.map(\.payload) == traces.map(\.payload))
        #expect(try TraceBlock.decoded(TraceBlock.encoded([]), file: "a.csv").isEmpty)
        // A field added to a trace or an identity must be added to the block (and then here).
        let fields = Mirror(reflecting: traces[0]).children.first.flatMap { Mirror(reflecting: $0.value).children.first }
        #expect(fields.map { Mirror(reflecting: $0.value).children.count } == 10)
        // An identity's fields in place but the box of rare ones and the date's number, the date, and the box's but its date.
        let inPlace = Mirror(reflecting: Identity().storage.fields).children.compactMap(\.label)
        let boxed = Mirror(reflecting: Identity.Rare.Fields()).children.compactMap(\.label)
        #expect(inPlace.filter { $0 != "rare" && $0 != "packedDOB" }.count + 1 + boxed.filter { $0 != "dob" }.count == 19)
    }

    @Test("a damaged block, or one of another layout, is refused, never read past its end")
    func damaged() {
        let bytes = TraceBlock.encoded(assorted("d"))
        for end in stride(from: 0, to: bytes.count, by: 97) {
            #expect(throws: ByteRunError.self) { try TraceBlock.decoded(Array(bytes[..<end]), file: "a.csv") }
        }
        #expect(throws: ByteRunError.self) { try TraceBlock.decoded(bytes + [0], file: "a.csv") }
        var other = bytes
        other[0] = UInt8(TraceBlock.format + 1)
        #expect(throws: ByteRunError.self) { try TraceBlock.decoded(other, file: "a.csv") }
    }

    @Test("a re-run reads each file's block, the traces its rows give in the same order; where the blocks do not account for every row, or one cannot be read, the rows, and the blocks are written again",
          arguments: Engine.allCases)
    func blocksOrRows(backend: Engine) throws {
        guard let store = try cases.store(backend) else { return }
        // Three files, the second arriving first, a record of the third the case holds already.
        var third = assorted("c")
        third[4] = cases.trace("a7")
        for (path, traces) in [("b.csv", assorted("b")), ("a.csv", assorted("a")), ("c.csv", third)] {
            _ = try store.recordImport(kind: .appointments, path: path, sha256: path, size: 1, encoding: nil, traces: traces, rejects: [], warnings: [])
        }
        func blocks() throws -> [[SQLValue]] { try store.database.rows("SELECT file_id, traces, lowest_id, highest_id, body FROM trace_block ORDER BY file_id") }
        let kept = try blocks()
        #expect(kept.map { $0[1].int } == [60, 60, 59])
        // Each block, written in the memory the one before it was written in, holds its own file's traces alone.
        for (row, path) in zip(kept, ["b.csv", "a.csv", "c.csv"]) {
            #expect(try TraceBlock.decoded(row[4].blobBytes ?? [], file: path).map(\.contentKey).count == row[1].int)
        }
        let fromBlocks = try store.traces()
        #expect(fromBlocks.count == 179)
        let files: [String] = Array(repeating: "a.csv", count: 60) + Array(repeating: "b.csv", count: 60) + Array(repeating: "c.csv", count: 59)
        #expect(fromBlocks.map(\.file) == files)

        // What the blocks say is what is read: a block made to say otherwise is believed.
        guard case .blob(let body) = kept[0][4] else { Issue.record("a block that is not bytes"); return }
        var changed = try TraceBlock.decoded(body, file: "b.csv")
        changed[0].provider = "ZZ"
        try store.database.run("UPDATE trace_block SET body = ? WHERE file_id = ?", [.blob(TraceBlock.encoded(changed)), kept[0][0]])
        #expect(try store.traces().filter { $0.provider == "ZZ" }.map(\.contentKey) == [changed[0].contentKey])
        try store.database.run("UPDATE trace_block SET body = ? WHERE file_id = ?", [kept[0][4], kept[0][0]])

        // Without a file's block (a case an earlier version wrote to), every trace is read from its row: the same.
        try store.database.run("DELETE FROM trace_block WHERE file_id = ?", [kept[1][0]])
        let fromRows = try store.traces()
        #expect(cases.fields(fromRows) == cases.fields(fromBlocks))
        #expect(fromRows.map(\.time) == fromBlocks.map(\.time) && fromRows.map(\.identity) == fromBlocks.map(\.identity))
        // And the blocks are written again from what was read, as the import wrote them: the next run reads blocks.
        #expect(try blocks() == kept)
        // Never from traces that are not every trace the case holds (another process added or took some since).
        var fileIDs: [String: Int64] = [:]
        for row in try store.database.rows("SELECT path, id FROM source_file") { fileIDs[row[0].string!] = Int64(row[1].int!) }
        let partial = fromRows.enumerated().filter { $0.offset != 5 }.map(\.element)
        try store.database.run("DELETE FROM trace_block WHERE file_id = ?", [kept[0][0]])
        try store.keepBlocks(partial, files: partial.map { fileIDs[$0.file]! })
        #expect(try blocks() == Array(kept.dropFirst()))
        try store.keepBlocks(fromRows, files: fromRows.map { fileIDs[$0.file]! })
        #expect(try blocks() == kept)

        // A block that cannot be read, or that says it holds other traces than it does: the rows, the same again.
        let bad: [(count: Int, body: [UInt8])] = [(60, Array((kept[1][4].blobBytes ?? []).dropLast(3))), (59, kept[1][4].blobBytes ?? [])]
        for block in bad {
            try store.database.run("DELETE FROM trace_block WHERE file_id = ?", [kept[1][0]])
            try store.database.run("INSERT INTO trace_block (file_id, traces, lowest_id, highest_id, body) VALUES (?, ?, ?, ?, ?)",
                                   [kept[1][0], .integer(Int64(block.count)), kept[1][2], kept[1][3], .blob(block.body)])
            // Counts that still add up to the rows': the third block is then the one that says otherwise.
            if block.count == 59 { try store.database.run("UPDATE trace_block SET traces = 60 WHERE file_id = ?", [kept[2][0]]) }
            #expect(cases.fields(try store.traces()) == cases.fields(fromBlocks))
            #expect(try blocks() == kept)
        }
    }
}

extension SQLValue {
    var blobBytes: [UInt8]? { if case .blob(let bytes) = self { bytes } else { nil } }
}

import Foundation
import LacunaCore

/// JSON exports as records: a top-level array, an object wrapping one (`{"count": 3, "messages": […]}`),
/// NDJSON (one object a line), or several of these one after another (`[…]\n[…]`, pages appended to one
/// file): every record of every top-level value is read.
///
/// Each record is found by `JSONScanner`, which checks the grammar as it goes, and parsed on its own, so
/// damage costs only the record it is in: where a record breaks (a missing quote, a flipped byte, a cut),
/// the reader resynchronises at the next place a record starts again (an object where a sibling could
/// begin, that parses, ends where an element may end and shares a key with the records read so far)
/// and the damaged stretch is one reject with its line and byte offset. Nothing that could not be
/// parsed is left out of the counts.
enum JSONRecords {
    /// Reads every record; `isRecord` tells a record from an object that wraps the records (a record
    /// names its fields, e.g. a message id or a sender; a wrapper holds the list and a count).
    static func read(_ utf8: [UInt8], file: String, kind: SourceKind, isRecord: @escaping ([String: Any]) -> Bool,
                     body: ([String: Any], Locator, inout ContentKeys, inout [String]) -> Result<Trace, RecordProblem>) -> FileImport {
        var result = FileImport()
        var warnings: [String] = []
        var walk = Walk(bytes: utf8, isRecord: isRecord)
        walk.run()
        var keys = ContentKeys(kind: kind, records: walk.pieces.count)
        let lines = LineIndex(utf8)
        for (index, piece) in walk.pieces.enumerated() {
            let locator = Locator(line: lines.line(of: piece.range.lowerBound), endLine: lines.line(of: max(piece.range.lowerBound, piece.range.upperBound - 1)),
                                  message: index + 1, byteOffset: piece.range.lowerBound)
            switch piece.content {
            case .damaged(let reason):
                result.rejects.append(Reject(kind: kind, file: file, locator: locator, reason: reason))
            case .record(let object):
                switch body(object, locator, &keys, &warnings) {
                case .success(let trace): result.traces.append(trace)
                case .failure(let problem): result.rejects.append(Reject(kind: kind, file: file, locator: locator, reason: problem.reason))
                }
            }
        }
        result.warnings.append(contentsOf: RepeatedWarnings.summarise(warnings, file: file))
        return result
    }

    /// A stretch of the file: a record, or damage that could not be read.
    struct Piece {
        enum Content {
            case record([String: Any])
            case damaged(String)
        }
        let range: Range<Int>
        let content: Content
    }

    /// The walk over a file's top-level values, collecting records and damaged stretches in order.
    struct Walk {
        let bytes: [UInt8]
        let scanner: JSONScanner
        let isRecord: ([String: Any]) -> Bool
        var pieces: [Piece] = []
        /// Member names of the records read so far: a resynchronisation point must share one.
        var recordKeys: Set<String> = []

        init(bytes: [UInt8], isRecord: @escaping ([String: Any]) -> Bool) {
            self.bytes = bytes
            scanner = JSONScanner(bytes)
            self.isRecord = isRecord
        }

        mutating func run() {
            var i = scanner.skipSpace(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "["): i = recordsArray(at: i)
                case UInt8(ascii: "{"): i = topObject(at: i)
                default:
                    let next = resync(after: i, topLevel: true) ?? bytes.count
                    damaged(i..<next, "not JSON: text between records that is neither an object nor an array")
                    i = next
                }
                i = scanner.skipSpace(i)
                // Commas between top-level values (`{…},\n{…}`) are tolerated.
                while i < bytes.count, bytes[i] == UInt8(ascii: ",") { i = scanner.skipSpace(i + 1) }
            }
        }

        /// An object at the top level: a record, or a wrapper whose array member holds the records.
        mutating func topObject(at start: Int) -> Int {
            if let end = try? scanner.endOfValue(at: start), let object = parse(start..<end) {
                if let member = recordsMember(of: start), member.holdsRecords || !isRecord(object) {
                    _ = recordsArray(at: member.value)
                } else {
                    record(start..<end, object)
                }
                return end
            }
            // Damaged. Walk its members: an array of objects met before the damage is the wrapped list
            // when its first element is a record or the object so far is not one: read it, recovering
            // inside.
            if let member = recordsMember(of: start), member.holdsRecords || !member.ownerIsRecord {
                let afterArray = recordsArray(at: member.value)
                return closeWrapper(from: afterArray)
            }
            let next = resync(after: start, topLevel: true) ?? bytes.count
            damaged(start..<next, reason(start..<next))
            return next
        }

        /// The rest of a wrapper after its records' array: its other members, then its `}`. Damage
        /// here holds no records; it is skipped to the next top-level value.
        mutating func closeWrapper(from start: Int) -> Int {
            var i = scanner.skipSpace(start)
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "}") { return i + 1 }
                if bytes[i] == UInt8(ascii: ",") { i = scanner.skipSpace(i + 1); continue }
                guard bytes[i] == UInt8(ascii: "\""), let keyEnd = try? scanner.endOfString(at: i) else { break }
                let colon = scanner.skipSpace(keyEnd)
                guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":"), let end = try? scanner.endOfValue(at: colon + 1) else { break }
                i = scanner.skipSpace(end)
            }
            return resync(after: i, topLevel: true) ?? bytes.count
        }

        /// The first member of the object at `start` whose value is an array whose first element is an
        /// object: where that array starts, whether its first element is a record, and whether the
        /// members before it already make the object a record. Members after damage are not reached.
        func recordsMember(of start: Int) -> (value: Int, holdsRecords: Bool, ownerIsRecord: Bool)? {
            var i = scanner.skipSpace(start + 1)
            var seen: [String: Any] = [:]
            while i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                guard let keyEnd = try? scanner.endOfString(at: i) else { return nil }
                let key = (try? JSONSerialization.jsonObject(with: Data(bytes[i..<keyEnd]), options: [.fragmentsAllowed])) as? String ?? ""
                let colon = scanner.skipSpace(keyEnd)
                guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { return nil }
                let value = scanner.skipSpace(colon + 1)
                let first = scanner.skipSpace(value + 1)
                if value < bytes.count, bytes[value] == UInt8(ascii: "["), first < bytes.count, bytes[first] == UInt8(ascii: "{") {
                    // The first element that reads (the first may be the damaged one).
                    var element = (try? scanner.endOfValue(at: first)).flatMap { parse(first..<$0) }
                    if element == nil, let next = resync(after: first, topLevel: false), let end = try? scanner.endOfValue(at: next) {
                        element = parse(next..<end)
                    }
                    return (value, element.map(isRecord) ?? false, isRecord(seen))
                }
                guard let end = try? scanner.endOfValue(at: value) else { return nil }
                seen[key] = parse(value..<end, anyValue: true) ?? NSNull()
                i = scanner.skipSpace(end)
                guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return nil }
                i = scanner.skipSpace(i + 1)
            }
            return nil
        }

        /// The elements of the array at `start` as records, recovering from damage inside it. Returns
        /// where the array ends (the end of the file where it never closes).
        /// An element that is itself a list (`[[{…},{…}]]`, a doubled bracket) holds records too, to a
        /// small depth.
        mutating func recordsArray(at start: Int, depth: Int = 0) -> Int {
            var i = scanner.skipSpace(start + 1)
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "]") { return i + 1 }
                let element = i
                do {
                    let end = try scanner.endOfValue(at: element)
                    if let object = parse(element..<end) {
                        record(element..<end, object)
                    } else if bytes[element] == UInt8(ascii: "["), depth < 3 {
                        _ = recordsArray(at: element, depth: depth + 1)
                    } else {
                        damaged(element..<end, "an element of the list is not a JSON object")
                    }
                    i = scanner.skipSpace(end)
                    if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
                        i = scanner.skipSpace(i + 1)
                    } else if i < bytes.count, bytes[i] != UInt8(ascii: "]"), bytes[i] != UInt8(ascii: "{") {
                        // Neither a comma, the end, nor (a comma forgotten) the next record: damage.
                        let next = resync(after: i, topLevel: false) ?? bytes.count
                        damaged(i..<next, reason(i..<next))
                        i = next
                    }
                } catch {
                    let next = resync(after: element, topLevel: false) ?? bytes.count
                    damaged(element..<next, reason(element..<next, failure: error))
                    i = next
                }
            }
            return bytes.count
        }

        /// The next place after `start` where a record starts again: an object that begins a line or
        /// follows `,` `[` or `}`, parses, ends where an element may end, and (once records have been
        /// read) shares a member name with them. At the top level an array may also start there.
        func resync(after start: Int, topLevel: Bool) -> Int? {
            var q = start + 1
            while q < bytes.count {
                let c = bytes[q]
                defer { q += 1 }
                guard c == UInt8(ascii: "{") || (topLevel && c == UInt8(ascii: "[")) else { continue }
                var p = q - 1
                while p >= 0, bytes[p] == 0x20 || bytes[p] == 0x09 { p -= 1 }
                let before: UInt8 = p >= 0 ? bytes[p] : 0x0A
                // Where a sibling could begin; or the first structure on its line, after stray bytes.
                var lineStart = q
                while lineStart > start, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
                let onlyStrayBefore = !bytes[lineStart..<q].contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }
                guard [0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "}")].contains(before) || onlyStrayBefore else { continue }
                guard let end = try? scanner.endOfValue(at: q) else { continue }
                let after = scanner.skipSpace(end)
                guard after >= bytes.count || [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "}")].contains(bytes[after])
                        || bytes[end..<after].contains(0x0A) else { continue }
                if c == UInt8(ascii: "[") { return q }
                guard let object = parse(q..<end) else { continue }
                if recordKeys.isEmpty || !recordKeys.isDisjoint(with: object.keys) || (topLevel && !isRecord(object)) { return q }
            }
            return nil
        }

        mutating func record(_ range: Range<Int>, _ object: [String: Any]) {
            recordKeys.formUnion(object.keys)
            pieces.append(Piece(range: range, content: .record(object)))
        }

        mutating func damaged(_ range: Range<Int>, _ reason: String) {
            var end = range.upperBound
            while end > range.lowerBound, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ",")].contains(bytes[end - 1]) { end -= 1 }
            guard end > range.lowerBound else { return }
            pieces.append(Piece(range: range.lowerBound..<end, content: .damaged(reason)))
        }

        /// Why a stretch could not be read; names the problem and its size, never its text.
        func reason(_ range: Range<Int>, failure: JSONScanner.Failure? = nil) -> String {
            var found = failure
            if found == nil {
                do { _ = try scanner.endOfValue(at: range.lowerBound) } catch { found = error }
            }
            let starts = bytes[range].filter { $0 == UInt8(ascii: "{") }.count
            let what = found.map { "not valid JSON (\($0.reason))" } ?? "not valid JSON"
            return what + "; the damaged stretch runs \(range.count) bytes" + (starts > 1 ? " and may hold up to \(starts) records" : "")
        }

        func parse(_ range: Range<Int>, anyValue: Bool = false) -> [String: Any]? {
            let value = try? JSONSerialization.jsonObject(with: Data(bytes[range]), options: anyValue ? [.fragmentsAllowed] : [])
            return value as? [String: Any] ?? (anyValue && value != nil ? [:] : nil)
        }
    }

    /// Reads values out of a JSON object by any of several key spellings; `null` and "" are absent.
    struct Lookup {
        let object: [String: Any]
        init(_ object: [String: Any]) { self.object = object }

        func string(_ keys: String...) -> String? {
            for k in keys {
                let value = object[k] ?? object.first { $0.key.lowercased() == k.lowercased() }?.value
                switch value {
                case let s as String: if let p = present(s) { return p }
                case let n as NSNumber: return n.stringValue
                default: continue
                }
            }
            return nil
        }

        func object(_ keys: String...) -> Lookup? {
            for k in keys { if let o = object[k] as? [String: Any] { return Lookup(o) } }
            return nil
        }

        /// The objects of the first of `keys` that holds a list of them.
        func objects(_ keys: String...) -> [Lookup] {
            for k in keys {
                let value = object[k] ?? object.first { $0.key.lowercased() == k.lowercased() }?.value
                if let list = value as? [[String: Any]] { return list.map(Lookup.init) }
                if let list = value as? [Any] { return list.compactMap { $0 as? [String: Any] }.map(Lookup.init) }
            }
            return []
        }
    }
}

/// Line numbers of byte offsets, from the file's line starts.
struct LineIndex {
    private var starts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
    }

    /// The 1-based line holding `offset`.
    func line(of offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }
}

import Foundation
import LacunaCore

/// JSON exports as records: a top-level array (or an object whose first array member holds them) or
/// NDJSON, one object a line. Each element is cut out by a small scanner (strings and nesting
/// respected) and parsed on its own, so one damaged element is one reject with its line, and the
/// rest go on.
enum JSONRecords {
    static func read(_ utf8: [UInt8], file: String, kind: SourceKind,
                     body: ([String: Any], Locator, inout ContentKeys, inout [String]) -> Result<Trace, RecordProblem>) -> FileImport {
        var result = FileImport()
        var keys = ContentKeys(kind: kind)
        var warnings: [String] = []
        for element in elements(utf8) {
            let locator = Locator(line: element.line, message: element.index, byteOffset: element.range.lowerBound)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(utf8[element.range]), options: [])) as? [String: Any] else {
                result.rejects.append(Reject(kind: kind, file: file, locator: locator, reason: "not a JSON object (damaged or truncated)"))
                continue
            }
            switch body(object, locator, &keys, &warnings) {
            case .success(let trace): result.traces.append(trace)
            case .failure(let problem): result.rejects.append(Reject(kind: kind, file: file, locator: locator, reason: problem.reason))
            }
        }
        result.warnings.append(contentsOf: RepeatedWarnings.summarise(warnings, file: file))
        return result
    }

    struct Element { let range: Range<Int>; let line: Int; let index: Int }

    /// The byte ranges of the records: the elements of the first array met at depth 0 or 1, or each
    /// top-level object (NDJSON, or concatenated objects).
    static func elements(_ b: [UInt8]) -> [Element] {
        var out: [Element] = []
        var line = 1
        var depth = 0
        var arrayDepth: Int?          // depth inside the array whose elements are records
        var start: (offset: Int, line: Int)?
        var inString = false, escaped = false
        var topObject: (offset: Int, line: Int)?
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x0A { line += 1 }
            if inString {
                if escaped { escaped = false } else if c == 0x5C { escaped = true } else if c == 0x22 { inString = false }
                i += 1
                continue
            }
            switch c {
            case 0x22: inString = true
            case 0x5B, 0x7B:   // [ {
                if arrayDepth == nil, c == 0x5B, depth <= 1 { arrayDepth = depth + 1; topObject = nil }
                else if let a = arrayDepth, depth == a, start == nil { start = (i, line) }
                else if arrayDepth == nil, depth == 0, c == 0x7B { topObject = (i, line) }
                depth += 1
            case 0x5D, 0x7D:   // ] }
                depth -= 1
                if let a = arrayDepth, depth == a, let s = start {
                    out.append(Element(range: s.offset..<(i + 1), line: s.line, index: out.count + 1))
                    start = nil
                } else if let a = arrayDepth, depth == a - 1, c == 0x5D {
                    arrayDepth = -1   // the records' array is closed; ignore the rest
                } else if depth == 0, let t = topObject, arrayDepth == nil {
                    out.append(Element(range: t.offset..<(i + 1), line: t.line, index: out.count + 1))
                    topObject = nil
                }
                if depth < 0 { depth = 0 }
            default:
                break
            }
            i += 1
        }
        // A truncated last element is still a record: it becomes a reject.
        if let s = start { out.append(Element(range: s.offset..<b.count, line: s.line, index: out.count + 1)) }
        else if let t = topObject, arrayDepth == nil { out.append(Element(range: t.offset..<b.count, line: t.line, index: out.count + 1)) }
        return out
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
    }
}

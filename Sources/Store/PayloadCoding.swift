import Foundation
import LacunaCore

/// A trace's payload (field name → text) as the JSON object stored in `trace.payload`.
///
/// Written and read by hand: every record of every file is encoded once on import and decoded on
/// every run, and Foundation's `JSONEncoder`/`JSONDecoder` made that a tenth of a run. The text is
/// plain JSON (keys sorted, `/` not escaped), so what older versions stored (through `JSONEncoder`) reads
/// back the same; anything this reader does not expect goes to `JSONDecoder`.
enum PayloadCoding {
    static func encode(_ payload: Payload) -> String {
        plain(payload) ?? escaping(payload)
    }

    /// The text of a payload with nothing to escape (most), written in one pass into room enough for
    /// any such: each field takes at least two bytes of lengths in the payload and six more as JSON
    /// (quotes, colon, comma). Nil where a byte needs an escape.
    private static func plain(_ payload: Payload) -> String? {
        var escapes = false
        let text = String(unsafeUninitializedCapacity: 3 * payload.byteCount + 2) { out in
            var at = 0
            out[at] = UInt8(ascii: "{")
            at += 1
            // A payload gives its fields in order of name, as bytes.
            payload.forEachFieldBytes { name, value in
                guard !escapes else { return }
                if at > 1 {
                    out[at] = UInt8(ascii: ",")
                    at += 1
                }
                guard let afterName = copy(name, to: out, at: at) else { escapes = true; return }
                out[afterName] = UInt8(ascii: ":")
                guard let afterValue = copy(value, to: out, at: afterName + 1) else { escapes = true; return }
                at = afterValue
            }
            out[at] = UInt8(ascii: "}")
            return escapes ? 0 : at + 1
        }
        return escapes ? nil : text
    }

    /// Writes the bytes between quotes at `at`; where the next goes, or nil where one needs an escape.
    /// Eight bytes at a time, asked at once whether any needs an escape (`wordNeedsEscape`), then the rest
    /// one by one: a payload's texts are most of what a fresh run stores.
    private static func copy(_ text: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int? {
        out[start] = UInt8(ascii: "\"")
        var at = start + 1
        var next = 0
        if text.count >= 8, let source = text.baseAddress, let target = out.baseAddress {
            while next + 8 <= text.count {
                let word = UnsafeRawPointer(source + next).loadUnaligned(as: UInt64.self)
                guard !wordNeedsEscape(word) else { return nil }
                UnsafeMutableRawPointer(target + at).storeBytes(of: word, as: UInt64.self)
                next += 8
                at += 8
            }
        }
        while next < text.count {
            let byte = text[next]
            guard !needsEscape(byte) else { return nil }
            out[at] = byte
            at += 1
            next += 1
        }
        out[at] = UInt8(ascii: "\"")
        return at + 1
    }

    /// Whether any of a word's eight bytes needs an escape (`needsEscape`): one below 0x20, a quote or a
    /// backslash. A byte below `n` (at most 0x80) leaves its top bit set in `(w - n·0x01…01) & ~w`; a byte
    /// equal to `c` is a zero byte of `w ^ c·0x01…01`, found so with `n` = 1. Exact for the word as a
    /// whole (which byte it was is not asked).
    @inline(__always)
    static func wordNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func anyBelow(_ w: UInt64, _ n: UInt64) -> Bool { (w &- ones &* n) & ~w & highs != 0 }
        return anyBelow(word, 0x20) || anyBelow(word ^ (ones &* 0x22), 1) || anyBelow(word ^ (ones &* 0x5C), 1)
    }

    /// The text of any payload: measured first (escapes take more room), then written in place.
    private static func escaping(_ payload: Payload) -> String {
        var size = 2
        var fields = 0
        payload.forEachFieldBytes { name, value in
            size += escapedCount(name) + escapedCount(value) + 1
            fields += 1
        }
        size += max(fields - 1, 0)
        return String(unsafeUninitializedCapacity: size) { out in
            var at = 0
            out[at] = UInt8(ascii: "{")
            at += 1
            var first = true
            payload.forEachFieldBytes { name, value in
                if !first {
                    out[at] = UInt8(ascii: ",")
                    at += 1
                }
                first = false
                at = write(name, to: out, at: at)
                out[at] = UInt8(ascii: ":")
                at += 1
                at = write(value, to: out, at: at)
            }
            out[at] = UInt8(ascii: "}")
            return at + 1
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Whether JSON writes the byte escaped: a quote, a backslash, a control character.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// What a JSON escape of the byte takes in place of it: nothing for most, `\n` and the like one
    /// byte more, `\u00XX` five more.
    @inline(__always)
    private static func extra(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09, 0x08, 0x0C: 1
        case 0..<0x20: 5
        default: 0
        }
    }

    /// The bytes a JSON string of the text takes, quotes included.
    private static func escapedCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = text.count + 2
        for byte in text where needsEscape(byte) { count += extra(byte) }
        return count
    }

    /// Writes a JSON string of the bytes at `at` (quotes, backslashes and control characters escaped);
    /// where the next goes.
    private static func write(_ text: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var at = start
        func put(_ byte: UInt8) {
            out[at] = byte
            at += 1
        }
        put(UInt8(ascii: "\""))
        for byte in text {
            guard needsEscape(byte) else {
                put(byte)
                continue
            }
            put(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(byte)
            case 0x0A: put(UInt8(ascii: "n"))
            case 0x0D: put(UInt8(ascii: "r"))
            case 0x09: put(UInt8(ascii: "t"))
            case 0x08: put(UInt8(ascii: "b"))
            case 0x0C: put(UInt8(ascii: "f"))
            default:
                put(UInt8(ascii: "u"))
                put(0x30)
                put(0x30)
                put(hex[Int(byte >> 4)])
                put(hex[Int(byte & 0xF)])
            }
        }
        put(UInt8(ascii: "\""))
        return at
    }

    static func decode(_ text: String) -> Payload {
        if let fast = text.withUTF8Bytes({ decodePlain($0) ?? decodeObject($0) }) { return fast }
        return Payload((try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:])
    }

    /// A payload as this coder writes most, `{"name":"text",…}` with no space, no escape and names in
    /// ASCII in order, read in one pass into the payload's own layout; nil for anything else (which
    /// `decodeObject` reads). Every trace's payload is read back on every run: going through
    /// `decodeObject`'s general reader cost some 700 instructions a field.
    private static func decodePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Payload? {
        let n = bytes.count
        guard n >= 2, bytes[0] == UInt8(ascii: "{"), bytes[n - 1] == UInt8(ascii: "}") else { return nil }
        if n == 2 { return Payload() }
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        // The layout is never longer than the JSON: each field's quotes, colon and comma take more
        // room than its two lengths (it is checked as it is written all the same).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { out -> Payload? in
            var i = 1, at = 0
            let base = UnsafeRawPointer(bytes.baseAddress!)
            /// The end of the string that starts at `start`, where it holds no escape; nil otherwise.
            /// Found by `memchr` (a byte at a time in Swift was most of the cost).
            func end(from start: Int) -> Int? {
                guard start < n, let found = memchr(base + start, Int32(quote), n - start) else { return nil }
                let j = base.distance(to: UnsafeRawPointer(found))
                return j == start || memchr(base + start, Int32(backslash), j - start) == nil ? j : nil
            }
            func put(_ range: Range<Int>) -> Bool {
                var length = range.count
                guard at + range.count + 5 <= n else { return false }
                while length >= 0x80 {
                    out[at] = UInt8(length & 0x7F) | 0x80
                    length >>= 7
                    at += 1
                }
                out[at] = UInt8(length)
                at += 1
                if !range.isEmpty { (out.baseAddress! + at).initialize(from: bytes.baseAddress! + range.lowerBound, count: range.count) }
                at += range.count
                return true
            }
            while true {
                guard bytes[i] == quote, let nameEnd = end(from: i + 1), nameEnd + 2 < n,
                      bytes[nameEnd + 1] == UInt8(ascii: ":"), bytes[nameEnd + 2] == quote, let valueEnd = end(from: nameEnd + 3),
                      put(i + 1..<nameEnd), put(nameEnd + 3..<valueEnd), valueEnd + 1 < n
                else { return nil }
                i = valueEnd + 1
                if bytes[i] == UInt8(ascii: "}") { break }
                guard bytes[i] == UInt8(ascii: ","), i + 1 < n else { return nil }
                i += 1
            }
            guard i == n - 1 else { return nil }
            // Names in order, ASCII, each once: checked as the payload takes the bytes.
            return Payload(laidOut: Array(UnsafeBufferPointer(rebasing: out[..<at])))
        }
    }

    /// `{"key":"value",…}` with JSON's escapes and any whitespace between, as a payload; nil for anything
    /// else. Names and texts go into the payload as bytes, never each made a text.
    private static func decodeObject(_ bytes: UnsafeBufferPointer<UInt8>) -> Payload? {
        var i = 0
        func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }
        func expect(_ c: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }
        /// A JSON string: where it holds no escape (most), the range of its bytes between the quotes;
        /// otherwise its bytes unescaped into `out` (`escaped`). Nil where it is not one.
        func string(into out: inout [UInt8]) -> (range: Range<Int>, escaped: Bool)? {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                return (start..<i - 1, false)
            }
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            var pendingHigh: UInt32?
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") { i += 1; return pendingHigh == nil ? (i..<i, true) : nil }
                guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
                guard i + 1 < bytes.count else { return nil }
                let escape = bytes[i + 1]
                i += 2
                if escape == UInt8(ascii: "u") {
                    guard i + 4 <= bytes.count, let unit = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + 4]), as: UTF8.self), radix: 16)
                    else { return nil }
                    i += 4
                    if (0xD800..<0xDC00).contains(unit) { pendingHigh = unit; continue }
                    var value = unit
                    if (0xDC00..<0xE000).contains(unit) {
                        guard let high = pendingHigh else { return nil }
                        value = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                        pendingHigh = nil
                    }
                    guard pendingHigh == nil, let scalar = Unicode.Scalar(value) else { return nil }
                    out += Array(String(Character(scalar)).utf8)
                    continue
                }
                guard pendingHigh == nil else { return nil }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                default: return nil
                }
            }
            return nil
        }
        guard expect(UInt8(ascii: "{")) else { return nil }
        var fields = Payload.FieldRun(capacity: bytes.count)
        if expect(UInt8(ascii: "}")) { skipSpace(); return i == bytes.count ? fields.payload : nil }
        var name: [UInt8] = [], value: [UInt8] = []
        repeat {
            guard let nameFound = string(into: &name), expect(UInt8(ascii: ":")), let valueFound = string(into: &value) else { return nil }
            // An escaped string's bytes are in its buffer; any other's where it lies.
            name.withUnsafeBufferPointer { escapedName in
                value.withUnsafeBufferPointer { escapedValue in
                    fields.append(name: nameFound.escaped ? escapedName : UnsafeBufferPointer(rebasing: bytes[nameFound.range]),
                                  value: valueFound.escaped ? escapedValue : UnsafeBufferPointer(rebasing: bytes[valueFound.range]))
                }
            }
        } while expect(UInt8(ascii: ","))
        guard expect(UInt8(ascii: "}")) else { return nil }
        skipSpace()
        return i == bytes.count ? fields.payload : nil
    }
}

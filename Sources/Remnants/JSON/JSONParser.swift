/// Parses JSON text into `JSONValue`s without Foundation: numbers stay exact, depth is bounded, and a
/// string that is not valid UTF-8 is kept (with U+FFFD) and said, so a damaged field can be filled from
/// another copy instead of failing the record.
public struct JSONParser {
    /// Why the text is not JSON, and the byte (from the start of what was parsed) where it stops being it.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let reason: String
        public var description: String { "\(reason) (byte \(offset + 1))" }
    }

    static let maximumDepth = 200
    private let bytes: [UInt8]
    private var i: Int
    private let end: Int
    /// Whether some string held bytes that are not UTF-8.
    public private(set) var sawInvalidUTF8 = false

    /// Parses one value filling `range` of `bytes` (white space around it allowed).
    public static func parse(_ bytes: [UInt8], _ range: Range<Int>? = nil) throws(Failure) -> (value: JSONValue, invalidUTF8: Bool) {
        var parser = JSONParser(bytes: bytes, range: range ?? 0..<bytes.count)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.i == parser.end else { throw parser.fail("text after the value") }
        return (value, parser.sawInvalidUTF8)
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        i = range.lowerBound
        end = range.upperBound
        start = range.lowerBound
    }

    private let start: Int

    private func fail(_ reason: String) -> Failure { Failure(offset: i - start, reason: reason) }

    private mutating func skipSpace() {
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONValue {
        guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
        guard i < end else { throw fail("the text ends where a value should be") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [JSONValue.Member] = []
            skipSpace()
            if i < end, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < end, bytes[i] == UInt8(ascii: "\"") else { throw fail("an object key should be a string") }
                let key = try string()
                skipSpace()
                guard i < end, bytes[i] == UInt8(ascii: ":") else { throw fail("':' expected after an object key") }
                i += 1
                skipSpace()
                members.append(JSONValue.Member(key, try value(depth: depth + 1)))
                skipSpace()
                guard i < end else { throw fail("the text ends inside an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw fail("',' or '}' expected in an object")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < end, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < end else { throw fail("the text ends inside an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("',' or ']' expected in an array")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(Failure) -> JSONValue {
        let letters = Array(word.utf8)
        guard i + letters.count <= end, bytes[i..<(i + letters.count)].elementsEqual(letters) else { throw fail("unknown word") }
        i += letters.count
        return value
    }

    private mutating func number() throws(Failure) -> JSONValue {
        let begin = i
        func digits() -> Int {
            let from = i
            while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            return i - from
        }
        if i < end, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() > 0 else { throw fail("not a JSON value") }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw fail("a number's fraction has no digits") }
        }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < end, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("a number's exponent has no digits") }
        }
        return .number(String(decoding: bytes[begin..<i], as: UTF8.self))
    }

    /// A string starting at the opening quote; escapes decoded, surrogate pairs joined.
    private mutating func string() throws(Failure) -> String {
        i += 1
        // Most strings hold no escape: the bytes up to the closing quote are the text, made from them where they lie.
        var j = i, high: UInt8 = 0
        while j < end, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\"), bytes[j] >= 0x20 {
            high |= bytes[j]
            j += 1
        }
        if j < end, bytes[j] == UInt8(ascii: "\"") {
            defer { i = j + 1 }
            return text(i..<j, ascii: high < 0x80)
        }
        var raw = Array(bytes[i..<j])
        i = j
        while true {
            guard i < end else { throw fail("a string is not closed") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b < 0x20 { throw fail("a control character inside a string") }
            if b != UInt8(ascii: "\\") {
                raw.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < end else { throw fail("a string is not closed") }
            let escape = bytes[i]
            i += 1
            switch escape {
            case UInt8(ascii: "\""): raw.append(0x22)
            case UInt8(ascii: "\\"): raw.append(0x5C)
            case UInt8(ascii: "/"): raw.append(0x2F)
            case UInt8(ascii: "b"): raw.append(0x08)
            case UInt8(ascii: "f"): raw.append(0x0C)
            case UInt8(ascii: "n"): raw.append(0x0A)
            case UInt8(ascii: "r"): raw.append(0x0D)
            case UInt8(ascii: "t"): raw.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), i + 1 < end, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) } else { i = save }
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                raw.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw fail("an unknown escape in a string")
            }
        }
        return Self.text(raw, 0..<raw.count, ascii: false, invalid: &sawInvalidUTF8)
    }

    private mutating func text(_ range: Range<Int>, ascii: Bool) -> String {
        Self.text(bytes, range, ascii: ascii, invalid: &sawInvalidUTF8)
    }

    /// The text of `range` of `bytes`, bytes that are not UTF-8 read as U+FFFD and `invalid` set. A
    /// repairing decode gives back the very bytes it was given only where they were UTF-8 already.
    private static func text(_ bytes: [UInt8], _ range: Range<Int>, ascii: Bool, invalid: inout Bool) -> String {
        bytes.withUnsafeBufferPointer { all in
            let run = UnsafeBufferPointer(rebasing: all[range])
            let text = String(decoding: run, as: UTF8.self)
            if !ascii && !text.utf8.elementsEqual(run) { invalid = true }
            return text
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= end else { throw fail("a \\u escape needs four hex digits") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("a \\u escape needs four hex digits")
            }
            code = code * 16 + digit
            i += 1
        }
        return code
    }
}

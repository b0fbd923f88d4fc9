/// Walks JSON text without building values: where a value ends, or the byte where the text stops being
/// JSON. Strings, escapes, numbers and literals are checked as RFC 8259 writes them, so a missing quote
/// is found where it first breaks the grammar (usually on its own line), not thousands of records later.
/// Nesting deeper than `maximumDepth` is an error, never a deep recursion.
struct JSONScanner {
    let bytes: [UInt8]
    static let maximumDepth = 200

    struct Failure: Error {
        /// The byte where the text stops being JSON.
        let offset: Int
        let reason: String
    }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The first byte at or after `i` that is not white space.
    func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        return i
    }

    /// The end (exclusive) of the value starting at `start`.
    func endOfValue(at start: Int) throws(Failure) -> Int {
        // An explicit stack of open containers: `{` expecting a key, `[`, and where each value ends.
        var stack: [UInt8] = []
        var i = skipSpace(start)
        while true {
            // A value starts at i.
            guard i < bytes.count else { throw Failure(offset: i, reason: "the file ends inside a value") }
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < Self.maximumDepth else { throw Failure(offset: i, reason: "nested too deeply") }
                let open = bytes[i]
                stack.append(open)
                i = skipSpace(i + 1)
                if i < bytes.count, bytes[i] == (open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    stack.removeLast()
                    i += 1
                } else {
                    if open == UInt8(ascii: "{") { i = try memberKey(at: i) }
                    continue
                }
            case UInt8(ascii: "\""): i = try endOfString(at: i)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): i = try endOfNumber(at: i)
            case UInt8(ascii: "t"): i = try literal("true", at: i)
            case UInt8(ascii: "f"): i = try literal("false", at: i)
            case UInt8(ascii: "n"): i = try literal("null", at: i)
            default: throw Failure(offset: i, reason: "a value was expected here")
            }
            // A value ended at i: close what it completes, or step to the next member or element.
            while true {
                guard let open = stack.last else { return i }
                i = skipSpace(i)
                guard i < bytes.count else { throw Failure(offset: i, reason: "the file ends inside a value") }
                let closer = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if bytes[i] == closer {
                    stack.removeLast()
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: ",") else {
                    throw Failure(offset: i, reason: open == UInt8(ascii: "{") ? "`,` or `}` expected after a member" : "`,` or `]` expected after an element")
                }
                i = skipSpace(i + 1)
                if open == UInt8(ascii: "{") { i = try memberKey(at: i) }
                break
            }
        }
    }

    /// Reads `"key" :` at `i`; returns where the member's value starts.
    private func memberKey(at i: Int) throws(Failure) -> Int {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Failure(offset: i, reason: "a quoted member name was expected") }
        let afterKey = skipSpace(try endOfString(at: i))
        guard afterKey < bytes.count, bytes[afterKey] == UInt8(ascii: ":") else {
            throw Failure(offset: afterKey, reason: "`:` expected after a member name (a missing quote?)")
        }
        return skipSpace(afterKey + 1)
    }

    /// The end of the string whose opening quote is at `i`.
    func endOfString(at start: Int) throws(Failure) -> Int {
        var i = start + 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return i + 1 }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                switch bytes[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"),
                     UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 5 < bytes.count, bytes[(i + 2)...(i + 5)].allSatisfy(Self.isHex) else {
                        throw Failure(offset: i, reason: "a broken \\u escape in a string")
                    }
                    i += 6
                default:
                    throw Failure(offset: i, reason: "an unknown escape in a string")
                }
                continue
            }
            // A raw line break or control character inside a string is where a missing quote shows.
            if c < 0x20 { throw Failure(offset: i, reason: "a string runs past the end of its line (a missing quote?)") }
            i += 1
        }
        throw Failure(offset: bytes.count, reason: "a string is not closed (a missing quote?)")
    }

    private func endOfNumber(at start: Int) throws(Failure) -> Int {
        var i = start
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int {
            let from = i
            while i < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
            return i - from
        }
        guard i < bytes.count else { throw Failure(offset: i, reason: "a broken number") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { throw Failure(offset: i, reason: "a broken number") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw Failure(offset: i, reason: "a broken number") }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw Failure(offset: i, reason: "a broken number") }
        }
        return i
    }

    private func literal(_ word: String, at i: Int) throws(Failure) -> Int {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw Failure(offset: i, reason: "a value was expected here") }
        return i + w.count
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
    }
}

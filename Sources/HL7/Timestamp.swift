/// An HL7 date/time (`YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`), as precise as it was sent.
public struct HL7Timestamp: Sendable, Hashable {
    public var year: Int
    public var month: Int?
    public var day: Int?
    public var hour: Int?
    public var minute: Int?
    public var second: Int?
    /// Offset from UTC in minutes, where the sender gave one.
    public var offsetMinutes: Int?

    /// Nil when the text is not a date (or names an impossible one).
    public init?(_ text: String) {
        self.init(text, byCharacters: false)
    }

    /// `init(_:)`, the text read character by character even where it is ASCII where `byCharacters`
    /// (the reading its bytes must agree with).
    init?(_ text: String, byCharacters: Bool) {
        let t = text.trimmingSpaces()
        // Its digits and offset, from the bytes where it is ASCII (every timestamp a lab sends); else from
        // its characters (each character's digit value asked of Unicode's tables: 28,000 instructions a
        // timestamp, more than the rest of its message).
        let parts: (digits: [Int], offset: Offset)
        switch byCharacters ? .notASCII : Self.asciiParts(t) {
        case .parts(let digits, let offset): parts = (digits, offset)
        case .invalid: return nil
        case .notASCII:
            guard let read = Self.characterParts(t) else { return nil }
            parts = read
        }
        let digits = parts.digits
        guard digits.count >= 4, [4, 6, 8, 10, 12, 14].contains(digits.count) else { return nil }
        func num(_ from: Int, _ n: Int) -> Int? {
            guard digits.count >= from + n else { return nil }
            return digits[from..<(from + n)].reduce(0) { $0 * 10 + $1 }
        }
        year = num(0, 4)!
        month = num(4, 2)
        day = num(6, 2)
        hour = num(8, 2)
        minute = num(10, 2)
        second = num(12, 2)
        if let m = month, !(1...12).contains(m) { return nil }
        if let d = day, !(1...31).contains(d) { return nil }
        if let h = hour, !(0...23).contains(h) { return nil }
        if let m = minute, !(0...59).contains(m) { return nil }
        if let s = second, !(0...60).contains(s) { return nil }
        switch parts.offset {
        case .none: break
        case .minutes(let minutes): offsetMinutes = minutes
        case .invalid: return nil
        }
    }

    /// What follows a timestamp's digits: nothing, an offset (in minutes), or anything else.
    private enum Offset { case none, minutes(Int), invalid }

    /// A timestamp's parts as its bytes give them, where it is ASCII (`characterParts` of the same text).
    private enum ASCIIParts { case parts([Int], Offset), invalid, notASCII }

    private static func asciiParts(_ text: String) -> ASCIIParts {
        var t = text
        return t.withUTF8 { b -> ASCIIParts in
            guard b.allSatisfy({ $0 < 0x80 }) else { return .notASCII }
            func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
            var digits: [Int] = []
            var i = 0
            while i < b.count, isDigit(b[i]) { digits.append(Int(b[i] - 0x30)); i += 1 }
            if i < b.count, b[i] == UInt8(ascii: "."), digits.count == 14 {
                i += 1
                while i < b.count, isDigit(b[i]) { i += 1 }
            }
            guard i < b.count else { return .parts(digits, .none) }
            guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return .invalid }
            // The digits after the sign, whatever stands between them (as the characters are read).
            let z = b[(i + 1)...].filter(isDigit).map { Int($0 - 0x30) }
            guard z.count == 4 else { return .invalid }
            let minutes = (z[0] * 10 + z[1]) * 60 + z[2] * 10 + z[3]
            return .parts(digits, .minutes(b[i] == UInt8(ascii: "-") ? -minutes : minutes))
        }
    }

    /// A timestamp's digits and offset read character by character (any text); nil where it has
    /// something else after its digits.
    private static func characterParts(_ t: String) -> (digits: [Int], offset: Offset)? {
        var digits: [Int] = []
        var rest = Substring(t)
        while let c = rest.first, let d = c.wholeNumberValue, c.isASCII { digits.append(d); rest = rest.dropFirst() }
        if rest.first == ".", digits.count == 14 {
            rest = rest.dropFirst()
            while let c = rest.first, c.isASCII, c.isNumber { rest = rest.dropFirst() }
        }
        if let sign = rest.first, sign == "+" || sign == "-" {
            let z = rest.dropFirst().compactMap { $0.wholeNumberValue }
            guard z.count == 4 else { return (digits, .invalid) }
            let minutes = (z[0] * 10 + z[1]) * 60 + z[2] * 10 + z[3]
            return (digits, .minutes(sign == "-" ? -minutes : minutes))
        }
        return rest.isEmpty ? (digits, .none) : (digits, .invalid)
    }
}

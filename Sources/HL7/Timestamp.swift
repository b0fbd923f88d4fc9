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
        let t = text.trimmingSpaces()
        var digits: [Int] = []
        var rest = Substring(t)
        while let c = rest.first, let d = c.wholeNumberValue, c.isASCII { digits.append(d); rest = rest.dropFirst() }
        if rest.first == ".", digits.count == 14 {
            rest = rest.dropFirst()
            while let c = rest.first, c.isASCII, c.isNumber { rest = rest.dropFirst() }
        }
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
        if let sign = rest.first, sign == "+" || sign == "-" {
            let z = rest.dropFirst().compactMap { $0.wholeNumberValue }
            guard z.count == 4 else { return nil }
            let minutes = (z[0] * 10 + z[1]) * 60 + z[2] * 10 + z[3]
            offsetMinutes = sign == "-" ? -minutes : minutes
        } else if !rest.isEmpty {
            return nil
        }
    }
}

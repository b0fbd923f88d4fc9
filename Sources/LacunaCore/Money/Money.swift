import Foundation

/// Amounts as exports write them: `45.00`, `$1,045.50`, `(12.00)`, `12.00 DR`, `-12.00`, `12.00-`.
public enum Money {
    /// Cents, negative for money out.
    public static func parse(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        var negative = false
        if t.hasPrefix("(") && t.hasSuffix(")") { negative = true; t = String(t.dropFirst().dropLast()) }
        if t.hasSuffix("DR") { negative = true; t = String(t.dropLast(2)) }
        if t.hasSuffix("CR") { t = String(t.dropLast(2)) }
        t = t.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("-") { negative = true; t = String(t.dropLast()) }
        if t.hasPrefix("-") { negative.toggle(); t = String(t.dropFirst()) }
        if t.hasPrefix("+") { t = String(t.dropFirst()) }
        t = t.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "\u{A0}", with: "").replacingOccurrences(of: "NZD", with: "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0].isEmpty ? "0" : parts[0]) else { return nil }
        var cents = 0
        if parts.count == 2 {
            let fraction = String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)
            guard let f = Int(fraction) else { return nil }
            cents = f
        }
        let value = whole * 100 + cents
        return negative ? -value : value
    }

    /// `45.00`, `-12.50`.
    public static func format(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = abs(cents)
        return "\(sign)\(magnitude / 100)." + (magnitude % 100 < 10 ? "0" : "") + "\(magnitude % 100)"
    }
}

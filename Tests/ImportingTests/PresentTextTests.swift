import Importing
import Testing

/// `present` runs for every field of every record: its quick way for ASCII must give what Unicode's
/// white space and the "nothing" words give.
@Suite("A field's text present or absent")
struct PresentTextTests {
    /// The general way: Unicode's white space and the no-break space trimmed, `null` and `n/a` absent.
    static func general(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        func blank(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || s == "\u{A0}" }
        guard let first = scalars.firstIndex(where: { !blank($0) }) else { return nil }
        let last = scalars.lastIndex(where: { !blank($0) })!
        let trimmed = String(scalars[first...last])
        let lower = trimmed.lowercased()
        return lower == "null" || lower == "n/a" ? nil : trimmed
    }

    @Test("every character around a value, and the words for nothing, as the general way has them")
    func asGeneral() {
        var texts = ["", "x", "NULL", "Null", " null ", "N/A", "n/a\t", "nulls", "na", "K\u{212A}", "\u{212A}", "\u{0130}", "Ｎull", "Tipene"]
        for value in Array(0..<0x100) + [0x85, 0x1680, 0x2000, 0x2028, 0x202F, 0x3000, 0x200B, 0xFEFF] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            texts += [String(scalar), "\(scalar)x\(scalar)", "x\(scalar)", "\(scalar)null", "nu\(scalar)l", "n\(scalar)a", "\(scalar)/a", "NUL\(scalar)"]
            // Beyond a small string's fifteen bytes too (held elsewhere, read through another path).
            texts += ["\(scalar)a value longer than fifteen bytes", "a value longer than fifteen bytes\(scalar)"]
        }
        for text in texts { #expect(present(text) == Self.general(text), "\(Array(text.unicodeScalars))") }
        #expect(present(nil) == nil && present(" 42 ") == "42")
    }
}

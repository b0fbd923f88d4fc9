/// Trimming without Foundation. `trimmingCharacters(in:)` goes through `NSString` and copies the text
/// twice; content keys, dates and names trim every field of every record, which made it 7% of a run.
/// These give exactly what Foundation's `.whitespaces` and `.whitespacesAndNewlines` give (content
/// keys depend on it: a changed trim would make every stored record look new).
extension StringProtocol {
    /// Without the spaces and tabs at either end (`CharacterSet.whitespaces`: a tab, any Unicode
    /// space separator, the no-break space included, and, as Foundation has it, the zero-width space).
    public func trimmingSpaces() -> String { trimming(where: Self.isSpace) }

    /// Without spaces, tabs and line ends at either end (`CharacterSet.whitespacesAndNewlines`).
    public func trimmingWhitespace() -> String { trimming(where: Self.isSpaceOrNewline) }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || scalar == "\t" }
        return scalar.value == 0x200B || scalar.properties.generalCategory == .spaceSeparator
    }

    static func isSpaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        if scalar.value == 0x85 || scalar.value == 0x200B { return true }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    private func trimming(where drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        // Most fields have nothing to trim: a look at each end, and the text as it is.
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !drop(first) && !drop(last) { return String(self) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, drop(scalars[start]) { start = scalars.index(after: start) }
        while end > start, drop(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(self[start..<end])
    }
}

extension String {
    /// `trimmingSpaces()` of a whole text: one with a printable ASCII character at either end (most
    /// fields) is given back as it is, without walking its scalars.
    public func trimmingSpaces() -> String {
        // Its first and last bytes where they lie (the UTF-8 view's `first` and `last` cost more).
        let plain = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
        }
        if plain == true { return self }
        return Substring(self).trimmingSpaces()
    }
}

extension Int {
    /// The number written with at least `width` digits, zeros in front (`7` → `07`): what
    /// `String(format: "%02d")` gives for a number that is not negative, without the C formatter.
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

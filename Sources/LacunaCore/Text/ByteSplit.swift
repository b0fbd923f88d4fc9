extension StringProtocol {
    /// `split(separator:omittingEmptySubsequences:)` at an ASCII character, the same pieces, found from
    /// the text's bytes where its bytes are its characters: a text in ASCII (beyond it a mark may ride on
    /// the separator and make another character of it), and, for a line break as the separator, without a
    /// carriage return (CR LF is one character, no LF). Any other text is split by its characters.
    ///
    /// Splitting by characters finds each character's end by Unicode's rules, some 300 instructions a
    /// character: a stored time read back (`2025-04-03 10:15:00|2025-04-02T21:15:00Z|second`) cost 15,000
    /// to take apart.
    @inlinable
    public func split(byte separator: UInt8, omittingEmptySubsequences omitting: Bool = true) -> [SubSequence] {
        precondition(separator < 0x80, "an ASCII separator")
        let bytes = utf8
        let lineBreak = separator == 0x0A || separator == 0x0D
        guard bytes.allSatisfy({ $0 < 0x80 && !(lineBreak && $0 == 0x0D) }) else {
            return split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: omitting)
        }
        var pieces: [SubSequence] = []
        var start = bytes.startIndex, index = start
        while index < bytes.endIndex {
            if bytes[index] == separator {
                if !omitting || start < index { pieces.append(self[start..<index]) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if !omitting || start < bytes.endIndex { pieces.append(self[start..<bytes.endIndex]) }
        return pieces
    }

    /// `split(whereSeparator: \.isWhitespace)`, the same pieces, found from the bytes where the text is
    /// ASCII: its white space is tab, line feed, vertical tab, form feed, carriage return and space (a CR
    /// LF is white as one character or as two bytes, so it parts the same words). Any other text is split
    /// by its characters.
    @inlinable
    public func splitAtWhitespace() -> [SubSequence] {
        let bytes = utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return split(whereSeparator: \.isWhitespace) }
        var pieces: [SubSequence] = []
        var start = bytes.startIndex, index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                if start < index { pieces.append(self[start..<index]) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if start < bytes.endIndex { pieces.append(self[start..<bytes.endIndex]) }
        return pieces
    }
}

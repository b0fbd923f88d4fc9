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
        asciiRuns { $0 != 0x20 && !(0x09...0x0D).contains($0) } ?? split(whereSeparator: \.isWhitespace)
    }

    /// The runs of bytes `kept` keeps, each as a piece, where the text is ASCII; nil for any other text,
    /// which the caller takes apart by its characters. In ASCII each byte is a character but a CR LF: a
    /// `kept` that keeps neither CR nor LF gives the pieces splitting the characters at those it does
    /// not keep gives (a CR LF parts words either way).
    @inlinable
    public func asciiRuns(where kept: (UInt8) -> Bool) -> [SubSequence]? {
        let bytes = utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var pieces: [SubSequence] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard kept(bytes[index]) else { index = bytes.index(after: index); continue }
            let start = index
            while index < bytes.endIndex, kept(bytes[index]) { index = bytes.index(after: index) }
            pieces.append(self[start..<index])
        }
        return pieces
    }
}

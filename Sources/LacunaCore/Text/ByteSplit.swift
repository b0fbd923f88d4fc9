extension StringProtocol {
    /// `split(separator:omittingEmptySubsequences:)` at an ASCII character, the same pieces, found from
    /// the text's bytes where each separator there is a character of its own: nothing beyond ASCII right
    /// after it (a mark may ride on it and make another character of it), nothing before it that holds on
    /// to what follows (Unicode's prepended marks, from U+0600: a letter of two bytes before it is below
    /// them), and, for a line break as the separator, no carriage return (CR LF is one character, no LF).
    /// Any other text is split by its characters.
    ///
    /// Splitting by characters finds each character's end by Unicode's rules, some 300 instructions a
    /// character: a stored time read back (`2025-04-03 10:15:00|2025-04-02T21:15:00Z|second`) cost 15,000
    /// to take apart, and a name with a macron ("Rāwiri Ngata") as much.
    @inlinable
    public func split(byte separator: UInt8, omittingEmptySubsequences omitting: Bool = true) -> [SubSequence] {
        precondition(separator < 0x80, "an ASCII separator")
        let lineBreak = separator == 0x0A || separator == 0x0D
        // Each separator's place, read from the bytes in place; nil where one is not a character of its own.
        let found = utf8.withContiguousStorageIfAvailable { bytes -> [Int]? in
            var places: [Int] = []
            for k in bytes.indices {
                let byte = bytes[k]
                if lineBreak && byte == 0x0D { return nil }
                guard byte == separator else { continue }
                if k + 1 < bytes.count, bytes[k + 1] >= 0x80 { return nil }
                if k > 0, bytes[k - 1] >= 0x80, !(k >= 2 && (0xC2..<0xD8).contains(bytes[k - 2])) { return nil }
                places.append(k)
            }
            return places
        }
        guard let found, let places = found else {
            return split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: omitting)
        }
        let bytes = utf8
        var pieces: [SubSequence] = []
        pieces.reserveCapacity(places.count + 1)
        // Each piece from the end of the one before, its bounds moved on by their distance in bytes.
        var start = bytes.startIndex, at = 0
        for place in places {
            let end = bytes.index(start, offsetBy: place - at)
            if !omitting || place > at { pieces.append(self[start..<end]) }
            start = bytes.index(after: end)
            at = place + 1
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

extension String {
    /// `count`, the text's characters, counted from its bytes where it is ASCII (a byte a character, but
    /// for a CR LF pair, which is one): names, codes, digits and most texts a run measures. Counted by
    /// characters otherwise. Asking Unicode where each character ends cost some 300 instructions for a
    /// short name, asked for every namesake a name is held against.
    public var characterCount: Int {
        let ascii = withUTF8Bytes { bytes -> Int? in
            guard bytes.isASCII else { return nil }
            var pairs = 0
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == 0x0A && previous == 0x0D { pairs += 1 }
                previous = byte
            }
            return bytes.count - pairs
        }
        return ascii ?? count
    }
}

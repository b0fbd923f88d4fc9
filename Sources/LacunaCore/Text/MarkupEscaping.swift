extension String {
    /// The text for HTML or XML, inside an element or a double-quoted attribute: `&`, `<`, `>` and `"`
    /// as entities. One pass over the bytes (the four are ASCII, never part of another character's
    /// bytes); a text with none of them, as most are, is given back as it is.
    public var escapedForMarkup: String {
        return withUTF8Bytes { Self.escapingMarkup($0) } ?? self
    }

    /// nil where nothing needs escaping.
    private static func escapingMarkup(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = bytes.firstIndex(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        out.append(contentsOf: bytes[..<first])
        for byte in bytes[first...] {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

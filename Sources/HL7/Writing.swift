/// Writing HL7 v2 text: the other half of reading it, for messages Lacuna sends (chart annotations)
/// and writes (the drill's lab and Healthlink files). Standard delimiters `|^~\&`.
public enum HL7Writing {
    /// A text value with the delimiters escaped (`|` → `\F\` …), line breaks as `\.br\` and other
    /// control characters as `\Xhh\`.
    public static func escape(_ text: String) -> String {
        // Most texts hold no delimiter and no control character: they are their own escape. Their bytes
        // read where they lie (through the UTF-8 view's iterator, a note's line cost 1,500 instructions).
        func special(_ byte: UInt8) -> Bool {
            byte < 0x20 || byte == 0x7F || byte == 0x5C || byte == 0x7C || byte == 0x5E || byte == 0x26 || byte == 0x7E
        }
        let any = text.utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? text.utf8.contains(where: special)
        return any ? escapedByCharacter(text) : text
    }

    /// How many characters `escape(text)` gives, counted from the bytes where the text is printable ASCII
    /// (each delimiter escaped in three characters), as most words of a note are; by escaping otherwise.
    public static func escapedCount(_ text: Substring) -> Int {
        printableEscapedCount(text.utf8) ?? escape(String(text)).count
    }

    /// `escapedCount` of bytes that are printable ASCII; nil for any others. (Inlinable: made for the
    /// caller's own bytes, not read through a generic sequence byte by byte.)
    @inlinable public static func printableEscapedCount(_ bytes: some Sequence<UInt8>) -> Int? {
        var count = 0
        for byte in bytes {
            guard byte >= 0x20, byte < 0x7F else { return nil }
            count += byte == 0x5C || byte == 0x7C || byte == 0x5E || byte == 0x26 || byte == 0x7E ? 3 : 1
        }
        return count
    }

    /// The escape taken character by character (what `escape` gives for every text).
    static func escapedByCharacter(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\E\\"
            case "|": out += "\\F\\"
            case "^": out += "\\S\\"
            case "&": out += "\\T\\"
            case "~": out += "\\R\\"
            case "\n", "\r\n": out += "\\.br\\"
            case "\r": out += "\\.br\\"
            default:
                // Other control characters (a NUL, an escape sequence) as hexadecimal data, never raw.
                if c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value, v < 0x20 || v == 0x7F {
                    out += "\\X" + String(v, radix: 16, uppercase: true).leftPadded(to: 2) + "\\"
                } else {
                    out.append(c)
                }
            }
        }
        return out
    }

    /// A segment from its fields (field 1 first), trailing empty fields dropped.
    public static func segment(_ id: String, _ fields: [String]) -> String {
        var end = fields.count
        while end > 0 && fields[end - 1].isEmpty { end -= 1 }
        // Their bytes gathered into one buffer made the size of the whole, then made a text once (the
        // library's joining is not specialised for texts, and appending texts looks at where each two meet).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields[..<end].reduce(id.utf8.count) { $0 + 1 + $1.utf8.count })
        var id = id
        id.withUTF8 { bytes.append(contentsOf: $0) }
        for var field in fields[..<end] {
            bytes.append(UInt8(ascii: "|"))
            field.withUTF8 { bytes.append(contentsOf: $0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A segment from the fields it sets, by number (field 1 is the first after the segment id). Pairs,
    /// not a dictionary: a chart annotation writes ten segments, and hashing each literal's numbers to
    /// look them up again was a quarter of the segments' cost.
    public static func segment(_ id: String, fields: KeyValuePairs<Int, String>) -> String {
        var all = [String](repeating: "", count: fields.reduce(0) { max($0, $1.key) })
        for (number, field) in fields where number >= 1 { all[number - 1] = field }
        return segment(id, all)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

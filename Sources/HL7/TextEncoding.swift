/// How a message's text bytes become characters: by MSH-18, falling back per message when the bytes
/// contradict it (a "UTF-8" message holding Latin-1 bytes is read as Latin-1 and said so).
public enum HL7TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case latin1 = "ISO-8859-1"
    case windows1252 = "Windows-1252"

    /// The character set MSH-18 names, if it names one this reader knows.
    static func declared(_ text: String) -> HL7TextEncoding? {
        switch text {   // the common spellings, without string work
        case "": return nil
        case "UNICODE UTF-8", "UTF-8": return .utf8
        case "8859/1": return .latin1
        default: break
        }
        let t = text.uppercased().replacingSpaces()
        if t.isEmpty || t == "ASCII" { return nil }
        if t.contains("UTF-8") || t.contains("UTF8") || t == "UNICODE" { return .utf8 }
        if t.contains("8859/1") || t.contains("8859-1") || t.contains("LATIN1") || t.contains("8859") { return .latin1 }
        if t.contains("1252") { return .windows1252 }
        return nil
    }

    /// Characters from bytes.
    public func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .latin1:
            var scalars = String.UnicodeScalarView()
            for b in bytes { scalars.append(Unicode.Scalar(b)) }
            return String(scalars)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                if b >= 0x80 && b < 0xA0, let s = Unicode.Scalar(HL7TextEncoding.cp1252High[Int(b - 0x80)]) {
                    scalars.append(s)
                } else {
                    scalars.append(Unicode.Scalar(b))
                }
            }
            return String(scalars)
        }
    }

    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Whether bytes are valid UTF-8.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            let n = p.count
            while i < n {
                let b = p[i]
                if b < 0x80 { i += 1; continue }
                let length: Int
                if b & 0xE0 == 0xC0, b >= 0xC2 { length = 2 }
                else if b & 0xF0 == 0xE0 { length = 3 }
                else if b & 0xF8 == 0xF0, b <= 0xF4 { length = 4 }
                else { return false }
                guard i + length <= n else { return false }
                for k in 1..<length where p[i + k] & 0xC0 != 0x80 { return false }
                if length == 3 {
                    let c = p[i + 1]
                    if b == 0xE0 && c < 0xA0 { return false }   // overlong
                    if b == 0xED && c >= 0xA0 { return false }  // surrogates
                }
                if length == 4 {
                    let c = p[i + 1]
                    if b == 0xF0 && c < 0x90 { return false }
                    if b == 0xF4 && c >= 0x90 { return false }
                }
                i += length
            }
            return true
        }
    }
}

extension String {
    func replacingSpaces() -> String {
        var out = ""
        var lastSpace = false
        for c in self {
            if c == " " || c == "_" {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(c)
                lastSpace = false
            }
        }
        return out.trimmingSpaces()
    }

    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " { s = s.dropFirst() }
        while let l = s.last, l == " " { s = s.dropLast() }
        return String(s)
    }
}

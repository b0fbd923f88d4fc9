/// Name comparison in the practice's terms: Tāmati and Tamati are the same name, as are
/// "O'Brien" and "OBRIEN", and "Fitzgerald-Hart" and "fitzgerald hart".
public enum NameFolding {
    /// Folds case, macrons and other diacritics, and drops punctuation and spaces.
    public static func key(_ name: String) -> String {
        if let ascii = asciiKey(name) { return ascii }
        var out = ""
        out.reserveCapacity(name.utf8.count)
        for scalar in name.lowercased().unicodeScalars {
            if let plain = plainLetter[scalar] { out.unicodeScalars.append(plain) }
            else if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) }
            // Combining marks (a decomposed macron), punctuation and spaces are dropped.
        }
        return out
    }

    /// The key of a name written in ASCII alone (most names in most files), byte by byte: letters
    /// lowered, digits kept, the rest dropped; nil where the name has anything beyond ASCII.
    private static func asciiKey(_ name: String) -> String? {
        let utf8 = name.utf8
        guard !utf8.contains(where: { $0 >= 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var count = 0
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[count] = byte + 32; count += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): buffer[count] = byte; count += 1
                default: break
                }
            }
            return count
        }
    }

    /// Splits a name into folded words: "Mary-Jane  O'Neil" gives ["mary", "jane", "oneil"].
    public static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," || $0 == "." })
            .map { key(String($0)) }
            .filter { !$0.isEmpty }
    }

    private static let plainLetter: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, Unicode.Scalar)] = [
            ("āáàâäãå", "a"), ("ēéèêë", "e"), ("īíìîï", "i"), ("ōóòôöõø", "o"), ("ūúùûü", "u"),
            ("ñ", "n"), ("ç", "c"), ("ýÿ", "y"), ("ß", "s"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, plain) in pairs { for scalar in letters.unicodeScalars { table[scalar] = plain } }
        return table
    }()
}

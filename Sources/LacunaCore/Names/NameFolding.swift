/// Name comparison in the practice's terms: Tāmati and Tamati are the same name, as are
/// "O'Brien" and "OBRIEN", and "Fitzgerald-Hart" and "fitzgerald hart".
public enum NameFolding {
    /// Folds case, macrons and other diacritics, and drops punctuation and spaces.
    public static func key(_ name: String) -> String {
        if let ascii = asciiKey(name) { return ascii }
        // Scalar by scalar, lowered one by one as `lowercased()` lowers them: ASCII by its byte, a
        // letter the table folds (already lower case) at once, any other by its lower-case mapping.
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        func keep(_ scalar: Unicode.Scalar) {
            if let plain = plainLetter[scalar] { out.append(UInt8(plain.value)) }
            else if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.append(UInt8(scalar.value)) }
            // Combining marks (a decomposed macron), punctuation and spaces are dropped.
        }
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: out.append(UInt8(scalar.value) + 32)
            case 0x61...0x7A, 0x30...0x39: out.append(UInt8(scalar.value))
            case 0..<0x80: break
            default:
                if let plain = plainLetter[scalar] { out.append(UInt8(plain.value)); continue }
                for lowered in scalar.properties.lowercaseMapping.unicodeScalars { keep(lowered) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `key` the way it was first written: the whole name lowered, then each scalar kept, folded or
    /// dropped. The reference `key` is tested against.
    static func keyByLoweringFirst(_ name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if let plain = plainLetter[scalar] { out.unicodeScalars.append(plain) }
            else if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) }
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
        if let ascii = asciiWords(name) { return ascii }
        return name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," || $0 == "." })
            .map { key(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// The words of a name written in ASCII alone, byte by byte (each byte a character of its own but
    /// for a CR LF pair, which separates nothing): split at spaces, hyphens, commas and full stops, each
    /// word's letters lowered and digits kept, empty words left out; nil beyond ASCII. Run for every name
    /// linking indexes and blocks.
    private static func asciiWords(_ name: String) -> [String]? {
        var name = name
        return name.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var word: [UInt8] = []
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: ","), UInt8(ascii: "."):
                    if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)); word.removeAll(keepingCapacity: true) }
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
                default: break
                }
            }
            if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
            return words
        }
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

/// Name comparison in the practice's terms: Tāmati and Tamati are the same name, as are
/// "O'Brien" and "OBRIEN", and "Fitzgerald-Hart" and "fitzgerald hart".
public enum NameFolding {
    /// Folds case, macrons and other diacritics, and drops punctuation and spaces.
    public static func key(_ name: String) -> String {
        if let ascii = asciiKey(name) { return ascii }
        // Scalar by scalar, lowered one by one as `lowercased()` lowers them: ASCII by its byte, Latin-1
        // and Latin Extended-A by the table made of `fold`, any other by `fold`.
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: out.append(UInt8(scalar.value) + 32)
            case 0x61...0x7A, 0x30...0x39: out.append(UInt8(scalar.value))
            case 0..<0x80: break
            case 0x80..<0x180 where latinFold[Int(scalar.value) - 0x80] != unfolded:
                let folded = latinFold[Int(scalar.value) - 0x80]
                if folded != 0 { out.append(folded) }
            default: fold(scalar, into: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A scalar beyond ASCII as `key` folds it: a letter the table folds (already lower case) at once,
    /// any other by its lower-case mapping, whose letters a–z and digits are kept (and folded letters
    /// folded); combining marks (a decomposed macron), punctuation and spaces dropped.
    private static func fold(_ scalar: Unicode.Scalar, into out: inout [UInt8]) {
        if let plain = plainLetter[scalar] { out.append(UInt8(plain.value)); return }
        for lowered in scalar.properties.lowercaseMapping.unicodeScalars {
            if let plain = plainLetter[lowered] { out.append(UInt8(plain.value)) }
            else if ("a"..."z").contains(lowered) || ("0"..."9").contains(lowered) { out.append(UInt8(lowered.value)) }
        }
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
        // Its bytes read in one pass (through `utf8` each byte cost a trip into the string's storage,
        // twice: a folded address took 3,000 instructions).
        name.asciiLettersAndDigitsLowercased
    }

    /// Splits a name into folded words: "Mary-Jane  O'Neil" gives ["mary", "jane", "oneil"].
    public static func words(_ name: String) -> [String] {
        if let latin = latinWords(name) { return latin }
        return name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," || $0 == "." })
            .map { key(String($0)) }
            .filter { !$0.isEmpty }
    }

    /// The words of a name written in ASCII, Latin-1 and Latin Extended-A alone (U+0000–U+017F: most
    /// names in most files, macrons among them), byte by byte: each scalar there is a character of its
    /// own (but a CR LF pair, which separates nothing), so it is split at spaces, hyphens, commas and full
    /// stops as `split` splits characters, and each scalar folds alone as `key` folds it (`latinFold`).
    /// Nil for a name with any other scalar. Run for every name linking indexes and blocks.
    private static func latinWords(_ name: String) -> [String]? {
        return name.withUTF8Bytes { bytes -> [String]? in
            // Every word's folded bytes one after another in `out`, the current word from `start`.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out -> [String]? in
                var words: [String] = []
                var count = 0, start = 0, i = 0
                func endWord() {
                    if count > start { words.append(String(decoding: UnsafeBufferPointer(rebasing: out[start..<count]), as: UTF8.self)) }
                    start = count
                }
                while i < bytes.count {
                    let byte = bytes[i]
                    switch byte {
                    case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: ","), UInt8(ascii: "."): endWord()
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[count] = byte + 32; count += 1
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out[count] = byte; count += 1
                    case 0..<0x80: break
                    case 0xC2...0xC5:
                        // U+0080–U+017F in two bytes (a String's UTF-8 is valid: the second byte is there).
                        let folded = latinFold[(Int(byte & 0x1F) << 6 | Int(bytes[i + 1] & 0x3F)) - 0x80]
                        guard folded != unfolded else { return nil }
                        if folded != 0 { out[count] = folded; count += 1 }
                        i += 1
                    default: return nil
                    }
                    i += 1
                }
                endWord()
                return words
            }
        }
    }

    /// What `key` makes of each scalar U+0080–U+017F alone, by its place from U+0080: the one ASCII
    /// letter or digit it folds to, 0 where it is dropped, or `unfolded` where it would give more than
    /// one byte (none does; the general way then).
    private static let latinFold: [UInt8] = (0x80..<0x180).map { value in
        var folded: [UInt8] = []
        fold(Unicode.Scalar(UInt32(value))!, into: &folded)
        return folded.isEmpty ? 0 : folded.count == 1 ? folded[0] : unfolded
    }
    private static let unfolded: UInt8 = 0xFF

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

/// Name comparison in the practice's terms: Tāmati and Tamati are the same name, as are
/// "O'Brien" and "OBRIEN", and "Fitzgerald-Hart" and "fitzgerald hart".
public enum NameFolding {
    /// Folds case, macrons and other diacritics, and drops punctuation and spaces.
    public static func key(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        for scalar in name.lowercased().unicodeScalars {
            if let plain = plainLetter[scalar] { out.unicodeScalars.append(plain) }
            else if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) }
            // Combining marks (a decomposed macron), punctuation and spaces are dropped.
        }
        return out
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

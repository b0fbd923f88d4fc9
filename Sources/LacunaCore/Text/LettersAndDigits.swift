extension String {
    /// The text's letters and digits alone, lowercased (`Patient_NHI` → `patientnhi`, `12 Kōwhai St` →
    /// `12kōwhaist`): how column names, field names and addresses are compared. Run for every field
    /// name of every record and every address, so a text in ASCII alone (most) is done byte by byte
    /// in one pass; it gives what the general way (`lowercased()`, then `isLetter || isNumber`) gives.
    public var lettersAndDigitsLowercased: String {
        asciiLettersAndDigits(upper: false) ?? latinLettersAndDigitsLowercased ?? String(lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The same for a text of ASCII and the precomposed letters of Latin-1 and Latin Extended-A
    /// (À–ſ but for × and ÷, and İ, which lowers to two scalars): each of those a letter and a
    /// character of its own, lowered to one scalar (`Latin.lowered`), so the text is done byte by byte
    /// (addresses with macrons: `Kōwhai`, `Ōtaki`). Nil for any other scalar.
    private var latinLettersAndDigitsLowercased: String? {
        return withUTF8Bytes { bytes -> String? in
            var known = true
            let kept = String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0, i = 0
                while i < bytes.count {
                    let byte = bytes[i]
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"): out[n] = byte; n += 1
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[n] = byte + 32; n += 1
                    case 0..<0x80: break
                    // U+00C0–U+017F are two bytes, C3 80 to C5 BF.
                    case 0xC3...0xC5:
                        guard i + 1 < bytes.count, bytes[i + 1] & 0xC0 == 0x80,
                              let lowered = Latin.lowered[(Int(byte & 0x1F) << 6 | Int(bytes[i + 1] & 0x3F)) - 0xC0] else {
                            known = false
                            return 0
                        }
                        out[n] = lowered.0
                        out[n + 1] = lowered.1
                        n += 2
                        i += 1
                    default:
                        known = false
                        return 0
                    }
                    i += 1
                }
                return n
            }
            return known ? kept : nil
        }
    }

    /// The text's letters and digits alone, uppercased, where it is ASCII alone (`zbg 5945` → `ZBG5945`),
    /// byte by byte; nil beyond ASCII, for the caller's general way. NHIs, postcodes and chart numbers
    /// of every person linking compares.
    public var asciiLettersAndDigitsUppercased: String? { asciiLettersAndDigits(upper: true) }
    /// The same, lowercased.
    public var asciiLettersAndDigitsLowercased: String? { asciiLettersAndDigits(upper: false) }

    /// Letters (in one case) and digits alone, byte by byte, in one pass; nil where the text has anything
    /// beyond ASCII.
    private func asciiLettersAndDigits(upper: Bool) -> String? {
        return withUTF8Bytes { bytes -> String? in
            var allASCII = true
            let kept = String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): out[n] = byte; n += 1
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): out[n] = upper ? byte - 32 : byte; n += 1
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[n] = upper ? byte : byte + 32; n += 1
                    case 0x80...: allASCII = false; return 0
                    default: break
                    }
                }
                return n
            }
            return allASCII ? kept : nil
        }
    }
}

extension Substring {
    /// As `String.lettersAndDigitsLowercased`.
    public var lettersAndDigitsLowercased: String { String(self).lettersAndDigitsLowercased }
}

/// The precomposed letters of Latin-1 and Latin Extended-A lowered, as `lettersAndDigitsLowercased`
/// writes them.
private enum Latin {
    /// For each scalar U+00C0–U+017F, its lowercase mapping's UTF-8 (two bytes: every one is a letter of
    /// the same range); nil for × and ÷ (no letters) and for İ, which lowers to two scalars (any other
    /// whose mapping were not one scalar of two bytes would be nil too). Taken from the scalars' own
    /// properties, once.
    static let lowered: [(UInt8, UInt8)?] = (0xC0...0x17F).map { value in
        guard ![0xD7, 0xF7].contains(value), let scalar = Unicode.Scalar(value) else { return nil }
        let mapping = scalar.properties.lowercaseMapping
        guard mapping.unicodeScalars.count == 1 else { return nil }
        let bytes = Array(mapping.utf8)
        return bytes.count == 2 ? (bytes[0], bytes[1]) : nil
    }
}

extension String {
    /// The text's letters and digits alone, lowercased (`Patient_NHI` → `patientnhi`, `12 Kōwhai St` →
    /// `12kōwhaist`): how column names, field names and addresses are compared. Run for every field
    /// name of every record and every address, so a text in ASCII alone (most) is done byte by byte
    /// in one pass; it gives what the general way (`lowercased()`, then `isLetter || isNumber`) gives.
    public var lettersAndDigitsLowercased: String {
        asciiLettersAndDigits(upper: false) ?? latinLettersAndDigitsLowercased ?? String(lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The same for a text of ASCII and the precomposed letters of Latin-1 and Latin Extended-A
    /// (À–ſ but for × and ÷, and İ and ŉ, which lower to two scalars): each of those a letter and a
    /// character of its own, lowered to one scalar, so the text is done scalar by scalar (addresses
    /// with macrons: `Kōwhai`, `Ōtaki`). Nil for any other scalar.
    private var latinLettersAndDigitsLowercased: String? {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: out.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value) + 32))
            case 0x61...0x7A, 0x30...0x39: out.unicodeScalars.append(scalar)
            case 0..<0x80: break
            case 0xD7, 0xF7, 0x130, 0x149: return nil
            case 0xC0...0x17F: out.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            default: return nil
            }
        }
        return out
    }

    /// The text's letters and digits alone, uppercased, where it is ASCII alone (`zbg 5945` → `ZBG5945`),
    /// byte by byte; nil beyond ASCII, for the caller's general way. NHIs, postcodes and chart numbers
    /// of every person linking compares.
    public var asciiLettersAndDigitsUppercased: String? { asciiLettersAndDigits(upper: true) }

    /// Letters (in one case) and digits alone, byte by byte, in one pass; nil where the text has anything
    /// beyond ASCII.
    private func asciiLettersAndDigits(upper: Bool) -> String? {
        var text = self
        return text.withUTF8 { bytes -> String? in
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

extension String {
    /// The text's letters and digits alone, lowercased (`Patient_NHI` → `patientnhi`, `12 Kōwhai St` →
    /// `12kōwhaist`): how column names, field names and addresses are compared. Run for every field
    /// name of every record and every address, so a text in ASCII alone (most) is done byte by byte
    /// in one pass; it gives what the general way (`lowercased()`, then `isLetter || isNumber`) gives.
    public var lettersAndDigitsLowercased: String {
        var text = self
        let ascii = text.withUTF8 { bytes -> String? in
            var allASCII = true
            let folded = String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out[n] = byte; n += 1
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): out[n] = byte + 32; n += 1
                    case 0x80...: allASCII = false; return 0
                    default: break
                    }
                }
                return n
            }
            return allASCII ? folded : nil
        }
        return ascii ?? String(lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

extension String {
    /// The text's letters and digits alone, uppercased, where it is ASCII alone (`zbg 5945` → `ZBG5945`),
    /// byte by byte; nil beyond ASCII, for the caller's general way. NHIs, postcodes and chart numbers
    /// of every person linking compares.
    public var asciiLettersAndDigitsUppercased: String? {
        var text = self
        return text.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var n = 0
                for byte in bytes {
                    switch byte {
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out[n] = byte; n += 1
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): out[n] = byte - 32; n += 1
                    default: break
                    }
                }
                return n
            }
        }
    }
}

extension Substring {
    /// As `String.lettersAndDigitsLowercased`.
    public var lettersAndDigitsLowercased: String { String(self).lettersAndDigitsLowercased }
}

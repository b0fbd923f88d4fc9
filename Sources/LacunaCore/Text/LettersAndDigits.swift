extension StringProtocol {
    /// The text's letters and digits alone, lowercased (`Patient_NHI` → `patientnhi`, `12 Kōwhai St` →
    /// `12kōwhaist`): how column names, field names and addresses are compared. Run for every field
    /// name of every record and every address, so a text in ASCII alone (most) is done byte by byte;
    /// it gives what the general way (`lowercased()`, then `isLetter || isNumber`) gives.
    public var lettersAndDigitsLowercased: String {
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return String(lowercased().filter { $0.isLetter || $0.isNumber }) }
        let kept = utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
            default: nil
            }
        }
        return String(decoding: kept, as: UTF8.self)
    }
}

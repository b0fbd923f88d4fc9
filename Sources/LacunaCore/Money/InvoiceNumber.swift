/// Invoice numbers as ledgers and payers write them (`INV-10234`, `10234`, `#10234`): the number, so
/// that a ledger's invoice and a bank reference's compare.
public enum InvoiceNumber {
    /// The digits of an invoice as a number; nil when it has none or too many to be an invoice.
    public static func number(_ text: String) -> Int? {
        // An ASCII text by its bytes (its only numbers are 0 to 9): asked of every payment's invoice or
        // reference, each character's `isNumber` cost more than the rest of the question.
        let read = text.utf8.withContiguousStorageIfAvailable { bytes -> (ascii: Bool, number: Int?) in
            var value = 0, digits = 0
            for byte in bytes {
                guard byte < 0x80 else { return (false, nil) }
                guard byte >= 0x30 && byte <= 0x39 else { continue }
                digits += 1
                if digits > 9 { return (true, nil) }
                value = value * 10 + Int(byte - 0x30)
            }
            return (true, digits == 0 ? nil : value)
        }
        if let read, read.ascii { return read.number }
        return numberAnyWay(text)
    }

    /// The text's numbers alone, as written (`INV-004512` → `004512`): what `filter(\.isNumber)` gives,
    /// an ASCII text by its bytes (asked of every ledger row's invoice each time the case links and
    /// infers; each character's `isNumber` cost some 340 instructions).
    public static func writtenDigits(_ text: String) -> String {
        let ascii = text.withUTF8Bytes { bytes -> String? in
            var allASCII = true
            let digits = String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                for byte in bytes {
                    if byte >= 0x80 { allASCII = false; return 0 }
                    if byte >= 0x30 && byte <= 0x39 { out[count] = byte; count += 1 }
                }
                return count
            }
            return allASCII ? digits : nil
        }
        return ascii ?? text.filter(\.isNumber)
    }

    /// `number` of any text, read by its characters.
    static func numberAnyWay(_ text: String) -> Int? {
        let digits = text.filter(\.isNumber)
        return digits.isEmpty || digits.count > 9 ? nil : Int(digits)
    }
}

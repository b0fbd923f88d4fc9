/// Invoice numbers as ledgers and payers write them (`INV-10234`, `10234`, `#10234`): the number, so
/// that a ledger's invoice and a bank reference's compare.
public enum InvoiceNumber {
    /// The digits of an invoice as a number; nil when it has none or too many to be an invoice.
    public static func number(_ text: String) -> Int? {
        let digits = text.filter(\.isNumber)
        return digits.isEmpty || digits.count > 9 ? nil : Int(digits)
    }
}

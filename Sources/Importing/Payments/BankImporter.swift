import Foundation
public import LacunaCore

/// Bank statements as the banks export them (layouts in `BankLayouts`, or a rules file).
///
/// Each row becomes a trace: `internet-banking` (money in from a person: payer name and parsed
/// references), `settlement` (the acquirer's daily card takings), `credit` (other money in) or `debit`
/// (money out). Rows carry the bank's own id where it has one, so an overlapping export's rows are
/// duplicates by that id; otherwise by their content and occurrence number.
public struct BankImporter: SourceImporter {
    public let kind = SourceKind.bank

    public init() {}

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        // Statement formats other than CSV: OFX, QIF, ISO 20022 CAMT.053, SWIFT MT940.
        if let format = StatementFormat.detect(bytes) {
            return StatementImport(file: file, format: format).read(bytes: bytes, settings: settings)
        }
        return PaymentImport(kind: kind, file: file).read(bytes: bytes, settings: settings) { row, opened, keys in
            Self.trace(values: row.values, cents: row.cents, time: row.time, payload: row.payload, locator: row.record.locator,
                       layout: opened.layout.name, account: opened.account, file: file, keys: &keys)
        }
    }

    /// Words that mark the acquirer's daily settlement of card takings.
    static let settlementWords = ["SETTLEMENT", "SETTLE", "MERCHANT", "EFTPOS DEP", "VERIFONE", "SMARTPAY", "WINDCAVE",
                                  "PAYMARK", "WORLDLINE", "TYRO", "STRIPE", "SQUARE", "ADYEN", "GLOBAL PAYMENTS", "FISERV",
                                  "CARD TAKINGS", "MERCH"]

    /// One bank line as a trace: its values by role, signed cents (money in positive), when, the
    /// record as header → value, where it was, the layout or format it was read as, the account.
    static func trace(values v: [String: String], cents: Int, time: TraceTime, payload base: [String: String], locator: Locator,
                      layout: String, account: String?, file: String, keys: inout ContentKeys) -> Trace {
        let payerText = v["payer"].flatMap(PaymentReferences.payerName)
        // Where the layout has no separate reference fields, the description holds them.
        let referenceFields = [v["particulars"], v["code"], v["reference"]].compactMap { $0 }
        let refs = PaymentReferences.read(referenceFields.isEmpty ? [v["description"] ?? ""] : referenceFields)
        let allText = [v["payer"], v["particulars"], v["code"], v["reference"], v["description"], v["type"]]
            .compactMap { $0 }.joined(separator: " ").uppercased()

        let recordType: String
        if cents < 0 {
            recordType = "debit"
        } else if settlementWords.contains(where: allText.holds) {
            recordType = "settlement"
        } else if payerText != nil || !refs.nameWords.isEmpty || !refs.invoices.isEmpty || !refs.invoicePrefixes.isEmpty || refs.nhi != nil {
            recordType = "internet-banking"
        } else {
            recordType = "credit"
        }

        var identity = Identity()
        var payload = base
        payload["_layout"] = layout
        payload["_amount"] = Money.format(cents)
        if let account = v["account"] ?? account { payload["_account"] = account }
        for role in ["particulars", "code", "reference", "description", "type"] { if let value = v[role] { payload["_\(role)"] = value } }
        if recordType == "internet-banking" {
            if let payer = payerText { PaymentReferences.notePayer(payer, identity: &identity, payload: &payload) }
            identity.nhi = refs.nhi
            identity.nhiUnchecked = refs.nhi == nil ? refs.nhiUnchecked : nil
            if let invoice = refs.invoices.first { payload["_invoice"] = invoice }
            if let prefix = refs.invoicePrefixes.first { payload["_invoice_prefix"] = prefix }
            if !refs.initials.isEmpty { payload["_ref_initials"] = refs.initials.joined(separator: " ") }
            if !refs.numbers.isEmpty { payload["_numbers"] = refs.numbers.joined(separator: " ") }
            // Name words of the references. Where they came from the description, the payer's own
            // words are in it too: those are dropped.
            let payerWords = Set((payerText ?? "").uppercased().split(separator: " ").map(String.init))
            let words = referenceFields.isEmpty ? refs.nameWords.filter { !payerWords.contains($0) } : refs.nameWords
            if !words.isEmpty { payload["_ref_words"] = words.joined(separator: " ") }
            if refs.truncated { payload["_ref_truncated"] = "yes" }
            if !refs.clinicianWords.isEmpty { payload["_ref_clinician"] = refs.clinicianWords.joined(separator: " ") }
        } else if recordType == "settlement" {
            payload["_settlement_text"] = allText
        } else if let payer = payerText {
            payload["_payer"] = payer
        }

        let contentKey: String
        if let id = v["id"] {
            // The bank's own id, with the account it belongs to.
            contentKey = SHA256.hex("bank-id|\(payload["_account"] ?? layout)|\(id)")
            payload["_bank_id"] = id
        } else {
            contentKey = keys.key(recordType: recordType, fields: [
                payload["_account"] ?? "", time.localDate.description, Money.format(cents), v["payer"] ?? "",
                v["particulars"] ?? "", v["code"] ?? "", v["reference"] ?? "", v["description"] ?? "", v["balance"] ?? "",
            ])
        }
        return Trace(kind: .bank, recordType: recordType, file: file, locator: locator, time: time,
                     identity: identity, provider: nil, payload: payload, contentKey: contentKey)
    }
}

import Foundation
public import LacunaCore

/// Terminal and acquirer exports (layouts in `TerminalLayouts`, or a rules file), and Windcave's XML
/// transaction responses. Each row becomes a trace: `card-payment`, `refund`, `reversal` or `declined`,
/// with the practice's local time (UTC exports converted), amount, last 4 and terminal.
public struct EftposImporter: SourceImporter {
    public let kind = SourceKind.eftpos

    public init() {}

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        if let xml = WindcaveXML.body(of: bytes) {
            return WindcaveXML(file: file).read(xml, in: bytes, settings: settings)
        }
        return PaymentImport(kind: kind, file: file).read(bytes: bytes, settings: settings) { row, opened, keys in
            Self.trace(values: row.values, cents: row.cents, time: row.time, payload: row.payload, locator: row.record.locator,
                       layout: opened.layout, file: file, keys: &keys)
        }
    }

    static func trace(values v: [String: String], cents: Int, time: TraceTime, payload base: [String: String], locator: Locator,
                      layout: PaymentLayout, file: String, keys: inout ContentKeys) -> Trace {
        let type = (v["type"] ?? "").uppercased(), status = (v["status"] ?? "").uppercased()
        let recordType: String
        if ["DECLIN", "FAIL", "REJECT", "CANCEL", "ERROR"].contains(where: status.holds) || status == "0" || status == "FALSE" {
            recordType = "declined"
        } else if type.holds("REVERS") || type.holds("VOID") {
            recordType = "reversal"
        } else if type.holds("REFUND") || cents < 0 {
            recordType = "refund"
        } else {
            recordType = "card-payment"
        }
        // A refund or reversal is money out, whether the export signs it or (Windcave) says so by its type.
        let cents = recordType == "refund" || recordType == "reversal" ? -abs(cents) : cents
        var identity = Identity()
        var payload = base
        payload["_layout"] = layout.name
        payload["_amount"] = Money.format(cents)
        if let vendor = layout.vendor { payload["_vendor"] = vendor }
        for role in ["terminal", "merchant", "card-type", "auth", "reference", "status", "type"] {
            if let value = v[role] { payload["_\(role.replacingEvery("-", with: "_"))"] = value }
        }
        if let card = v["card"] {
            payload["_card"] = card
            // `XXXXXXXXXXXX5895`, `5895`, `2565, 7539` (split tender: the first card); `411111........11` has no last 4.
            let first = card.split(separator: ",").first.map(String.init) ?? card
            let trailing = String(first.trimmingSpaces().reversed().prefix { $0.isNumber }.reversed())
            if trailing.count >= 4 { identity.cardLast4 = String(trailing.suffix(4)) }
        }
        if let refunded = v["refunded"], let value = Money.parse(refunded), value != 0 { payload["_refunded"] = Money.format(value) }
        // Who paid, where the service keeps it (online invoice payments): linked like a bank payer.
        if let holder = v["holder"].flatMap(present), holder.contains(where: \.isLetter) {
            PaymentReferences.notePayer(holder, identity: &identity, payload: &payload)
        }
        if let email = v["email"].flatMap(present), email.contains("@") { identity.email = email.lowercased() }
        if let description = v["description"] {
            payload["_description"] = description
            if let invoice = PaymentReferences.read([description]).invoices.first { payload["_invoice"] = invoice }
        }
        let key = keys.key(recordType: recordType, fields: [
            layout.vendor ?? layout.name, v["terminal"] ?? "", time.payloadText, Money.format(cents), v["card"] ?? "",
            v["auth"] ?? "", v["reference"] ?? "", v["type"] ?? "",
        ])
        return Trace(kind: .eftpos, recordType: recordType, file: file, locator: locator, time: time, identity: identity,
                     provider: nil, payload: payload, contentKey: key)
    }
}

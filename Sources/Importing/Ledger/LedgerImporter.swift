public import LacunaCore

/// The restored system's invoices and payments up to the loss. It teaches which card belongs to which
/// household and which invoice numbers were issued before the loss.
public struct LedgerImporter: SourceImporter {
    public let kind = SourceKind.ledger

    public init() {}

    static let synonyms: HeaderMap.Synonyms = [
        "date": ["Date", "Invoice Date", "Payment Date", "Transaction Date"],
        "time": ["Time"],
        "id": ["Patient ID", "Chart No", "Patient No"],
        "name": ["Patient", "Patient Name", "Name"],
        "nhi": ["NHI"],
        "invoice": ["Invoice", "Invoice No", "Invoice Number", "Inv No"],
        "amount": ["Amount", "Total", "Amount Paid"],
        "method": ["Method", "Payment Method", "Tender", "Payment Type"],
        "card": ["Card Last4", "Card Last 4", "Last 4", "Card"],
        "provider": ["Provider", "GP", "Practitioner"],
    ]

    /// Where each meaning the importer reads stands in a file, found once a file (`CSVSource`).
    private struct Columns {
        let date, time, id, name, nhi, invoice, amount, method, card, provider: HeaderMap.Column

        init(_ map: HeaderMap) {
            date = map.column("date")
            time = map.column("time")
            id = map.column("id")
            name = map.column("name")
            nhi = map.column("nhi")
            invoice = map.column("invoice")
            amount = map.column("amount")
            method = map.column("method")
            card = map.column("card")
            provider = map.column("provider")
        }
    }

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let source = CSVSource(kind: kind, file: file, synonyms: Self.synonyms, dateMeanings: ["date"])
        return source.read(bytes: bytes, settings: settings, columns: Columns.init) { row, order, keys, warnings in
            let map = row.map, record = row.record, columns = row.columns
            guard let dateText = columns.date.value(in: record), let parsed = DateReading.dateTime(dateText, order: order) else {
                return .failure(RecordProblem(reason: "date missing or not a date"))
            }
            let time = columns.time.value(in: record).flatMap(DateReading.time) ?? parsed.time
            var identity = Identity()
            identity.localPatientID = columns.id.value(in: record)
            IdentityReading.applyNHI(columns.nhi.value(in: record), to: &identity, warnings: &warnings)
            let split = IdentityReading.splitName(columns.name.value(in: record))
            identity.givenName = split.given
            identity.familyName = split.family
            if let card = columns.card.value(in: record) {
                let digits = card.filter(\.isNumber)
                if digits.count >= 4 { identity.cardLast4 = String(digits.suffix(4)) }
            }
            var added: [(key: String, value: String)] = []
            if let amount = columns.amount.value(in: record).flatMap(Money.parse) { added.append(("_amount", Money.format(amount))) }
            else if columns.amount.value(in: record) != nil { warnings.append("an amount could not be read") }
            if let invoice = columns.invoice.value(in: record) { added.append(("_invoice", invoice)) }
            if let method = columns.method.value(in: record) { added.append(("_method", method.lowercased())) }
            let payload = map.payload(of: record, adding: added)
            let traceTime = time.map { TraceTime(date: parsed.date, time: $0, clock: settings.clock) } ?? TraceTime(date: parsed.date)
            let recordType = columns.invoice.value(in: record) != nil ? "invoice" : "payment"
            return .success(Trace(kind: kind, recordType: recordType, file: file, locator: record.locator, time: traceTime,
                                  identity: identity, provider: columns.provider.value(in: record), payload: payload,
                                  contentKey: keys.key(recordType: recordType, fields: record.fields)))
        }
    }
}

import Foundation

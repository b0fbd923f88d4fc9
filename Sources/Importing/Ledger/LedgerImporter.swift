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

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let source = CSVSource(kind: kind, file: file, synonyms: Self.synonyms, dateMeanings: ["date"])
        return source.read(bytes: bytes, settings: settings) { row, order, keys, warnings in
            let map = row.map, record = row.record
            guard let dateText = map.value("date", in: record), let parsed = DateReading.dateTime(dateText, order: order) else {
                return .failure(RecordProblem(reason: "date missing or not a date"))
            }
            let time = map.value("time", in: record).flatMap(DateReading.time) ?? parsed.time
            var identity = Identity()
            identity.localPatientID = map.value("id", in: record)
            IdentityReading.applyNHI(map.value("nhi", in: record), to: &identity, warnings: &warnings)
            let split = IdentityReading.splitName(map.value("name", in: record))
            identity.givenName = split.given
            identity.familyName = split.family
            if let card = map.value("card", in: record) {
                let digits = card.filter(\.isNumber)
                if digits.count >= 4 { identity.cardLast4 = String(digits.suffix(4)) }
            }
            var added: [(key: String, value: String)] = []
            if let amount = map.value("amount", in: record).flatMap(Money.parse) { added.append(("_amount", Money.format(amount))) }
            else if map.value("amount", in: record) != nil { warnings.append("an amount could not be read") }
            if let invoice = map.value("invoice", in: record) { added.append(("_invoice", invoice)) }
            if let method = map.value("method", in: record) { added.append(("_method", method.lowercased())) }
            let payload = map.payload(of: record, adding: added)
            let traceTime = time.map { TraceTime(date: parsed.date, time: $0, clock: settings.clock) } ?? TraceTime(date: parsed.date)
            let recordType = map.value("invoice", in: record) != nil ? "invoice" : "payment"
            return .success(Trace(kind: kind, recordType: recordType, file: file, locator: record.locator, time: traceTime,
                                  identity: identity, provider: map.value("provider", in: record), payload: payload,
                                  contentKey: keys.key(recordType: recordType, fields: record.fields)))
        }
    }
}

import Foundation

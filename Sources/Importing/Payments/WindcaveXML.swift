import Foundation
import LacunaCore

/// Windcave (Payment Express) transaction responses as a practice's web shop or IT saves them: PxPay
/// `<Response>` and PxPost `<Txn><Transaction>` XML, perhaps behind the HTTP headers they came with.
/// Read through libxml2's streaming reader (no network, no entities, no printing of errors).
struct WindcaveXML {
    let file: String

    /// The XML of a file that is Windcave XML (with or without captured HTTP headers); nil otherwise.
    static func body(of bytes: [UInt8]) -> ArraySlice<UInt8>? {
        var start = bytes.startIndex
        if bytes.starts(with: Array("HTTP/".utf8)) {
            // Skip the status line and headers: up to the first empty line.
            var i = 0
            while i + 1 < bytes.count {
                if bytes[i] == 0x0A && (bytes[i + 1] == 0x0A || (bytes[i + 1] == 0x0D && i + 2 < bytes.count && bytes[i + 2] == 0x0A)) {
                    start = i + (bytes[i + 1] == 0x0A ? 2 : 3)
                    break
                }
                i += 1
            }
        }
        let rest = bytes[start...]
        guard HealthDocsReader.looksLikeXML(Array(rest.prefix(64))) else { return nil }
        let head = String(decoding: rest.prefix(2048), as: UTF8.self).lowercased()
        guard head.contains("<txn") || head.contains("<response") || head.contains("<transaction") || head.contains("dpstxnref") else { return nil }
        return rest
    }

    /// One transaction's elements: lower-cased name → first text, and the line it started on.
    struct Record {
        var values: [String: String] = [:]
        var line: Int
    }

    func read(_ xml: ArraySlice<UInt8>, in bytes: [UInt8], settings: ImportSettings) -> FileImport {
        var result = FileImport()
        result.encoding = .utf8
        let (records, failedAt) = Self.records(Array(xml))
        // libxml2 counts lines from the start of the XML; the captured HTTP header lines come before it.
        let headerLines = bytes[..<xml.startIndex].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        var keys = ContentKeys(kind: .eftpos)
        let layout = TerminalLayouts.all.first { $0.vendor == "WINDCAVE" }!
        for record in records {
            let v = record.values
            let locator = Locator(line: record.line + headerLines)
            let amountText = v["amountsettlement"] ?? v["amount"] ?? v["inputamount"] ?? v["amountinput"]
            guard let amountText, let cents = Money.parse(amountText) else {
                result.rejects.append(Reject(kind: .eftpos, file: file, locator: locator, reason: "Windcave transaction: no amount"))
                continue
            }
            // RxDate is UTC; RxDateLocal is in LocalTimeZone; DateSettlement is a date only.
            let time: TraceTime
            if let rx = v["rxdate"].flatMap(Self.compactDateTime) {
                time = TraceTime(instant: PracticeClock.utc.instant(date: rx.0, time: rx.1), clock: settings.clock)
            } else if let settled = v["datesettlement"].flatMap({ DateReading.date($0, order: .ymd) }), settled.year > 1980 {
                time = TraceTime(date: settled)
            } else {
                result.rejects.append(Reject(kind: .eftpos, file: file, locator: locator, reason: "Windcave transaction: no date"))
                continue
            }
            var values: [String: String] = [:]
            values["card"] = v["cardnumber"]
            values["card-type"] = v["cardname"]
            values["auth"] = v["authcode"]
            values["reference"] = v["dpstxnref"] ?? v["txnref"] ?? v["txnid"]
            values["type"] = v["txntype"]
            values["description"] = v["merchantreference"]
            let success = v["success"] ?? v["authorized"] ?? v["authorised"]
            values["status"] = success == "0" ? "DECLINED" : (v["responsetext"] ?? "APPROVED")
            values = values.compactMapValues(present)
            var payload: [String: String] = [:]
            for key in ["txntype", "amountsettlement", "amount", "currencysettlement", "currencyinput", "authcode", "cardname",
                        "cardnumber", "dpstxnref", "txnref", "merchantreference", "responsetext", "success", "rxdate", "datesettlement"] {
                if let value = present(v[key]) { payload[key] = value }
            }
            result.traces.append(EftposImporter.trace(values: values, cents: cents, time: time, payload: payload, locator: locator,
                                                      layout: layout, file: file, keys: &keys))
        }
        if let failedAt {
            result.rejects.append(Reject(kind: .eftpos, file: file, locator: Locator(line: failedAt + headerLines),
                                         reason: "the XML is not well formed from here (truncated or damaged file)"))
        }
        result.reading.append("\(file): read as Windcave XML (\(headerLines > 0 ? "an HTTP exchange's body" : "the document")); "
                              + "\(result.traces.count) transaction(s) read, \(result.rejects.count) rejected")
        if records.isEmpty && failedAt == nil {
            result.warnings.append("\(file): Windcave XML with no transaction in it")
        }
        return result
    }

    /// `20130223141030` → date and time.
    static func compactDateTime(_ text: String) -> (LocalDate, LocalTime)? {
        let digits = Array(text.filter(\.isNumber))
        guard digits.count >= 12, let n = Int(String(digits.prefix(14)).padding(toLength: 14, withPad: "0", startingAt: 0)) else { return nil }
        guard let date = LocalDate(year: n / 10_000_000_000, month: n / 100_000_000 % 100, day: n / 1_000_000 % 100),
              let time = LocalTime(hour: n / 10_000 % 100, minute: n / 100 % 100, second: n % 100) else { return nil }
        return (date, time)
    }

    /// Each `Transaction` element (PxPost) is a record; a file without one is one record (`Response`).
    static func records(_ bytes: [UInt8]) -> ([Record], Int?) {
        var records: [Record] = []
        var whole = Record(line: 1)
        var current: Record?
        var stack: [String] = []
        let failedAt = XMLStream.walk(bytes, lowercased: true) { node in
            switch node {
            case .start(let name, _, let line):
                if name == "transaction" { current = Record(line: line) }
                stack.append(name)
            case .text(let raw):
                let text = raw.trimmingWhitespace()
                guard let element = stack.last, !text.isEmpty else { return }
                if current != nil { if current!.values[element] == nil { current!.values[element] = text } }
                else if whole.values[element] == nil { whole.values[element] = text }
            case .end(let name):
                if !stack.isEmpty { stack.removeLast() }
                if name == "transaction", let done = current {
                    records.append(done)
                    current = nil
                }
            }
        }
        if records.isEmpty && !whole.values.isEmpty { records.append(whole) }
        // Outer fields (PxPost's overall Success and ResponseText) fill what a transaction lacks.
        for index in records.indices {
            for (k, v) in whole.values where records[index].values[k] == nil { records[index].values[k] = v }
        }
        return (records, failedAt)
    }
}

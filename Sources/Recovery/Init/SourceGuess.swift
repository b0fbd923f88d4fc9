import Foundation
import Importing
import LacunaCore

/// What kind of source one file is, judged by its content (never by its name): HL7 by its segments
/// (a lab's results against Healthlink's letters and referrals), XML and JSON by their elements, a
/// database by its magic, and a table by which reader makes the most of it — the rows it reads, the
/// columns it understands and leaves, and the words its header uses. Each guess says how sure it is
/// and why, for `lacuna init` to mark.
struct SourceGuess {
    var kind: SourceKind
    /// Sure (`false`) where the content decides (HL7 message types, an SQLite file, an OFX statement);
    /// a guess a person should check otherwise.
    var guessed: Bool
    /// Why, in a few words.
    var why: String
    /// The file read as that kind (nil for kinds read only within a run: a database, an index).
    var reading: FileImport?

    /// Kinds a table may be, each with the header words that speak for it.
    static let tableWords: [(SourceKind, Set<String>)] = [
        (.register, ["nhi", "address", "suburb", "gender", "sex", "enrolled", "registered", "consent", "ethnicity", "postcode", "zip", "town", "usual"]),
        (.appointments, ["appt", "appointment", "start", "status", "duration", "mins", "booked", "slot", "arrived", "type", "book"]),
        (.ledger, ["invoice", "receipt", "method", "paid", "fee", "charge", "total", "payment", "balance"]),
        (.bank, ["particulars", "payee", "memo", "narrative", "balance", "reference", "code", "account", "cheque", "serial", "debit", "credit"]),
        (.eftpos, ["terminal", "card", "pan", "tid", "merchant", "txn", "settlement", "device", "brand", "auth", "approval", "collected"]),
        (.callbacks, ["seen", "callback", "rang", "caller", "call", "returned", "which", "day"]),
        (.portal, ["message", "subject", "portal", "sent", "body", "request", "repeat"]),
    ]

    static func of(_ bytes: [UInt8], name: String, settings: ImportSettings) -> SourceGuess? {
        if bytes.starts(with: Array("SQLite format 3".utf8)) {
            return SourceGuess(kind: .dbRemnant, guessed: false, why: "an SQLite database (a damaged practice database is read as one)", reading: nil)
        }
        let text = TextDecoding.decode(Array(bytes.prefix(1 << 20))).utf8
        let head = String(decoding: text, as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" || $0 == "\u{0B}" }
        func read(_ kind: SourceKind) -> FileImport? { Importers.read(kind, file: name, bytes: bytes, settings: settings) }

        // HL7 v2: the message types and the result values say whose it is.
        if trimmed.hasPrefix("MSH|") || head.contains("\rMSH|") || head.contains("\nMSH|") || head.contains("\u{0B}MSH|") {
            let segments = head.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\u{0B}" || $0 == "\u{1C}" })
            let types = segments.filter { $0.hasPrefix("MSH|") }.map { $0.split(separator: "|", omittingEmptySubsequences: false) }
                .compactMap { $0.count > 8 ? String($0[8].prefix(3)) : nil }
            let values = segments.filter { $0.hasPrefix("OBX|") }.map { $0.split(separator: "|", omittingEmptySubsequences: false) }
                .compactMap { $0.count > 2 ? String($0[2]) : nil }
            let letters = types.filter { ["REF", "RRI", "MDM"].contains($0) }.count + values.filter { ["TX", "FT", "ED"].contains($0) }.count
            let results = values.filter { ["NM", "SN", "ST", "CE", "CWE"].contains($0) }.count
            if letters > results {
                return SourceGuess(kind: .healthlink, guessed: false, why: "HL7 referrals, letters or documents (\(Set(types).sorted().joined(separator: ", ")))",
                                   reading: read(.healthlink))
            }
            return SourceGuess(kind: .lab, guessed: results == 0, why: "HL7 results (\(Set(types).sorted().joined(separator: ", ")); \(results) result value(s))",
                               reading: read(.lab))
        }
        // XML: a bank's OFX or ISO 20022 statement, else a document (HealthDocs).
        if trimmed.hasPrefix("<") || head.hasPrefix("OFXHEADER") {
            if head.contains("<OFX>") || head.hasPrefix("OFXHEADER") || head.contains("camt.05") || head.contains("<BkToCstmrStmt") {
                return SourceGuess(kind: .bank, guessed: false, why: "a bank statement (OFX or ISO 20022)", reading: read(.bank))
            }
            return SourceGuess(kind: .healthlink, guessed: !head.contains("<HealthDoc"), why: "XML documents (HealthDocs)", reading: read(.healthlink))
        }
        // MT940 and QIF statements.
        if head.contains(":20:") && head.contains(":61:") {
            return SourceGuess(kind: .bank, guessed: false, why: "an MT940 bank statement", reading: read(.bank))
        }
        if trimmed.hasPrefix("!Type:") { return SourceGuess(kind: .bank, guessed: false, why: "a QIF bank statement", reading: read(.bank)) }
        // JSON: a search index's dump, else the portal's export.
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            if head.contains("\"_source\"") || head.contains("\"_index\"") || head.contains("\"response\":{\"docs\"") || head.contains("\"docs\":[") {
                return SourceGuess(kind: .searchIndex, guessed: false, why: "a search index's dump (its documents' _source)", reading: nil)
            }
            return SourceGuess(kind: .portal, guessed: true, why: "JSON messages", reading: read(.portal))
        }
        // A table: every table reader tries it, and the one that reads the most of it wins.
        var best: (score: Double, kind: SourceKind, reading: FileImport, why: String)?
        let header = Set(headerWords(head))
        for (kind, words) in tableWords {
            guard let attempt = read(kind), attempt.read > 0 else { continue }
            let fraction = Double(attempt.traces.count) / Double(attempt.read)
            let understood = attempt.reading.map { $0.components(separatedBy: " ← ").count - 1 }.reduce(0, +)
            let left = attempt.reading.map(unreadCount).reduce(0, +)
            let spoken = header.intersection(words).count
            let score = fraction * (Double(understood) - 0.5 * Double(left)) + 1.5 * Double(spoken)
            if best == nil || score > best!.score {
                best = (score, kind, attempt, "\(attempt.traces.count) of \(attempt.read) row(s) read, \(understood) column(s) understood, \(left) left; header words \(spoken)")
            }
        }
        // Free text: a clinician's remembered list.
        if let remembered = read(.remembered), remembered.traces.count > 0,
           best == nil || Double(best!.reading.traces.count) < 0.5 * Double(best!.reading.read) || best!.score < 2 {
            return SourceGuess(kind: .remembered, guessed: true, why: "free text lines naming people (\(remembered.traces.count) read)", reading: remembered)
        }
        guard let best, best.reading.traces.count > 0 else { return nil }
        return SourceGuess(kind: best.kind, guessed: true, why: "a table: \(best.why)", reading: best.reading)
    }

    /// The words of a table's first lines, lower case: what its header says.
    static func headerWords(_ text: String) -> [String] {
        let lines = text.split(whereSeparator: \.isNewline).prefix(3)
        return lines.joined(separator: " ").lowercased().split { !$0.isLetter }.map(String.init)
    }

    /// Columns a reading says it left (`kept but not used: “A”, “B”`; `2 kept in each record but not read`).
    static func unreadCount(_ reading: String) -> Int {
        if let range = reading.range(of: "kept but not used: ") {
            return reading[range.upperBound...].components(separatedBy: "”").count - 1
        }
        if let range = reading.range(of: " kept in each record but not read") {
            let before = reading[..<range.lowerBound].split(separator: " ").last.flatMap { Int($0) }
            return before ?? 0
        }
        return 0
    }

    /// The columns a reading left, by their headers.
    static func unreadColumns(_ reading: String) -> [String] {
        guard let start = reading.range(of: "kept but not used: ") ?? reading.range(of: "but not read (") else { return [] }
        var names: [String] = []
        var rest = reading[start.upperBound...]
        while let open = rest.firstIndex(of: "“"), let close = rest[open...].firstIndex(of: "”") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

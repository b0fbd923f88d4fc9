import LacunaCore

/// Makes content keys for the records of one file: the same record read again (a re-run, an
/// overlapping export, a resend) gets the same key; two identical records in one file (two $45 payments
/// from the same payer on one day) get different keys through their occurrence number.
struct ContentKeys {
    private var seen: [SHA256.Digest: Int] = [:]
    let kind: SourceKind

    /// `records`: about how many the file holds, where known (room made once, not grown record by record).
    init(kind: SourceKind, records: Int = 0) {
        self.kind = kind
        seen.reserveCapacity(records)
    }

    /// The SHA-256 of the kind, the record type and each field without spaces at its ends, joined by
    /// U+001F, in hex, then `#` and how many times the file has had it so far (`…#1` the first).
    mutating func key(recordType: String, fields: [String]) -> String {
        var parts: [String] = []
        parts.reserveCapacity(fields.count + 2)
        parts.append(kind.rawValue)
        parts.append(recordType)
        for field in fields { parts.append(field.trimmingSpaces()) }
        let digest = SHA256.digest(joining: parts, separator: "\u{1F}")
        let occurrence = seen[digest, default: 0] + 1
        seen[digest] = occurrence
        return digest.hex(suffix: "#" + String(occurrence))
    }
}

import Foundation

import LacunaCore

/// Makes content keys for the records of one file: the same record read again (a re-run, an
/// overlapping export, a resend) gets the same key; two identical records in one file (two $45 payments
/// from the same payer on one day) get different keys through their occurrence number.
struct ContentKeys {
    private var seen: [String: Int] = [:]
    let kind: SourceKind

    init(kind: SourceKind) { self.kind = kind }

    mutating func key(recordType: String, fields: [String]) -> String {
        let digest = SHA256.hex(joining: [kind.rawValue, recordType] + fields.map { $0.trimmingSpaces() }, separator: "\u{1F}")
        let occurrence = seen[digest, default: 0] + 1
        seen[digest] = occurrence
        return "\(digest)#\(occurrence)"
    }
}

import Foundation

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
        // The bytes hashed laid out in place, each field's trimmed as it is copied (a list of the trimmed
        // fields, made and let go for every record, cost as much as the rest of the key but the hashing).
        // Trimming only shortens a field: room for every field whole is room enough.
        let kindName = kind.rawValue
        let room = fields.reduce(kindName.utf8.count + recordType.utf8.count + 1) { $0 + 1 + $1.utf8.count }
        let digest = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer -> SHA256.Digest in
            var at = kindName.copyUTF8(into: buffer, at: 0)
            buffer[at] = Self.separator
            at = recordType.copyUTF8(into: buffer, at: at + 1)
            for field in fields {
                buffer[at] = Self.separator
                // `trimmingSpaces` gives a field with a printable ASCII byte at either end (most) back as it is.
                at = field.trimmingSpaces().copyUTF8(into: buffer, at: at + 1)
            }
            return SHA256.digest(of: UnsafeBufferPointer(rebasing: buffer[..<at]))
        }
        let occurrence = seen[digest, default: 0] + 1
        seen[digest] = occurrence
        return digest.hex(suffix: "#" + String(occurrence))
    }

    /// What stands between the parts hashed: U+001F.
    private static let separator: UInt8 = 0x1F
}

import Foundation

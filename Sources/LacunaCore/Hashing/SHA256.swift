internal import Crypto

/// SHA-256 (FIPS 180-4), for content keys and file fingerprints: swift-crypto's (BoringSSL, with the
/// processor's SHA instructions where it has them) behind the case's own small interface. Every run
/// hashes each source file to know whether it holds anything new, and each record for its content key:
/// the hand-written one this replaces took some seventy instructions a byte, a tenth of a re-run.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Adds bytes to the message: straight from the caller's memory where it is contiguous (a file's
    /// bytes, a native string's UTF-8), copied once otherwise.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    /// Adds a string's UTF-8 bytes.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest as 64 lower-case hex digits. The hasher is done with after it.
    public mutating func finalizeHex() -> String {
        // Written straight into the text's own storage: every record's content key ends here, and a
        // byte array appended to digit by digit cost more than the hashing.
        hasher.finalize().withUnsafeBytes { digest in
            String(unsafeUninitializedCapacity: 2 * digest.count) { out in
                let hexDigits: StaticString = "0123456789abcdef"
                hexDigits.withUTF8Buffer { digits in
                    for (index, byte) in digest.enumerated() {
                        out[2 * index] = digits[Int(byte >> 4)]
                        out[2 * index + 1] = digits[Int(byte & 0x0F)]
                    }
                }
                return 2 * digest.count
            }
        }
    }

    /// The hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalizeHex()
    }

    /// The hex digest of the texts joined by `separator` (`parts.joined(separator:)`'s bytes): every
    /// record's content key. The bytes are gathered into one buffer and hashed at once (a text joined
    /// first cost as much again; the hasher fed part by part more, each update having its own overhead).
    public static func hex(joining parts: [String], separator: String) -> String {
        let separatorCount = separator.utf8.count
        let total = parts.reduce(separatorCount * max(parts.count - 1, 0)) { $0 + $1.utf8.count }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(total, 1)) { buffer in
            var at = 0
            for (index, part) in parts.enumerated() {
                if index > 0 { at = separator.copyUTF8(into: buffer, at: at) }
                at = part.copyUTF8(into: buffer, at: at)
            }
            var hasher = SHA256()
            hasher.hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer.baseAddress, count: at))
            return hasher.finalizeHex()
        }
    }

    /// The hex digest of bytes.
    public static func hex<Bytes: Sequence>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}

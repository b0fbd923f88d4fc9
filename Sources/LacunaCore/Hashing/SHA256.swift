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
        text.withUTF8Bytes { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest as 64 lower-case hex digits. The hasher is done with after it.
    public mutating func finalizeHex() -> String { finalizeDigest().hex() }

    /// The digest. The hasher is done with after it.
    public mutating func finalizeDigest() -> Digest {
        hasher.finalize().withUnsafeBytes { bytes in
            Digest(bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                   bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    /// A digest's 32 bytes as four words (in memory's order): a key that hashes and compares as four
    /// numbers where its 64 hex digits, a text of their own, cost several times as much (every record's
    /// content key is counted by digest).
    public struct Digest: Hashable, Sendable {
        private let a, b, c, d: UInt64

        init(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) { (self.a, self.b, self.c, self.d) = (a, b, c, d) }

        /// Hashed by `FastHash` from its first word, as even as any (a file's records are counted by their
        /// digests, a dictionary lookup a record): digests equal hash alike, unequal ones almost never.
        public func _rawHashValue(seed: Int) -> Int { FastHash.hash(a, seed: seed) }

        /// The 64 lower-case hex digits, then `suffix`: written straight into the text's own storage
        /// (every record's content key ends here; a byte array appended to digit by digit cost more than
        /// the hashing, an interpolated suffix as much again).
        public func hex(suffix: String = "") -> String {
            return suffix.withUTF8Bytes { tail in
                String(unsafeUninitializedCapacity: 64 + tail.count) { out in
                    let hexDigits: StaticString = "0123456789abcdef"
                    hexDigits.withUTF8Buffer { digits in
                        // A word's bytes, lowest first (as they lay in the digest), two digits each.
                        func put(_ word: UInt64, at start: Int) {
                            for byte in 0..<8 {
                                let value = UInt8(truncatingIfNeeded: word >> (8 * UInt64(byte)))
                                out[start + 2 * byte] = digits[Int(value >> 4)]
                                out[start + 2 * byte + 1] = digits[Int(value & 0x0F)]
                            }
                        }
                        put(a, at: 0)
                        put(b, at: 16)
                        put(c, at: 32)
                        put(d, at: 48)
                    }
                    for (offset, byte) in tail.enumerated() { out[64 + offset] = byte }
                    return 64 + tail.count
                }
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
        digest(joining: parts, separator: separator).hex()
    }

    /// The digest of the texts joined by `separator`, as `hex(joining:separator:)` hashes them.
    public static func digest(joining parts: [String], separator: String) -> Digest {
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
            return hasher.finalizeDigest()
        }
    }

    /// The digest of bytes laid out in place (a buffer a caller filled itself).
    public static func digest(of bytes: UnsafeBufferPointer<UInt8>) -> Digest {
        var hasher = SHA256()
        hasher.hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        return hasher.finalizeDigest()
    }

    /// The hex digest of bytes.
    public static func hex<Bytes: Sequence>(bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }
}

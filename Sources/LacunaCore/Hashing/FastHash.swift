/// Hashing for the keys of the dictionaries a run looks in millions of times (the register's index, the
/// person table's caches, the model's answers): a multiply-and-rotate mix of the key's bytes and the
/// seed, eight bytes at a time, in place of Swift's SipHash, for which every lookup makes, feeds and
/// finishes a `Hasher` (at 100,000 patients a tenth of a fresh run's CPU went to looking keys up in
/// dictionaries and sets, half of it to the `Hasher`s themselves).
///
/// Swift's dictionaries and sets ask a key for `_rawHashValue(seed:)`, a requirement of `Hashable` a type
/// may meet itself (as the standard library's integers do); the keys here (`TextKey`, `LocalDate`, the
/// model's pairs) meet it with `FastHash`. The seed is the dictionary's own (Swift's: the address of its
/// storage, which address-space randomisation moves from run to run), so a file cannot be written to
/// make every key collide; the mix is not a cryptographic hash, and nothing here needs one. (A seed
/// drawn once a process and mixed into every hash cost 0.2–0.5% of a run's instructions, a look at a
/// lazily made global for every hash, for little more.)
public enum FastHash {
    /// An odd constant with its bits spread (2⁶⁴ over the golden ratio).
    @usableFromInline static let k: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// A number mixed with the seed, every bit of it reaching the low bits (a dictionary's bucket).
    @inlinable
    public static func hash(_ value: UInt64, seed: Int) -> Int {
        Int(truncatingIfNeeded: finish(round(UInt64(truncatingIfNeeded: seed), value) ^ 8))
    }

    /// The bytes mixed with the seed: eight at a time, each word multiplied in and rotated, the length last.
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: Int) -> Int {
        Int(truncatingIfNeeded: hash(bytes, seed: UInt64(truncatingIfNeeded: seed)))
    }

    /// `hash(_:seed:)` on 64 bits (`ValueIDs` places a key and tells keys apart by its top bits).
    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var h = seed
        var i = 0
        let n = bytes.count
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while i + 8 <= n {
                h = round(h, base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = round(h, tail)
        }
        return finish(h ^ UInt64(n))
    }

    /// A text's hash, equal for texts Swift holds equal (`==`): from its bytes where it is ASCII, from
    /// its bytes in Unicode's composed form (NFC, the form Swift compares) where it is not (`ā` as one
    /// scalar or as `a` and a macron, `K` and the Kelvin sign, hash alike).
    public static func hash(_ text: String, seed: Int) -> Int {
        text.withUTF8Bytes { bytes in
            if bytes.isASCII { return hash(bytes, seed: seed) }
            return text._nfcCodeUnits.withUnsafeBufferPointer { hash($0, seed: seed) }
        }
    }

    @inlinable @inline(__always)
    static func round(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (h ^ word) &* k
        return (mixed << 29) | (mixed >> 35)
    }

    /// The high bits folded into the low ones, twice.
    @inlinable @inline(__always)
    static func finish(_ h: UInt64) -> UInt64 {
        var h = h
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }
}

/// A text as the key of a dictionary or set looked in very often: equal where the texts are (`==`),
/// hashed by `FastHash` rather than through a `Hasher`.
public struct TextKey: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    @inlinable
    public init(_ text: String) { self.text = text }

    public var description: String { text }

    public func _rawHashValue(seed: Int) -> Int { FastHash.hash(text, seed: seed) }

    public func hash(into hasher: inout Hasher) { hasher.combine(FastHash.hash(text, seed: 0)) }
}

/// A 128-bit fingerprint of values taken one after another (counts, numbers, decimals, texts, bytes),
/// for telling whether what a run made is what the last run made: the rows a run derived, the traces it
/// linked. Not SHA-256, and not for anything an adversary chooses: what it takes is the case's own, and
/// it is compared with the case's own last fingerprint. It is several times cheaper than gathering the
/// values into bytes for SHA-256 (a run's derived rows and traces, hashed so, cost some 6% of a re-run
/// after a new file).
///
/// Each value is one or more 64-bit words, and each word goes into two lanes: the lane is turned, the
/// word mixed in by exclusive-or, and the lane multiplied by an odd number. Each of those undoes, so two
/// runs of values that differ in one word always end in different fingerprints; a text is its length
/// then its bytes, so texts split differently differ too. Values carry no type (an empty text and a
/// count of 0 are one word), as in `ByteRunWriter`: whoever takes them takes them in a fixed order. The
/// same values give the same fingerprint in every process and on every machine of one byte order.
public struct Fingerprint: Sendable {
    // Inlinable, as `ByteRunWriter` is: the derived rows' digest and the memos' fingerprints take a few
    // values for each of hundreds of thousands of rows, and a call across modules for each cost more
    // than the mixing.
    @usableFromInline var a: UInt64 = 0x243F_6A88_85A3_08D3
    @usableFromInline var b: UInt64 = 0x1319_8A2E_0370_7344
    @usableFromInline var words: UInt64 = 0

    public init() {}

    @inlinable @inline(__always)
    mutating func mix(_ word: UInt64) {
        a = ((a << 29 | a >> 35) ^ word) &* 0x9E37_79B9_7F4A_7C15
        b = ((b << 41 | b >> 23) ^ word) &* 0xC2B2_AE3D_27D4_EB4F
        words &+= 1
    }

    /// A count or length.
    @inlinable public mutating func count(_ value: Int) { mix(UInt64(bitPattern: Int64(value))) }

    @inlinable public mutating func integer(_ value: Int64) { mix(UInt64(bitPattern: value)) }

    /// A decimal by its bits (0.1 + 0.2 and 0.3 differ).
    @inlinable public mutating func decimal(_ value: Double) { mix(value.bitPattern) }

    @inlinable public mutating func flag(_ value: Bool) { mix(value ? 1 : 0) }

    /// A text's UTF-8 bytes, after its length.
    @inlinable public mutating func text(_ value: String) {
        value.withUTF8Bytes { bytes(UnsafeRawBufferPointer($0)) }
    }

    /// Bytes, after their count: eight at a time, the last few as one word.
    @inlinable public mutating func bytes(_ bytes: UnsafeRawBufferPointer) {
        count(bytes.count)
        var at = 0
        while at + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
            at += 8
        }
        let left = bytes.count - at
        guard left > 0 else { return }
        if bytes.count >= 8 {
            // The last eight bytes, those already taken shifted out: the last few as one word, in one load.
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) >> UInt64(8 * (8 - left)))
        } else {
            var last: UInt64 = 0
            for k in 0..<left { last |= UInt64(bytes[at + k]) << UInt64(8 * k) }
            mix(last)
        }
    }

    /// Bytes held in an array.
    @inlinable public mutating func bytes(_ value: [UInt8]) { value.withUnsafeBytes { bytes($0) } }

    /// A flag, then the value where there is one.
    @inlinable public mutating func optional<Value>(_ value: Value?, _ write: (inout Fingerprint, Value) -> Void) {
        guard let value else { return flag(false) }
        flag(true)
        write(&self, value)
    }

    /// The fingerprint as 32 lower-case hex digits. Both lanes and the number of words are stirred
    /// together by steps that each undo (so different lanes still give different digits).
    public func hex() -> String {
        let (x, y) = halves
        return Self.hex(x) + Self.hex(y)
    }

    /// The fingerprint as two words (`hex()`'s digits are theirs): for a program that keeps many
    /// fingerprints, or compares them, without making texts of them.
    @inlinable public var halves: (UInt64, UInt64) {
        let x = Self.stir(a ^ (b << 32 | b >> 32) ^ words)
        return (x, Self.stir(b ^ x))
    }

    /// MurmurHash3's finaliser: every bit of the word moves about half the bits of the result.
    @inlinable static func stir(_ word: UInt64) -> UInt64 {
        var k = word
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    private static func hex(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

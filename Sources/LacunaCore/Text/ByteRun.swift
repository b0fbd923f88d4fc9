/// Values written one after another as a run of bytes, and read back in the same order: counts and
/// lengths as LEB128, whole numbers zigzagged, decimals by their bits (read back exactly), texts as a
/// length and their UTF-8. For what the case keeps between runs to spare work (`LinkageMemo`); what
/// people or other programs read is never kept this way.
public struct ByteRunWriter: Sendable {
    /// Written in place by the methods below, which are inlinable: a memo or a block writes a few values
    /// for each of hundreds of thousands of things, and a call across modules for each cost more than
    /// the writing.
    @usableFromInline var storage: [UInt8] = []

    /// What has been written.
    public var bytes: [UInt8] { storage }

    public init() {}

    /// Room made for about `capacity` bytes, once.
    public init(capacity: Int) { storage.reserveCapacity(capacity) }

    /// Room for about `capacity` bytes in `room`'s memory, its bytes let go: a writer made again and
    /// again for large runs (a file's block of traces, at each import) writes where the last one wrote,
    /// not into memory fresh from the system, which the kernel clears first. `room` is taken over only
    /// where nothing else holds it (else its memory is not reused).
    public init(reusing room: consuming [UInt8], capacity: Int) {
        storage = consume room
        storage.removeAll(keepingCapacity: true)
        storage.reserveCapacity(capacity)
    }

    /// A count or length (never negative).
    @inlinable public mutating func count(_ value: Int) {
        precondition(value >= 0, "a count is never negative")
        Self.appendUnsigned(UInt64(value), to: &storage)
    }

    @inlinable public mutating func integer(_ value: Int64) {
        // Zigzag: small negative numbers stay short.
        Self.appendUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &storage)
    }

    @inlinable public mutating func decimal(_ value: Double) {
        var bits = value.bitPattern
        for _ in 0..<8 {
            storage.append(UInt8(bits & 0xFF))
            bits >>= 8
        }
    }

    @inlinable public mutating func text(_ value: String) {
        // The text's bytes where they lie, copied whole (appended as a sequence they went a byte at a
        // time: a memo writes hundreds of thousands of texts).
        value.withUTF8Bytes { utf8 in
            Self.appendUnsigned(UInt64(utf8.count), to: &storage)
            storage.append(contentsOf: utf8)
        }
    }

    /// A word of eight bytes, as they are (least significant first): for values spread over every bit,
    /// a fingerprint's, that LEB128 would make longer.
    @inlinable public mutating func word(_ value: UInt64) {
        var bits = value
        for _ in 0..<8 {
            storage.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// How many bytes have been written.
    @inlinable public var count: Int { storage.count }

    /// Bytes as they are, no length before them: pieces another writer wrote, laid out here in another
    /// order than they were written in.
    @inlinable public mutating func copy(_ written: UnsafeBufferPointer<UInt8>) {
        storage.append(contentsOf: written)
    }

    /// A run of bytes: its length, then the bytes.
    @inlinable public mutating func byteRun(_ value: [UInt8]) {
        Self.appendUnsigned(UInt64(value.count), to: &storage)
        storage.append(contentsOf: value)
    }

    /// A run of bytes written by `body` in place, after what is written so far: its length, then the
    /// bytes, as `byteRun(_:)` writes them, without the run made on its own and copied in (a file's block
    /// of traces is tens of megabytes at 100,000 patients). Room is kept for the longest length; once
    /// the length is known, it is written there and the bytes moved up to meet it, within the room
    /// already made.
    public mutating func byteRun(writing body: (inout ByteRunWriter) -> Void) {
        let start = storage.count
        storage.append(contentsOf: repeatElement(0, count: Self.longestLength))
        body(&self)
        var length: [UInt8] = []
        Self.appendUnsigned(UInt64(storage.count - start - Self.longestLength), to: &length)
        storage.replaceSubrange(start..<start + Self.longestLength, with: length)
    }

    /// The most bytes a length takes (LEB128 of 64 bits).
    @usableFromInline static let longestLength = 10

    /// A flag byte, then the value where there is one.
    @inlinable public mutating func optional<Value>(_ value: Value?, _ write: (inout ByteRunWriter, Value) -> Void) {
        guard let value else {
            storage.append(0)
            return
        }
        storage.append(1)
        write(&self, value)
    }

    @inlinable public mutating func flag(_ value: Bool) { storage.append(value ? 1 : 0) }

    /// Appends `value` as LEB128.
    @inlinable static func appendUnsigned(_ value: UInt64, to out: inout [UInt8]) {
        var n = value
        while n >= 0x80 {
            out.append(UInt8(n & 0x7F) | 0x80)
            n >>= 7
        }
        out.append(UInt8(n))
    }
}

/// Why a run of bytes could not be read back: it ends early or holds what was never written.
public struct ByteRunError: Error, Sendable, CustomStringConvertible {
    public let offset: Int
    public init(offset: Int) { self.offset = offset }
    public var description: String { "the kept bytes end early or are damaged at byte \(offset)" }
}

/// Reads what a `ByteRunWriter` wrote, in the same order. Every read is checked against the end: damaged
/// bytes throw `ByteRunError`, never read past the run.
public struct ByteRunReader: Sendable {
    // Read in place by the inlinable methods below (as `ByteRunWriter` writes).
    @usableFromInline let bytes: [UInt8]
    @usableFromInline var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// How far it has read.
    public var offset: Int { position }

    public var atEnd: Bool { position == bytes.count }

    @inlinable mutating func byte() throws(ByteRunError) -> UInt8 {
        guard position < bytes.count else { throw ByteRunError(offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    @inlinable mutating func unsigned() throws(ByteRunError) -> UInt64 {
        var n: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw ByteRunError(offset: position) }
            n |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return n }
            shift += 7
        }
    }

    @inlinable public mutating func count() throws(ByteRunError) -> Int {
        let n = try unsigned()
        // No count is larger than the whole run (each counted thing takes at least a byte).
        guard n <= UInt64(bytes.count) else { throw ByteRunError(offset: position) }
        return Int(n)
    }

    @inlinable public mutating func integer() throws(ByteRunError) -> Int64 {
        let n = try unsigned()
        return Int64(bitPattern: (n >> 1) ^ (0 &- (n & 1)))
    }

    @inlinable public mutating func decimal() throws(ByteRunError) -> Double {
        guard position + 8 <= bytes.count else { throw ByteRunError(offset: position) }
        var bits: UInt64 = 0
        for k in 0..<8 { bits |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return Double(bitPattern: bits)
    }

    @inlinable public mutating func text() throws(ByteRunError) -> String {
        let length = try count()
        guard position + length <= bytes.count else { throw ByteRunError(offset: position) }
        defer { position += length }
        let start = position
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self) }
    }

    /// A word `word(_:)` wrote.
    @inlinable public mutating func word() throws(ByteRunError) -> UInt64 {
        guard position + 8 <= bytes.count else { throw ByteRunError(offset: position) }
        defer { position += 8 }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt64.self)) }
    }

    /// A run of bytes `byteRun(_:)` wrote.
    @inlinable public mutating func byteRun() throws(ByteRunError) -> [UInt8] {
        let length = try count()
        guard position + length <= bytes.count else { throw ByteRunError(offset: position) }
        defer { position += length }
        return Array(bytes[position..<position + length])
    }

    @inlinable public mutating func flag() throws(ByteRunError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw ByteRunError(offset: position - 1)
        }
    }

    @inlinable public mutating func optional<Value>(_ read: (inout ByteRunReader) throws -> Value) throws -> Value? {
        try flag() ? try read(&self) : nil
    }
}

extension String {
    /// Calls `body` with the text's UTF-8 bytes where it keeps them (a text of its own or a short one
    /// kept inline: every text Lacuna makes), as `withUTF8` gives them, but without a mutable copy of
    /// the text to call it on: that copy retained and released the text, an atomic count each way, for
    /// millions of texts a run writes, hashes or reads byte by byte. A text that keeps its bytes
    /// elsewhere is made contiguous in a copy, as `withUTF8` would.
    @inlinable public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Copies the text's UTF-8 into `buffer` at `start`, where there is room for it; where the next byte goes.
    /// A native text's bytes are copied whole from its own storage, any other's byte by byte: for writers
    /// that measure first and then write in place (a payload's run, a content key's bytes).
    public func copyUTF8(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let copied = utf8.withContiguousStorageIfAvailable { bytes -> Int in
            if let base = bytes.baseAddress, bytes.count > 0 { (buffer.baseAddress! + start).initialize(from: base, count: bytes.count) }
            return bytes.count
        }
        if let copied { return start + copied }
        var at = start
        for byte in utf8 {
            buffer[at] = byte
            at += 1
        }
        return at
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether every byte is below 0x80 (ASCII), eight at a time.
    public var isASCII: Bool {
        guard let base = UnsafeRawPointer(baseAddress) else { return true }
        var any: UInt64 = 0
        var i = 0
        while i + 8 <= count {
            any |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            any |= UInt64(self[i])
            i += 1
        }
        return any & 0x8080_8080_8080_8080 == 0
    }
}

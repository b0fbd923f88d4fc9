extension String {
    /// Copies the text's UTF-8 into `buffer` at `start`, where there is room for it; where the next byte goes.
    /// A native text's bytes are copied whole from its own storage, any other's byte by byte: for writers
    /// that measure first and then write in place (a payload's run, a content key's bytes).
    func copyUTF8(into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
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

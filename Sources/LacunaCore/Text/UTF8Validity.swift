extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes are UTF-8 (RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF),
    /// as the standard library's decoder finds them: eight bytes at a time while they are ASCII (most of
    /// any file a practice exports), each other character checked where it begins. Decoded character by
    /// character, every source file cost some four instructions a byte to be found UTF-8.
    public var isValidUTF8: Bool {
        guard let base = UnsafeRawPointer(baseAddress) else { return true }
        let n = count
        var i = 0
        while i < n {
            if i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = self[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            if lead & 0xE0 == 0xC0, lead >= 0xC2 { length = 2 }
            else if lead & 0xF0 == 0xE0 { length = 3 }
            else if lead & 0xF8 == 0xF0, lead <= 0xF4 { length = 4 }
            else { return false }
            guard i + length <= n else { return false }
            for k in 1..<length where self[i + k] & 0xC0 != 0x80 { return false }
            let second = self[i + 1]
            // Three bytes: not overlong (E0 then A0 at least), not a surrogate (ED then below A0).
            if length == 3 && (lead == 0xE0 && second < 0xA0 || lead == 0xED && second >= 0xA0) { return false }
            // Four: not overlong (F0 then 90 at least), not past U+10FFFF (F4 then below 90).
            if length == 4 && (lead == 0xF0 && second < 0x90 || lead == 0xF4 && second >= 0x90) { return false }
            i += length
        }
        return true
    }
}

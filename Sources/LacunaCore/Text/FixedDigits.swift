extension UnsafeBufferPointer<UInt8> {
    /// The number written in exactly `width` ASCII digits at `at` (zeros in front allowed); nil where any
    /// of them is not a digit or the bytes end first. For stored forms read back from their bytes on every
    /// run (`YYYY-MM-DD`, `HH:MM:SS`, an instant), where a text taken apart as characters cost far more.
    public func digits(at: Int, width: Int) -> Int? {
        guard at >= 0, width > 0, at + width <= count else { return nil }
        var n = 0
        for i in at..<at + width {
            let digit = self[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            n = n * 10 + Int(digit)
        }
        return n
    }
}

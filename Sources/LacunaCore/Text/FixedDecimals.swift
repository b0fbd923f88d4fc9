import Foundation

/// Numbers written with a fixed count of decimals, as C's `%.Nf` writes them, without C's formatter:
/// glibc converts every double through its exact decimal expansion (some 12,000 instructions a number,
/// the same through Foundation's `String(format:)` or `vsnprintf`), and every link's rule and every
/// explanation's weights are written this way. Here the exact rounding is decided with fused
/// multiply-adds, which see the product `value × 10ⁿ` before it is rounded.
extension Double {
    /// The number with `places` decimals (0 to 6), rounded as `String(format: "%.<places>f", value)`
    /// rounds it: the exact value to the nearest, an exact tie to the even last digit; `-` before a
    /// negative number however small (`-0.00`), and `+` before any other where `sign` (`%+.2f`).
    /// Infinities, NaN and numbers whose scaled value passes 4 × 10¹⁵ (where halves stop being exact)
    /// are handed to `String(format:)`.
    public func fixedDecimals(_ places: Int, sign plus: Bool = false) -> String {
        precondition((0...6).contains(places), "fixedDecimals writes 0 to 6 places")
        let scale = Self.powersOfTen[places]
        let magnitude = self.magnitude
        guard isFinite, magnitude * scale < 4e15 else { return String(format: plus ? "%+.\(places)f" : "%.\(places)f", self) }
        // n = the exact magnitude × scale, rounded down. The rounded product can round up onto the next
        // whole number, never past one (whole numbers this small are doubles): the sign of
        // (magnitude × scale − n), exact under a fused multiply-add, says whether it did.
        var n = (magnitude * scale).rounded(.down)
        if (-n).addingProduct(magnitude, scale) < 0 { n -= 1 }
        // Then to the nearest: above the half up, below it down, exactly on it to the even digit.
        let fromHalf = (-(n + 0.5)).addingProduct(magnitude, scale)
        if fromHalf > 0 || (fromHalf == 0 && n.truncatingRemainder(dividingBy: 2) == 1) { n += 1 }
        // Written byte by byte from the last digit, at least one before the point (a text joined from
        // the whole part, a point, zeros and the fraction made four texts for every link's rule).
        var rest = UInt64(n)
        var width = 1, power: UInt64 = 10
        while rest >= power && width < 16 { width += 1; power *= 10 }
        let digits = Swift.max(width, places + 1)
        let signed = sign == .minus || plus
        let length = (signed ? 1 : 0) + digits + (places > 0 ? 1 : 0)
        return String(unsafeUninitializedCapacity: length) { out in
            if signed { out[0] = sign == .minus ? UInt8(ascii: "-") : UInt8(ascii: "+") }
            var at = length
            for written in 0..<digits {
                if written == places && places > 0 { at -= 1; out[at] = UInt8(ascii: ".") }
                at -= 1
                out[at] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return length
        }
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
}

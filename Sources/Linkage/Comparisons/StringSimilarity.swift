/// String similarity over folded bytes, as record linkage uses it.
enum StringSimilarity {
    /// Jaro-Winkler similarity (prefix scale 0.1, up to four characters), 0…1.
    static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in jaroWinkler(a, b) } }
    }

    /// `jaroWinkler` of bytes in place (a table's values, compared without copying them out).
    static func jaroWinkler(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let jaro = self.jaro(a, b)
        guard jaro > 0.7 else { return jaro }
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    static func jaro(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in jaro(a, b) } }
    }

    static func jaro(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        if a.elementsEqual(b) { return 1 }
        let (s, t) = a.count <= b.count ? (a, b) : (b, a)
        // Every pair training samples and every candidate: names of up to 64 bytes with their matched
        // places as bits.
        if t.count <= 64 { return shortJaro(s, t) }
        return generalJaro(Array(s), Array(t))
    }

    /// A ceiling on `jaroWinkler(a, b)` from which bytes each has (`byteMask`: bit `byte & 63` of every
    /// byte): a byte can be matched only where the other has it, so neither has more matches than it
    /// has bytes the other has; with no transpositions and the longest prefix that gives Jaro's and then
    /// Winkler's best. A few operations a byte against Jaro's window of comparisons: most pairs a
    /// linkage compares (random pairs for u above all) share too few letters to reach a threshold.
    static func jaroWinklerCeiling(_ a: UnsafeBufferPointer<UInt8>, mask aMask: UInt64,
                                   _ b: UnsafeBufferPointer<UInt8>, mask bMask: UInt64) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var inB = 0, inA = 0
        for byte in a where bMask & (1 &<< UInt64(byte & 63)) != 0 { inB += 1 }
        for byte in b where aMask & (1 &<< UInt64(byte & 63)) != 0 { inA += 1 }
        return ceiling(matches: min(inA, inB), a.count, b.count)
    }

    /// A looser ceiling than `jaroWinklerCeiling`, from the strings' lengths and byte masks alone, no
    /// byte read: each bit one mask has and the other lacks stands for at least one byte that cannot be
    /// matched. Never below `jaroWinklerCeiling` (the same sum, of at least as many matches). What
    /// `MaskBound` asks without a division, and the tests hold it to.
    static func jaroWinklerMaskCeiling(count a: Int, mask aMask: UInt64, count b: Int, mask bMask: UInt64) -> Double {
        guard a > 0, b > 0 else { return 0 }
        return ceiling(matches: maskMatches(count: a, mask: aMask, count: b, mask: bMask), a, b)
    }

    /// The most matches two strings of these lengths and masks can have (`jaroWinklerMaskCeiling`'s).
    @inline(__always)
    static func maskMatches(count a: Int, mask aMask: UInt64, count b: Int, mask bMask: UInt64) -> Int {
        min(a - (aMask & ~bMask).nonzeroBitCount, b - (bMask & ~aMask).nonzeroBitCount)
    }

    /// Whether the masks alone put Jaro-Winkler below a threshold, without a division: asked before
    /// anything else, it rules out most pairs in a few instructions (counting the bytes, then the
    /// divisions of the ceiling, were most of comparing names natively: most of the pairs training
    /// samples share few letters). It rules out only pairs `jaroWinklerMaskCeiling` puts below the
    /// threshold (less a billionth, as the comparisons ask): with at most m matches Jaro-Winkler is at most
    /// 0.4 + 0.2·(m/a + m/b + 1), below t where m·(a + b) < ((t − 0.4)/0.2 − 1)·a·b, the factor taken a
    /// millionth lower for rounding.
    struct MaskBound: Sendable {
        let threshold: Double
        private let factor: Double

        init(threshold: Double) {
            self.threshold = threshold
            factor = (threshold - 0.4) / 0.2 - 1 - 1e-6
        }

        @inline(__always)
        func rulesOut(count a: Int, mask aMask: UInt64, count b: Int, mask bMask: UInt64) -> Bool {
            // No match at all: a ceiling of 0.
            guard a > 0, b > 0 else { return threshold > 1e-9 }
            let m = StringSimilarity.maskMatches(count: a, mask: aMask, count: b, mask: bMask)
            guard m > 0 else { return threshold > 1e-9 }
            return Double(m &* (a &+ b)) < factor * Double(a &* b)
        }
    }

    /// Jaro-Winkler with `matches` matches, no transpositions and the longest prefix (0 for none).
    /// Rounding keeps order: more matches never give less. Worked out as `jaro` and `jaroWinkler` work
    /// out a pair with those matches and that prefix, term for term, so that the ceiling of such a pair
    /// is its Jaro-Winkler to the bit (`0.4 + 0.6 · jaro`, equal in arithmetic, came out a bit below it
    /// for some: `ksjzxtn` and `ksjzuda`).
    private static func ceiling(matches: Int, _ a: Int, _ b: Int) -> Double {
        let m = Double(matches)
        guard m > 0 else { return 0 }
        let jaro = (m / Double(a) + m / Double(b) + m / m) / 3
        return jaro + Double(4) * 0.1 * (1 - jaro)
    }

    /// The bits `jaroWinklerCeiling` reads of a value.
    static func byteMask(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 | 1 &<< UInt64($1 & 63) }
    }

    /// Jaro of `s` and `t` (`s` no longer than `t`, `t` at most 64 bytes), as `generalJaro` finds it,
    /// each string's matched places kept as bits.
    static func shortJaro(_ s: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> Double {
        let range = max(0, t.count / 2 - 1)
        var sMatched: UInt64 = 0, tMatched: UInt64 = 0
        var matches = 0
        for i in 0..<s.count {
            let lo = max(0, i - range), hi = min(t.count - 1, i + range)
            if lo > hi { continue }
            let c = s[i]
            var j = lo
            while j <= hi {
                if tMatched & (1 &<< UInt64(j)) == 0 && t[j] == c {
                    sMatched |= 1 &<< UInt64(i)
                    tMatched |= 1 &<< UInt64(j)
                    matches += 1
                    break
                }
                j += 1
            }
        }
        guard matches > 0 else { return 0 }
        // The matched characters of each, in order: the k-th of one against the k-th of the other.
        var transpositions = 0
        while sMatched != 0 {
            if s[sMatched.trailingZeroBitCount] != t[tMatched.trailingZeroBitCount] { transpositions += 1 }
            sMatched &= sMatched - 1
            tMatched &= tMatched - 1
        }
        let m = Double(matches)
        return (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
    }

    /// Jaro of `s` and `t`, `s` no longer than `t`, both not empty.
    static func generalJaro(_ s: [UInt8], _ t: [UInt8]) -> Double {
        let range = max(0, t.count / 2 - 1)
        // Names are short: flags on the stack.
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: s.count + t.count) { flags in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<s.count {
                let lo = max(0, i - range), hi = min(t.count - 1, i + range)
                if lo > hi { continue }
                for j in lo...hi where !flags[s.count + j] && s[i] == t[j] {
                    flags[i] = true
                    flags[s.count + j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var transpositions = 0, k = 0
            for i in 0..<s.count where flags[i] {
                while !flags[s.count + k] { k += 1 }
                if s[i] != t[k] { transpositions += 1 }
                k += 1
            }
            let m = Double(matches)
            return (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
        }
    }

    /// Whether two strings are at most one edit apart (insert, delete, substitute, or swap neighbours).
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in withinOneEdit(a, b) } }
    }

    /// `withinOneEdit` of bytes in place.
    static func withinOneEdit(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if a.count == b.count {
            // The first two places they differ at (no list made: this runs for every pair compared).
            var first = -1, second = -1
            for i in 0..<a.count where a[i] != b[i] {
                if first < 0 { first = i } else if second < 0 { second = i } else { return false }
            }
            if second < 0 { return true }
            return second == first + 1 && a[first] == b[second] && a[second] == b[first]
        }
        let (s, t) = a.count < b.count ? (a, b) : (b, a)
        guard t.count - s.count == 1 else { return false }
        var i = 0
        while i < s.count && s[i] == t[i] { i += 1 }
        while i < s.count && s[i] == t[i + 1] { i += 1 }
        return i == s.count
    }

    /// Whether two strings of one length differ at exactly one place (a mistyped character).
    static func oneSubstitution(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in oneSubstitution(a, b) } }
    }

    /// `oneSubstitution` of bytes in place.
    static func oneSubstitution(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var differ = 0
        for i in 0..<a.count where a[i] != b[i] {
            differ += 1
            if differ > 1 { return false }
        }
        return differ == 1
    }

    /// Soundex code of folded letters ("robert" → R163), as a number for blocking; 0 when empty.
    static func soundex(_ a: [UInt8]) -> UInt32 {
        guard let first = a.first(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return 0 }
        func code(_ c: UInt8) -> UInt32 {
            switch c {
            case 0x62, 0x66, 0x70, 0x76: return 1                                  // b f p v
            case 0x63, 0x67, 0x6A, 0x6B, 0x71, 0x73, 0x78, 0x7A: return 2          // c g j k q s x z
            case 0x64, 0x74: return 3                                              // d t
            case 0x6C: return 4                                                    // l
            case 0x6D, 0x6E: return 5                                              // m n
            case 0x72: return 6                                                    // r
            default: return 0
            }
        }
        var result = UInt32(first)
        var last = code(first), digits = 0
        for c in a.dropFirst() where c >= 0x61 && c <= 0x7A {
            let d = code(c)
            if d != 0 && d != last {
                result = result * 10 + d
                digits += 1
                if digits == 3 { break }
            }
            if c != 0x68 && c != 0x77 { last = d }   // h and w do not separate equal codes
        }
        while digits < 3 { result *= 10; digits += 1 }
        return result
    }
}

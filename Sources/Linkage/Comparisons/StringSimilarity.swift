/// String similarity over folded bytes, as record linkage uses it.
enum StringSimilarity {
    /// Jaro-Winkler similarity (prefix scale 0.1, up to four characters), 0…1.
    static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let jaro = self.jaro(a, b)
        guard jaro > 0.7 else { return jaro }
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    static func jaro(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        if a == b { return 1 }
        let (s, t) = a.count <= b.count ? (a, b) : (b, a)
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
        if a == b { return true }
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

import Foundation

/// Replacing without Foundation where Foundation's answer is plain: `replacingOccurrences(of:with:)`
/// goes through `NSString`, copying the text twice, for every date, time and amount of every record,
/// even where what it looks for is not there (most texts); that was some 4% of a run.
extension StringProtocol {
    /// Exactly `replacingOccurrences(of: target, with: replacement)`. Where the text and `target` are
    /// both ASCII, the bytes are replaced here (no two ASCII texts are canonically equivalent unless
    /// equal, so Foundation's search finds the same); anything else goes to Foundation.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 }) else { return replacingOccurrences(of: target, with: replacement) }
        let answer = utf8.withContiguousStorageIfAvailable { ReplacedASCII($0, needle, replacement) } ?? .notASCII
        switch answer {
        case .unchanged: return String(self)
        case .replaced(let text): return text
        case .notASCII: return replacingOccurrences(of: target, with: replacement)
        }
    }
}

extension String {
    /// Exactly Foundation's `contains(word)`: searched byte by byte where the text and `word` are ASCII
    /// (two ASCII texts are canonically equivalent only when equal), by Foundation otherwise. Foundation's
    /// search goes through `NSString`, some 5,000 instructions a question, asked of every bank and
    /// terminal line's words.
    public func holds(_ word: String) -> Bool {
        if word.utf8.allSatisfy({ $0 < 0x80 }) && utf8.allSatisfy({ $0 < 0x80 }) { return containsASCII(word) }
        return range(of: word) != nil
    }

    /// Whether the text holds `word`, byte for byte: what Foundation's `contains` answers where both are
    /// ASCII (the caller checks the text; two ASCII texts are canonically equivalent only when equal).
    public func containsASCII(_ word: String) -> Bool {
        let needle = word.utf8, haystack = utf8
        guard let first = needle.first else { return false }   // as Foundation: no text holds the empty one
        guard haystack.count >= needle.count else { return false }
        var start = haystack.startIndex
        let last = haystack.index(haystack.endIndex, offsetBy: -needle.count)
        while start <= last {
            if haystack[start] == first && haystack[start...].starts(with: needle) { return true }
            start = haystack.index(after: start)
        }
        return false
    }
}

/// What replacing in a text's bytes gave: the text unchanged (most texts), replaced, or not for this
/// way (the text is not ASCII).
private enum ReplacedASCII {
    case unchanged, replaced(String), notASCII

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], _ replacement: String) {
        func matches(at i: Int) -> Bool {
            bytes[i] == needle[0] && i + needle.count <= bytes.count && needle.indices.allSatisfy { bytes[i + $0] == needle[$0] }
        }
        var first: Int?
        for (i, byte) in bytes.enumerated() {
            if byte >= 0x80 { self = .notASCII; return }
            if first == nil, matches(at: i) { first = i }
        }
        guard let first else { self = .unchanged; return }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + Swift.max(0, replacement.utf8.count - needle.count) * 4)
        out += bytes[..<first]
        var i = first
        while i < bytes.count {
            if matches(at: i) {
                out += replacement.utf8
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        self = .replaced(String(decoding: out, as: UTF8.self))
    }
}

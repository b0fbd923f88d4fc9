public import LacunaCore

/// Turns the identity cells of a record into an `Identity`, with the warnings they raise.
public enum IdentityReading {
    /// Sets `nhi` (valid, or valid under mod 24 with a warning) or `nhiUnchecked` (wrong check
    /// character: kept for a person and fuzzy linkage, never trusted as an NHI).
    public static func applyNHI(_ text: String?, to identity: inout Identity, warnings: inout [String]) {
        guard let text = present(text) else { return }
        switch NHI.parse(text) {
        case .success(let nhi):
            identity.nhi = nhi.value
            if nhi.validity == .validOnlyUnderMod24 {
                warnings.append("an NHI is valid only under the withdrawn mod-24 rule; accepted, please check it")
            }
        case .failure:
            let cleaned = text.uppercased().filter { $0.isLetter || $0.isNumber }
            if cleaned.count == 7 { identity.nhiUnchecked = cleaned }
        }
    }

    /// Sets `mobile` or `phone` (E.164) from a number as written.
    public static func applyPhone(_ text: String?, to identity: inout Identity, preferMobileSlot: Bool) {
        guard let text = present(text), let number = PhoneNumber(text) else { return }
        if number.isMobile || preferMobileSlot {
            if identity.mobile == nil { identity.mobile = number.e164 } else if identity.phone == nil { identity.phone = number.e164 }
        } else if identity.phone == nil {
            identity.phone = number.e164
        }
    }

    /// `F`, `M`, `X`, or nil.
    public static func sex(_ text: String?) -> String? {
        guard let t = present(text)?.lowercased() else { return nil }
        switch t {
        case "f", "female", "w", "woman", "girl": return "F"
        case "m", "male", "man", "boy": return "M"
        case "x", "o", "other", "indeterminate", "diverse", "u", "unknown": return "X"
        default: return nil
        }
    }

    /// A name as someone said it of another ("re Sam", "my son Jonathan Tipene"): one word is a given
    /// name; more are split like a name cell.
    public static func splitSaidName(_ text: String) -> (given: String?, family: String?) {
        NameFolding.words(text).count > 1 ? splitName(text) : (present(text), nil)
    }

    /// Splits a name cell: `TIPENE, Jane` (family first, by the comma), else `Jane Tipene` (family last).
    /// Titles (Mr, Mrs, Dr …) are dropped.
    public static func splitName(_ text: String?) -> (given: String?, family: String?) {
        guard let text = present(text) else { return (nil, nil) }
        // In ASCII a comma is its byte (beyond it, a mark may ride on one and make another character).
        if let comma = text.utf8.allSatisfy({ $0 < 0x80 }) ? text.utf8.firstIndex(of: UInt8(ascii: ",")) : text.firstIndex(of: ",") {
            let family = text[..<comma].trimmingSpaces()
            let given = dropTitles(String(text[text.index(after: comma)...]))
            return (present(given), present(family))
        }
        let words = spaceSeparated(dropTitles(text)).map(String.init)
        guard words.count > 1 else { return (nil, words.first) }
        if words.count == 2 { return (words[0], words[1]) }
        // Family names with particles stay together: "Mere Te Whata", "Maria dela Cruz", "Anna van der Berg".
        var familyStart = words.count - 1
        while familyStart > 1, particles.contains(words[familyStart - 1].lowercased()) { familyStart -= 1 }
        return (words[..<familyStart].joined(separator: " "), words[familyStart...].joined(separator: " "))
    }

    /// Words that begin a family name with the word after them (Te, van, de, Mac …), lowercased.
    static let particles: Set<String> = ["te", "van", "von", "de", "dela", "del", "der", "la", "le", "di", "da", "mac", "o"]

    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mstr", "master", "dr", "mx", "sir", "prof", "rev"]

    /// `text.split(separator: " ")`, an ASCII text's words found by their bytes (`split(byte:)`).
    static func spaceSeparated(_ text: String) -> [Substring] { text.split(byte: 0x20) }

    static func dropTitles(_ text: String) -> String {
        if let kept = withoutTitleWords(text) { return kept }
        return spaceSeparated(text)
            .filter { !titles.contains(titleForm($0)) }
            .joined(separator: " ")
            .trimmingSpaces()
    }

    /// A word as `titles` holds it: lowercased, punctuation trimmed from either end.
    static func titleForm(_ word: Substring) -> String { word.loweredTrimming(.punctuationCharacters) }

    /// `dropTitles` of a text with no title among its words and one space between them (nearly every
    /// name): the text, trimmed, found from its bytes without making a word of it. A
    /// word beyond ASCII is no title where it begins and ends with a letter or digit (`endsInLetters`:
    /// "Whāta", "Zoë"): trimming punctuation leaves it whole, and lowered it still holds a letter beyond
    /// ASCII, which no title has (the one letter beyond ASCII that lowers to ASCII, the Kelvin sign, gives
    /// a `k`, which no title has either). Nil where the text is not such (the words are then split,
    /// filtered and joined).
    static func withoutTitleWords(_ text: String) -> String? {
        return text.withUTF8Bytes { all -> Bool in
            // Spaces at either end split off nothing but empty words (a given name after a comma: " Jane").
            guard let from = all.firstIndex(where: { $0 != 0x20 }), let to = all.lastIndex(where: { $0 != 0x20 }) else { return false }
            let bytes = UnsafeBufferPointer(rebasing: all[from...to])
            var start = 0, beyondASCII = false
            for index in 0...bytes.count {
                guard index == bytes.count || bytes[index] == 0x20 else {
                    if bytes[index] >= 0x80 { beyondASCII = true }
                    continue
                }
                if index == start { return false }
                if beyondASCII {
                    guard endsInLetters(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return false }
                } else if isTitle(UnsafeBufferPointer(rebasing: bytes[start..<index])) {
                    return false
                }
                start = index + 1
                beyondASCII = false
            }
            return true
        } ? text.trimmingSpaces() : nil
    }

    /// Whether a word's first and last characters are letters or digits that trimming punctuation
    /// leaves: an ASCII letter or digit, or a Latin letter of two bytes (U+00C0–U+024F but × and ÷:
    /// "Zoë", "Émile"). Anything else there (a quote, a mark, a letter of another script) is asked of
    /// the word's characters.
    private static func endsInLetters(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        func latinLetter(_ lead: UInt8, _ next: UInt8) -> Bool {
            guard lead & 0xE0 == 0xC0, next & 0xC0 == 0x80 else { return false }
            let value = Int(lead & 0x1F) << 6 | Int(next & 0x3F)
            return (0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7
        }
        func asciiLetterOrDigit(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        let n = word.count
        guard n > 0 else { return false }
        let first = asciiLetterOrDigit(word[0]) || (n >= 2 && latinLetter(word[0], word[1]))
        let last = asciiLetterOrDigit(word[n - 1]) || (n >= 2 && latinLetter(word[n - 2], word[n - 1]))
        return first && last
    }

    /// Whether an ASCII word is a title: its letters, lowered and trimmed of punctuation at either end
    /// (as `titleForm`), one of `titles`.
    private static func isTitle(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0, end = word.count
        while start < end, asciiPunctuation[Int(word[start])] { start += 1 }
        while end > start, asciiPunctuation[Int(word[end - 1])] { end -= 1 }
        guard end - start <= 8 else { return false }
        var packed: UInt64 = 0
        for byte in word[start..<end] { packed = packed << 8 | UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) }
        return packedTitles.contains(packed)
    }

    /// `titles`, each as its bytes in one number (none is longer than eight): a dozen numbers compared
    /// cost less than hashing one.
    private static let packedTitles: [UInt64] = titles.map { title in
        title.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// Which ASCII characters are punctuation (Unicode's P categories, which `.punctuationCharacters` holds).
    static let asciiPunctuation: [Bool] = (0..<128).map { byte in
        switch Unicode.Scalar(UInt8(byte)).properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
             .otherPunctuation: return true
        default: return false
        }
    }
}

import Foundation

import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `lowercased().trimmingCharacters(in: set)`, for a set that holds no ASCII letter or digit (the
    /// punctuation and symbol sets these are): a word beginning and ending with an ASCII letter or digit,
    /// as nearly every word of a name is, has nothing to trim and is lowered alone, without Foundation.
    func loweredTrimming(_ set: CharacterSet) -> String {
        func plain(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        if plain(utf8.first) && plain(utf8.last) { return lowercased() }
        return lowercased().trimmingCharacters(in: set)
    }
}

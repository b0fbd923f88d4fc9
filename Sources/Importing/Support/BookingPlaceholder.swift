import Foundation
public import LacunaCore

/// A booking made for someone the practice system does not hold yet: reception books a placeholder
/// patient ("NEW PATIENT", "(NEW)", "New, Pt", "TBA", "Walk-in") and writes who it is, and a number
/// to ring, in the reason or the notes ("Aroha Ngata 021 555 1234", "new pt ph 027…"). The placeholder
/// is no name; what the notes say is the person.
public enum BookingPlaceholder {
    /// Words that stand for a patient not yet in the system.
    static let placeholderWords: Set<String> = [
        "new", "patient", "pt", "pat", "np", "tba", "tbc", "unknown", "unk", "casual", "walk", "walkin", "in",
        "enrol", "enrolment", "enrolling", "enrollment", "temp", "temporary", "xx", "xxx", "zz", "booking",
    ]
    /// Words in notes around the person's name and number that are not the name.
    static let noteWords: Set<String> = [
        "ph", "phone", "mob", "mobile", "cell", "tel", "contact", "number", "no", "on", "call", "ring", "re", "for",
        "to", "and", "with", "the", "a", "an", "of", "pls", "please", "first", "appt", "appointment", "consult",
    ]

    /// What is trimmed from a name cell's words: punctuation and symbols (`*NEW*`, `<TBA>`).
    static let punctuationAndSymbols = CharacterSet.punctuationCharacters.union(.symbols)

    /// Whether a booking's name cell is a placeholder, and the name it carries beside the marker
    /// ("*NEW* Aroha Ngata" → "Aroha Ngata"). nil where the cell is an ordinary name.
    public static func placeholder(_ nameCell: String) -> (isPlaceholder: Bool, rest: String)? {
        namesNoPlaceholderWord(nameCell) ? nil : placeholderByWords(nameCell)
    }

    /// `placeholder` of any cell, its words taken apart.
    static func placeholderByWords(_ nameCell: String) -> (isPlaceholder: Bool, rest: String)? {
        let words = nameCell.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !words.isEmpty else { return nil }
        var marked = false
        var rest: [String] = []
        for word in words {
            let bare = word.loweredTrimming(Self.punctuationAndSymbols)
            let bracketed = word.first.map { "(*[<".contains($0) } ?? false
            if bare.isEmpty { continue }
            if placeholderWords.contains(bare) && (bracketed || rest.isEmpty) {
                marked = marked || bare == "new" || bare == "np" || bare == "tba" || bare == "tbc" || bare == "unknown"
                    || bare == "unk" || bare == "walk" || bare == "walkin" || bare == "casual" || bare == "temp"
                    || bare == "temporary" || bare.hasPrefix("enrol") || bracketed
                continue
            }
            rest.append(word)
        }
        guard marked else { return nil }
        return (true, rest.joined(separator: " "))
    }

    /// Whether a name cell in ASCII (nearly every one) has no word that is a placeholder word once its
    /// punctuation and symbols are trimmed and it is lowered, as `placeholder` reads its words: then it
    /// is no placeholder, found from its bytes (each cell's words were made and trimmed by Foundation's
    /// character sets). False for any other cell, which is read word by word.
    static func namesNoPlaceholderWord(_ nameCell: String) -> Bool {
        nameCell.withUTF8Bytes { bytes -> Bool in
            guard bytes.isASCII else { return false }
            // In ASCII, punctuation and symbols are the printable bytes that are neither letters nor digits.
            func trimmed(_ byte: UInt8) -> Bool {
                (0x21...0x7E).contains(byte) && !(0x30...0x39).contains(byte) && !(0x41...0x5A).contains(byte) && !(0x61...0x7A).contains(byte)
            }
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x20 || bytes[end] == 0x2C {
                var from = start, to = end
                while from < to, trimmed(bytes[from]) { from += 1 }
                while to > from, trimmed(bytes[to - 1]) { to -= 1 }
                start = end + 1
                // The longest placeholder word has ten letters.
                guard to > from, to - from <= 10 else { continue }
                let bare = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
                if placeholderWords.contains(bare) { return false }
            }
            return true
        }
    }

    /// The person a placeholder booking's notes describe: the capitalised words that are not note words
    /// (two or three, or one beside a number, read as a name), and the first phone number written.
    public static func person(in notes: String) -> (name: String?, phone: PhoneNumber?) {
        let phone = PhoneNumber.all(in: notes).first
        // Runs of name-like words, with the place of each; the longest wins, a tie going to the run
        // nearest the number (reason first, then "Aroha 021…").
        var runs: [(words: [String], end: Int)] = []
        var current: [String] = []
        var phoneAt: Int?
        let tokens = notes.split(whereSeparator: { $0.isWhitespace || ",;:/-".contains($0) })
        for (position, raw) in tokens.enumerated() {
            let word = raw.trimmingCharacters(in: .punctuationCharacters)
            if phoneAt == nil, word.contains(where: \.isNumber) { phoneAt = position }
            let capitalised = word.first?.isUppercase == true && word.dropFirst().contains(where: \.isLowercase)
                || (word.count > 1 && word.allSatisfy { $0.isUppercase || $0 == "'" })
            let lower = word.lowercased()
            if capitalised && !noteWords.contains(lower) && !placeholderWords.contains(lower) && word.allSatisfy({ $0.isLetter || $0 == "'" }) {
                current.append(word)
            } else {
                if !current.isEmpty { runs.append((current, position)) }
                current = []
            }
        }
        if !current.isEmpty { runs.append((current, tokens.count)) }
        let anchor = phoneAt ?? 0
        let best = runs.max { a, b in
            a.words.count != b.words.count ? a.words.count < b.words.count : abs(a.end - anchor) > abs(b.end - anchor)
        }?.words ?? []
        // One capitalised word with no number beside it is as likely the reason ("Flu vax") as a name.
        let trusted = best.count >= 2 && best.count <= 3 || best.count == 1 && phone != nil
        return (trusted ? best.joined(separator: " ") : nil, phone)
    }
}

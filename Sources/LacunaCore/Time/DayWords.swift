/// Reads the days people name in their own words ("Thursday", "Thurs 7/7", "Fri am", "yesterday")
/// against the lost window: which local dates they can mean, and the part of the day.
public enum DayWords {
    /// What a phrase says about a day.
    public struct Stated: Sendable, Hashable {
        /// The dates meant, best first; empty when the phrase names no day.
        public var dates: [LocalDate]
        /// `am` or `pm` where said.
        public var partOfDay: String?
    }

    static let weekdays: [(prefixes: [String], iso: Int)] = [
        (["monday", "mon"], 1), (["tuesday", "tues", "tue"], 2), (["wednesday", "weds", "wed"], 3),
        (["thursday", "thurs", "thur", "thu"], 4), (["friday", "fri"], 5), (["saturday", "sat"], 6), (["sunday", "sun"], 7),
    ]

    /// A text's words as `read` takes them: runs of letters, digits, `/` and `.` (split at any other
    /// character). In ASCII those are A–Z, a–z, 0–9, `/` and `.`, a byte each: the runs found from the
    /// bytes (`asciiRuns`), not character by character (every list line, callback and message is read so,
    /// every run).
    static func words(_ text: String) -> [String] {
        let words = text.asciiRuns { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2F || byte == 0x2E
        } ?? text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "/" && $0 != "." })
        return words.map(String.init)
    }

    /// Reads `text`. Numeric dates without a year (`7/7`) take the window's year; `dayFirst` says how a
    /// numeric date is ordered. A weekday means the window's date on that weekday, else the latest such
    /// day before `reference` (a caller's "Wednesday" the day before the window).
    public static func read(_ text: String, window: Window, reference: LocalDate? = nil, dayFirst: Bool = true) -> Stated {
        let words = Self.words(text.lowercased())
        var dates: [LocalDate] = []
        var partOfDay: String?
        for word in words {
            if ["am", "morning", "morn"].contains(word) { partOfDay = "am" }
            if ["pm", "afternoon", "arvo", "evening"].contains(word) { partOfDay = "pm" }
            if word.hasSuffix("am"), word.dropLast(2).allSatisfy(\.isNumber), !word.dropLast(2).isEmpty { partOfDay = "am" }
            if word.hasSuffix("pm"), word.dropLast(2).allSatisfy(\.isNumber), !word.dropLast(2).isEmpty { partOfDay = "pm" }
            if let date = numericDate(word, year: window.from.year, dayFirst: dayFirst), !dates.contains(date) {
                dates.append(date)
                continue
            }
            if word == "yesterday" || word == "today" || word == "tomorrow" {
                if let reference {
                    let date = reference.adding(days: word == "today" ? 0 : word == "tomorrow" ? 1 : -1)
                    if !dates.contains(date) { dates.append(date) }
                }
                continue
            }
            if let iso = weekdays.first(where: { entry in entry.prefixes.contains(where: { word == $0 }) })?.iso {
                let inWindow = window.dates.filter { $0.isoWeekday == iso }
                if !inWindow.isEmpty {
                    for date in inWindow where !dates.contains(date) { dates.append(date) }
                } else {
                    let anchor = reference ?? window.to
                    var date = anchor.adding(days: -1)
                    while date.isoWeekday != iso { date = date.adding(days: -1) }
                    if !dates.contains(date) { dates.append(date) }
                }
            }
        }
        // "Thurs 7/7": the weekday and the number name the same day; keep it once.
        return Stated(dates: dates, partOfDay: partOfDay)
    }

    /// Whether one word names a day: a weekday ("Fri", "Thursday") or a date without words ("7/7").
    public static func namesADay(_ word: String) -> Bool {
        let lower = word.lowercased()
        return weekdays.contains { $0.prefixes.contains(lower) } || numericDate(lower, year: 2000, dayFirst: true) != nil
    }

    private static func numericDate(_ word: String, year: Int, dayFirst: Bool) -> LocalDate? {
        let parts = word.split(whereSeparator: { $0 == "/" || $0 == "." })
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) && !$0.isEmpty }),
              let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        var y = year
        if parts.count == 3, let c = Int(parts[2]) { y = c < 100 ? 2000 + c : c }
        return dayFirst ? LocalDate(year: y, month: b, day: a) : LocalDate(year: y, month: a, day: b)
    }
}

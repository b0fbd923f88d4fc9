import Foundation
import LacunaCore

/// Small formatting helpers the writers share.
enum Formats {
    static func dmy(_ d: LocalDate, pad: Bool = true) -> String {
        pad ? String(format: "%02d/%02d/%04d", d.day, d.month, d.year) : "\(d.day)/\(String(format: "%02d", d.month))/\(d.year)"
    }

    static func hhmm(_ t: LocalTime) -> String { String(format: "%02d:%02d", t.hour, t.minute) }
    static func hhmmss(_ t: LocalTime) -> String { String(format: "%02d:%02d:%02d", t.hour, t.minute, t.second) }

    /// `9:15 am`.
    static func twelveHour(_ t: LocalTime) -> String {
        let hour = t.hour % 12 == 0 ? 12 : t.hour % 12
        return "\(hour):" + String(format: "%02d", t.minute) + (t.hour < 12 ? " am" : " pm")
    }

    static func money(_ cents: Int) -> String { Money.format(cents) }

    /// A CSV field quoted where it must be.
    static func csv(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    static func csvLine(_ fields: [String], end: String = "\r\n") -> String { fields.map(csv).joined(separator: ",") + end }

    /// Text as Windows-1252 bytes: macrons cannot be held, so ā becomes a (as the real exports do).
    static func windows1252(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in NameFolding.asciiOnly(text).unicodeScalars {
            if scalar.value < 0x80 { out.append(UInt8(scalar.value)) }
            else if scalar.value >= 0xA0 && scalar.value <= 0xFF { out.append(UInt8(scalar.value)) }
            else if scalar == "’" { out.append(0x92) }
            else if scalar == "–" { out.append(0x96) }
            else { out.append(0x3F) }
        }
        return out
    }

    /// `021 234 5678`, `0212345678`, `+64 21 234 5678`, `(021) 234-5678`: as people type numbers.
    static func phone(_ national: String, style: Int) -> String {
        let area = String(national.prefix(3)), rest = String(national.dropFirst(3))
        switch style % 4 {
        case 0: return area + " " + rest.prefix(3) + " " + rest.dropFirst(3)
        case 1: return national
        case 2: return "+64 " + area.dropFirst() + " " + rest.prefix(3) + " " + rest.dropFirst(3)
        default: return "(" + area + ") " + rest.prefix(3) + "-" + rest.dropFirst(3)
        }
    }

    /// A local time as an instant in UTC.
    static func utc(_ date: LocalDate, _ time: LocalTime, clock: PracticeClock) -> (date: LocalDate, time: LocalTime) {
        let instant = clock.instant(date: date, time: time)
        let seconds = Int(instant.timeIntervalSince1970)
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - day * 86_400
        return (LocalDate(dayNumber: day), LocalTime(hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)!)
    }

    /// `+13:00`.
    static func offset(_ date: LocalDate, _ time: LocalTime, clock: PracticeClock, colon: Bool = true) -> String {
        let seconds = clock.offset(at: clock.instant(date: date, time: time))
        let sign = seconds < 0 ? "-" : "+"
        let h = abs(seconds) / 3600, m = abs(seconds) % 3600 / 60
        return sign + String(format: colon ? "%02d:%02d" : "%02d%02d", h, m)
    }

    static func iso(_ date: LocalDate, _ time: LocalTime, clock: PracticeClock) -> String {
        "\(date)T\(hhmmss(time))" + offset(date, time, clock: clock)
    }

    /// Changes one character of an NHI so its check character fails (a typist's slip).
    static func typo(nhi: String, random: inout DrillRandom) -> String {
        var chars = Array(nhi)
        for _ in 0..<10 {
            let position = random.int(3...5)
            let original = chars[position]
            chars[position] = original.isNumber ? Character(String((Int(String(original))! + random.int(1...8)) % 10))
                                                : Array("ABCDEFGHJKLMNPQRSTUVWXY")[random.int(0...22)]
            let candidate = String(chars)
            if case .failure = NHI.parse(candidate) { return candidate }
            chars[position] = original
        }
        return nhi
    }

    /// Swaps two adjacent letters or drops one: a misspelt name.
    static func misspell(_ name: String, random: inout DrillRandom) -> String {
        var chars = Array(name)
        guard chars.count > 3 else { return name }
        let i = random.int(1...(chars.count - 2))
        if random.chance(0.5) { chars.swapAt(i, i + 1) } else { chars.remove(at: i) }
        return String(chars)
    }
}

import Foundation
import Testing
@testable import LacunaCore

@Suite("Practice time, daylight saving included")
struct PracticeClockTests {
    let clock = PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!

    func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int) -> String {
        clock.instant(date: LocalDate(year: y, month: m, day: d)!, time: LocalTime(hour: h, minute: min)!).isoUTC
    }

    @Test("NZDT (+13) before daylight saving ends, NZST (+12) after it (Sunday 6 April 2025, 03:00 → 02:00)")
    func acrossTheChange() {
        #expect(local(2025, 4, 5, 10, 0) == "2025-04-04T21:00:00Z")
        #expect(local(2025, 4, 7, 10, 0) == "2025-04-06T22:00:00Z")
        #expect(local(2025, 4, 6, 1, 30) == "2025-04-05T12:30:00Z")
        #expect(local(2025, 4, 6, 4, 0) == "2025-04-05T16:00:00Z")
    }

    @Test("the repeated hour when clocks go back is read as its first occurrence")
    func repeatedHour() {
        #expect(local(2025, 4, 6, 2, 30) == "2025-04-05T13:30:00Z")
    }

    @Test("the hour skipped when clocks go forward (28 September 2025) is read as daylight time")
    func skippedHour() {
        #expect(local(2025, 9, 28, 2, 30) == "2025-09-27T14:30:00Z")
        #expect(local(2025, 9, 28, 3, 30) == "2025-09-27T14:30:00Z")
    }

    @Test("a UTC instant (Stripe) falls on the practice's next day in the morning")
    func utcToLocal() throws {
        let instant = try #require(Date(iso8601: "2025-04-02T20:30:00Z"))
        let local = clock.local(instant)
        #expect(local.date == LocalDate(year: 2025, month: 4, day: 3))
        #expect(local.time == LocalTime(hour: 9, minute: 30))
        let afterChange = clock.local(try #require(Date(iso8601: "2025-04-06T20:30:00Z")))
        #expect(afterChange.time == LocalTime(hour: 8, minute: 30))
    }

    @Test("ISO 8601 with offsets", arguments: [
        ("2025-04-03T09:30:00+13:00", "2025-04-02T20:30:00Z"), ("2025-04-03 09:30+1300", "2025-04-02T20:30:00Z"),
        ("2025-04-02T20:30:00.123Z", "2025-04-02T20:30:00Z"), ("2025-04-07T10:00:00+12:00", "2025-04-06T22:00:00Z"),
    ])
    func iso(_ pair: (String, String)) {
        #expect(Date(iso8601: pair.0)?.isoUTC == pair.1)
    }

    @Test("an instant written as stored: twenty bytes, as the date's and the time's own writing gives it, years 0 to 9999 and beyond")
    func isoUTCAsWritten() {
        var wrong: [String] = []
        for step in stride(from: -80_000, through: 80_000, by: 1) {
            let seconds = Double(step) * 3_999_971.3
            let instant = Date(timeIntervalSince1970: seconds)
            let whole = Int(seconds.rounded(.down)), day = Int((Double(whole) / 86_400).rounded(.down)), rest = whole - day * 86_400
            let expected = "\(LocalDate(dayNumber: day))T" + (rest / 3600).zeroPadded(2) + ":" + (rest % 3600 / 60).zeroPadded(2) + ":" + (rest % 60).zeroPadded(2) + "Z"
            if instant.isoUTC != expected { wrong.append(expected) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test("an ASCII instant read byte by byte is what the reading by characters gives: every combination of dates, times, fractions, zones and tails")
    func asciiInstantAsCharacters() {
        var texts: [String] = []
        for date in ["2025-04-03", "2024-02-29", "2025-02-29", "2025-13-01", "2025-4-03", "20250403XX"] {
            for separator in ["T", " ", "t", "_"] {
                for time in ["09:30", "23:59:60", "24:00", "9:30", "09:3", "09:30:5", "09:30:00", "09:75:00", "0930"] {
                    for fraction in ["", ".", ".250", ",5", ".x"] {
                        for zone in ["", "Z", "z", "+13:00", "-05:00", "+1300", "+13", "+15:00", "+13:75", "-0", "+13:0", "Q", "+13:00[Pacific/Auckland]", "Z[", "Z ", "Z\u{00E9}"] {
                            texts.append(date + separator + time + fraction + zone)
                        }
                    }
                }
            }
        }
        texts += ["", "2025-04-03", " 2025-04-03T09:30:00Z ", "2025-04-03T09:30:00Z\r\n", "2025-04-03T09:30:00+13:00\t"]
        var wrong: [String] = []
        for text in texts where Date.anyISO8601(text) != Date.anyISO8601ByCharacters(text.trimmingSpaces()) { wrong.append(text) }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test("local times without a zone are no instant; a zone after the minutes, in any case or sign, is", arguments: [
        ("2025-04-03 09:30:00", nil), ("2025-04-03T09:30", nil), ("2025-04-03 09:30:00.5", nil), ("2025-04-03T09:30:00[Pacific/Auckland]", nil),
        ("2025-04-03", nil), ("2025-04-03T09:30z", "2025-04-03T09:30:00Z"), ("2025-04-03T09:30:00-05:00", "2025-04-03T14:30:00Z"),
        ("  2025-04-03T09:30:00+13  ", "2025-04-02T20:30:00Z"), ("2025-04-03T09:30:00+13:00[Pacific/Auckland]", "2025-04-02T20:30:00Z"),
        ("2025-04-03T09:30:00 +13:00", nil), ("2025-04-03T09:3０Z", nil),
    ] as [(String, String?)])
    func zoneOrNone(_ pair: (String, String?)) {
        #expect(Date(iso8601: pair.0)?.isoUTC == pair.1)
    }

    @Test("a window given as local datetimes holds instants on the right side of its edges")
    func windowEdges() {
        let start = clock.instant(date: LocalDate(year: 2025, month: 4, day: 3)!, time: LocalTime(hour: 0, minute: 0)!)
        let end = clock.instant(date: LocalDate(year: 2025, month: 4, day: 7)!, time: LocalTime(hour: 0, minute: 0)!)
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 6)!, start: start, end: end)
        #expect(end.timeIntervalSince(start) == 4 * 86_400 + 3600)  // one day was 25 hours long
        #expect(window.contains(TraceTime(instant: start, clock: clock)))
        #expect(!window.contains(TraceTime(instant: end, clock: clock)))
    }
}

@Suite("Local dates and days in people's words")
struct LocalDateTests {
    @Test("day numbers round-trip and weekdays are right")
    func dayNumbers() {
        let thursday = LocalDate(year: 2025, month: 4, day: 3)!
        #expect(thursday.isoWeekday == 4)
        #expect(LocalDate(dayNumber: thursday.dayNumber) == thursday)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2025, month: 2, day: 29) == nil)
        #expect(thursday.adding(days: 30).description == "2025-05-03")
        #expect(LocalDate(year: 1980, month: 5, day: 12)!.age(on: thursday) == 44)
    }

    @Test("YYYY-MM-DD read from its bytes as taking it apart reads it; any other text as before")
    func isoDates() {
        // The reading before the byte path, written plainly.
        func parts(_ text: String) -> LocalDate? {
            let parts = text.split(separator: "-")
            guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
            return LocalDate(year: y, month: m, day: d)
        }
        let texts = ["2025-04-03", "1800-01-01", "2200-12-31", "2024-02-29", "2025-02-29", "2025-13-01", "2025-00-10", "2025-04-00",
                     "1799-12-31", "2201-01-01", "2025-4-3", "2025-04-3", "+025-04-03", "2025-04-0x", "2025/04/03", "20250403",
                     "2025-04-03 ", " 2025-04-03", "2025--04-03", "2025-04-03-", "-2025-04-03", "2025-+4-03", "٢٠٢٥-٠٤-٠٣", "", "----------",
                     "2025-0:-03", "2025-04-0/", "/025-04-03", "2:25-04-03", "2025:04:03", "2025-04-1\u{0}", "2025-01--1"]
        for text in texts { #expect(LocalDate(iso: text) == parts(text), "\(text)") }
        var day = LocalDate(year: 1900, month: 1, day: 1)!
        while day.year < 2101 {
            #expect(LocalDate(iso: day.description) == day)
            #expect(day.description == day.year.zeroPadded(4) + "-" + day.month.zeroPadded(2) + "-" + day.day.zeroPadded(2))
            #expect(day.basicForm == day.year.zeroPadded(4) + day.month.zeroPadded(2) + day.day.zeroPadded(2))
            day = day.adding(days: 5)
        }
    }

    @Test("a number in fixed digits: each byte a digit, the bytes before 0 and after 9 not, nothing beyond the end")
    func fixedDigits() {
        func digits(_ text: String, at: Int, width: Int) -> Int? {
            var text = text
            return text.withUTF8 { $0.digits(at: at, width: width) }
        }
        #expect(digits("2025-04-03", at: 0, width: 4) == 2025)
        #expect(digits("2025-04-03", at: 5, width: 2) == 4)
        #expect(digits("0009", at: 0, width: 4) == 9)
        #expect(digits("9999999999999999", at: 0, width: 16) == 9_999_999_999_999_999)
        for text in ["/0", "0/", ":0", "0:", " 1", "1 ", "+1", "-1", "٣1", "1\u{0}"] { #expect(digits(text, at: 0, width: 2) == nil, "\(text)") }
        #expect(digits("12", at: 1, width: 2) == nil)
        #expect(digits("12", at: -1, width: 2) == nil)
        #expect(digits("12", at: 0, width: 0) == nil)
        #expect(digits("", at: 0, width: 1) == nil)
    }

    @Test("a number written in fixed digits as zero-padded digits: every number of one to four digits, in every width it fits")
    func writtenDigits() {
        var differing: [(Int, Int)] = []
        for width in 1...4 {
            for value in 0..<[10, 100, 1000, 10000][width - 1] {
                let written = String(unsafeUninitializedCapacity: width + 2) { out in
                    out[0] = UInt8(ascii: "<")
                    LocalDate.digits(value, width: width, into: out, at: 1)
                    out[width + 1] = UInt8(ascii: ">")
                    return width + 2
                }
                if written != "<" + value.zeroPadded(width) + ">" { differing.append((value, width)) }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test("dates and times written as zero-padded digits, a year beyond four digits or before year 0 as before")
    func written() {
        #expect(LocalDate(dayNumber: LocalDate(year: 1800, month: 1, day: 1)!.dayNumber - 700_000).description.hasPrefix("-"))
        #expect(LocalDate(dayNumber: 3_000_000).description == "10183-09-21")
        #expect(LocalDate(dayNumber: -719_468).description == "0000-03-01")
        #expect(LocalDate(dayNumber: 3_000_000).basicForm == "101830921" && LocalDate(dayNumber: -719_468).basicForm == "00000301")
        for (h, m, s) in [(0, 0, 0), (9, 5, 7), (23, 59, 60), (12, 30, 0)] {
            #expect(LocalTime(hour: h, minute: m, second: s)!.description == h.zeroPadded(2) + ":" + m.zeroPadded(2) + ":" + s.zeroPadded(2))
        }
    }

    let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)

    @Test("what callers say", arguments: [
        ("Thursday", ["2025-04-03"], nil), ("Thurs 3/4", ["2025-04-03"], nil), ("Fri am", ["2025-04-04"], "am"),
        ("4/4", ["2025-04-04"], nil), ("not sure", [], nil), ("friday afternoon", ["2025-04-04"], "pm"),
    ] as [(String, [String], String?)])
    func callers(_ example: (String, [String], String?)) {
        let stated = DayWords.read(example.0, window: window)
        #expect(stated.dates.map(\.description) == example.1)
        #expect(stated.partOfDay == example.2)
    }

    @Test("a weekday outside the window is the latest such day before the call")
    func outside() {
        let stated = DayWords.read("Monday", window: window, reference: LocalDate(year: 2025, month: 4, day: 8)!)
        #expect(stated.dates.map(\.description) == ["2025-04-07"])
        let before = DayWords.read("Monday", window: window)
        #expect(before.dates.map(\.description) == ["2025-03-31"])
    }
}

@Suite("Times in outputs as the practice reads them")
struct LocalTimeTextTests {
    @Test("local date and wall time with the offset it had then; daylight saving ends on 6 April 2025 in Auckland")
    func isoLocal() throws {
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let summer = TraceTime(date: LocalDate(year: 2025, month: 4, day: 3)!, time: LocalTime(hour: 0, minute: 30)!, clock: clock)
        #expect(summer.isoLocal == "2025-04-03T00:30:00+13:00", "UTC would read the 2nd")
        let winter = TraceTime(date: LocalDate(year: 2025, month: 6, day: 3)!, time: LocalTime(hour: 9, minute: 5)!, clock: clock)
        #expect(winter.isoLocal == "2025-06-03T09:05:00+12:00")
        #expect(Date(iso8601: summer.isoLocal) == summer.instant, "read back as the same moment")
        #expect(TraceTime(date: LocalDate(year: 2025, month: 4, day: 3)!).isoLocal == "2025-04-03")
        let chatham = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Chatham"))
        #expect(TraceTime(date: LocalDate(year: 2025, month: 6, day: 3)!, time: LocalTime(hour: 9, minute: 5)!, clock: chatham).isoLocal
                == "2025-06-03T09:05:00+12:45")
        let honolulu = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Honolulu"))
        #expect(TraceTime(date: LocalDate(year: 2025, month: 6, day: 3)!, time: LocalTime(hour: 9, minute: 5)!, clock: honolulu).isoLocal
                == "2025-06-03T09:05:00-10:00")
    }

    @Test("an instant in the stored form reads as the general reading has it, a moment that is not real as nothing")
    func storedFormAsGeneral() {
        var texts: [String] = []
        // Instants across a century, at odd seconds, written as they are stored.
        for step in 0..<2_000 { texts.append(Date(timeIntervalSince1970: Double(step) * 1_577_923.7 - 1_000_000_000).isoUTC) }
        texts += ["2025-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2025-13-01T10:00:00Z", "2025-04-31T10:00:00Z", "2025-00-10T10:00:00Z",
                  "2025-04-03T24:00:00Z", "2025-04-03T23:60:00Z", "2025-04-03T23:59:60Z", "2025-04-03T23:59:61Z", "0000-01-01T00:00:00Z",
                  "2025-04-03T10:00:00z", "2025-04-03 10:00:00Z", "2025-04-03T10:00:00+13:00", "2025-04-03T10:00:0aZ", "+025-04-03T10:00:00Z",
                  "2025-04-03T10:00:00Z ", " 2025-04-03T10:00:00Z", "2025-04-03T10:00Z", "2025-4-03T10:00:00Z", "２０２５-04-03T10:00:00Z"]
        for text in texts {
            let stored = Date.storedUTC(text)
            #expect(Date(iso8601: text) == Date.anyISO8601(text), "\(text)")
            if let stored { #expect(stored == Date.anyISO8601(text), "\(text)") }
        }
        #expect(Date.storedUTC("2025-04-03T10:00:00Z") != nil && Date.storedUTC("2025-04-03T10:00:00+13:00") == nil)
    }
}

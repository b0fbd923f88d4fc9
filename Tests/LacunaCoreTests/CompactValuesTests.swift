import Foundation
import Testing
@testable import LacunaCore

/// Issue 20: the values every trace and identity holds (its place in its file, its date and time, a
/// date of birth) kept small, so that a trace's fields and an identity's each take a size class less of
/// memory; read and coded exactly as before.
@Suite("Dates, times and places kept small")
struct CompactValuesTests {
    @Test("a place in a file gives back each number it was given, none where it was given none, changed one by one")
    func locatorNumbers() {
        let numbers: [Int?] = [nil, 0, 1, 12, Int(Int32.max) + 1, Int.max]
        for line in numbers {
            for byteOffset in numbers {
                let place = Locator(line: line, endLine: line.map { $0 / 2 }, message: byteOffset.map { $0 / 3 }, byteOffset: byteOffset)
                #expect(place.line == line && place.endLine == line.map { $0 / 2 })
                #expect(place.message == byteOffset.map { $0 / 3 } && place.byteOffset == byteOffset)
            }
        }
        var place = Locator(line: 4)
        place.byteOffset = 5120
        place.line = nil
        place.message = 2
        #expect(place == Locator(message: 2, byteOffset: 5120))
        #expect(place.description == "message 2, byte 5120")
        #expect(Locator() == Locator(line: nil, endLine: nil, message: nil, byteOffset: nil) && Locator().description == "whole file")
        #expect(Set([Locator(line: 1), Locator(line: 1), Locator(message: 1)]).count == 2)
    }

    @Test("a place in a file coded as its four optional numbers were: each under its name, there only where it is")
    func locatorCoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(Locator(line: 3, byteOffset: 40)), as: UTF8.self) == #"{"byteOffset":40,"line":3}"#)
        #expect(String(decoding: try encoder.encode(Locator()), as: UTF8.self) == "{}")
        let all = String(decoding: try encoder.encode(Locator(line: 1, endLine: 2, message: 3, byteOffset: 4)), as: UTF8.self)
        #expect(all == #"{"byteOffset":4,"endLine":2,"line":1,"message":3}"#)
        let read = try JSONDecoder().decode(Locator.self, from: Data(#"{"message":7,"endLine":9}"#.utf8))
        #expect(read == Locator(endLine: 9, message: 7))
        #expect(try JSONDecoder().decode(Locator.self, from: Data("{}".utf8)) == Locator())
    }

    @Test("every day from 1800 to 2200 gives back its year, month and day, its day number, its text and its packed number; times every second of a day")
    func datesAndTimes() throws {
        let first = try #require(LocalDate(year: 1800, month: 1, day: 1)), last = try #require(LocalDate(year: 2200, month: 12, day: 31))
        var previous: LocalDate?
        for number in first.dayNumber...last.dayNumber {
            let date = LocalDate(dayNumber: number)
            #expect(date.dayNumber == number)
            #expect(LocalDate(year: date.year, month: date.month, day: date.day) == date)
            #expect(LocalDate(iso: date.description) == date)
            // Packed: never 0 (a register's list keeps 0 for none), the date again, in the dates' order.
            #expect(date.packed != 0 && LocalDate(packed: date.packed) == date)
            if let previous { #expect(previous < date && date.adding(days: -1) == previous && previous.packed < date.packed) }
            previous = date
        }
        for seconds in stride(from: 0, to: 86_400, by: 1) {
            let time = try #require(LocalTime(hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60))
            #expect(time.secondsSinceMidnight == seconds && time.hour == seconds / 3600 && time.minute == seconds / 60 % 60)
        }
        #expect(LocalTime(hour: 23, minute: 59, second: 60)?.second == 60)
        #expect(LocalTime(hour: 24, minute: 0) == nil && LocalDate(year: 2025, month: 2, day: 29) == nil)
    }

    @Test("a trace's fields and an identity's each fit the size class below the one they took (192 and 320 bytes with the object's header)")
    func sizes() {
        // The object's header is 16 bytes; the allocator's classes here are 192, 256, 320, 384.
        #expect(16 + MemoryLayout<Trace.Fields>.size <= 192)
        #expect(16 + MemoryLayout<Identity.Fields>.size <= 320)
        #expect(MemoryLayout<Locator>.size == 32)
        #expect(MemoryLayout<LocalDate?>.size <= 16 && MemoryLayout<LocalTime?>.size <= 4)
    }
}

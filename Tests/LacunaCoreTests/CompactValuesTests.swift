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

    @Test("a trace's fields and an identity's each fit the size class below the one they took (192 and 224 bytes with the object's header)")
    func sizes() {
        // The object's header is 16 bytes; the allocator's classes here are 192, 224, 256, 320, 384.
        #expect(16 + MemoryLayout<Trace.Fields>.size <= 192)
        #expect(16 + MemoryLayout<Identity.Fields>.size <= 224)
        #expect(MemoryLayout<Locator>.size == 32)
        #expect(MemoryLayout<LocalDate?>.size <= 16 && MemoryLayout<LocalTime?>.size <= 4)
    }

    /// Every field of an identity, each with a value of its own.
    static let everyField: [(name: String, set: @Sendable (inout Identity) -> Void)] = [
        ("nhi", { $0.nhi = "ZAA0016" }), ("nhiUnchecked", { $0.nhiUnchecked = "ZAA0017" }), ("familyName", { $0.familyName = "Tipene" }),
        ("givenName", { $0.givenName = "Aroha" }), ("preferredName", { $0.preferredName = "Ro" }), ("givenInitial", { $0.givenInitial = "A" }),
        ("familyInitial", { $0.familyInitial = "T" }), ("dob", { $0.dob = LocalDate(year: 1984, month: 2, day: 29) }), ("sex", { $0.sex = "F" }),
        ("mobile", { $0.mobile = "+64211234567" }), ("phone", { $0.phone = "+6495551234" }), ("email", { $0.email = "a@example.org" }),
        ("address", { $0.address = "12 Kōwhai Street" }), ("postcode", { $0.postcode = "5512" }), ("cardLast4", { $0.cardLast4 = "4242" }),
        ("payerName", { $0.payerName = "M TIPENE" }), ("portalID", { $0.portalID = "portal-7" }), ("localPatientID", { $0.localPatientID = "P001" }),
        ("peopleNamed", { $0.peopleNamed = 2 }),
    ]

    @Test("an identity's fields, the few traces give boxed apart and the date of birth as its number: each given back, coded under its name as before, copies apart, equal and hashed alike however they were set")
    func identityFields() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var all = Identity()
        for (name, set) in Self.everyField {
            var one = Identity()
            set(&one)
            set(&all)
            // Coded as the nineteen optional fields were: this one alone, under its name; read back equal.
            let json = String(decoding: try encoder.encode(one), as: UTF8.self)
            #expect(json.hasPrefix("{\"\(name)\":") && json.components(separatedBy: ":").count == 2, "\(json)")
            let read = try JSONDecoder().decode(Identity.self, from: Data(json.utf8))
            #expect(read == one && read.hashValue == one.hashValue && read != Identity(), "\(name)")
            // A copy changed leaves the first as it was.
            var copy = one
            copy.nhiUnchecked = "ZZZ9999"
            copy.dob = nil
            var again = Identity()
            set(&again)
            #expect(copy != one && one == again && one.nhiUnchecked != "ZZZ9999", "\(name)")
        }
        #expect(String(decoding: try encoder.encode(all), as: UTF8.self).components(separatedBy: ":").count == 20)
        #expect(try JSONDecoder().decode(Identity.self, from: try encoder.encode(all)) == all)
        #expect(all.nhiUnchecked == "ZAA0017" && all.givenInitial == "A" && all.familyInitial == "T" && all.payerName == "M TIPENE"
                && all.portalID == "portal-7" && all.peopleNamed == 2 && all.dob == LocalDate(year: 1984, month: 2, day: 29))
        // Rare fields set and taken away again: the identity equals (and hashes as) one never given them.
        var plain = Identity()
        plain.familyName = "Tipene"
        var cleared = plain
        cleared.payerName = "M TIPENE"
        cleared.peopleNamed = 3
        #expect(cleared != plain)
        cleared.payerName = nil
        cleared.peopleNamed = nil
        #expect(cleared == plain && cleared.hashValue == plain.hashValue)
        // A date of birth its packed number cannot hold (a year past 65,535) is kept whole, and changed like any other.
        let far = LocalDate(dayNumber: 30_000_000)
        #expect(far.year > 65_535 && LocalDate(packed: far.packed) != far)
        var odd = plain
        odd.dob = far
        #expect(odd.dob == far && odd != plain)
        odd.dob = LocalDate(year: 2001, month: 5, day: 6)
        var usual = plain
        usual.dob = LocalDate(year: 2001, month: 5, day: 6)
        #expect(odd == usual && odd.hashValue == usual.hashValue)
        odd.dob = nil
        #expect(odd == plain && odd.hashValue == plain.hashValue)
    }
}

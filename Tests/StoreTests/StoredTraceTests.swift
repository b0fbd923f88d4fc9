import Foundation
import Testing
@testable import Store
import LacunaCore

/// A new case keeps each trace as `traces()` will read it back (`CaseStore.stored`): the same as the
/// trace made again from the row it was stored as (`decode` of `values(of:)`), field for field.
@Suite("A trace kept as it will be read back")
struct StoredTraceTests {
    static func text(_ random: inout SystemRandomNumberGenerator) -> String? {
        ["", "Tipene", "O'Brien", "Ngā", "x\u{0}y", "  spaced  ", "021 555 0123", nil, nil].randomElement(using: &random)!
    }

    static func date(_ random: inout SystemRandomNumberGenerator) -> LocalDate {
        // Years of four digits mostly; some of fewer or more, which the stored text may not read back as they were.
        let year = [1950, 1987, 2025, 2026, 1, 999, 10_000, 12_345].randomElement(using: &random)!
        return LocalDate(dayNumber: LocalDate(year: 2000, month: 1, day: 1)!.dayNumber + Int.random(in: -400...400, using: &random)
                         + (year - 2000) * 365)
    }

    static func trace(_ random: inout SystemRandomNumberGenerator) -> Trace {
        var identity = Identity()
        identity.nhi = text(&random)
        identity.familyName = text(&random)
        identity.givenName = text(&random)
        identity.mobile = text(&random)
        identity.sex = text(&random)
        identity.peopleNamed = Bool.random(using: &random) ? Int.random(in: 1...3, using: &random) : nil
        if Bool.random(using: &random) { identity.dob = date(&random) }
        var time: TraceTime?
        if Int.random(in: 0..<4, using: &random) > 0 {
            let localTime = Bool.random(using: &random) ? LocalTime(hour: Int.random(in: 0...23, using: &random), minute: Int.random(in: 0...59, using: &random),
                                                                  second: Int.random(in: 0...59, using: &random)) : nil
            // Instants with fractions of a second, before 1970 and after, far off.
            let instant = Bool.random(using: &random) ? Date(timeIntervalSince1970: Double.random(in: -2e9...4e9, using: &random)) : nil
            time = TraceTime(localDate: date(&random), localTime: localTime, instant: instant,
                             precision: [.day, .minute, .second].randomElement(using: &random)!)
        }
        let kinds: [SourceKind] = [.appointments, .lab, .register, .bank, .callbacks]
        return Trace(kind: kinds.randomElement(using: &random)!, recordType: ["booking", "result", "", "patient"].randomElement(using: &random)!,
                     file: "as read.csv", locator: Locator(line: Int.random(in: 1...9, using: &random), byteOffset: Bool.random(using: &random) ? 40 : nil),
                     time: time, identity: identity, provider: text(&random), payload: ["Status": "Booked", "Note": text(&random) ?? ""],
                     contentKey: "k\(Int.random(in: 0..<1_000_000, using: &random))")
    }

    @Test("2,000 random traces (times and dates of birth of every form, odd texts, fields missing): kept as the row reads back")
    func asReadBack() {
        var random = SystemRandomNumberGenerator()
        var kept = CaseStore.RowRepeats(), read = CaseStore.RowRepeats()
        for n in 0..<2_000 {
            let trace = Self.trace(&random)
            let row = CaseStore.values(of: trace, fileID: .integer(7))
            var stored = trace
            CaseStore.store(&stored, row: row, id: Int64(n), file: "stored.csv", repeats: &kept)
            let again = CaseStore.decode(SQLRow(row), from: 2, contentKey: row[0].string, id: Int64(n), file: "stored.csv", repeats: &read,
                                         payload: { _ in trace.payload })
            #expect(stored.id == again.id && stored.kind == again.kind && stored.recordType == again.recordType && stored.file == again.file)
            #expect(stored.locator == again.locator && stored.provider == again.provider && stored.contentKey == again.contentKey)
            #expect(stored.time == again.time, "\(String(describing: trace.time))")
            #expect(stored.identity == again.identity, "\(String(describing: trace.identity.dob))")
            #expect(stored.payload == again.payload)
        }
    }
}

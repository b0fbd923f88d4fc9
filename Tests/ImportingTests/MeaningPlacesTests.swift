import Testing
import LacunaCore
@testable import Importing

/// A map's meanings found by their bytes (`MeaningPlaces`) give what the dictionary of meanings gives.
@Suite("A meaning's column found by its bytes")
struct MeaningPlacesTests {
    @Test("every meaning asked, there or not, in ASCII or not, of maps whose names are ASCII or not: the dictionary's column")
    func asDictionary() {
        // Names as importers and playbooks give them; a Kelvin sign and a decomposed macron equal other texts as Swift compares.
        let names = ["nhi", "family", "given", "dob", "date", "datetime", "time", "provider", "", "a", "K", "\u{212A}", "ā", "a\u{304}", "family "]
        var generator = SeededRandom(seed: 47)
        for _ in 0..<2_000 {
            var columns: [String: Int] = [:]
            for _ in 0..<Int(generator.next() % 12) { columns[names[Int(generator.next() % UInt64(names.count))]] = Int(generator.next() % 40) }
            let places = MeaningPlaces(columns)
            for meaning in names + ["status", "nhi2", "NHI"] {
                #expect(places.column(of: meaning) == columns[meaning], "\(Array(columns.keys)) \(meaning.unicodeScalars.map(\.value))")
            }
        }
    }
}

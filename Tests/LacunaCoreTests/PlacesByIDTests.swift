import Testing
import LacunaCore

@Suite("Places by id (the model's rows by trace id, a trace's place among the case's)")
struct PlacesByIDTests {
    /// Places made for `ids`, each given its place among them (the rows a model gives its naming traces).
    func rows(_ ids: [Int64]) -> PlacesByID {
        var rows = PlacesByID(spanning: ids)
        for (place, id) in ids.enumerated() { rows[id] = place }
        return rows
    }

    @Test("ids close together (a case's, numbered as imported, the register's left out) give back each row set, and none for any other id, either side of them or between")
    func closeTogether() {
        let ids: [Int64] = Array(101...180) + Array(300...420).filter { $0 % 3 != 0 }
        let made = rows(ids)
        for (place, id) in ids.enumerated() { #expect(made[id] == place) }
        for id: Int64 in [Int64.min, -1, 0, 100, 181, 299, 300, 303, 421, 100_000, Int64.max] {
            #expect(made[id] == nil, "\(id)")
        }
        // A row set again is the last one; set to none, none.
        var changed = made
        changed[150] = 7
        changed[151] = nil
        #expect(changed[150] == 7 && changed[151] == nil && changed[152] == 51)
    }

    @Test("ids far apart (or at the ends of the numbers) are kept as well, and an id never given has no row")
    func farApart() {
        let ids: [Int64] = [Int64.min, -5, 0, 3, 1_000_000_007, Int64.max]
        let made = rows(ids)
        for (place, id) in ids.enumerated() { #expect(made[id] == place) }
        #expect(made[1] == nil && made[Int64.max - 1] == nil)
        #expect(PlacesByID(spanning: [Int64]())[1] == nil)
    }
}

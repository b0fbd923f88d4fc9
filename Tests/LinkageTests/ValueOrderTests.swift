import Testing
import LacunaCore
@testable import Linkage

/// Blocking orders rows by value with a radix sort: it must give exactly the order of the comparison
/// sort it replaced (by value, then by row), or the pairs, and so training, would change.
@Suite("Rows put in order of their blocking values")
struct ValueOrderTests {
    static func compared(_ keyed: [(value: UInt64, row: Int32)]) -> [(value: UInt64, row: Int32)] {
        keyed.sorted { ($0.value, $0.row) < ($1.value, $1.row) }
    }

    @Test("by value then row, as the comparison sort: hashes, few values, one value, values differing only high or low, any size")
    func sameOrder() {
        var generator = SeededRandom(seed: 7)
        let values: [(String, (inout SeededRandom) -> UInt64)] = [
            ("hashes", { $0.next() }),
            ("few values", { $0.next() % 5 }),
            ("one value", { _ in 0xDEAD_BEEF }),
            ("high bytes only", { ($0.next() % 7) << 56 }),
            ("low and high", { ($0.next() % 3) << 60 | ($0.next() % 3) }),
            ("the largest", { $0.next() % 2 == 0 ? .max : .max - 1 }),
        ]
        for (name, value) in values {
            for count in [0, 1, 2, 255, 256, 257, 1_000, 28_001] {
                let keyed = (0..<count).map { (value: value(&generator), row: Int32($0 * 3)) }
                var sorted = keyed
                ValueOrder.sort(&sorted)
                #expect(sorted.map(\.value) == Self.compared(keyed).map(\.value), "\(name), \(count)")
                #expect(sorted.map(\.row) == Self.compared(keyed).map(\.row), "\(name), \(count)")
            }
        }
    }

    @Test("rows not handed over in ascending order are still put by value then row")
    func rowsInAnyOrder() {
        var generator = SeededRandom(seed: 8)
        let keyed = (0..<2_000).map { _ in (value: generator.next() % 50, row: Int32(generator.next() % 100_000)) }
        var sorted = keyed
        ValueOrder.sort(&sorted)
        #expect(sorted.map(\.value) == Self.compared(keyed).map(\.value))
        #expect(sorted.map(\.row) == Self.compared(keyed).map(\.row))
    }
}

import Foundation
import LacunaCore
import Testing

@Suite("Fixed decimals as C writes them")
struct FixedDecimalsTests {
    /// Numbers where rounding is hard: exact halves (ties to even), the doubles either side of a
    /// half, negative zero and negatives that round to zero, powers of ten, the edges of the fast way.
    static var awkward: [Double] {
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 0.625, 0.875, 1.005, 2.675, 0.045, 1e-300, -1e-300,
                                0.995, 0.9949999999999999, 99.995, 1e11, 4e9, 3.999999e15, 4e15, 9.5e15, 1e20, -1e20,
                                .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .ulpOfOne]
        for k in 0...2000 {
            let x = Double(k) / 8                                   // every eighth: exact ties at several places
            values += [x, -x, x.nextUp, x.nextDown, Double(k) / 1000, (Double(k) / 1000).nextUp, (Double(k) / 1000).nextDown]
        }
        return values
    }

    @Test("the same text as String(format:) for awkward numbers and a spread of random ones, 0 to 6 places, signed or not")
    func sameAsFormat() {
        var generator = SystemRandomNumberGenerator()
        var values = Self.awkward
        for _ in 0..<5_000 {
            let exponent = Double.random(in: -12...16, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * Double.random(in: 1..<10, using: &generator) * pow(10, exponent.rounded(.down)))
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
            values.append(Double.random(in: 0...1, using: &generator))        // probabilities, as links print them
        }
        var wrong: [String] = []
        for value in values {
            for places in 0...6 {
                if value.fixedDecimals(places) != String(format: "%.\(places)f", value) { wrong.append("\(value) %.\(places)f") }
                if value.fixedDecimals(places, sign: true) != String(format: "%+.\(places)f", value) { wrong.append("\(value) %+.\(places)f") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }
}

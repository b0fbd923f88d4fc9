import Foundation
import Testing
@testable import LacunaCore

/// What the case keeps between runs as a run of bytes must read back exactly, and damaged bytes must
/// be refused, never read past their end.
@Suite("A run of bytes reads back what was written")
struct ByteRunTests {
    @Test("counts, whole numbers at the edges, decimals to the bit, texts of any kind, flags and optionals")
    func roundTrip() throws {
        let counts = [0, 1, 127, 128, 16_383, 16_384]
        let integers: [Int64] = [0, 1, -1, 63, -64, 64, -65, .max, .min, 1_796_000_000]
        let decimals = [0.0, -0.0, 0.995, 1.0 / 3.0, .pi, 1e-300, .infinity, -.infinity, .greatestFiniteMagnitude]
        let texts = ["", "a", "Te Whānau-ā-Apanui", "😀 e\u{301}", "tab\there\nline\u{0}nul", String(repeating: "Ngā ", count: 100)]
        var out = ByteRunWriter()
        for c in counts { out.count(c) }
        for i in integers { out.integer(i) }
        for d in decimals { out.decimal(d) }
        out.decimal(.nan)
        for t in texts { out.text(t) }
        out.flag(true)
        out.flag(false)
        out.optional(nil as String?) { $0.text($1) }
        out.optional("kept") { $0.text($1) }
        out.optional(Int64(-5)) { $0.integer($1) }

        // No count is larger than the run it is read from (16,384 needs a run that long).
        var input = ByteRunReader(out.bytes + [UInt8](repeating: 0, count: 1 << 14))
        for c in counts { #expect(try input.count() == c) }
        for i in integers { #expect(try input.integer() == i) }
        for d in decimals { #expect(try input.decimal().bitPattern == d.bitPattern) }
        #expect(try input.decimal().isNaN)
        for t in texts { #expect(try input.text() == t) }
        #expect(try input.flag() == true)
        #expect(try input.flag() == false)
        #expect(try input.optional { try $0.text() } == nil)
        #expect(try input.optional { try $0.text() } == "kept")
        #expect(try input.optional { try $0.integer() } == -5)
        #expect(!input.atEnd)
        var short = ByteRunWriter()
        short.count(1 << 40)
        var big = ByteRunReader(short.bytes)
        #expect(throws: ByteRunError.self) { try big.count() }
        var exact = ByteRunReader(ByteRunWriter().bytes)
        #expect(exact.atEnd)
        #expect(throws: ByteRunError.self) { try exact.flag() }
    }

    @Test("a word and a decimal are their eight bytes, least significant first, as memos already kept hold them")
    func wordsAsKept() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let word = UInt64.random(in: .min ... .max, using: &random)
            let decimal = Double(bitPattern: UInt64.random(in: .min ... .max, using: &random))
            var out = ByteRunWriter()
            out.word(word)
            out.decimal(decimal)
            let expected = (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: decimal.bitPattern >> (8 * $0)) }
            #expect(out.bytes == expected)
        }
    }

    @Test("a run written in place is the run written whole: its length before it, at every length's width, after other values")
    func runWrittenInPlace() throws {
        // Lengths either side of each LEB128 width (one byte to 127, two to 16,383, three to 2,097,151).
        for length in [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152] {
            // Bytes below 128, each written as a count of itself (one byte a count).
            let run = (0..<length).map { UInt8(($0 &* 31 &+ 7) & 0x7F) }
            var whole = ByteRunWriter()
            whole.text("before")
            whole.count(length)
            whole.byteRun(run)
            whole.integer(-3)
            var inPlace = ByteRunWriter(capacity: 16)
            inPlace.text("before")
            inPlace.count(length)
            inPlace.byteRun { body in
                for byte in run { body.count(Int(byte)) }
            }
            inPlace.integer(-3)
            #expect(inPlace.bytes == whole.bytes, "length \(length)")
            var input = ByteRunReader(inPlace.bytes)
            #expect(try input.text() == "before")
            #expect(try input.count() == length)
            #expect(try input.byteRun() == run)
            #expect(try input.integer() == -3)
            #expect(input.atEnd)
        }
    }

    @Test("a writer made on another run's memory writes there, that run's bytes let go; where something else holds them, they are left as they were")
    func writtenInAnotherRunsMemory() {
        var room = [UInt8](repeating: 7, count: 4096)
        let address = room.withUnsafeBufferPointer { $0.baseAddress }
        var writer = ByteRunWriter(reusing: consume room, capacity: 100)
        writer.count(5)
        writer.text("é")
        let written = writer.bytes
        #expect(written == [5, 2, 0xC3, 0xA9])
        #expect(written.withUnsafeBufferPointer { $0.baseAddress } == address)
        // More than the memory holds: room made, the bytes as written.
        var grown = ByteRunWriter(reusing: written, capacity: 10_000)
        grown.byteRun([UInt8](repeating: 1, count: 5_000))
        #expect(grown.bytes.count == 5_002 && grown.bytes.prefix(2) == [0x88, 0x27])
        // Held elsewhere: that holder's bytes untouched.
        let held = [UInt8](repeating: 7, count: 64)
        var other = ByteRunWriter(reusing: held, capacity: 8)
        other.integer(-1)
        #expect(held == [UInt8](repeating: 7, count: 64) && other.bytes == [1])
    }

    @Test("damaged or cut-short bytes throw, at every point they could be cut")
    func damaged() throws {
        var out = ByteRunWriter()
        out.text("lacuna")
        out.integer(-12_345_678)
        out.decimal(0.5)
        out.optional("x") { $0.text($1) }
        let whole = out.bytes
        for cut in 0..<whole.count {
            var input = ByteRunReader(Array(whole.prefix(cut)))
            #expect(throws: ByteRunError.self) {
                _ = try input.text()
                _ = try input.integer()
                _ = try input.decimal()
                _ = try input.optional { try $0.text() }
            }
        }
        // A flag that is neither 0 nor 1; a number that never ends; a length past the end.
        var flag = ByteRunReader([2])
        #expect(throws: ByteRunError.self) { try flag.flag() }
        var endless = ByteRunReader([UInt8](repeating: 0xFF, count: 12))
        #expect(throws: ByteRunError.self) { try endless.integer() }
        var long = ByteRunReader([5, 0x61])
        #expect(throws: ByteRunError.self) { try long.text() }
    }
}

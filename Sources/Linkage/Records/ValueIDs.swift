import Foundation
import LacunaCore

/// The id of each distinct text, given in the order texts are first met (0, 1, 2 …), as a
/// `[String: Int32]` gives them: texts Swift holds equal share an id, though their bytes differ (`ā` as
/// one scalar or as `a` and a macron, `K` and the Kelvin sign), for each is keyed by its bytes in
/// Unicode's composed form (NFC), the form Swift itself compares. A text in ASCII is its own key.
///
/// A person table interns a quarter of a million texts a run (every name, word, phone and address of
/// every patient and trace). As a `[String: Int32]` each lookup hashed the text with SipHash and
/// compared it as a `String`: some 400 instructions. Here a lookup is a multiply-and-rotate hash of the
/// key's bytes in an open-addressed table of ids, and one `memcmp`. The ids, and so everything made
/// from them, are the same either way; only how they are found differs. The hash is seeded once a
/// process, so a file cannot be written to make every value collide.
struct ValueIDs: Sendable {
    /// Each slot 0 where empty, else an id plus one (the low 32 bits) beside the top 32 bits of its
    /// key's hash (the high 32); a power of two long, at most half full. A slot's place is the top bits
    /// of the hash, as many as the table is long in bits: so the table grows from the slots alone, and a
    /// look past a slot whose hash differs goes no further than the slot (a large register's columns
    /// hold millions of values, and reading each one's hash and key from lists of their own missed the
    /// cache three times a look).
    private var slots: [UInt64] = []
    /// How far a hash is shifted right to give its place: 64 less the table's length in bits.
    private var placeShift: UInt64 = 64
    /// Each id's key.
    private var keys = FlatLists<UInt8>()

    /// How many ids are given.
    var count: Int { keys.count }

    /// The id of `text` (its UTF-8 `bytes`); where no text equal to it was met before, the next id (`isNew`).
    mutating func id(of text: String, bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        if bytes.isASCII { return id(ofKey: bytes) }
        return text._nfcCodeUnits.withUnsafeBufferPointer { id(ofKey: $0) }
    }

    /// The id of a key of bytes as they are (no text's composed form taken: a caller that writes keys of
    /// several texts writes each in that form itself); where no key equal to it was met before, the next id.
    mutating func id(ofKey key: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let hash = Self.hash(key)
        if (keys.count + 1) * 2 > slots.count { grow() }
        let top = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash >> placeShift)
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry >> 32 == top {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if keys.equals(id, key) { return (Int32(id), false) }
            }
            slot = (slot + 1) & mask
        }
        let id = keys.count
        slots[slot] = top << 32 | UInt64(id + 1)
        keys.append(key)
        return (Int32(id), true)
    }

    /// Twice the slots (16 at first), every id placed again by the top bits its slot keeps.
    private mutating func grow() {
        let size = Swift.max(16, slots.count * 2)
        var grown = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        let shift = UInt64(64 - size.trailingZeroBitCount)
        for entry in slots where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> shift)
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = entry
        }
        slots = grown
        placeShift = shift
    }

    /// A random seed for this process's hashes.
    private static let seed = UInt64.random(in: .min ... .max) | 1

    /// A 64-bit hash of the bytes (`FastHash`), seeded once a process.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 { FastHash.hash(bytes, seed: seed) }
}

extension FlatLists where Element == UInt8 {
    /// Whether the k-th list holds exactly these bytes.
    @inline(__always)
    func equals(_ k: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = start(k), length = length(k)
        guard length == bytes.count else { return false }
        guard length > 0 else { return true }
        return storage.withUnsafeBufferPointer { all in memcmp(all.baseAddress! + start, bytes.baseAddress!, length) == 0 }
    }
}

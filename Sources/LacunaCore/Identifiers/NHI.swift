/// A New Zealand National Health Index number, validated by its check character (HISO 10046:2023).
///
/// Two formats exist: the old `AAANNNC` (mod 11 check digit) and the new `AAANNAX` (mod 23 check
/// letter). Drafts of 2019–2022 used mod 24 for the new format and some validators still do, so an NHI
/// valid only under mod 24 is accepted with a warning rather than rejected.
public struct NHI: Hashable, Sendable, CustomStringConvertible {
    /// The NHI in upper case, without spaces.
    public let value: String
    /// How the check character came out.
    public let validity: Validity

    public enum Validity: String, Sendable {
        /// The check character is right under the current rules.
        case valid
        /// New format whose check letter is right only under the withdrawn mod-24 draft.
        case validOnlyUnderMod24 = "mod24"
    }

    /// Why a string is not an NHI.
    public enum Problem: String, Error, Sendable {
        case wrongShape = "not in NHI format (AAANNNC or AAANNAX)"
        case badCheckCharacter = "NHI check character does not match"
    }

    public var description: String { value }
    /// NHIs beginning with Z are test numbers.
    public var isTestNumber: Bool { value.first == "Z" }
    /// The new (2022) alphanumeric format.
    public var isNewFormat: Bool { value.utf8.last.map { NHI.letterValue($0) != nil } ?? false }

    /// Validates `text` (case-insensitive, surrounding spaces ignored).
    public static func parse(_ text: String) -> Result<NHI, Problem> {
        // Its bytes but spaces, lower-case letters raised, gathered in one word (seven at most): no
        // arrays made for the seven bytes of each of the hundreds of thousands of NHIs a run reads.
        var packed: UInt64 = 0, count = 0
        for byte in text.utf8 where byte != 0x20 {
            guard count < 7 else { return .failure(.wrongShape) }
            packed |= UInt64(byte >= 0x61 && byte <= 0x7A ? byte - 32 : byte) << (8 * count)
            count += 1
        }
        // Read from a constant: a variable the local functions captured was checked for overlapping
        // access at run time on every read.
        let word = packed
        func byte(_ place: Int) -> UInt8 { UInt8(truncatingIfNeeded: word >> (8 * place)) }
        guard count == 7,
              let a = letterValue(byte(0)), let b = letterValue(byte(1)), let c = letterValue(byte(2)),
              let d = digitValue(byte(3)), let e = digitValue(byte(4))
        else { return .failure(.wrongShape) }
        // Told apart by the sixth, and seven letters and digits once it is an NHI at all.
        func upper() -> String {
            String(unsafeUninitializedCapacity: 7) { buffer in
                for place in 0..<7 { buffer[place] = byte(place) }
                return 7
            }
        }
        if let f = digitValue(byte(5)) {
            // Old format: AAANNNC.
            guard let check = digitValue(byte(6)) else { return .failure(.wrongShape) }
            let sum = a * 7 + b * 6 + c * 5 + d * 4 + e * 3 + f * 2
            let r = sum % 11
            guard r != 0 else { return .failure(.badCheckCharacter) }
            let expected = (11 - r) % 10
            return expected == check ? .success(NHI(value: upper(), validity: .valid)) : .failure(.badCheckCharacter)
        }
        guard let f = letterValue(byte(5)), let check = letterValue(byte(6)) else { return .failure(.wrongShape) }
        let sum = a * 7 + b * 6 + c * 5 + d * 4 + e * 3 + f * 2
        if 23 - sum % 23 == check { return .success(NHI(value: upper(), validity: .valid)) }
        if 24 - sum % 24 == check { return .success(NHI(value: upper(), validity: .validOnlyUnderMod24)) }
        return .failure(.badCheckCharacter)
    }

    /// Finds the first valid NHI in free text (an HL7 PID-3 repetition, a reference field), by shape
    /// and check character rather than by position.
    public static func find(in text: String) -> NHI? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 7 else { return nil }
        for start in 0...(bytes.count - 7) {
            if start > 0, isAlphanumeric(bytes[start - 1]) { continue }
            if start + 7 < bytes.count, isAlphanumeric(bytes[start + 7]) { continue }
            let candidate = String(decoding: bytes[start..<start + 7], as: UTF8.self)
            if case .success(let nhi) = parse(candidate) { return nhi }
        }
        return nil
    }

    /// Whether text has an NHI's shape (either format), whatever its check character says: a typed NHI
    /// with a typo is still worth keeping for a person to see.
    public static func looksLikeNHI(_ text: String) -> Bool {
        switch parse(text) {
        case .success: return true
        case .failure(let problem): return problem == .badCheckCharacter
        }
    }

    /// Computes the check character for the first six characters (used by the drill).
    public static func checkCharacter(forPrefix prefix: String) -> Character? {
        let bytes = Array(prefix.utf8)
        guard bytes.count == 6, let a = letterValue(bytes[0]), let b = letterValue(bytes[1]),
              let c = letterValue(bytes[2]), let d = digitValue(bytes[3]), let e = digitValue(bytes[4])
        else { return nil }
        if let f = digitValue(bytes[5]) {
            let r = (a * 7 + b * 6 + c * 5 + d * 4 + e * 3 + f * 2) % 11
            guard r != 0 else { return nil }
            return Character(String((11 - r) % 10))
        }
        guard let f = letterValue(bytes[5]) else { return nil }
        let value = 23 - (a * 7 + b * 6 + c * 5 + d * 4 + e * 3 + f * 2) % 23
        return letter(forValue: value)
    }

    /// A=1 … H=8, J=9 … N=13, P=14 … Z=24; I and O are not used.
    static func letterValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x41...0x48: return Int(byte) - 0x40          // A–H
        case 0x4A...0x4E: return Int(byte) - 0x41          // J–N
        case 0x50...0x5A: return Int(byte) - 0x42          // P–Z
        default: return nil
        }
    }

    static func letter(forValue value: Int) -> Character? {
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        guard value >= 1, value <= 24 else { return nil }
        return letters[value - 1]
    }

    private static func digitValue(_ byte: UInt8) -> Int? { byte >= 0x30 && byte <= 0x39 ? Int(byte) - 0x30 : nil }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

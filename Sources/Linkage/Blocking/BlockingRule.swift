/// What two people must share to be compared at all. A rule is a list of keys that must all be equal;
/// the model compares the union of its rules' pairs, each pair once.
public struct BlockingRule: Sendable, Hashable, CustomStringConvertible {
    public enum Key: String, Sendable, Hashable {
        case nhi, identifier, dob
        case birthYear = "birth-year"
        case family, given
        case familySound = "family-soundex"
        case givenSound = "given-soundex"
        case familyInitial = "family-initial"
        case givenInitial = "given-initial"
        case phone, email, postcode, locality, street
        case houseNumber = "house-number"
        /// Given and family name as a set: the same with the names swapped.
        case nameSet = "name-set"

        /// The role the key reads (a rule on `dob` does not train the date-of-birth comparison).
        var role: PersonRole {
            switch self {
            case .nhi: .nhi
            case .identifier: .identifier
            case .dob, .birthYear: .dob
            case .family, .familySound, .familyInitial: .family
            case .given, .givenSound, .givenInitial: .given
            case .phone: .phone
            case .email: .email
            case .postcode: .postcode
            case .locality: .locality
            case .street: .street
            case .houseNumber: .houseNumber
            case .nameSet: .family
            }
        }
    }

    public let keys: [Key]

    public init(_ keys: Key...) { self.keys = keys }
    public init(keys: [Key]) { self.keys = keys }

    public var description: String { keys.map(\.rawValue).joined(separator: "+") }
    var roles: Set<PersonRole> { Set(keys.map(\.role)) }

    static let missing = UInt64.max

    /// Each person's blocking value for the rule (a hash of the keys' values), `missing` when any
    /// key is missing. Two people are compared when their values are equal.
    func values(in table: PersonTable) -> [UInt64] {
        var result = [UInt64](repeating: 0x243F_6A88_85A3_08D3, count: table.count)
        for key in keys {
            let part = BlockingRule.part(key, of: table)
            for i in 0..<table.count where result[i] != BlockingRule.missing {
                let v = part[i]
                result[i] = v == BlockingRule.missing ? BlockingRule.missing : mix(result[i], v)
            }
        }
        return result
    }

    private func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
        var x = (h ^ v) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 32
        return x == BlockingRule.missing ? x - 1 : x
    }

    private static func part(_ key: Key, of t: PersonTable) -> [UInt64] {
        func ids(_ column: TextColumn) -> [UInt64] { column.ids.map { $0 < 0 ? missing : UInt64($0) } }
        func byValue(_ column: TextColumn, _ f: ([UInt8]) -> UInt64) -> [UInt64] {
            let perValue = (0..<column.valueCount).map { f(column.bytes(Int32($0))) }
            return column.ids.map { $0 < 0 ? missing : perValue[Int($0)] }
        }
        switch key {
        case .nhi: return ids(t.nhi)
        case .identifier: return ids(t.identifier)
        case .dob: return t.dob.map { $0 == 0 ? missing : UInt64($0) }
        case .birthYear: return t.dob.map { $0 == 0 ? missing : UInt64($0 / 10000) }
        case .family: return ids(t.family)
        case .given: return ids(t.given)
        case .familySound: return byValue(t.family) { UInt64(StringSimilarity.soundex($0)) }
        case .givenSound: return byValue(t.given) { UInt64(StringSimilarity.soundex($0)) }
        case .familyInitial: return byValue(t.family) { $0.first.map(UInt64.init) ?? missing }
        case .givenInitial: return byValue(t.given) { $0.first.map(UInt64.init) ?? missing }
        case .phone: return ids(t.phoneLastSeven)
        case .email: return ids(t.email)
        case .postcode: return ids(t.postcode)
        case .locality: return ids(t.locality)
        case .street: return ids(t.street)
        case .houseNumber: return ids(t.houseNumber)
        case .nameSet:
            // Folded values compared as text, so "capurso ruby" and "ruby capurso" meet.
            return (0..<t.count).map { i in
                let g = t.given[i], f = t.family[i]
                guard g >= 0, f >= 0 else { return missing }
                var x = t.given.bytes(g), y = t.family.bytes(f)
                if y.lexicographicallyPrecedes(x) { swap(&x, &y) }
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                for byte in x + [0] + y { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
                return h == missing ? h - 1 : h
            }
        }
    }
}

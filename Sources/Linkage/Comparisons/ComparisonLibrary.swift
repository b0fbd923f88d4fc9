/// The comparisons a person linkage can use, each with its levels. `LinkageSettings` names them;
/// `compile` turns a name into the function that levels a pair.
public enum ComparisonSetting: Sendable, Hashable {
    case nhi
    case givenName(jaroWinkler: [Double])
    case familyName(jaroWinkler: [Double])
    case dateOfBirth
    case sex
    case phone
    case email
    /// House number and street together.
    case address
    case locality
    case postcode
    /// Any other identifier (a social security number, a chart number).
    case identifier
    /// A card's last four digits among the household's cards.
    case card
    /// Where a person lives and is called, as one piece of evidence: phone, address, postcode and
    /// locality agree together for everyone in a household, so counting them separately would
    /// take a parent for their child.
    case household

    /// The roles the comparison needs; it is left out when nobody has them.
    var roles: Set<PersonRole> {
        switch self {
        case .nhi: [.nhi]
        case .givenName: [.given]
        case .familyName: [.family]
        case .dateOfBirth: [.dob]
        case .sex: [.sex]
        case .phone: [.phone]
        case .email: [.email]
        case .address: [.street]
        case .locality: [.locality]
        case .postcode: [.postcode]
        case .identifier: [.identifier]
        case .card: []
        case .household: [.phone, .street, .postcode, .locality]
        }
    }

    func compile() -> Comparison {
        switch self {
        case .nhi: return ComparisonLibrary.nhi
        case .givenName(let thresholds): return ComparisonLibrary.name(given: true, thresholds: thresholds)
        case .familyName(let thresholds): return ComparisonLibrary.name(given: false, thresholds: thresholds)
        case .dateOfBirth: return ComparisonLibrary.dateOfBirth
        case .sex: return ComparisonLibrary.sex
        case .phone: return ComparisonLibrary.phone
        case .email: return ComparisonLibrary.email
        case .address: return ComparisonLibrary.address
        case .locality: return ComparisonLibrary.locality
        case .postcode: return ComparisonLibrary.postcode
        case .identifier: return ComparisonLibrary.identifier
        case .card: return ComparisonLibrary.card
        case .household: return ComparisonLibrary.household
        }
    }
}

enum ComparisonLibrary {
    static let nhi = Comparison(
        name: "NHI",
        levels: [ComparisonLevel("same NHI"), ComparisonLevel("one character off, check fails"), ComparisonLevel("different NHI")],
        roles: [.nhi], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.nhi[i], b = t.nhi[j]
            if a < 0 || b < 0 { return -1 }
            if a == b { return 0 }
            // One character off counts only where a check character fails (two valid NHIs are two people).
            if t.nhiValid[Int(a)] && t.nhiValid[Int(b)] { return 2 }
            return t.nhi.mayBeOneEditApart(a, b) && t.nhi.withBytes(a, b, StringSimilarity.oneSubstitution) ? 1 : 2
        },
        exactChance: { t in t.nhi.chanceOfSharing })

    /// Given or family name: exact, folded (case, macrons, punctuation), swapped with the other name,
    /// a nickname (given) or a shared word of a double or hyphenated name (family), Jaro-Winkler
    /// thresholds, an initial, different.
    static func name(given: Bool, thresholds: [Double]) -> Comparison {
        var levels = [ComparisonLevel("exact", adjustsForFrequency: true),
                      ComparisonLevel("same without case or macrons", adjustsForFrequency: true),
                      ComparisonLevel("given and family swapped"),
                      ComparisonLevel(given ? "nickname" : "shares a word (double or hyphenated)")]
        levels += thresholds.map { ComparisonLevel("Jaro-Winkler ≥ \($0)") }
        levels += [ComparisonLevel("initial fits"), ComparisonLevel("different")]
        let initial = Int8(levels.count - 2), different = Int8(levels.count - 1)
        let bound = StringSimilarity.MaskBound(threshold: thresholds.min() ?? .infinity)
        return Comparison(
            name: given ? "given name" : "family name",
            levels: levels,
            roles: [given ? .given : .family],
            level: { t, i, j in
                nameLevel(t, i, j, given: given, thresholds: thresholds, bound: bound, initial: initial, different: different)
            },
            frequency: { t, i in given ? t.given.frequency(t.given[i]) : t.family.frequency(t.family[i]) },
            exactChance: { t in given ? t.given.chanceOfSharing : t.family.chanceOfSharing })
    }

    /// A name's level. Read in place from the table (values, word lists, numbers): this runs for every
    /// pair training samples and every candidate scored, millions a run.
    private static func nameLevel(_ t: borrowing PersonTable, _ i: Int, _ j: Int, given: Bool, thresholds: [Double],
                                  bound: StringSimilarity.MaskBound, initial: Int8, different: Int8) -> Int8 {
        let a = given ? t.given[i] : t.family[i], b = given ? t.given[j] : t.family[j]
        if a < 0 || b < 0 { return -1 }
        if given ? t.givenRaw[i] == t.givenRaw[j] : t.familyRaw[i] == t.familyRaw[j] { return 0 }
        if a == b { return 1 }
        let otherI = given ? t.family[i] : t.given[i], otherJ = given ? t.family[j] : t.given[j]
        if otherI >= 0 && otherJ >= 0 {
            // Each one's given name is the other's family name.
            let (givenI, familyI, givenJ, familyJ) = given ? (a, otherI, b, otherJ) : (otherI, a, otherJ, b)
            if t.givenAsName[Int(givenI)] == t.familyAsName[Int(familyJ)] && t.givenAsName[Int(givenJ)] == t.familyAsName[Int(familyI)] {
                return 2
            }
        }
        if given {
            if t.givenFormal.withLists(Int(a), Int(b), sortedIntersect) { return 3 }
        } else if t.familyWords.length(Int(a)) > 1 || t.familyWords.length(Int(b)) > 1 {
            if t.familyWords.withLists(Int(a), Int(b), { wa, wb in wa.contains(where: wb.contains) }) { return 3 }
        }
        return given ? likeness(t.given, a, b, thresholds: thresholds, bound: bound, initial: initial, different: different)
            : likeness(t.family, a, b, thresholds: thresholds, bound: bound, initial: initial, different: different)
    }

    /// The masks' bound of streets and localities alike (Jaro-Winkler 0.9), worked out once.
    private static let placeBound = StringSimilarity.MaskBound(threshold: 0.9)

    /// Whether two values are `bound.threshold` or more alike by Jaro-Winkler, worked out only where
    /// the ceilings allow it (random pairs' streets mostly do not).
    private static func alike(_ column: borrowing TextColumn, _ a: Int32, _ b: Int32, _ bound: StringSimilarity.MaskBound) -> Bool {
        column.withBytes(a, b) { x, y in
            mayReach(bound, x, column.byteMasks[Int(a)], y, column.byteMasks[Int(b)]) && StringSimilarity.jaroWinkler(x, y) >= bound.threshold
        }
    }

    /// Whether two values' Jaro-Winkler may reach `bound.threshold`: not where their masks alone rule it
    /// out (most pairs, in a few instructions), nor their bytes counted against the masks (most of the rest).
    @inline(__always)
    private static func mayReach(_ bound: StringSimilarity.MaskBound, _ x: UnsafeBufferPointer<UInt8>, _ xMask: UInt64,
                                 _ y: UnsafeBufferPointer<UInt8>, _ yMask: UInt64) -> Bool {
        !bound.rulesOut(count: x.count, mask: xMask, count: y.count, mask: yMask)
            && StringSimilarity.jaroWinklerCeiling(x, mask: xMask, y, mask: yMask) >= bound.threshold - 1e-9
    }

    /// A name's level from its spelling alone: a Jaro-Winkler threshold, an initial that fits, different.
    private static func likeness(_ column: borrowing TextColumn, _ a: Int32, _ b: Int32, thresholds: [Double],
                                 bound: StringSimilarity.MaskBound, initial: Int8, different: Int8) -> Int8 {
        let level: Int8? = column.withBytes(a, b) { x, y in
            // Most pairs share too few letters to reach a threshold: Jaro-Winkler is not worked out for them.
            guard mayReach(bound, x, column.byteMasks[Int(a)], y, column.byteMasks[Int(b)]) else { return nil }
            let similarity = StringSimilarity.jaroWinkler(x, y)
            for (k, threshold) in thresholds.enumerated() where similarity >= threshold { return Int8(4 + k) }
            return nil
        }
        if let level { return level }
        if (column.length(a) == 1 || column.length(b) == 1) && column.firstByte(a) == column.firstByte(b) { return initial }
        return different
    }

    static let dateOfBirth = Comparison(
        name: "date of birth",
        levels: [ComparisonLevel("same date"), ComparisonLevel("day and month swapped"),
                 ComparisonLevel("one part off"), ComparisonLevel("different")],
        roles: [.dob], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.dob[i], b = t.dob[j]
            if a == 0 || b == 0 { return -1 }
            if a == b { return 0 }
            let (ya, ma, da) = (a / 10000, a / 100 % 100, a % 100)
            let (yb, mb, db) = (b / 10000, b / 100 % 100, b % 100)
            if ya == yb && ma == db && da == mb { return 1 }
            let same = (ya == yb ? 1 : 0) + (ma == mb ? 1 : 0) + (da == db ? 1 : 0)
            return same == 2 ? 2 : 3
        })

    static let sex = Comparison(
        name: "sex", levels: [ComparisonLevel("same"), ComparisonLevel("different")], roles: [.sex], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.sex[i], b = t.sex[j]
            if a == 0 || b == 0 { return -1 }
            return a == b ? 0 : 1
        })

    static let phone = Comparison(
        name: "phone",
        levels: [ComparisonLevel("same number", adjustsForFrequency: true), ComparisonLevel("same last seven digits"),
                 ComparisonLevel("different")],
        roles: [.phone], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.phone[i], b = t.phone[j]
            if a < 0 || b < 0 { return -1 }
            if a == b { return 0 }
            let x = t.phoneLastSeven[i], y = t.phoneLastSeven[j]
            return x >= 0 && x == y ? 1 : 2
        },
        frequency: { t, i in t.phone.frequency(t.phone[i]) },
        exactChance: { t in t.phone.chanceOfSharing })

    static let email = Comparison(
        name: "email",
        levels: [ComparisonLevel("same address"), ComparisonLevel("same name before @"), ComparisonLevel("different")],
        roles: [.email], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.email[i], b = t.email[j]
            if a < 0 || b < 0 { return -1 }
            if a == b { return 0 }
            return t.email.withBytes(a, b) { x, y in
                if let p = x.firstIndex(of: 0x40), let q = y.firstIndex(of: 0x40), x[..<p].elementsEqual(y[..<q]) { return 1 }
                return 2
            }
        },
        exactChance: { t in t.email.chanceOfSharing })

    static let address = Comparison(
        name: "address",
        levels: [ComparisonLevel("same number and street"), ComparisonLevel("same street"),
                 ComparisonLevel("street Jaro-Winkler ≥ 0.9"), ComparisonLevel("different")],
        roles: [.street],
        level: { t, i, j in
            let a = t.street[i], b = t.street[j]
            if a < 0 || b < 0 { return -1 }
            if a == b {
                let x = t.houseNumber[i], y = t.houseNumber[j]
                return x >= 0 && x == y ? 0 : 1
            }
            return alike(t.street, a, b, placeBound) ? 2 : 3
        })

    static let locality = Comparison(
        name: "locality",
        levels: [ComparisonLevel("same", adjustsForFrequency: true), ComparisonLevel("Jaro-Winkler ≥ 0.9"), ComparisonLevel("different")],
        roles: [.locality],
        level: { t, i, j in
            let a = t.locality[i], b = t.locality[j]
            if a < 0 || b < 0 { return -1 }
            if a == b { return 0 }
            return alike(t.locality, a, b, placeBound) ? 1 : 2
        },
        frequency: { t, i in t.locality.frequency(t.locality[i]) },
        exactChance: { t in t.locality.chanceOfSharing })

    static let postcode = Comparison(
        name: "postcode",
        levels: [ComparisonLevel("same", adjustsForFrequency: true), ComparisonLevel("one character off"), ComparisonLevel("different")],
        roles: [.postcode], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.postcode[i], b = t.postcode[j]
            if a < 0 || b < 0 { return -1 }
            if a == b { return 0 }
            return t.postcode.mayBeOneEditApart(a, b) && t.postcode.withBytes(a, b, StringSimilarity.oneSubstitution) ? 1 : 2
        },
        frequency: { t, i in t.postcode.frequency(t.postcode[i]) },
        exactChance: { t in t.postcode.chanceOfSharing })

    static let identifier = Comparison(
        name: "identifier",
        levels: [ComparisonLevel("same"), ComparisonLevel("one edit apart"), ComparisonLevel("different")],
        roles: [.identifier], readsNumbersAlone: true,
        level: { t, i, j in
            let a = t.identifier[i], b = t.identifier[j]
            if a < 0 || b < 0 { return -1 }
            if a == b { return 0 }
            return t.identifier.mayBeOneEditApart(a, b) && t.identifier.withBytes(a, b, StringSimilarity.withinOneEdit) ? 1 : 2
        },
        exactChance: { t in t.identifier.chanceOfSharing })

    static let card = Comparison(
        name: "card (household)",
        levels: [ComparisonLevel("a household card"), ComparisonLevel("not a household card")],
        roles: [],
        level: { t, i, j in
            let a = t.cards[i], b = t.cards[j]
            if a.isEmpty || b.isEmpty { return -1 }
            return a.contains(where: b.contains) ? 0 : 1
        })

    static let household = Comparison(
        name: "phone and address",
        levels: [ComparisonLevel("same phone and address"), ComparisonLevel("same phone"), ComparisonLevel("same address"),
                 ComparisonLevel("similar street"), ComparisonLevel("same postcode or locality"), ComparisonLevel("different")],
        roles: [.phone, .street, .postcode, .locality],
        level: { t, i, j in
            let phoneKnown = t.phone[i] >= 0 && t.phone[j] >= 0
            let streetKnown = t.street[i] >= 0 && t.street[j] >= 0
            let postcodeKnown = t.postcode[i] >= 0 && t.postcode[j] >= 0
            let localityKnown = t.locality[i] >= 0 && t.locality[j] >= 0
            if !phoneKnown && !streetKnown && !postcodeKnown && !localityKnown { return -1 }
            let samePhone = phoneKnown && (t.phone[i] == t.phone[j] || t.phoneLastSeven[i] == t.phoneLastSeven[j])
            let sameStreet = streetKnown && t.street[i] == t.street[j]
            let sameAddress = sameStreet && t.houseNumber[i] >= 0 && t.houseNumber[i] == t.houseNumber[j]
            if samePhone && sameAddress { return 0 }
            if samePhone { return 1 }
            if sameAddress { return 2 }
            if sameStreet || (streetKnown && alike(t.street, t.street[i], t.street[j], placeBound)) {
                return 3
            }
            if (postcodeKnown && t.postcode[i] == t.postcode[j]) || (localityKnown && t.locality[i] == t.locality[j]) { return 4 }
            return 5
        })

    static func sortedIntersect(_ a: UnsafeBufferPointer<Int32>, _ b: UnsafeBufferPointer<Int32>) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }
}

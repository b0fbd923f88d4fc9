import Testing
@testable import LacunaCore
@testable import Linkage

/// Identities numbered as the linker keys what the model made of each: equal identities share a
/// number, and any one field apart is another.
@Suite("Identity numbers: equal identities one number, any field apart another")
struct IdentityNumbersTests {
    static var texts: [WritableKeyPath<Identity, String?>] {
        [\.nhi, \.nhiUnchecked, \.familyName, \.givenName, \.preferredName, \.givenInitial, \.familyInitial, \.sex, \.mobile,
         \.phone, \.email, \.address, \.postcode, \.cardLast4, \.payerName, \.portalID, \.localPatientID]
    }

    func everyField() -> Identity {
        var identity = Identity()
        for (n, field) in Self.texts.enumerated() { identity[keyPath: field] = "v\(n)" }
        identity.dob = LocalDate(year: 1970, month: 1, day: 2)
        identity.peopleNamed = 2
        return identity
    }

    @Test("every stored field of an identity is in the key")
    func everyFieldKeyed() {
        // The fields in place but the box of rare ones and the date's number (`Identity.Fields`), and the box's
        // but its date (the date of birth again, where its number cannot hold it).
        let inPlace = Mirror(reflecting: Identity().storage.fields).children.compactMap(\.label)
        let boxed = Mirror(reflecting: Identity.Rare.Fields()).children.compactMap(\.label)
        #expect(inPlace.filter { $0 != "rare" && $0 != "packedDOB" }.count + 1 + boxed.filter { $0 != "dob" }.count == IdentityNumbers.fieldCount)
        #expect(Self.texts.count + 2 == IdentityNumbers.fieldCount)
    }

    /// `base` with each field in turn changed, and missing.
    static func variants(of base: Identity) -> [Identity] {
        var variants: [Identity] = []
        for field in Self.texts {
            var changed = base
            changed[keyPath: field] = "other"
            var missing = base
            missing[keyPath: field] = nil
            variants += [changed, missing]
        }
        var born = base
        born.dob = LocalDate(year: 1970, month: 2, day: 1)
        var unborn = base
        unborn.dob = nil
        var one = base
        one.peopleNamed = 1
        var unsaid = base
        unsaid.peopleNamed = nil
        variants += [born, unborn, one, unsaid]
        return variants
    }

    @Test("the same identity again has its number; one field changed or missing, another")
    func numbered() {
        var numbers = IdentityNumbers()
        let base = everyField()
        #expect(numbers.number(of: base) == (0, true))
        #expect(numbers.number(of: base) == (0, false))
        var seen: Set<Int> = [0]
        for variant in Self.variants(of: base) {
            let (number, isNew) = numbers.number(of: variant)
            #expect(isNew && !seen.contains(number))
            seen.insert(number)
            #expect(numbers.number(of: variant) == (number, false))
        }
        // Where one text ends and the next begins is part of the key.
        var ab = Identity(), a = Identity()
        (ab.familyName, ab.givenName) = ("ab", "c")
        (a.familyName, a.givenName) = ("a", "bc")
        #expect(numbers.number(of: ab).number != numbers.number(of: a).number)
        // Texts holding the bytes that mark a field: "x␁y" and no given name; "x" and "y␀".
        var marked = Identity(), split = Identity()
        marked.familyName = "x\u{1}y"
        (split.familyName, split.givenName) = ("x", "y\u{0}")
        #expect(numbers.number(of: marked).number != numbers.number(of: split).number)
        var empty = Identity()
        empty.familyName = ""
        #expect(numbers.number(of: empty).number != numbers.number(of: Identity()).number)
    }

    @Test("an identity's fingerprint: the same again alike; any field changed or missing, a text split elsewhere, a macron composed or not, another")
    func fingerprinted() {
        func print(_ identity: Identity) -> String {
            var print = Fingerprint()
            IdentityNumbers.fingerprint(identity, into: &print)
            return print.hex()
        }
        let base = everyField()
        #expect(print(base) == print(everyField()))
        var seen: Set<String> = [print(base), print(Identity())]
        for variant in Self.variants(of: base) {
            #expect(!seen.contains(print(variant)))
            seen.insert(print(variant))
        }
        var ab = Identity(), a = Identity(), empty = Identity()
        (ab.familyName, ab.givenName) = ("ab", "c")
        (a.familyName, a.givenName) = ("a", "bc")
        empty.familyName = ""
        #expect(print(ab) != print(a) && print(empty) != print(Identity()))
        var composed = Identity(), decomposed = Identity()
        composed.givenName = "T\u{0101}ne"
        decomposed.givenName = "Ta\u{0304}ne"
        #expect(print(composed) != print(decomposed))
    }

    @Test("texts Swift holds equal, a macron composed or not, are one identity")
    func composedOrNot() {
        var numbers = IdentityNumbers()
        var composed = Identity(), decomposed = Identity()
        composed.givenName = "T\u{0101}ne"
        decomposed.givenName = "Ta\u{0304}ne"
        #expect(composed == decomposed)
        #expect(numbers.number(of: composed).number == numbers.number(of: decomposed).number)
    }
}

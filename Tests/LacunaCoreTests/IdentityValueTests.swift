import Testing
@testable import LacunaCore

@Suite("Phones, names, hashing, money")
struct IdentityValueTests {
    @Test("phones to E.164", arguments: [
        ("021 123 4567", "+64211234567", true), ("0211234567", "+64211234567", true), ("+64 21 123 4567", "+64211234567", true),
        ("0064 27 555 1234", "+64275551234", true), ("(09) 555-1234", "+6495551234", false), ("021 234 567", "+6421234567", true),
        ("+61 412 345 678", "+61412345678", true), ("64 21 123 4567", "+64211234567", true),
    ])
    func phones(_ example: (String, String, Bool)) throws {
        let phone = try #require(PhoneNumber(example.0))
        #expect(phone.e164 == example.1)
        #expect(phone.isMobile == example.2)
    }

    @Test("not phone numbers", arguments: ["", "12345", "555 1234", "09 555 12345 6", "call me"])
    func notPhones(_ text: String) {
        #expect(PhoneNumber(text) == nil)
    }

    @Test("macrons, case and punctuation fold away")
    func folding() {
        #expect(NameFolding.key("Tāmati") == NameFolding.key("TAMATI"))
        #expect(NameFolding.key("O'Brien") == "obrien")
        #expect(NameFolding.words("Fitzgerald-Hart") == ["fitzgerald", "hart"])
        #expect(NameFolding.key("Ta\u{0304}mati") == "tamati")  // decomposed macron
    }

    @Test("nicknames")
    func nicknames() {
        #expect(Nicknames.compatible("bob", "robert"))
        #expect(Nicknames.compatible("bob", "rob"))
        #expect(Nicknames.compatible("wiremu", "william"))
        #expect(!Nicknames.compatible("bob", "william"))
    }

    @Test("SHA-256 test vectors")
    func sha256() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"))
    }

    @Test("amounts as exports write them", arguments: [
        ("45.00", 4500), ("$1,045.50", 104_550), ("(12.00)", -1200), ("12.00 DR", -1200), ("-12.5", -1250), ("12.00-", -1200), ("7", 700),
    ])
    func money(_ example: (String, Int)) {
        #expect(Money.parse(example.0) == example.1)
    }
}

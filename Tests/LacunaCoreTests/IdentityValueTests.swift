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

    @Test("a number's digits read by each scalar's value, as the first way read them: every text of up to five of a mixed alphabet")
    func dialledAsFirstWritten() {
        // The first way, kept here as the reference.
        func plainly(_ text: String) -> (String, Bool)? {
            var digits = ""
            var sawPlus = false
            for scalar in text.unicodeScalars {
                if scalar == "+" && digits.isEmpty { sawPlus = true; continue }
                if ("0"..."9").contains(scalar) { digits.unicodeScalars.append(scalar) }
                else if " -.()/\u{A0}".unicodeScalars.contains(scalar) { continue }
                else if scalar == "x" || scalar == "X" { break }
                else { return nil }
            }
            return (digits, sawPlus)
        }
        let alphabet = ["0", "2", "9", "+", " ", "-", ".", "(", ")", "/", "\u{A0}", "x", "X", "a", "٣", "\u{2009}", "\r\n"]
        var texts: [String] = [""], layer: [String] = [""]
        for _ in 1...4 {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        texts += ["+64 21 123 4567", "021 555 0101 x12", "(09) 555-1234", "0064 27 555 1234"]
        var wrong: [String] = []
        for text in texts {
            let found = PhoneNumber.dialled(text), expected = plainly(text)
            if found?.digits != expected?.0 || found?.plus != expected?.1 { wrong.append(text) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test("a number read from its digits' bytes as from its text: every country's code, every prefix, every length")
    func numberByBytesAsByText() {
        /// The way it was read before, on texts (kept here as the reference).
        func byText(_ text: String, _ country: String) -> (String, Bool)? {
            guard let (digits, sawPlus) = PhoneNumber.dialled(text) else { return nil }
            var international: String
            if sawPlus { international = digits }
            else if digits.hasPrefix("00") { international = String(digits.dropFirst(2)) }
            else if digits.hasPrefix("0") { international = country + digits.dropFirst() }
            else if digits.hasPrefix(country) && digits.count >= 10 { international = digits }
            else if digits.count >= 7 && digits.count <= 8 { return nil }
            else { international = country + digits }
            guard international.count >= 8, international.count <= 15 else { return nil }
            let mobile: Bool
            if international.hasPrefix("64") {
                let national = international.dropFirst(2)
                guard let first = national.first else { return nil }
                if ["20", "21", "22", "27", "28", "29"].contains(where: { national.hasPrefix($0) }) {
                    guard national.count >= 8, national.count <= 10 else { return nil }
                    mobile = true
                } else if "34679".contains(first) {
                    guard national.count == 8 else { return nil }
                    mobile = false
                } else if national.hasPrefix("800") || national.hasPrefix("508") {
                    mobile = false
                } else {
                    return nil
                }
            } else if international.hasPrefix("61") {
                let national = international.dropFirst(2)
                guard national.count == 9 else { return nil }
                mobile = national.hasPrefix("4")
            } else if international.hasPrefix("44") {
                let national = international.dropFirst(2)
                mobile = national.hasPrefix("7") && national.count == 10
            } else if international.hasPrefix("353") {
                mobile = international.dropFirst(3).hasPrefix("8")
            } else {
                mobile = false
            }
            return ("+" + international, mobile)
        }
        var texts = ["", "+", "0", "00", "x", "021 555 0101 x12", "(09) 555-1234", "+64 21 123 4567", "0064 27 555 1234", "phone",
                     "+6421555010112345678 x1", "002155501011234567", "0021555010112345678", "021555010112345678a"]
        let digits = "2947105836" + "4718203956"
        for head in ["", "+", "0", "00", "+0", "64", "+64", "064", "0064", "61", "+61", "44", "+44", "353", "+353", "1", "+1", "679"] {
            for second in ["", "0", "1", "2", "20", "21", "22", "23", "27", "29", "3", "4", "5", "50", "508", "7", "8", "80", "800", "9"] {
                for length in 0...20 { texts.append(head + second + String(digits.prefix(length))) }
            }
        }
        var wrong: [String] = []
        for country in ["64", "61", "44", "353", "1", "679", ""] {
            for text in texts {
                let found = PhoneNumber(text, defaultCountryCode: country), expected = byText(text, country)
                if found?.e164 != expected?.0 || found?.isMobile != expected?.1 { wrong.append("\(country): \(text)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(texts.count > 4000)
    }

    @Test("a number spaced for reading by its bytes as by its characters: every country's prefix with every length of digits")
    func spacedByBytesAsByCharacters() {
        var texts = ["", "+", "021", "+6421", "＋6421234567"]
        for prefix in ["+64", "+61", "+44", "+353", "+1", "64", "+642", "+614", "+447"] {
            for length in 0...13 {
                texts.append(prefix + String(String(repeating: "2947105836", count: 2).prefix(length)))
            }
        }
        for text in texts { #expect(PhoneNumber.spaced(text) == PhoneNumber.spacedByCharacters(text), "\(text)") }
        #expect(PhoneNumber.spaced("+64215550101") == "021 555 0101")
    }

    @Test("macrons, case and punctuation fold away")
    func folding() {
        #expect(NameFolding.key("Tāmati") == NameFolding.key("TAMATI"))
        #expect(NameFolding.key("O'Brien") == "obrien")
        #expect(NameFolding.words("Fitzgerald-Hart") == ["fitzgerald", "hart"])
        #expect(NameFolding.key("Ta\u{0304}mati") == "tamati")  // decomposed macron
    }

    @Test("a name in ASCII, Latin-1 and Latin Extended-A folds as one with letters beyond it does; its words split as by characters")
    func latinFolding() {
        // The ASCII path (byte by byte) and the general one (lowercased, scalar by scalar) agree.
        for (plain, accented) in [("O'BRIEN-Smith 2nd", "Ó'BRIEN-Smith 2nd"), ("  de la Cruz, Jr.", "  dé la Cruz, Jr."), ("Z@a[`{9", "Z@á[`{9")] {
            #expect(NameFolding.key(plain) == NameFolding.key(accented))
        }
        #expect(NameFolding.key("O'BRIEN-Smith 2nd") == "obriensmith2nd")
        #expect(NameFolding.key("Z@a[`{9") == "za9")
        #expect(NameFolding.key("") == "")
        #expect(NameFolding.key("'-. ") == "")
        #expect(NameFolding.words("  MARY-jane  O'Neil,") == ["mary", "jane", "oneil"])
        // Words byte by byte as split by characters: every printable ASCII character between two words,
        // line ends, and the same with one letter beyond ASCII (the general way) after it.
        func general(_ name: String) -> [String] {
            name.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," || $0 == "." }).map { NameFolding.keyByLoweringFirst(String($0)) }
                .filter { !$0.isEmpty }
        }
        var names = ["", " ", "--", "a", "Te Whare-Tapu, J.", "line\r\nend", "tab\tx", "x\u{0}y", "'", "9th.Ave", "33 Pōhutukawa Avenue",
                     "ĀPERAHAMA-Ōtaki, Ngāi", "Straße Œuvre Ĳssel İpek ŉ ſ", "x\u{AD}y z\u{A0}w"]
        // A space or hyphen a combining mark joins is one character, not a separator (the general way).
        names += ["Ta \u{0304}mati", "Ta-\u{0304}mati", "Tā\u{0304} mati", "Ngāi\u{200D} Tahu"]
        for byte in UInt8(0)..<0x80 { names.append("Ab" + String(UnicodeScalar(byte)) + "cD") }
        for value in UInt32(0x80)..<0x180 {
            let letter = String(Unicode.Scalar(value)!)
            names += ["Ab" + letter + "cD", letter, letter + " " + letter, "x-" + letter + ".y"]
        }
        for name in names {
            #expect(NameFolding.words(name) == general(name), "\(Array(name.unicodeScalars))")
            #expect(NameFolding.words(name + "ā") == general(name + "ā"))
            #expect(NameFolding.words(name + "\u{0304}") == general(name + "\u{0304}"))
        }
    }

    @Test("letters and digits uppercased from ASCII bytes as the general way gives them; nothing beyond ASCII")
    func asciiUppercased() {
        var texts = ["", "zbg 5945", "ZBG-5945", "p000123", "1010", "a_b.c/d", "\r\n", "x\u{0}y"]
        for byte in UInt8(0)..<0x80 { texts.append("q" + String(UnicodeScalar(byte)) + "7") }
        for text in texts {
            #expect(text.asciiLettersAndDigitsUppercased == String(text.uppercased().filter { $0.isLetter || $0.isNumber }), "\(Array(text.unicodeScalars))")
        }
        #expect("Kōwhai 12".asciiLettersAndDigitsUppercased == nil)
    }

    @Test("nicknames")
    func nicknames() {
        #expect(Nicknames.compatible("bob", "robert"))
        #expect(Nicknames.compatible("bob", "rob"))
        #expect(Nicknames.compatible("wiremu", "william"))
        #expect(!Nicknames.compatible("bob", "william"))
    }

    /// Every name of the nickname table, and names it does not hold.
    static let givenNames = Array(Set(Nicknames.pairs.flatMap { [$0.nickname, $0.formal] })).sorted()
        + ["aroha", "jane", "tipene", "", "bo", "roberta", "williams", "bobb"]

    @Test("a name's forms looked up once agree with `compatible` both ways, for every pair of the table's names and of names it does not hold")
    func nicknameForms() {
        let names = Self.givenNames
        var disagreements: [String] = []
        for a in names {
            let forms = Nicknames.Forms(a)
            for b in names {
                let expected = Nicknames.compatible(b, a)
                if forms.compatible(with: b) != expected || Nicknames.compatible(a, b) != expected { disagreements.append("\(a) \(b)") }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(Nicknames.Forms("hemi").compatible(with: "jim") && !Nicknames.Forms("jane").compatible(with: "janet"))
    }

    @Test("the names a name is compatible with, listed, are exactly those `compatible` says: for every name of the table and names it does not hold")
    func compatibleNamesListed() {
        let names = Self.givenNames
        var disagreements: [String] = []
        for a in names {
            let listed = Nicknames.Forms(a).compatibleNames
            let expected = names.filter { Nicknames.compatible(a, $0) }
            if Set(listed) != Set(expected) || listed.count != expected.count || listed.first != a { disagreements.append(a) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        // Bobby and Rob: two forms of Robert.
        #expect(Nicknames.Forms("bobby").compatibleNames == ["bobby", "bob", "rob", "robbie", "robert"])
        #expect(Nicknames.Forms("aroha").compatibleNames == ["aroha"])
    }

    @Test("SHA-256 test vectors")
    func sha256() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"))
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(bytes: [UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a digest as four words: equal where the hex digits are, written as them with what follows")
    func sha256Digest() {
        var generator = SeededRandom(seed: 3)
        var byHex: [String: SHA256.Digest] = [:]
        for n in 0..<2_000 {
            let text = String(generator.next() % 700)
            var hasher = SHA256()
            hasher.update(text)
            let digest = hasher.finalizeDigest()
            #expect(digest.hex() == SHA256.hex(text))
            #expect(digest.hex(suffix: "#\(n)") == SHA256.hex(text) + "#\(n)")
            #expect(digest == SHA256.digest(joining: [text], separator: "|"))
            if let earlier = byHex[digest.hex()] { #expect(earlier == digest && earlier.hashValue == digest.hashValue) }
            byHex[digest.hex()] = digest
        }
        #expect(Set(byHex.values).count == byHex.count)
        #expect(SHA256.digest(joining: ["abc"], separator: "").hex(suffix: "ā") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adā")
    }

    @Test("SHA-256 of texts joined by a separator is the digest of the joined text, texts empty, alone or beyond ASCII")
    func sha256Joining() {
        for parts in [[], [""], ["", ""], ["abc"], ["eftpos", "card-payment", " 45.00", "", "Tāmati", "🙂"], Array(repeating: "x", count: 70)] {
            for separator in ["\u{1F}", "|", ""] {
                #expect(SHA256.hex(joining: parts, separator: separator) == SHA256.hex(parts.joined(separator: separator)))
            }
        }
    }

    @Test("SHA-256 gives one digest however the bytes arrive: whole, in pieces, or one at a time")
    func sha256Pieces() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for count in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200, 300] {
            let message = Array(bytes[0..<count])
            let whole = SHA256.hex(bytes: message)
            #expect(SHA256.hex(bytes: message.lazy.map { $0 }) == whole, "one at a time, \(count) bytes")
            for cut in [0, 1, 30, 63, 64, 65, count] where cut <= count {
                var hasher = SHA256()
                hasher.update(message[0..<cut])
                hasher.update(message[cut...].lazy.map { $0 })
                hasher.update([UInt8]())
                #expect(hasher.finalizeHex() == whole, "\(count) bytes cut at \(cut)")
            }
        }
    }

    @Test("an invoice's number read from an ASCII text's bytes as from its characters: every text of up to four of a mixed alphabet, and references as payers write them")
    func invoiceNumbers() {
        let texts = Self.every(["1", "0", "9", "-", "#", "I", " ", "\r\n", "٣", "½", "é"], upTo: 4)
            + ["INV-10234", "#10234", "10234", "123456789", "1234567890", "INV 000123", "Inv-12/3", "", "no number", "١٢٣"]
        let differing = texts.filter { InvoiceNumber.number($0) != InvoiceNumber.numberAnyWay($0) }
        #expect(differing.isEmpty, "\(differing.prefix(5).map(\.debugDescription))")
        // The digits as written, by bytes where ASCII, as the characters' `isNumber` gives them (and counts them).
        let digitsDiffer = texts.filter { let d = InvoiceNumber.writtenDigits($0), c = $0.filter(\.isNumber); return d != c || d.count != c.count }
        #expect(digitsDiffer.isEmpty, "\(digitsDiffer.prefix(5).map(\.debugDescription))")
        #expect(InvoiceNumber.writtenDigits("INV-004512") == "004512" && InvoiceNumber.writtenDigits("INV-٣٣") == "٣٣")
        #expect(InvoiceNumber.number("INV-000123") == 123)
        #expect(InvoiceNumber.number("1234567890") == nil)
        #expect(InvoiceNumber.number("no number") == nil)
    }

    @Test("amounts as exports write them", arguments: [
        ("45.00", 4500), ("$1,045.50", 104_550), ("(12.00)", -1200), ("12.00 DR", -1200), ("-12.5", -1250), ("12.00-", -1200), ("7", 700),
    ])
    func money(_ example: (String, Int)) {
        #expect(Money.parse(example.0) == example.1)
    }

    /// Every text of up to `length` of the alphabet's pieces.
    static func every(_ alphabet: [String], upTo length: Int) -> [String] {
        var texts: [String] = [""], layer: [String] = [""]
        for _ in 0..<length {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += layer
        }
        return texts
    }

    /// The texts (with the decimal mark) that `Money.read` reads otherwise than the general reading.
    static func readNotAsGeneral(_ texts: [String]) -> [String] {
        texts.flatMap { text in
            [Character("."), ","].filter { Money.read(text, decimalMark: $0) != Money.readAnyWay(text, decimalMark: $0) }
                .map { "\(text.debugDescription) \($0)" }
        }
    }

    @Test("a plainly written amount read byte by byte gives what the general reading gives: every text of up to five of 0 1 9 . , - and long runs of digits, either decimal mark")
    func plainAmountsAsTheGeneralWay() {
        var texts = Self.every(["0", "1", "9", ".", ",", "-"], upTo: 5)
        for length in 6...14 {
            let digits = String(repeating: "9", count: length)
            texts += [digits, "-" + digits, "0000" + digits, digits + ".5", "1" + String(repeating: "0", count: length - 1) + ".00", "00000000012.34"]
        }
        texts += ["45.00", "-12.50", "12.345", "1.", ".5", "-.5", "--1", "1-", "+1", " 1", "1 ", "١٢", "12.0a"]
        let wrong = Self.readNotAsGeneral(texts)
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    @Test("a text with a letter no amount has is said to be no amount, as the general reading says: every text of up to four of letters, digits, marks, signs and currency")
    func wordsAreNoAmounts() {
        let texts = Self.every(["1", ".", ",", "-", " ", "$", "(", ")", "d", "R", "z", "o", "T", "ß", "é", "N"], upTo: 4)
            + ["EFTPOS", "Approved", "12.00 DR", "12.00 cr", "NZD 45.00", "45.00 usd", "US$12", "A$ 1,045.50", "CAD5", "1O.00", "12.00 Dr."]
        let wrong = Self.readNotAsGeneral(texts)
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(Money.holdsLetterOfNoAmount("EFTPOS") && !Money.holdsLetterOfNoAmount("12.00 DR"))
    }

    @Test("a text with a mark no amount has, or two signs, is said to be no amount, as the general reading says: every text of up to four of digits, marks, signs, currency and spaces, and dates and times as payment files write them")
    func marksAreNoAmounts() {
        var texts = Self.every(["1", ".", ",", "-", "+", " ", "\t", "'", "(", ")", "$", "/", ":", "*", "\u{A0}", "£"], upTo: 4)
        texts += ["2025-04-03", "03/04/2025", "3/4/25", "10:15", "10:15:00", "2025-04-03 10:15", "29.12.24, 13:56", "1,045.50-", "-$12.00",
                  "$-12.00", "(12.00)", "(-12.00)", "12.00 DR", "-12.00 DR", "+£5.00", "-£52.00", "NZ$ 12", "1 045,50", "1'045.50", "12%",
                  "#1234", "**** 1234", "45.00\n", "\n", "1-2", "+-1", "--", "-", "+", "12.00--", "(1)(2)", "1e5", "0x1F", "1_000"]
        let wrong = Self.readNotAsGeneral(texts)
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(Money.holdsMarkOfNoAmount("2025-04-03") && Money.holdsMarkOfNoAmount("10:15") && !Money.holdsMarkOfNoAmount("(1,045.50) DR"))
    }

    @Test("a name's key scalar by scalar is the key of the whole name lowered first: every scalar alone and between letters, decomposed and special casings")
    func nameKeyScalarByScalar() {
        var wrong: [String] = []
        for value in UInt32(0)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A" + String(Character(scalar)) + "b"
            if NameFolding.key(text) != NameFolding.keyByLoweringFirst(text) { wrong.append(String(value, radix: 16)) }
        }
        for text in ["Tāmati", "TĀMATI", "Ta\u{0304}mati", "İstanbul", "\u{212A}elvin", "ΟΔΟΣ", "Straße", "ﬀ", "Ǆemal", "Øyvind Ærø", "Māori Rd 12",
                     "", "O'Brien-Smith, Jr.", "FLAT 3/21 LONG STREET NAME ROAD, GLEN EDEN 0602", "12 Kōwhai Street, Ōtaki 5512", "\u{7F}x\u{80}"] {
            if NameFolding.key(text) != NameFolding.keyByLoweringFirst(text) { wrong.append(text) }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }
}

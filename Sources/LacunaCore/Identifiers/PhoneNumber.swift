import Foundation

/// A phone number normalised to E.164 (`+6421234567`), as SMS providers and linkage need it.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The calling code a number written without one is taken to be in: the practice's country
    /// (`64` for NZ, `61` for AU), set for the length of a case's run from the playbook's `country`.
    @TaskLocal public static var homeCountryCode = "64"

    /// The calling code of a country as playbooks name it (`NZ`, `AU`, `GB`/`UK`, `US` …); nil for one
    /// this build does not know.
    public static func callingCode(country: String) -> String? {
        let codes = ["NZ": "64", "AU": "61", "GB": "44", "UK": "44", "IE": "353", "US": "1", "CA": "1", "FJ": "679", "WS": "685",
                     "TO": "676", "CK": "682", "NU": "683", "ZA": "27", "SG": "65", "IN": "91", "PH": "63"]
        return codes[country.uppercased()]
    }

    /// The number in E.164 form, with its leading `+`.
    public let e164: String
    /// Whether it is a mobile: New Zealand (020/021/022/027/028/029), Australia (04), the UK and
    /// Ireland (07, 08x); false where the plan does not say.
    public let isMobile: Bool

    public var description: String { e164 }

    /// The last seven digits, which survive most ways of writing a number.
    public var lastSeven: String { String(e164.suffix(7)) }

    /// Renders the number as `021…` for a New Zealand reader (`0412…` for an Australian one, and so
    /// on where the country's numbers take a trunk `0`); E.164 otherwise.
    public var national: String { Self.national(e164) }

    /// Calling codes whose national numbers are written with a leading `0`.
    static let trunkZero = ["64", "61", "44", "353", "27"]

    /// `national` for an E.164 text.
    public static func national(_ e164: String) -> String {
        for code in trunkZero where e164.hasPrefix("+" + code) { return "0" + e164.dropFirst(code.count + 1) }
        return e164
    }

    /// The national number spaced for dialling and reading aloud: `021 555 0101`, `027 779 4518`,
    /// `09 555 0142`; a number of another country as E.164.
    public var spaced: String { Self.spaced(e164) }

    /// `spaced` for an E.164 text.
    public static func spaced(_ e164: String) -> String {
        // E.164 is ASCII: its bytes are its characters (the general way below for any other text).
        if e164.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return spacedASCII(Array(e164.utf8)) }
        return spacedByCharacters(e164)
    }

    /// `spaced` of an ASCII text, by its bytes.
    static func spacedASCII(_ e164: [UInt8]) -> String {
        func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        func starts(_ prefix: String) -> Bool { e164.starts(with: prefix.utf8) }
        if starts("+61") {
            let chars = Array(national(String(decoding: e164, as: UTF8.self)).utf8)
            guard chars.count == 10 else { return text(chars[...]) }
            return chars[1] == UInt8(ascii: "4") ? text(chars[0..<4]) + " " + text(chars[4..<7]) + " " + text(chars[7...])
                : text(chars[0..<2]) + " " + text(chars[2..<6]) + " " + text(chars[6...])
        }
        if starts("+44") {
            let chars = Array(national(String(decoding: e164, as: UTF8.self)).utf8)
            guard chars.count == 11 else { return text(chars[...]) }
            return text(chars[0..<5]) + " " + text(chars[5...])
        }
        guard starts("+64") else { return text(e164[...]) }
        let chars = [UInt8(ascii: "0")] + e164.dropFirst(3)
        guard chars.count >= 9 else { return text(chars[...]) }
        let head = chars[1] == UInt8(ascii: "2") ? 3 : 2
        let rest = chars[head...]
        let middle = rest.count > 7 ? 4 : 3
        return text(chars[..<head]) + " " + text(rest.prefix(middle)) + " " + text(rest.dropFirst(middle))
    }

    /// `spaced` taken apart as characters: any text.
    static func spacedByCharacters(_ e164: String) -> String {
        if e164.hasPrefix("+61") {
            // Australia: `0412 345 678`, `02 9876 5432`.
            let chars = Array(national(e164))
            guard chars.count == 10 else { return String(chars) }
            return chars[1] == "4" ? String(chars[0..<4]) + " " + String(chars[4..<7]) + " " + String(chars[7...])
                : String(chars[0..<2]) + " " + String(chars[2..<6]) + " " + String(chars[6...])
        }
        if e164.hasPrefix("+44") {
            // The UK: `07700 900123`.
            let chars = Array(national(e164))
            guard chars.count == 11 else { return String(chars) }
            return String(chars[0..<5]) + " " + String(chars[5...])
        }
        guard e164.hasPrefix("+64") else { return e164 }
        let chars = Array("0" + e164.dropFirst(3))
        guard chars.count >= 9 else { return String(chars) }
        let head = chars[1] == "2" ? 3 : 2
        let rest = chars[head...]
        let middle = rest.count > 7 ? 4 : 3
        return String(chars[..<head]) + " " + String(rest.prefix(middle)) + " " + String(rest.dropFirst(middle))
    }

    /// Normalises a number as people write it: spaces, dashes, dots, brackets, `+64`, `0064`, `64`,
    /// a leading `0`. Numbers without a country code are taken to be in `defaultCountryCode`.
    /// Returns nil where the digits cannot be a phone number.
    public init?(_ text: String, defaultCountryCode: String = PhoneNumber.homeCountryCode) {
        // On the digits' bytes (the country code's digits are ASCII too), in one buffer on the stack: as
        // texts, each prefix asked of a substring went through the generic way, a thousand instructions a
        // question, and arrays of the digits were made three times, for every number of every register
        // row and remnant and of every run's SMS list.
        guard let (e164, isMobile) = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64, { buffer in
            Self.read(text, country: defaultCountryCode, buffer)
        }) else { return nil }
        self.e164 = e164
        self.isMobile = isMobile
    }

    /// The longest run of digits that can still be a number: E.164 holds fifteen, and `00` may lead them.
    private static let mostDigits = 17

    /// `init`'s reading, in `buffer` (its first half the digits as dialled, its second the international number).
    private static func read(_ text: String, country code: String, _ buffer: UnsafeMutableBufferPointer<UInt8>) -> (String, Bool)? {
        // The digits as dialled; more than a number can hold are none.
        guard let (count, sawPlus) = dialled(text, into: UnsafeMutableBufferPointer(rebasing: buffer[..<mostDigits])) else { return nil }
        let digits = UnsafeBufferPointer(rebasing: buffer[..<count])
        let country = code.utf8, zero = UInt8(ascii: "0")
        // The international number, from the buffer's middle.
        let base = 32
        // The length handed to `put`, not captured by it: a variable a local function captures and
        // changes is checked for overlapping access at run time on every use (a sixth of reading a number).
        var length = 0
        func put(_ bytes: some Collection<UInt8>, _ length: inout Int) -> Bool {
            guard length + bytes.count <= 16 else { return false }
            for byte in bytes { buffer[base + length] = byte; length += 1 }
            return true
        }
        let fits: Bool
        if sawPlus { fits = put(digits, &length) }
        else if count >= 2 && digits[0] == zero && digits[1] == zero { fits = put(digits[2...], &length) }
        else if count > 0 && digits[0] == zero { fits = put(country, &length) && put(digits[1...], &length) }
        else if digits.starts(with: country) && count >= 10 { fits = put(digits, &length) }
        else if count >= 7 && count <= 8 { return nil }  // no area code: not enough to call
        else { fits = put(country, &length) && put(digits, &length) }
        guard fits, length >= 8, length <= 15 else { return nil }
        let international = UnsafeBufferPointer(rebasing: buffer[base..<base + length])
        // Whether the digits from `offset` on begin with `prefix`'s.
        func starts(_ prefix: StaticString, at offset: Int = 0) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard international.count >= offset + count else { return false }
            for k in 0..<count where international[offset + k] != prefix.utf8Start[k] { return false }
            return true
        }
        let isMobile: Bool
        if starts("64") {
            let national = international.count - 2
            guard national > 0 else { return nil }
            if starts("2", at: 2), national >= 2, mobileSecondDigits.contains(international[3]) {
                // 021 numbers run 8 to 10 national digits; the others 9 or 10.
                guard national >= 8, national <= 10 else { return nil }
                isMobile = true
            } else if landlineAreaDigits.contains(international[2]) {
                guard national == 8 else { return nil }
                isMobile = false
            } else if starts("800", at: 2) || starts("508", at: 2) {
                isMobile = false
            } else {
                return nil
            }
        } else if starts("61") {
            // Australia: nine national digits; mobiles begin with 4.
            guard international.count - 2 == 9 else { return nil }
            isMobile = starts("4", at: 2)
        } else if starts("44") {
            isMobile = starts("7", at: 2) && international.count - 2 == 10
        } else if starts("353") {
            isMobile = starts("8", at: 3)
        } else {
            isMobile = false
        }
        let written = length
        let e164 = String(unsafeUninitializedCapacity: written + 1) { out in
            out[0] = UInt8(ascii: "+")
            for (k, byte) in international.enumerated() { out[k + 1] = byte }
            return written + 1
        }
        return (e164, isMobile)
    }

    /// New Zealand's mobile prefixes, after the country code: 20, 21, 22, 27, 28, 29 (the second digit's byte).
    static let mobileSecondDigits = Array("012789".utf8)
    /// New Zealand's landline area codes' digits (03, 04, 06, 07, 09), after the country code.
    static let landlineAreaDigits = Array("34679".utf8)

    /// The digits of a number as written and whether a `+` led them: spaces, dashes, dots, brackets,
    /// slashes and no-break spaces skipped, an `x` (an extension follows) ending it; nil for any other
    /// character, or a `+` after a digit.
    static func dialled(_ text: String) -> (digits: String, plus: Bool)? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.utf8.count) { buffer in
            dialled(text, into: buffer).map { (String(decoding: buffer[..<$0.count], as: UTF8.self), $0.plus) }
        }
    }

    /// `dialled`, the digits' ASCII bytes written into `buffer`: how many, and whether a `+` led them;
    /// nil, too, for more digits than the buffer holds.
    static func dialled(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>) -> (count: Int, plus: Bool)? {
        var count = 0, sawPlus = false
        reading: for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2B where count == 0: sawPlus = true                         // +
            case 0x30...0x39:
                guard count < buffer.count else { return nil }
                buffer[count] = UInt8(scalar.value)
                count += 1
            case 0x20, 0x2D, 0x2E, 0x28, 0x29, 0x2F, 0xA0: continue              // space - . ( ) / no-break space
            case 0x78, 0x58: break reading                                      // x X
            default: return nil
            }
        }
        return (count, sawPlus)
    }

    /// The numbers written in free text ("new pt ph 021 555 1234", "mob: (027) 123-4567"): runs of
    /// digits with the spaces, dashes, dots and brackets people put in them, each read as a number.
    public static func all(in text: String, defaultCountryCode: String = PhoneNumber.homeCountryCode) -> [PhoneNumber] {
        var found: [PhoneNumber] = []
        var run = ""
        func finish() {
            // A run may hold more than a number ("021 555 1234 10"): the longest groups from each start that read as one.
            let groups = run.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "-.()/")) }.filter { !$0.isEmpty }
            var start = 0
            while start < groups.count {
                var end = groups.count
                while end > start {
                    let candidate = groups[start..<end].joined(separator: " ")
                    if candidate.filter(\.isNumber).count >= 8, let number = PhoneNumber(candidate, defaultCountryCode: defaultCountryCode) {
                        if !found.contains(number) { found.append(number) }
                        break
                    }
                    end -= 1
                }
                start = end > start ? end : start + 1
            }
            run = ""
        }
        for character in text {
            if character.isASCII && character.isNumber {
                run.append(character)
            } else if character == "+" && run.isEmpty {
                run.append(character)
            } else if !run.isEmpty && " -.()/".contains(character) {
                run.append(character)
            } else if character == "(" {
                run.append(character)
            } else {
                finish()
            }
        }
        finish()
        return found
    }
}

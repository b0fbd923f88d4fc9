import LacunaCore

/// Each distinct identity numbered in the order first met (0, 1, 2 …): identities that are equal (`==`,
/// every field, texts as Swift compares them) share a number. Every field is written into one key, each
/// text as its length and its bytes in Unicode's composed form (NFC, the form Swift compares), and the key
/// numbered as `ValueIDs` numbers texts: some 2,600 instructions an identity. As a dictionary's key an
/// `Identity` was hashed field by field with SipHash, some 4,000 instructions a look and 7,000 an entry:
/// more than scoring each identity once saved.
struct IdentityNumbers {
    private var ids = ValueIDs()
    private var key: [UInt8] = []

    /// The identity's fields as the key writes them, in order (`IdentityNumbersTests` holds it to
    /// `Identity`'s stored properties: a field added there must be added to `eachField`).
    static let fieldCount = 19

    /// The identity's number; `isNew` where no identity equal to it was numbered before.
    mutating func number(of identity: Identity) -> (number: Int, isNew: Bool) {
        writeKey(identity)
        let (id, isNew) = key.withUnsafeBufferPointer { ids.id(ofKey: $0) }
        return (Int(id), isNew)
    }

    /// Every field of `identity` into `print`, each text by its own bytes (not composed: a macron composed
    /// and the same decomposed differ here, as they do in the person table).
    static func fingerprint(_ identity: Identity, into print: inout Fingerprint) {
        // A flag, then the value where there is one (as `Fingerprint.optional`, without its generic call).
        eachField(of: identity, text: { value in
            print.flag(value != nil)
            if let value { print.text(value) }
        }, number: { value in
            print.flag(value != nil)
            if let value { print.integer(Int64(value)) }
        })
    }

    private mutating func writeKey(_ identity: Identity) {
        // Each field written where it lies (a list of the texts copied every one of them, and cost more
        // than the numbering saved).
        key.removeAll(keepingCapacity: true)
        Self.eachField(of: identity, text: { write($0) }, number: { write($0) })
    }

    /// Every field of `identity` in the key's order: the texts, then the date of birth (as yyyymmdd) and
    /// the number of people named.
    @inline(__always)
    private static func eachField(of identity: Identity, text: (String?) -> Void, number: (Int?) -> Void) {
        text(identity.nhi)
        text(identity.nhiUnchecked)
        text(identity.familyName)
        text(identity.givenName)
        text(identity.preferredName)
        text(identity.givenInitial)
        text(identity.familyInitial)
        text(identity.sex)
        text(identity.mobile)
        text(identity.phone)
        text(identity.email)
        text(identity.address)
        text(identity.postcode)
        text(identity.cardLast4)
        text(identity.payerName)
        text(identity.portalID)
        text(identity.localPatientID)
        number(identity.dob.map { $0.year * 10_000 + $0.month * 100 + $0.day })
        number(identity.peopleNamed)
    }

    /// A text: 0 where missing; else 1, its length (LEB128) and its composed bytes.
    private mutating func write(_ text: String?) {
        guard let text else { return key.append(0) }
        key.append(1)
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.isASCII else { return false }
            append(bytes)
            return true
        }
        if ascii != true { text._nfcCodeUnits.withUnsafeBufferPointer { append($0) } }
    }

    /// A number: 0 where missing; else 2 and its eight bytes (a date of birth as yyyymmdd).
    private mutating func write(_ number: Int?) {
        guard let number else { return key.append(0) }
        key.append(2)
        withUnsafeBytes(of: number.littleEndian) { key.append(contentsOf: $0) }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var length = bytes.count
        repeat {
            key.append(UInt8(length & 0x7F) | (length > 0x7F ? 0x80 : 0))
            length >>= 7
        } while length > 0
        key.append(contentsOf: bytes)
    }
}

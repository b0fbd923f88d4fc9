/// One value of a SQLite record.
public enum SQLiteValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: return ""
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        case .blob(let b): return "x'" + b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() + "'"
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// The varints, record headers and serial types of the SQLite file format (https://sqlite.org/fileformat.html).
enum SQLiteRecord {
    /// A varint at `at`: its value and length; nil past `end`.
    static func varint(_ b: [UInt8], _ at: Int, end: Int) -> (value: Int64, length: Int)? {
        var value: UInt64 = 0
        for k in 0..<9 {
            guard at + k < end else { return nil }
            let byte = b[at + k]
            if k == 8 { return (Int64(bitPattern: value << 8 | UInt64(byte)), 9) }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return (Int64(bitPattern: value), k + 1) }
        }
        return nil
    }

    /// The largest value SQLite stores (SQLITE_MAX_LENGTH's ceiling, 2^31 - 1 bytes): a serial type
    /// claiming more is damage, and summing such claims would overflow.
    static let largestValue = Int(Int32.max)

    /// The size in the body of a value of this serial type; nil for the reserved types 10 and 11 and
    /// for a size no SQLite value can have.
    static func size(ofSerialType t: Int64) -> Int? {
        switch t {
        case 0, 8, 9: return 0
        case 1: return 1
        case 2: return 2
        case 3: return 3
        case 4: return 4
        case 5: return 6
        case 6, 7: return 8
        case 10, 11: return nil
        // A damaged header can claim a value of exabytes; summing such claims would overflow.
        default: return t < 0 || (t - 12) / 2 > Int64(largestValue) ? nil : Int((t - 12) / 2)
        }
    }

    /// Decodes a whole record (header and body). nil where the bytes are not a record: the header
    /// runs past the payload, a reserved serial type, or the body's length disagrees with the header.
    /// `exact`: the body must end at the payload's end (false for a payload cut short by a lost overflow page).
    static func decode(_ payload: [UInt8], encoding: Int, exact: Bool = true) -> [SQLiteValue]? {
        decode(payload, in: 0..<payload.count, encoding: encoding, exact: exact)
    }

    /// `decode` of the record that is `range` of `bytes`, read where it lies: a page's cells and the
    /// offsets carving tries are not copied out first (carving tries every offset of a page).
    static func decode(_ bytes: [UInt8], in range: Range<Int>, encoding: Int, exact: Bool = true) -> [SQLiteValue]? {
        let start = range.lowerBound, end = range.upperBound
        guard let header = varint(bytes, start, end: end), header.value >= 1, header.value <= Int64(end - start) else { return nil }
        let headerEnd = start + Int(header.value)
        // The serial types checked and their sizes summed, then read again for the values: no list of
        // them is kept (most offsets carving tries are not records).
        var at = start + header.length
        var bodySize = 0, count = 0
        while at < headerEnd {
            guard let t = varint(bytes, at, end: headerEnd), let size = size(ofSerialType: t.value) else { return nil }
            bodySize += size
            count += 1
            at += t.length
        }
        guard at == headerEnd, count > 0 else { return nil }
        if exact { guard headerEnd + bodySize == end else { return nil } }
        var values: [SQLiteValue] = []
        values.reserveCapacity(count)
        var offset = headerEnd
        at = start + header.length
        while at < headerEnd, let t = varint(bytes, at, end: headerEnd), let size = size(ofSerialType: t.value) {
            at += t.length
            guard offset + size <= end else {
                values.append(.null)   // cut short: what the lost overflow page held
                continue
            }
            values.append(value(t.value, bytes, offset, size, encoding: encoding))
            offset += size
        }
        return values
    }

    /// A record that starts at the beginning of `bytes` and ends where its header says, wherever that is
    /// (a deleted cell whose length and rowid the freeblock chain overwrote): its values and length.
    static func decodePrefix(_ bytes: ArraySlice<UInt8>, encoding: Int) -> (values: [SQLiteValue], length: Int)? {
        let payload = Array(bytes)
        guard let header = varint(payload, 0, end: payload.count), header.value >= 2, header.value < 200, Int(header.value) <= payload.count else { return nil }
        var at = header.length, body = 0, count = 0
        while at < Int(header.value) {
            guard let t = varint(payload, at, end: Int(header.value)), let size = size(ofSerialType: t.value) else { return nil }
            body += size
            count += 1
            at += t.length
        }
        guard at == Int(header.value), count > 0, Int(header.value) + body <= payload.count,
              let values = decode(payload, in: 0..<(Int(header.value) + body), encoding: encoding) else { return nil }
        return (values, Int(header.value) + body)
    }

    /// A record whose header-size byte is lost too (a deleted cell under a freeblock's chain bytes): the
    /// table's `columns` serial types read from the start, then the body.
    static func decodeTypes(_ bytes: ArraySlice<UInt8>, columns: Int, encoding: Int) -> (values: [SQLiteValue], length: Int)? {
        let payload = Array(bytes)
        var at = 0, body = 0
        var types: [Int64] = []
        for _ in 0..<columns {
            guard let t = varint(payload, at, end: payload.count), let size = size(ofSerialType: t.value) else { return nil }
            types.append(t.value)
            body += size
            at += t.length
        }
        guard at + body <= payload.count else { return nil }
        var values: [SQLiteValue] = []
        var offset = at
        for t in types {
            let size = size(ofSerialType: t)!
            values.append(value(t, payload, offset, size, encoding: encoding))
            offset += size
        }
        return (values, offset)
    }

    static func value(_ t: Int64, _ b: [UInt8], _ at: Int, _ size: Int, encoding: Int) -> SQLiteValue {
        switch t {
        case 0: return .null
        case 8: return .integer(0)
        case 9: return .integer(1)
        case 1...6:
            var v: Int64 = b[at] & 0x80 != 0 ? -1 : 0
            for k in 0..<size { v = v << 8 | Int64(b[at + k]) }
            return .integer(v)
        case 7:
            var bits: UInt64 = 0
            for k in 0..<8 { bits = bits << 8 | UInt64(b[at + k]) }
            return .real(Double(bitPattern: bits))
        default:
            if t % 2 == 0 { return .blob(Array(b[at..<(at + size)])) }
            return .text(b.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[at..<(at + size)])
                switch encoding {
                case 2: return String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }, as: UTF16.self)
                case 3: return String(decoding: stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }, as: UTF16.self)
                default: return String(decoding: bytes, as: UTF8.self)
                }
            })
        }
    }
}

import Foundation

/// A JSON object's text as `JSONSerialization.data(withJSONObject:options: [.sortedKeys])` writes it
/// (a portal message's content key is made from it, so it must be that text to the byte), written here
/// where the object holds only texts, nulls, and objects and arrays of them; nil for anything else (a
/// number, true, false), which the caller leaves to Foundation.
///
/// Foundation's writer orders each object's keys by a locale's comparison (numbers in keys by value,
/// case aside, then forced apart) and hands out every character as a text of its own: about a million
/// instructions a message. Here each set of keys is put in order once, by that same comparison (a
/// total order, so any sort gives the one order), and the text is written as bytes, escaped as
/// Foundation escapes it: `"` `\` and `/` with a backslash, `\b` `\f` `\n` `\r` `\t`, other controls
/// as `\u00xx` in lower-case hex, everything else as it is.
struct CanonicalJSON {
    /// Each set of keys met, in Foundation's order.
    private var orders: [Set<String>: [String]] = [:]

    /// The text of `object`; nil where it holds a value not written here (a number, true, false).
    mutating func text(_ object: [String: Any]) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        guard write(object, into: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        switch value {
        case let text as String:
            Self.write(text, into: &out)
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (n, key) in order(of: object).enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard let inner = object[key], write(inner, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (n, element) in array.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case is NSNull:
            out.append(contentsOf: "null".utf8)
        default:
            return false
        }
        return true
    }

    /// The object's keys in Foundation's order (its comparison, asked once a set of keys).
    private mutating func order(of object: [String: Any]) -> [String] {
        let keys = Set(object.keys)
        if let known = orders[keys] { return known }
        let sorted = keys.sorted(by: Self.foundationOrder)
        orders[keys] = sorted
        return sorted
    }

    /// The comparison Foundation's JSON writer sorts keys by.
    static func foundationOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering], range: a.startIndex..<a.endIndex,
                  locale: NSLocale.system) == .orderedAscending
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A text between quotes, escaped as Foundation's writer escapes it.
    static func write(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00...0x1F:
                out.append(contentsOf: "\\u00".utf8)
                out.append(Self.hexDigits[Int(byte >> 4)])
                out.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                // A byte of a character beyond ASCII, or a printable one: as it is (a text's UTF-8 is
                // its scalars' UTF-8, so byte by byte is scalar by scalar).
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

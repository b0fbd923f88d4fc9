import Foundation
import LacunaCore

/// How a text file's bytes were decoded.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 with BOM"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case windows1252 = "Windows-1252"
}

/// A text file made ready for parsing: UTF-8 bytes without a BOM, plus what was noticed on the way.
public struct DecodedText: Sendable {
    /// UTF-8 bytes, BOM removed.
    public var utf8: [UInt8]
    public var encoding: TextEncoding
    /// Warnings for the person running the import (never patient data).
    public var warnings: [String]
}

/// Detects a text file's encoding the way the exports actually arrive: a UTF-8 BOM, UTF-16 with its
/// BOM (Square's tab-separated exports), plain UTF-8, else Windows-1252 (which cannot hold macrons:
/// Tāmati arrives as Tamati, so the import warns).
public enum TextDecoding {
    public static func decode(_ bytes: [UInt8]) -> DecodedText {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            var rest = Array(bytes.dropFirst(3))
            var warnings: [String] = []
            if !isValidUTF8(rest) {
                rest = windows1252ToUTF8(rest)
                warnings.append("marked UTF-8 but holds bytes that are not; read those as Windows-1252")
            }
            return DecodedText(utf8: rest, encoding: .utf8BOM, warnings: warnings)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return utf16(bytes, from: 2, little: bytes[0] == 0xFF)
        }
        if let little = bomlessUTF16(bytes) { return utf16(bytes, from: 0, little: little) }
        if isValidUTF8(bytes) { return DecodedText(utf8: bytes, encoding: .utf8, warnings: []) }
        return DecodedText(
            utf8: windows1252ToUTF8(bytes), encoding: .windows1252,
            warnings: ["read as Windows-1252 (not UTF-8): macrons cannot be stored in it, so names may have lost them"])
    }

    /// Decodes as the named encoding, as a rules file may demand; a BOM is still removed.
    public static func decode(_ bytes: [UInt8], as encoding: TextEncoding) -> DecodedText {
        switch encoding {
        case .utf8, .utf8BOM:
            let rest = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            return DecodedText(utf8: Array(String(decoding: rest, as: UTF8.self).utf8), encoding: encoding, warnings: [])
        case .utf16LE, .utf16BE:
            let hasBOM = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            return utf16(bytes, from: hasBOM ? 2 : 0, little: encoding == .utf16LE)
        case .windows1252:
            return DecodedText(utf8: windows1252ToUTF8(bytes), encoding: .windows1252, warnings: [])
        }
    }

    private static func utf16(_ bytes: [UInt8], from start: Int, little: Bool) -> DecodedText {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = start
        while i + 1 < bytes.count {
            units.append(little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        let text = String(decoding: units, as: UTF16.self)
        return DecodedText(utf8: Array(text.utf8), encoding: little ? .utf16LE : .utf16BE, warnings: [])
    }

    /// UTF-16 written without a BOM: text in the Latin range has a zero byte in every other position.
    /// Nil when the bytes do not look like it; else whether it is little-endian.
    static func bomlessUTF16(_ bytes: [UInt8]) -> Bool? {
        let sample = bytes.prefix(512)
        guard sample.count >= 8, sample.count % 2 == 0 || sample.count == 512 else { return nil }
        var evenZeros = 0, oddZeros = 0
        for (i, byte) in sample.enumerated() where byte == 0 { if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 } }
        let pairs = sample.count / 2
        if oddZeros * 10 >= pairs * 9 && evenZeros == 0 { return true }
        if evenZeros * 10 >= pairs * 9 && oddZeros == 0 { return false }
        return nil
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(\.isValidUTF8)
    }

    /// Windows-1252's 0x80–0x9F block; the rest of the high half equals Latin-1.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Each run of ASCII copied whole, each other byte written as its character's UTF-8 (two bytes, or
    /// three past U+07FF): byte by byte, with a text made for every accented letter, a file of four
    /// megabytes cost some twenty instructions a byte.
    static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            for i in all.indices where all[i] >= 0x80 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<i]))
                let byte = all[i]
                let scalar = byte < 0xA0 ? cp1252High[Int(byte) - 0x80] : UInt32(byte)
                if scalar < 0x800 {
                    out.append(UInt8(0xC0 | scalar >> 6))
                    out.append(UInt8(0x80 | scalar & 0x3F))
                } else {
                    out.append(UInt8(0xE0 | scalar >> 12))
                    out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
                    out.append(UInt8(0x80 | scalar & 0x3F))
                }
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[start...]))
        }
        return out
    }
}

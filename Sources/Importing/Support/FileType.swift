import Foundation

/// What a file is, by its first bytes: text (read by the kind's importer), a spreadsheet workbook (its
/// sheets read as tables), or something no importer reads (a PDF, a Word file, an image, an archive),
/// which is said, never imported as rows.
enum FileType: Equatable {
    case text
    case workbook
    /// Not readable here: what it is, and what to ask for instead.
    case other(what: String, advice: String)

    static func of(_ bytes: [UInt8]) -> FileType {
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
        let export = "export it as CSV (a statement also as OFX) and put that file in the source's folder"
        if starts(Array("%PDF".utf8)) { return .other(what: "a PDF", advice: export) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            // The archive's names (and whatever else its first megabyte holds) looked for as bytes.
            let names = bytes.prefix(1 << 20)
            if holds(names, "xl/workbook.xml") { return .workbook }
            if holds(names, "word/document.xml") { return .other(what: "a Word document", advice: "save the list as plain text or CSV") }
            if holds(names, "opendocument.spreadsheet") {
                return .other(what: "an OpenDocument spreadsheet (.ods)", advice: "save it as .xlsx or CSV")
            }
            if holds(names, "opendocument.text") { return .other(what: "an OpenDocument text (.odt)", advice: "save it as plain text or CSV") }
            return .other(what: "a zip archive", advice: "unzip it into the source's folder")
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .other(what: "an old Office file (.xls or .doc)", advice: "save it as .xlsx or CSV")
        }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8))
            || starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            return .other(what: "an image (a scan or a photo)", advice: "type the list out, or ask for the export the image was made from")
        }
        if starts(Array("{\\rtf".utf8)) { return .other(what: "an RTF document", advice: "save it as plain text or CSV") }
        if starts([0x1F, 0x8B]) { return .other(what: "a gzip-compressed file", advice: "decompress it into the source's folder") }
        if starts(Array("SQLite format 3".utf8)) {
            return .other(what: "an SQLite database", advice: "give it as a `db-remnant` source, not as this kind")
        }
        // Text has few NULs (UTF-16 has them in every other byte, and is text); binary has many.
        let sample = bytes.prefix(4096)
        let nuls = sample.filter { $0 == 0 }.count
        let utf16 = starts([0xFF, 0xFE]) || starts([0xFE, 0xFF]) || TextDecoding.bomlessUTF16(Array(sample)) != nil
        if !utf16, nuls > 8, nuls * 20 > sample.count {
            return .other(what: "a binary file, not text", advice: export)
        }
        return .text
    }

    /// Whether `bytes` hold `word` (ASCII) byte for byte. The megabyte was made a text and searched once
    /// (40 million instructions a workbook); decoding keeps every ASCII byte as it is, so the word is in
    /// the bytes wherever it was in the text, and also where a combining mark after its last letter
    /// would have made that letter another character (the name is there all the same).
    static func holds(_ bytes: ArraySlice<UInt8>, _ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard let first = needle.first, bytes.count >= needle.count else { return needle.isEmpty }
        return bytes.withUnsafeBufferPointer { haystack in
            var at = 0
            let last = haystack.count - needle.count
            while at <= last {
                guard let found = memchr(haystack.baseAddress! + at, Int32(first), last - at + 1) else { return false }
                at = UnsafeRawPointer(haystack.baseAddress!).distance(to: UnsafeRawPointer(found))
                if memcmp(haystack.baseAddress! + at, needle, needle.count) == 0 { return true }
                at += 1
            }
            return false
        }
    }
}

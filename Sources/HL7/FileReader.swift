#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an HL7 file in chunks, cut where a line starts with `MSH`, so memory stays flat however large
/// the file: each message shares its chunk's storage and is freed with it.
public struct HL7FileReader {
    public let path: String
    public var chunkSize: Int

    public init(path: String, chunkSize: Int = 4 << 20) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Calls `body` with every unit of the file in order; returns the scanner (its file diagnostics).
    @discardableResult
    public func forEachUnit(_ body: (HL7Unit) throws -> Void) throws -> HL7Scanner {
        guard let file = fopen(path, "rb") else {
            throw HL7PathError(description: "\(path): cannot be opened")
        }
        defer { fclose(file) }
        var scanner = HL7Scanner()
        var carry: [UInt8] = []
        var finished = false
        while !finished {
            var buffer = carry
            let had = buffer.count
            buffer.reserveCapacity(had + chunkSize)
            buffer.append(contentsOf: repeatElement(0, count: chunkSize))
            let got = buffer.withUnsafeMutableBufferPointer { p in fread(p.baseAddress! + had, 1, chunkSize, file) }
            buffer.removeLast(chunkSize - got)
            finished = got < chunkSize
            if finished {
                for unit in scanner.scan(buffer[...], isLast: true) { try body(unit) }
                break
            }
            guard let cut = Self.lastMessageStart(buffer), cut > 0 else {
                carry = buffer   // one message larger than a chunk: read on
                continue
            }
            carry = Array(buffer[cut...])
            for unit in scanner.scan(buffer[..<cut], isLast: false) { try body(unit) }
        }
        return scanner
    }

    /// The index of the last `MSH` that starts a line (after CR, LF or an MLLP start byte).
    static func lastMessageStart(_ b: [UInt8]) -> Int? {
        var i = b.count - 3
        while i > 0 {
            if b[i] == 0x4D, b[i + 1] == 0x53, b[i + 2] == 0x48 {
                let before = b[i - 1]
                if before == 0x0D || before == 0x0A || before == 0x0B { return i }
            }
            i -= 1
        }
        return nil
    }
}

import Foundation
import CGzip

/// A file read a piece at a time, gzip-compressed or not (several gzip members one after another, as
/// split dumps are often joined, are one stream), handed out line by line: memory does not grow with
/// the file. Lines end at LF; a CR before it is dropped.
public struct ByteLines {
    /// One line: its bytes, its number (from 1), and where it starts in the uncompressed text.
    public struct Line {
        public var bytes: [UInt8]
        public var number: Int
        public var offset: Int
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case damagedGzip(Int)
        public var description: String {
            switch self {
            case .unreadable(let why): return "cannot read the file (\(why))"
            case .damagedGzip(let offset): return "the gzip stream is damaged after \(offset) bytes of text"
            }
        }
    }

    private let handle: FileHandle
    private var inflater: Inflater?
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var lineNumber = 0
    private var consumed = 0
    /// Bytes read from the file so far (compressed, where it is).
    public private(set) var fileBytesRead = 0
    /// Whether the file was gzip-compressed.
    public let compressed: Bool

    static let pieceSize = 1 << 20

    public init(path: String) throws(Failure) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable("no such file, or not allowed") }
        self.handle = handle
        let head = (try? handle.read(upToCount: 2)).map { [UInt8]($0) } ?? []
        try? handle.seek(toOffset: 0)
        compressed = head == [0x1F, 0x8B]
        if compressed { inflater = Inflater() }
    }

    /// The next line, or nil at the end of the file.
    public mutating func next() throws(Failure) -> Line? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                var bytes = Array(buffer[position..<newline])
                if bytes.last == 0x0D { bytes.removeLast() }
                let line = Line(bytes: bytes, number: lineNumber + 1, offset: consumed)
                lineNumber += 1
                consumed += newline + 1 - position
                position = newline + 1
                return line
            }
            if finished {
                guard position < buffer.count else { return nil }
                var bytes = Array(buffer[position...])
                if bytes.last == 0x0D { bytes.removeLast() }
                let line = Line(bytes: bytes, number: lineNumber + 1, offset: consumed)
                lineNumber += 1
                consumed += buffer.count - position
                position = buffer.count
                return line
            }
            // Keep the unfinished line; read the next piece.
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            try fill()
        }
    }

    private mutating func fill() throws(Failure) {
        let piece: Data
        do {
            piece = try handle.read(upToCount: Self.pieceSize) ?? Data()
        } catch {
            throw .unreadable(String(describing: error))
        }
        fileBytesRead += piece.count
        if piece.isEmpty {
            if let inflater, !inflater.atMemberBoundary { throw .damagedGzip(consumed + buffer.count) }
            finished = true
            try? handle.close()
            return
        }
        if inflater != nil {
            guard let text = inflater!.inflate([UInt8](piece)) else { throw .damagedGzip(consumed + buffer.count) }
            buffer.append(contentsOf: text)
        } else {
            buffer.append(contentsOf: piece)
        }
    }

    /// The whole of a small file's text (a search response page), decompressed where it is gzip.
    public static func wholeText(path: String) throws(Failure) -> [UInt8] {
        var lines = try ByteLines(path: path)
        var out: [UInt8] = []
        while let line = try lines.next() {
            out.append(contentsOf: line.bytes)
            out.append(0x0A)
        }
        return out
    }
}

/// zlib's inflate over gzip members, one piece at a time.
final class Inflater {
    private var stream = z_stream()
    private var open = false
    /// Whether the last member ended cleanly (no half-member left).
    private(set) var atMemberBoundary = true

    init() {
        open = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit { if open { inflateEnd(&stream) } }

    /// The text in `input`; nil where the stream is damaged.
    func inflate(_ input: [UInt8]) -> [UInt8]? {
        guard open else { return nil }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var input = input
        var remaining = input.count
        var offset = 0
        // Until the input is used and zlib has nothing left to give (a full output buffer may hide more).
        while true {
            if remaining > 0 { atMemberBoundary = false }
            let status: Int32 = input.withUnsafeMutableBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_in = remaining > 0 ? source.baseAddress! + offset : nil
                    stream.avail_in = uInt(remaining)
                    stream.next_out = target.baseAddress!
                    stream.avail_out = uInt(target.count)
                    return CGzip.inflate(&stream, Z_NO_FLUSH)
                }
            }
            let produced = chunk.count - Int(stream.avail_out)
            output.append(contentsOf: chunk[0..<produced])
            offset = input.count - Int(stream.avail_in)
            remaining = Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                atMemberBoundary = true
                // Another member may follow (joined split dumps): start again.
                if remaining > 0 { guard inflateReset(&stream) == Z_OK else { return nil } } else { return output }
            case Z_OK:
                if remaining == 0 && stream.avail_out != 0 { return output }
            case Z_BUF_ERROR:
                if remaining == 0 { return output }   // nothing more to do until more input
                if produced == 0 { return nil }
            default:
                return nil
            }
        }
    }
}

/// Splits a file's bytes into messages and what lies between them, as files really arrive: any segment
/// terminator (CR, LF, CRLF), raw line feeds inside text (a line that is not a segment continues the one
/// before), MLLP framing bytes, a BOM, FHS/BHS batches with their trailer counts checked, comments and
/// blank lines between messages, segments with no MSH. Nothing is dropped: the units' bytes, in order,
/// are the input. A damaged message is parsed as far as it goes and carries a diagnostic.
///
/// Feed it a whole file, or a file in chunks cut where a line starts with `MSH` (`HL7FileReader` does).
public struct HL7Scanner: Sendable {
    /// Diagnostics about the file rather than one message (batch counts, stray segments).
    public private(set) var diagnostics: [HL7Diagnostic] = []
    /// Messages seen so far.
    public private(set) var messageCount = 0

    private var line = 1
    private var consumed = 0
    private var batchDelimiters = HL7Delimiters.standard
    private var openBatch: (messages: Int, line: Int)?
    private var openFile: (batches: Int, line: Int)?
    /// The batch segment just emitted (name, line, unit count after it): orphans right after it point
    /// at a batch segment inside a message.
    private var lastBatchSegment: (name: String, line: Int, units: Int)?

    public init() {}

    /// Scans one chunk; `isLast` says no more bytes follow (so an open batch is reported, and a message
    /// without a final terminator is truncated).
    public mutating func scan(_ bytes: ArraySlice<UInt8>, isLast: Bool = true) -> [HL7Unit] {
        var units: [HL7Unit] = []
        var message: MessageBuilder?
        let base = bytes.startIndex
        let end = bytes.endIndex
        bytes.withUnsafeBufferPointer { p in
            @inline(__always) func at(_ i: Int) -> UInt8 { p[i - base] }
            func emit(_ kind: HL7Interstice.Kind, _ range: Range<Int>, line: Int) {
                if case .other(let last)? = units.last, last.kind == kind, last.bytes.endIndex == range.lowerBound, kind != .orphanSegments {
                    units[units.count - 1] = .other(HL7Interstice(kind: kind, bytes: bytes[last.bytes.startIndex..<range.upperBound],
                                                                 line: last.line, byteOffset: last.byteOffset))
                } else {
                    units.append(.other(HL7Interstice(kind: kind, bytes: bytes[range], line: line, byteOffset: offset(range.lowerBound, base))))
                }
            }
            func close() {
                guard let m = message else { return }
                message = nil
                units.append(.message(m.build(bytes, fileOffset: offset(m.start, base))))
                lastBatchSegment = nil
            }

            var i = base
            while i < end {
                let c = at(i)
                if c == 0x0B {
                    close()
                    emit(.framing, i..<(i + 1), line: line)
                    i += 1
                    continue
                }
                if c == 0x1C {
                    close()
                    var j = i + 1
                    let startLine = line
                    if j < end, at(j) == 0x0D { j += 1; if j < end, at(j) == 0x0A { j += 1 }; line += 1 }
                    else if j < end, at(j) == 0x0A { j += 1; line += 1 }
                    emit(.framing, i..<j, line: startLine)
                    i = j
                    continue
                }
                if c == 0xEF, message == nil, i + 2 < end, at(i + 1) == 0xBB, at(i + 2) == 0xBF {
                    emit(.framing, i..<(i + 3), line: line)
                    i += 3
                    continue
                }
                // The line: up to CR, LF, or an MLLP byte.
                var e = i
                var bits: UInt8 = 0
                var control = false
                while e < end {
                    let x = at(e)
                    if x < 0x20 {
                        if x == 0x0D || x == 0x0A || x == 0x1C || x == 0x0B { break }
                        if x != 0x09 { control = true }
                    }
                    bits |= x
                    e += 1
                }
                let high = bits >= 0x80
                var t = e
                if t < end, at(t) == 0x0D { t += 1; if t < end, at(t) == 0x0A { t += 1 } } else if t < end, at(t) == 0x0A { t += 1 }
                let lineNumber = line
                if t > e { line += 1 }

                if e == i {
                    // A blank line ends a message.
                    close()
                    emit(.blank, i..<t, line: lineNumber)
                    i = t
                    continue
                }
                let length = e - i
                let a0 = at(i), a1 = length > 1 ? at(i + 1) : 0, a2 = length > 2 ? at(i + 2) : 0
                let isMSH = a0 == 0x4D && a1 == 0x53 && a2 == 0x48 && length >= 4
                let isHeaderOfBatch = (a0 == 0x46 || a0 == 0x42) && a1 == 0x48 && a2 == 0x53 && length >= 4   // FHS BHS
                let isTrailerOfBatch = (a0 == 0x46 || a0 == 0x42) && a1 == 0x54 && a2 == 0x53
                    && (length == 3 || at(i + 3) == batchDelimiters.field)   // FTS BTS
                if isMSH {
                    close()
                    messageCount += 1
                    if openBatch != nil { openBatch!.messages += 1 }
                    var problems: [String] = []
                    let delimiters = HL7Delimiters.read(header: bytes[i..<e], problems: &problems)
                    var m = MessageBuilder(start: i, delimiters: delimiters, number: messageCount, line: lineNumber)
                    for problem in problems { m.note(problem, line: lineNumber, offset: offset(i, base)) }
                    m.add(content: i..<e, terminatorEnd: t, line: lineNumber)
                    m.sawHigh = high
                    m.sawControl = control
                    message = m
                } else if isHeaderOfBatch {
                    close()
                    var problems: [String] = []
                    batchDelimiters = HL7Delimiters.read(header: bytes[i..<e], problems: &problems)
                    for problem in problems { note(problem, line: lineNumber, at: offset(i, base)) }
                    if a0 == 0x46 {
                        if let open = openFile { note("FHS before the FTS of the file batch opened at line \(open.line)", line: lineNumber, at: offset(i, base)) }
                        openFile = (0, lineNumber)
                    } else {
                        if let open = openBatch { note("BHS before the BTS of the batch opened at line \(open.line)", line: lineNumber, at: offset(i, base)) }
                        openBatch = (0, lineNumber)
                        if openFile != nil { openFile!.batches += 1 }
                    }
                    emit(.batchHeader, i..<t, line: lineNumber)
                    lastBatchSegment = (a0 == 0x46 ? "FHS" : "BHS", lineNumber, units.count)
                } else if isTrailerOfBatch {
                    close()
                    let stated = Self.firstFieldNumber(bytes[i..<e], separator: batchDelimiters.field)
                    if a0 == 0x42 {
                        if let open = openBatch {
                            if let stated, stated != open.messages {
                                note("BTS-1 says \(stated) message(s) but the batch holds \(open.messages): messages are missing or the file is truncated",
                                     line: lineNumber, at: offset(i, base))
                            }
                        } else {
                            note("BTS without a BHS", line: lineNumber, at: offset(i, base))
                        }
                        openBatch = nil
                    } else {
                        if let open = openFile {
                            if let stated, stated != open.batches {
                                note("FTS-1 says \(stated) batch(es) but the file holds \(open.batches)", line: lineNumber, at: offset(i, base))
                            }
                        } else {
                            note("FTS without an FHS", line: lineNumber, at: offset(i, base))
                        }
                        openFile = nil
                    }
                    emit(.batchTrailer, i..<t, line: lineNumber)
                    lastBatchSegment = (a0 == 0x46 ? "FTS" : "BTS", lineNumber, units.count)
                } else if message != nil {
                    if high { message!.sawHigh = true }
                    if control { message!.sawControl = true }
                    if Self.isSegmentStart(p, i - base, e - base, field: message!.delimiters.field) {
                        message!.add(content: i..<e, terminatorEnd: t, line: lineNumber)
                    } else {
                        // A raw line feed inside text: the line continues the segment before it.
                        message!.extendLast(contentEnd: e, terminatorEnd: t, line: lineNumber)
                    }
                } else if Self.isSegmentStart(p, i - base, e - base, field: batchDelimiters.field) {
                    if let batch = lastBatchSegment, batch.units == units.count, case .message(let previous)? = units.dropLast().last {
                        note("segments follow the \(batch.name) at line \(batch.line) with no MSH: a batch segment inside message \(previous.number)?",
                             line: lineNumber, at: offset(i, base))
                    } else {
                        note("segment with no MSH before it; not part of any message", line: lineNumber, at: offset(i, base))
                    }
                    emit(.orphanSegments, i..<t, line: lineNumber)
                } else {
                    emit(.comment, i..<t, line: lineNumber)
                }
                i = t
            }
            close()
        }
        consumed += bytes.count
        if isLast { finish() }
        return units
    }

    private mutating func finish() {
        if let open = openBatch { note("the batch opened at line \(open.line) has no BTS: the file may be truncated", line: line, at: consumed) }
        if let open = openFile { note("the file batch opened at line \(open.line) has no FTS: the file may be truncated", line: line, at: consumed) }
        openBatch = nil
        openFile = nil
    }

    private func offset(_ index: Int, _ base: Int) -> Int { consumed + index - base }

    private mutating func note(_ text: String, line: Int, at offset: Int) {
        diagnostics.append(HL7Diagnostic(line: line, byteOffset: offset, text: text))
    }

    /// `[A-Z][A-Z0-9]{2}` followed by the field separator or the end of the line.
    static func isSegmentStart(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int, field: UInt8) -> Bool {
        guard e - i >= 3 else { return false }
        let a = p[i], b = p[i + 1], c = p[i + 2]
        func alnum(_ x: UInt8) -> Bool { (x >= 0x41 && x <= 0x5A) || (x >= 0x30 && x <= 0x39) }
        guard a >= 0x41 && a <= 0x5A, alnum(b), alnum(c) else { return false }
        return e - i == 3 || p[i + 3] == field
    }

    static func firstFieldNumber(_ line: ArraySlice<UInt8>, separator: UInt8) -> Int? {
        let fields = line.split(separator: separator, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count > 1 else { return nil }
        return Int(String(decoding: fields[1], as: UTF8.self).trimmingSpaces())
    }
}

/// A message being gathered line by line.
struct MessageBuilder {
    struct Span { var content: Range<Int>; var terminatorEnd: Int; var line: Int }
    let start: Int
    let delimiters: HL7Delimiters
    let number: Int
    let line: Int
    var spans: [Span] = []
    var diagnostics: [HL7Diagnostic] = []
    /// Bytes above 0x7F seen (so the character set must be checked), control bytes seen.
    var sawHigh = false
    var sawControl = false

    init(start: Int, delimiters: HL7Delimiters, number: Int, line: Int) {
        self.start = start
        self.delimiters = delimiters
        self.number = number
        self.line = line
        spans.reserveCapacity(12)
    }


    mutating func add(content: Range<Int>, terminatorEnd: Int, line: Int) {
        spans.append(Span(content: content, terminatorEnd: terminatorEnd, line: line))
    }

    mutating func extendLast(contentEnd: Int, terminatorEnd: Int, line: Int) {
        spans[spans.count - 1].content = spans[spans.count - 1].content.lowerBound..<contentEnd
        spans[spans.count - 1].terminatorEnd = terminatorEnd
    }

    mutating func note(_ text: String, line: Int, offset: Int) {
        diagnostics.append(HL7Diagnostic(line: line, byteOffset: offset, text: text))
    }

    func build(_ bytes: ArraySlice<UInt8>, fileOffset: Int) -> HL7Message {
        let whole = bytes[start..<spans.last!.terminatorEnd]
        var diagnostics = self.diagnostics
        let msh = Self.mshFacts(bytes[spans[0].content], delimiters)
        if sawControl {
            diagnostics.append(HL7Diagnostic(line: line, byteOffset: fileOffset, text: "control bytes (such as NUL) inside the message; kept as they are"))
        }
        let encoding = sawHigh
            ? Self.encoding(whole, declared: msh.characterSet, diagnostics: &diagnostics, line: line, offset: fileOffset)
            : HL7TextEncoding.declared(msh.characterSet) ?? .utf8
        let segments = spans.map {
            HL7Segment(raw: bytes[$0.content.lowerBound..<$0.terminatorEnd], contentCount: $0.content.count,
                       delimiters: delimiters, encoding: encoding, line: $0.line)
        }
        if msh.fields < 12 {
            diagnostics.append(HL7Diagnostic(line: line, byteOffset: fileOffset,
                                             text: "MSH stops at field \(msh.fields): message type, control id or version missing"))
        }
        if segments.count == 1 {
            diagnostics.append(HL7Diagnostic(line: line, byteOffset: fileOffset, text: "message has no segments after MSH"))
        }
        return HL7Message(bytes: whole, segments: segments, delimiters: delimiters, encoding: encoding, number: number,
                          line: line, byteOffset: fileOffset, diagnostics: diagnostics)
    }

    /// How many fields the MSH has (as HL7 numbers them) and MSH-18's first repetition, in one pass.
    static func mshFacts(_ msh: ArraySlice<UInt8>, _ d: HL7Delimiters) -> (fields: Int, characterSet: String) {
        var separators = 0
        var set = msh.endIndex..<msh.endIndex
        msh.withUnsafeBufferPointer { p in
            var start = -1
            for (k, b) in p.enumerated() where b == d.field || (start >= 0 && b == d.repetition) {
                if start >= 0 {
                    set = (msh.startIndex + start)..<(msh.startIndex + k)
                    start = -2
                }
                if b == d.field {
                    separators += 1
                    if separators == 17 && start == -1 { start = k + 1 }
                }
            }
            if start >= 0 { set = (msh.startIndex + start)..<msh.endIndex }
        }
        return (separators + 1, String(decoding: msh[set], as: UTF8.self))
    }

    /// The character set of a message holding bytes above 0x7F: as declared where the bytes agree,
    /// else what the bytes show, with a note.
    static func encoding(_ bytes: ArraySlice<UInt8>, declared text: String, diagnostics: inout [HL7Diagnostic], line: Int, offset: Int) -> HL7TextEncoding {
        let declared = HL7TextEncoding.declared(text)
        let validUTF8 = HL7TextEncoding.isValidUTF8(bytes)
        switch declared {
        case nil:
            // Before MSH-18 (v2.1) and in many labs since, an undeclared character set is the sender's
            // own, most often Latin-1: read as Windows-1252 (its superset), which is no damage.
            return validUTF8 ? .utf8 : .windows1252
        case .utf8?:
            if validUTF8 { return .utf8 }
            diagnostics.append(HL7Diagnostic(line: line, byteOffset: offset, text: "MSH-18 says UTF-8 but the bytes are not; read as Windows-1252"))
            return .windows1252
        case let other?:
            if validUTF8 {
                diagnostics.append(HL7Diagnostic(line: line, byteOffset: offset, text: "MSH-18 says \(other.rawValue) but the bytes are UTF-8; read as UTF-8"))
                return .utf8
            }
            return other
        }
    }
}

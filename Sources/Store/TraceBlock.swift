import Foundation
import LacunaCore

/// One file's traces as a run of bytes (`trace_block.body`), written beside their rows when the file
/// is imported and read back instead of them on a re-run.
///
/// Reading every trace back from its row was a third of a re-run after a new file and two fifths of a
/// re-run after a call outcome (10,000 patients: 0.67 G instructions of 3.3 G and 1.8 G): SQLite's
/// machinery for 26 columns a row, a text made of each, dates parsed from their texts and the payload
/// from its JSON. A block holds each trace as `CaseStore.traces()` gives it from its row (its
/// stored form: ids, dates as read back), in the same order: numbers as numbers, the payload as its
/// own bytes, the few texts that repeat (kinds, record types, precisions, providers) once a block.
/// The rows stay what the case is; a block is a cache of them, read only where the blocks account for
/// every row (`CaseStore.traces()`); a block that cannot be read sends the reader to the rows, and the
/// blocks are then written again from them.
enum TraceBlock {
    /// The layout's number, first in every block: a block of another is not read.
    static let format = 1

    /// `traces` (one file's, stored forms, in id order) as a block. Their `file` is not kept: the
    /// block's row names it. Written in `room`'s memory where nothing else holds it (`ByteRunWriter(reusing:capacity:)`).
    static func encoded(_ traces: [Trace], reusing room: consuming [UInt8] = []) -> [UInt8] {
        // The texts that repeat numbered first, in the order the traces give them (as the body names
        // them), so that the block is written in one run of bytes: the body was written on its own and
        // copied in after them, tens of megabytes for a large register's file.
        var words = Words()
        // Each trace's four numbers (its kind's, record type's, precision's and provider's; -1 for none),
        // looked up once here and read as the body is written.
        var numbers: [Int32] = []
        numbers.reserveCapacity(4 * traces.count)
        for trace in traces { words.numberAll(of: trace, into: &numbers) }
        var block = ByteRunWriter(reusing: consume room, capacity: words.list.reduce(32) { $0 + 4 + $1.utf8.count }
                                      + traces.reduce(0) { $0 + 160 + $1.payload.byteCount })
        block.count(format)
        block.count(traces.count)
        block.count(words.list.count)
        for text in words.list { block.text(text) }
        block.byteRun { body in
            // Each field written as it lies (no list made of a trace's fields: this runs for every record
            // of every file imported).
            for (n, trace) in traces.enumerated() {
                write(trace, numbers: (numbers[4 * n], numbers[4 * n + 1], numbers[4 * n + 2], numbers[4 * n + 3]), into: &body)
            }
        }
        return block.bytes
    }

    /// One trace of a block's body; `numbers` its texts' numbers in the block (`Words.numberAll`).
    private static func write(_ trace: Trace, numbers: (kind: Int32, recordType: Int32, precision: Int32, provider: Int32),
                              into body: inout ByteRunWriter) {
        body.integer(trace.id ?? 0)
        body.count(Int(numbers.kind))
        body.count(Int(numbers.recordType))
        let locator = trace.locator
        body.integer((locator.line == nil ? 0 : 1) | (locator.endLine == nil ? 0 : 2) | (locator.message == nil ? 0 : 4)
                     | (locator.byteOffset == nil ? 0 : 8))
        if let line = locator.line { body.integer(Int64(line)) }
        if let endLine = locator.endLine { body.integer(Int64(endLine)) }
        if let message = locator.message { body.integer(Int64(message)) }
        if let byteOffset = locator.byteOffset { body.integer(Int64(byteOffset)) }
        if let time = trace.time {
            body.integer(1 | (time.localTime == nil ? 0 : 2) | (time.instant == nil ? 0 : 4))
            body.integer(Int64(time.localDate.dayNumber))
            if let clock = time.localTime { body.integer(Int64(clock.secondsSinceMidnight)) }
            if let instant = time.instant { body.decimal(instant.timeIntervalSinceReferenceDate) }
            body.count(Int(numbers.precision))
        } else {
            body.integer(0)
        }
        // The identity's texts in the order `decoded` sets them, then its date of birth and how many it
        // names: which are there first, as bits, then each that is. Read one at a time from the trace
        // (the identity is not copied whole).
        var given: Int64 = 0
        func mark(_ present: Bool, _ bit: Int64) { if present { given |= 1 << bit } }
        mark(trace.identity.nhi != nil, 0); mark(trace.identity.nhiUnchecked != nil, 1); mark(trace.identity.familyName != nil, 2)
        mark(trace.identity.givenName != nil, 3); mark(trace.identity.preferredName != nil, 4); mark(trace.identity.givenInitial != nil, 5)
        mark(trace.identity.familyInitial != nil, 6); mark(trace.identity.sex != nil, 7); mark(trace.identity.mobile != nil, 8)
        mark(trace.identity.phone != nil, 9); mark(trace.identity.email != nil, 10); mark(trace.identity.address != nil, 11)
        mark(trace.identity.postcode != nil, 12); mark(trace.identity.cardLast4 != nil, 13); mark(trace.identity.payerName != nil, 14)
        mark(trace.identity.portalID != nil, 15); mark(trace.identity.localPatientID != nil, 16); mark(trace.identity.dob != nil, 17)
        mark(trace.identity.peopleNamed != nil, 18)
        body.integer(given)
        func put(_ text: String?) { if let text { body.text(text) } }
        put(trace.identity.nhi); put(trace.identity.nhiUnchecked); put(trace.identity.familyName); put(trace.identity.givenName)
        put(trace.identity.preferredName); put(trace.identity.givenInitial); put(trace.identity.familyInitial); put(trace.identity.sex)
        put(trace.identity.mobile); put(trace.identity.phone); put(trace.identity.email); put(trace.identity.address)
        put(trace.identity.postcode); put(trace.identity.cardLast4); put(trace.identity.payerName); put(trace.identity.portalID)
        put(trace.identity.localPatientID)
        if let dob = trace.identity.dob { body.integer(Int64(dob.dayNumber)) }
        if let named = trace.identity.peopleNamed { body.integer(Int64(named)) }
        body.count(Int(numbers.provider) + 1)
        body.byteRun(trace.payload.laidOut)
        body.text(trace.contentKey)
    }

    /// The few texts that repeat from trace to trace, each numbered once a block: one last met for each
    /// place a trace has one (its kind, record type, precision and provider), found again without a look-up.
    private struct Words {
        var list: [String] = []
        private var numbers: [String: Int] = [:]
        private var last: [(text: String, number: Int)?] = [nil, nil, nil, nil]

        /// Numbers a trace's texts in the order the body names them (its kind, record type, precision and
        /// provider), and appends the four numbers to `numbers`, -1 for a text the trace has not.
        mutating func numberAll(of trace: Trace, into numbers: inout [Int32]) {
            numbers.append(Int32(number(trace.kind.rawValue, slot: 0)))
            numbers.append(Int32(number(trace.recordType, slot: 1)))
            numbers.append(trace.time.map { Int32(number($0.precision.rawValue, slot: 2)) } ?? -1)
            numbers.append(trace.provider.map { Int32(number($0, slot: 3)) } ?? -1)
        }

        mutating func number(_ text: String, slot: Int) -> Int {
            if let last = last[slot], last.text == text { return last.number }
            let number = numbers[text] ?? {
                numbers[text] = list.count
                list.append(text)
                return list.count - 1
            }()
            last[slot] = (text, number)
            return number
        }
    }

    /// The traces of a block, each of `file`; throws where the block is damaged or of another layout.
    static func decoded(_ bytes: [UInt8], file: String) throws(ByteRunError) -> [Trace] {
        var block = ByteRunReader(bytes)
        guard try block.count() == format else { throw ByteRunError(offset: 0) }
        let count = try block.count()
        var words: [String] = []
        for _ in 0..<(try block.count()) { words.append(try block.text()) }
        func word(_ reader: inout ByteRunReader) throws(ByteRunError) -> String {
            let n = try reader.count()
            guard n < words.count else { throw ByteRunError(offset: reader.offset) }
            return words[n]
        }
        let kinds = words.map { SourceKind(rawValue: $0) }
        let precisions = words.map { TraceTime.Precision(rawValue: $0) }
        var body = ByteRunReader(try block.byteRun())
        guard block.atEnd else { throw ByteRunError(offset: block.offset) }
        var traces: [Trace] = []
        traces.reserveCapacity(count)
        for _ in 0..<count {
            let id = try body.integer()
            let kindNumber = try body.count()
            guard kindNumber < kinds.count, let kind = kinds[kindNumber] else { throw ByteRunError(offset: body.offset) }
            let recordType = try word(&body)
            let located = Int(try body.integer())
            func number(_ bit: Int) throws(ByteRunError) -> Int? { located & 1 << bit == 0 ? nil : Int(try body.integer()) }
            let locator = Locator(line: try number(0), endLine: try number(1), message: try number(2), byteOffset: try number(3))
            let timed = Int(try body.integer())
            var time: TraceTime?
            if timed & 1 != 0 {
                let date = LocalDate(dayNumber: Int(try body.integer()))
                var clock: LocalTime?
                if timed & 2 != 0 {
                    let seconds = Int(try body.integer())
                    guard let made = LocalTime(hour: seconds / 3600, minute: seconds / 60 % 60, second: seconds % 60) else {
                        throw ByteRunError(offset: body.offset)
                    }
                    clock = made
                }
                let instant = timed & 4 != 0 ? Date(timeIntervalSinceReferenceDate: try body.decimal()) : nil
                let precisionNumber = try body.count()
                guard precisionNumber < precisions.count, let precision = precisions[precisionNumber] else { throw ByteRunError(offset: body.offset) }
                time = TraceTime(localDate: date, localTime: clock, instant: instant, precision: precision)
            }
            let given = Int(try body.integer())
            func text(_ bit: Int) throws(ByteRunError) -> String? { given & 1 << bit == 0 ? nil : try body.text() }
            var identity = Identity()
            identity.nhi = try text(0)
            identity.nhiUnchecked = try text(1)
            identity.familyName = try text(2)
            identity.givenName = try text(3)
            identity.preferredName = try text(4)
            identity.givenInitial = try text(5)
            identity.familyInitial = try text(6)
            identity.sex = try text(7)
            identity.mobile = try text(8)
            identity.phone = try text(9)
            identity.email = try text(10)
            identity.address = try text(11)
            identity.postcode = try text(12)
            identity.cardLast4 = try text(13)
            identity.payerName = try text(14)
            identity.portalID = try text(15)
            identity.localPatientID = try text(16)
            if given & 1 << 17 != 0 { identity.dob = LocalDate(dayNumber: Int(try body.integer())) }
            if given & 1 << 18 != 0 { identity.peopleNamed = Int(try body.integer()) }
            let providerNumber = try body.count()
            guard providerNumber <= words.count else { throw ByteRunError(offset: body.offset) }
            let provider = providerNumber == 0 ? nil : words[providerNumber - 1]
            let payload = try Self.payload(try body.byteRun(), at: body.offset)
            var trace = Trace(kind: kind, recordType: recordType, file: file, locator: locator, time: time, identity: identity,
                              provider: provider, payload: payload, contentKey: try body.text())
            trace.id = id
            traces.append(trace)
        }
        guard body.atEnd else { throw ByteRunError(offset: body.offset) }
        return traces
    }

    /// A payload from the bytes it laid out: taken as they are where its names are ASCII (`init?(laidOut:)`),
    /// field by field otherwise (a name with a macron), as its fields were first put in order.
    private static func payload(_ laidOut: [UInt8], at offset: Int) throws(ByteRunError) -> Payload {
        if let payload = Payload(laidOut: laidOut) { return payload }
        // Each name and text is a length and its bytes, as a byte run writes them.
        var fields = ByteRunReader(laidOut)
        var run = Payload.FieldRun(capacity: laidOut.count)
        do {
            while !fields.atEnd { run.append(name: try fields.byteRun(), value: try fields.byteRun()) }
        } catch {
            throw ByteRunError(offset: offset)
        }
        return run.payload
    }
}

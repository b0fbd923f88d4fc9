import Foundation

/// A trace's own fields, named as the importer read them (field name → text), held compactly.
///
/// A case holds hundreds of thousands of traces, each with a dozen or so fields; as a dictionary each
/// payload took some 700 bytes (hash buckets, and a separate allocation for every text longer than
/// fifteen bytes), the largest part of a large run's memory. Here the fields are one run of bytes:
/// for each field in order of name, the name's length, the name, the text's length and the text
/// (lengths as LEB128). Reading a field scans the names (a payload has few); a field written is
/// placed in order. It reads and compares like the dictionary it replaces, and iterates in order of
/// name (a dictionary's order was arbitrary).
public struct Payload: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// Names and texts, in order of name, each name once.
    private var bytes: [UInt8] { didSet { fromUnderscore = Self.firstFromUnderscore(bytes) } }
    /// Where the first field starts whose name begins with `_` or a byte above (a lower-case letter),
    /// `bytes.count` where none does: a name looked for that begins so (the importers' own, `_status`,
    /// `_provider_id`) is looked for from there, past a file's own column names (`Surname`, `NHI`) at
    /// once. Worked out from the bytes wherever they are set; no part of them (nor of their stored form).
    private var fromUnderscore: Int

    public init() {
        bytes = []
        fromUnderscore = 0
    }

    public init(_ fields: [String: String]) {
        // Each name with its text, sorted by name (each name once: no two compare equal).
        var ordered = Array(fields)
        ordered.sort { $0.key < $1.key }
        self.init(inOrder: ordered)
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(fields: elements)
    }

    /// Fields in any order; where a name repeats, the last text wins. Fields already in order of
    /// name (as the case database stores them) are taken as they come.
    public init(fields: some Sequence<(String, String)>) {
        let fields = fields.map { (key: $0.0, value: $0.1) }
        guard zip(fields, fields.dropFirst()).allSatisfy({ $0.key < $1.key }) else {
            self.init(Dictionary(fields.lazy.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
            return
        }
        self.init(inOrder: fields)
    }

    /// Fields given as bytes, one after another, for a reader of a stored form (the case database's: every
    /// trace's payload is read back on every run) that need not make a text of each name and value. Where
    /// the names come in order, ASCII and each once (as a payload writes them), the bytes are the payload's
    /// as they are; otherwise they are taken as `init(fields:)` takes fields in any order.
    public struct FieldRun {
        /// Room for the fields, written up to `count`: each field is put in place (appending to an
        /// array a length and a run at a time cost some 400 instructions a field, every trace every run).
        private var bytes: [UInt8]
        private var count = 0
        private var lastName: Range<Int>?
        private var inOrder = true

        public init(capacity: Int = 0) { bytes = [UInt8](repeating: 0, count: capacity) }

        /// Appends a field: its name's and its text's UTF-8.
        public mutating func append(name: [UInt8], value: [UInt8]) {
            name.withUnsafeBufferPointer { name in value.withUnsafeBufferPointer { value in append(name: name, value: value) } }
        }

        /// Appends a field from bytes where they lie (a stored payload's, between its quotes).
        public mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
            // Room for both and their lengths (LEB128, at most ten bytes each); where short, at least doubled.
            let needed = name.count + value.count + 20
            if count + needed > bytes.count { bytes.append(contentsOf: repeatElement(0, count: Swift.max(bytes.count, needed))) }
            var at = count
            let written = bytes.withUnsafeMutableBufferPointer { out -> Range<Int> in
                let nameEnd = Payload.put(name, into: out, at: at)
                at = Payload.put(value, into: out, at: nameEnd)
                return nameEnd - name.count..<nameEnd
            }
            if inOrder {
                // Names in ASCII order as texts order them; anything else goes the general way.
                inOrder = name.isASCII && lastName.map { last in
                    bytes.withUnsafeBufferPointer { Payload.precedes(UnsafeBufferPointer(rebasing: $0[last]), name) }
                } ?? true
            }
            lastName = written
            count = at
        }

        /// The payload of the fields appended.
        public var payload: Payload {
            let stored = Payload(storedInOrder: Array(bytes[..<count]))
            return inOrder ? stored : Payload(fields: stored.map { ($0.key, $0.value) })
        }
    }

    /// A payload written a field at a time by `write`, the names given in order of name and each once (an
    /// importer's layout, which puts a file's names in order once): each name and text copied where it
    /// lies, as `init(orderedByName:)` lays them out, without a list of the fields made first (that list,
    /// made and let go for every record, cost more than the writing). `atMost` bounds what is written: the
    /// UTF-8 of every name and text and twenty bytes more for each field.
    public static func inOrder(atMost bound: Int, _ write: (inout InOrder) -> Void) -> Payload {
        let room = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(bound, 1))
        defer { room.deallocate() }
        var writer = InOrder(room: room)
        write(&writer)
        // Bytes of its own just as many as were written: a case holds every trace's payload.
        let bytes = [UInt8](UnsafeBufferPointer(rebasing: room[..<writer.count]))
        return Payload(bytes: bytes, fromUnderscore: writer.fromUnderscore ?? bytes.count)
    }

    /// Where `inOrder` writes a payload's fields.
    public struct InOrder {
        fileprivate let room: UnsafeMutableBufferPointer<UInt8>
        fileprivate var count = 0
        fileprivate var fromUnderscore: Int?

        fileprivate init(room: UnsafeMutableBufferPointer<UInt8>) { self.room = room }

        /// Appends a field; its name follows the last one's (as `<` orders texts).
        public mutating func append(name: String, value: String) {
            precondition(count + name.utf8.count + value.utf8.count + 20 <= room.count, "more written than the room said")
            if fromUnderscore == nil, let first = name.utf8.first, first >= Payload.underscore { fromUnderscore = count }
            count = Payload.put(value, into: room, at: Payload.put(name, into: room, at: count))
        }
    }

    private init(bytes: [UInt8], fromUnderscore: Int) {
        self.bytes = bytes
        self.fromUnderscore = fromUnderscore
    }

    private init(storedInOrder bytes: [UInt8]) {
        self.bytes = bytes
        fromUnderscore = Self.firstFromUnderscore(bytes)
    }

    /// Fields already laid out as a payload holds them (each field the LEB128 length of its name, the
    /// name, the length of its text and the text), for a reader of a stored form that writes them so
    /// itself: taken as they are where every length fits, the names are ASCII, in order and each once;
    /// nil otherwise (the reader then goes the general way).
    public init?(laidOut bytes: [UInt8]) {
        var fromUnderscore = bytes.count
        let valid = bytes.withUnsafeBufferPointer { all -> Bool in
            var at = 0
            var last: Range<Int>?
            while at < all.count {
                guard let (nameLength, nameStart) = Self.checkedLength(all, at), nameLength <= all.count - nameStart else { return false }
                let name = nameStart..<nameStart + nameLength
                guard UnsafeBufferPointer(rebasing: all[name]).isASCII,
                      last.map({ Self.precedes(UnsafeBufferPointer(rebasing: all[$0]), UnsafeBufferPointer(rebasing: all[name])) }) ?? true,
                      let (valueLength, valueStart) = Self.checkedLength(all, name.upperBound), valueLength <= all.count - valueStart
                else { return false }
                if fromUnderscore == all.count, nameLength > 0, all[nameStart] >= Self.underscore { fromUnderscore = at }
                last = name
                at = valueStart + valueLength
            }
            return true
        }
        guard valid else { return nil }
        self.bytes = bytes
        self.fromUnderscore = fromUnderscore
    }

    /// Fields whose names come in order (as `<` orders texts), each once: taken as they come, without
    /// the sorting a dictionary's fields need (an importer that knows its header's order once).
    public init(orderedByName fields: [(key: String, value: String)]) {
        assert(zip(fields, fields.dropFirst()).allSatisfy { $0.key < $1.key }, "fields in order of name, each once")
        self.init(inOrder: fields)
    }

    /// Fields with names in order, each once. Every payload an importer makes comes through here, so
    /// the run is measured first and each name and text copied whole into it (appending a field at a
    /// time to a growing array cost some 400 instructions a field).
    private init(inOrder fields: [(key: String, value: String)]) {
        var size = 0
        for (key, value) in fields {
            size += Self.lengthSize(key.utf8.count) + key.utf8.count + Self.lengthSize(value.utf8.count) + value.utf8.count
        }
        var fromUnderscore: Int?
        bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var at = 0
            for (key, value) in fields {
                if fromUnderscore == nil, let first = key.utf8.first, first >= Self.underscore { fromUnderscore = at }
                at = Self.put(key, into: buffer, at: at)
                at = Self.put(value, into: buffer, at: at)
            }
            count = at
        }
        self.fromUnderscore = fromUnderscore ?? bytes.count
    }

    /// Writes a text's length and UTF-8 at `at` in room measured for them; where the next goes.
    private static func put(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        text.copyUTF8(into: buffer, at: putLength(text.utf8.count, into: buffer, at: start))
    }

    /// Writes the length of `field` (LEB128) and its bytes at `at` in room measured for them; where the next goes.
    private static func put(_ field: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let at = putLength(field.count, into: buffer, at: start)
        if let base = field.baseAddress, field.count > 0 { (buffer.baseAddress! + at).initialize(from: base, count: field.count) }
        return at + field.count
    }

    /// Writes a length as LEB128 at `at`; where the next byte goes.
    private static func putLength(_ length: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var at = start
        var n = length
        while n >= 0x80 {
            buffer[at] = UInt8(n & 0x7F) | 0x80
            n >>= 7
            at += 1
        }
        buffer[at] = UInt8(n)
        return at + 1
    }

    /// Texts as a payload lays them out, each its length and its UTF-8, one after another.
    private static func laidOut(_ texts: String...) -> [UInt8] {
        let size = texts.reduce(0) { $0 + lengthSize($1.utf8.count) + $1.utf8.count }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = texts.reduce(0) { at, text in put(text, into: buffer, at: at) }
        }
    }

    /// The text of the field with this name; nil where the record had none. Setting nil removes it.
    public subscript(key: String) -> String? {
        get {
            guard let range = find(key)?.value else { return nil }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
        set { set(key, newValue) }
    }

    /// Whether the payload has a field of this name (`self[key] != nil`, without a text made of it).
    public func contains(field key: String) -> Bool { find(key) != nil }

    /// Whether the field's text is one of `texts` (`texts.contains(self[key] ?? "")`, for texts not
    /// empty), asked of its bytes without a text made of it: for the few words an importer writes
    /// (`_status` is `dna`, `_ordered_by_practice` is `yes`), asked of every trace. The texts are lower-case
    /// ASCII letters, digits and `-`, `_` or a space: equal to a text exactly where their bytes are (no
    /// other character is canonically the same as one of those).
    public func field(_ key: String, isOneOf texts: StaticString...) -> Bool {
        guard let range = find(key)?.value else { return false }
        return bytes.withUnsafeBufferPointer { all in
            texts.contains { text in
                assert(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
                    .allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x20 },
                       "lower-case ASCII letters, digits, -, _ and spaces")
                return text.utf8CodeUnitCount > 0 && text.utf8CodeUnitCount == range.count
                    && memcmp(all.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0
            }
        }
    }

    /// Whether any field's name starts with `prefix` (`hasPrefix`: character by character). For an ASCII
    /// prefix the names are looked at as bytes, and not past the first whose first byte is greater than
    /// the prefix's (names are in order, as `find` stops); where the bytes after the prefix's could join
    /// its last character (a combining mark, the LF of a CR LF), the name is asked as a text.
    public func hasName(startingWith prefix: String) -> Bool {
        var bytesOfPrefix = prefix
        return bytesOfPrefix.withUTF8 { wanted -> Bool in
            guard !wanted.isEmpty, wanted.isASCII else { return keys.contains { $0.hasPrefix(prefix) } }
            return bytes.withUnsafeBufferPointer { all -> Bool in
                var i = 0
                while i < all.count {
                    let (keyLength, keyStart) = Self.length(all, i)
                    if keyLength > 0, all[keyStart] > wanted[0] { return false }
                    if keyLength >= wanted.count, memcmp(all.baseAddress! + keyStart, wanted.baseAddress!, wanted.count) == 0 {
                        guard keyLength > wanted.count else { return true }
                        let next = all[keyStart + wanted.count]
                        if next < 0x80 && !(next == 0x0A && wanted[wanted.count - 1] == 0x0D) { return true }
                        let name = String(decoding: UnsafeBufferPointer(rebasing: all[keyStart..<keyStart + keyLength]), as: UTF8.self)
                        if name.hasPrefix(prefix) { return true }
                    }
                    let (valueLength, valueStart) = Self.length(all, keyStart + keyLength)
                    i = valueStart + valueLength
                }
                return false
            }
        }
    }

    /// How many fields it has.
    public var count: Int {
        var n = 0
        var i = 0
        while i < bytes.count {
            i = Self.skip(bytes, Self.skip(bytes, i))
            n += 1
        }
        return n
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// The field names, in order.
    public var keys: [String] { map(\.key) }

    /// A dictionary of the same fields, for code that wants one.
    public var dictionary: [String: String] {
        Dictionary(map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The fields, with `other`'s where both have one (as `Dictionary.merging(_:) { _, new in new }`).
    public func merging(_ other: Payload) -> Payload {
        var merged = self
        for (key, value) in other { merged[key] = value }
        return merged
    }

    public var description: String { dictionary.description }

    public struct Iterator: IteratorProtocol {
        fileprivate let bytes: [UInt8]
        fileprivate var at = 0

        public mutating func next() -> (key: String, value: String)? {
            guard at < bytes.count else { return nil }
            let key = Payload.text(bytes, at)
            let value = Payload.text(bytes, key.next)
            at = value.next
            return (key.text, value.text)
        }
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    /// Each field's name and text as their UTF-8, in order of name, without making a text of either: for
    /// a writer of a stored form (every record's payload is written when its file is imported).
    public func forEachFieldBytes(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            var at = 0
            while at < all.count {
                let (nameLength, nameStart) = Self.length(all, at)
                let (valueLength, valueStart) = Self.length(all, nameStart + nameLength)
                body(UnsafeBufferPointer(rebasing: all[nameStart..<nameStart + nameLength]),
                     UnsafeBufferPointer(rebasing: all[valueStart..<valueStart + valueLength]))
                at = valueStart + valueLength
            }
        }
    }

    /// The fields as the payload lays them out, as `init?(laidOut:)` takes them back: for a stored form
    /// that keeps the payload as it is (`TraceBlock`).
    public var laidOut: [UInt8] { bytes }

    /// The bytes the fields take (names, texts and their lengths): what a stored form of them is near.
    public var byteCount: Int { bytes.count }

    public var underestimatedCount: Int { bytes.isEmpty ? 0 : 1 }

    // MARK: The byte layout

    /// Where the field named `key` starts and where its text lies; nil where there is none.
    ///
    /// An ASCII name is not looked for past the first name whose first byte is greater than its own: that
    /// name, and every name after it, sorts after it (a first byte above is a first character above, and
    /// a character combining with an ASCII letter only raises it), so none can be it.
    private func find(_ key: String) -> (start: Int, value: Range<Int>)? {
        return key.withUTF8Bytes { wanted -> (start: Int, value: Range<Int>)? in
            // The greatest first byte a name can have and still be it.
            let greatest: UInt8 = !wanted.isEmpty && wanted.isASCII ? wanted[0] : 0xFF
            // No name before `fromUnderscore` begins with `_` or above: one that does is looked for from there.
            let first = !wanted.isEmpty && wanted[0] >= Self.underscore ? fromUnderscore : 0
            return bytes.withUnsafeBufferPointer { all -> (start: Int, value: Range<Int>)? in
                var i = first
                while i < all.count {
                    let start = i
                    let (keyLength, keyStart) = Self.length(all, i)
                    if keyLength > 0, all[keyStart] > greatest { return nil }
                    let (valueLength, valueStart) = Self.length(all, keyStart + keyLength)
                    i = valueStart + valueLength
                    if keyLength == wanted.count,
                       keyLength == 0 || (all[keyStart] == wanted[0] && memcmp(all.baseAddress! + keyStart, wanted.baseAddress!, keyLength) == 0) {
                        return (start, valueStart..<i)
                    }
                }
                return nil
            }
        }
    }

    private mutating func set(_ key: String, _ value: String?) {
        // One pass over the names: the field of this name, or where a new one goes, before the first name
        // that sorts after it (ASCII names compared as their bytes, as texts order them, without a text
        // made of each name passed). No field of the name lies past one that sorts after it. Importers add
        // a few fields to every record: a look for the field and then another for its place cost twice.
        let text = key
        let (found, place) = key.withUTF8Bytes { wanted -> ((start: Int, value: Range<Int>)?, Int) in
            bytes.withUnsafeBufferPointer { all in
                let wantedASCII = wanted.isASCII
                var i = 0
                while i < all.count {
                    let (length, nameStart) = Self.length(all, i)
                    let (valueLength, valueStart) = Self.length(all, nameStart + length)
                    let name = UnsafeBufferPointer(rebasing: all[nameStart..<nameStart + length])
                    if length == wanted.count, length == 0 || memcmp(name.baseAddress!, wanted.baseAddress!, length) == 0 {
                        return ((i, valueStart..<valueStart + valueLength), i)
                    }
                    let before = wantedASCII && name.isASCII ? Self.precedes(wanted, name)
                        : text < String(decoding: name, as: UTF8.self)
                    if before { return (nil, i) }
                    i = valueStart + valueLength
                }
                return (nil, i)
            }
        }
        if let found {
            if let value {
                // Only the text changes: the field keeps its place.
                let lengthStart = found.value.lowerBound - Self.lengthSize(found.value.count)
                replace(lengthStart..<found.value.upperBound, with: Self.laidOut(value))
            } else {
                replace(found.start..<found.value.upperBound, with: [])
            }
            return
        }
        guard let value else { return }
        insert(name: text, value: value, at: place)
    }

    /// The bytes with a field of `name` and `value` put at `place`, in an array of just their size,
    /// written there (not laid out apart first and copied).
    private mutating func insert(name: String, value: String, at place: Int) {
        let size = Self.lengthSize(name.utf8.count) + name.utf8.count + Self.lengthSize(value.utf8.count) + value.utf8.count
        let old = bytes
        bytes = [UInt8](unsafeUninitializedCapacity: old.count + size) { buffer, count in
            old.withUnsafeBufferPointer { from in
                if place > 0 { buffer.baseAddress!.initialize(from: from.baseAddress!, count: place) }
                let at = Self.put(value, into: buffer, at: Self.put(name, into: buffer, at: place))
                if from.count > place { (buffer.baseAddress! + at).initialize(from: from.baseAddress! + place, count: from.count - place) }
                count = at + from.count - place
            }
        }
    }

    /// The bytes with `range` replaced, in an array of just their size: an array grown in place keeps
    /// room to spare (up to as much again), and a case holds hundreds of thousands of payloads, most
    /// with a field or two added after they were made.
    private mutating func replace(_ range: Range<Int>, with new: [UInt8]) {
        let old = bytes
        bytes = [UInt8](unsafeUninitializedCapacity: old.count - range.count + new.count) { buffer, count in
            var at = 0
            func put(_ part: ArraySlice<UInt8>) {
                part.withUnsafeBufferPointer { from in
                    if let base = from.baseAddress, !from.isEmpty { (buffer.baseAddress! + at).initialize(from: base, count: from.count) }
                    at += from.count
                }
            }
            put(old[..<range.lowerBound])
            put(new[...])
            put(old[range.upperBound...])
            count = at
        }
    }

    /// Whether `a` sorts before `b`, byte by byte (`lexicographicallyPrecedes`, through `memcmp`).
    fileprivate static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = Swift.min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }

    /// `_`, the first byte of the names importers give their own fields.
    private static let underscore = UInt8(ascii: "_")

    /// Where the first field starts whose name's first byte is `_` or above; `bytes.count` where none.
    private static func firstFromUnderscore(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { all in
            var at = 0
            while at < all.count {
                let (nameLength, nameStart) = length(all, at)
                if nameLength > 0, all[nameStart] >= underscore { return at }
                let (valueLength, valueStart) = length(all, nameStart + nameLength)
                at = valueStart + valueLength
            }
            return all.count
        }
    }

    /// Equal where the fields are (`fromUnderscore` follows from them).
    public static func == (a: Payload, b: Payload) -> Bool { a.bytes == b.bytes }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    private static func lengthSize(_ length: Int) -> Int {
        var n = length
        var size = 1
        while n >= 0x80 { n >>= 7; size += 1 }
        return size
    }

    /// The length at `i` and where what it measures starts. Always inlined: every look for a field
    /// reads two a field it passes.
    @inline(__always)
    private static func length(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int) {
        var n = 0
        var shift = 0
        var i = i
        while true {
            let byte = bytes[i]
            n |= Int(byte & 0x7F) << shift
            i += 1
            if byte < 0x80 { return (n, i) }
            shift += 7
        }
    }

    /// The length at `i` and where what it measures starts; nil where the bytes end first or the
    /// length is longer than any a payload holds.
    private static func checkedLength(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int)? {
        var n = 0
        var shift = 0
        var i = i
        while i < bytes.count, shift < 35 {
            let byte = bytes[i]
            n |= Int(byte & 0x7F) << shift
            i += 1
            if byte < 0x80 { return (n, i) }
            shift += 7
        }
        return nil
    }

    private static func text(_ bytes: [UInt8], _ i: Int) -> (text: String, next: Int) {
        bytes.withUnsafeBufferPointer { all in
            let (length, start) = length(all, i)
            return (String(decoding: UnsafeBufferPointer(rebasing: all[start..<start + length]), as: UTF8.self), start + length)
        }
    }

    private static func skip(_ bytes: [UInt8], _ i: Int) -> Int {
        bytes.withUnsafeBufferPointer { all in
            let (length, start) = length(all, i)
            return start + length
        }
    }
}

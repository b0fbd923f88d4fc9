import CLibXML2

/// What `XMLEvents.parse` hands on, as libxml2's SAX2 parser meets it: names and text as the parser's
/// own bytes, valid for the call only, so a reader of a large part (a workbook's sheet: tens of
/// thousands of cells) makes texts only of what it keeps. Entities and character references are
/// already replaced in text; CDATA comes as text.
protocol XMLEventSink: AnyObject {
    /// An element opens (its local name: no prefix); an empty element (`<a/>`) closes straight after.
    func start(_ name: XMLEvents.Name, _ attributes: XMLEvents.Attributes)
    /// A run of text (or a CDATA section) inside the innermost open element, whole.
    func text(_ bytes: UnsafeBufferPointer<UInt8>)
    /// An element closes.
    func end(_ name: XMLEvents.Name)
}

/// libxml2's SAX2 parser, for parts too large for the streaming reader's cost (`XMLStream` makes a text
/// of every name and a dictionary of every element's attributes, and the reader a node of each). The
/// same guards as `XMLStream`: no network, no entity expansion, libxml2's error printing off.
enum XMLEvents {
    /// An element's local name, in the parser's buffer.
    struct Name {
        let bytes: UnsafePointer<xmlChar>

        /// Whether the name is `ascii` (a name the caller spells, as `"c"` or `"row"`).
        func `is`(_ ascii: StaticString) -> Bool {
            var p = bytes
            var q = ascii.utf8Start
            for _ in 0..<ascii.utf8CodeUnitCount {
                if p.pointee != q.pointee { return false }
                p += 1
                q += 1
            }
            return p.pointee == 0
        }
    }

    /// An element's attributes, in SAX2's five pointers each (local name, prefix, namespace, value start,
    /// value end).
    struct Attributes {
        let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        let count: Int

        /// The value of the attribute with this local name and no prefix, as a text; nil where the
        /// element has none. An attribute value as SAX2 gives it may hold `&#38;` for an `&amp;`
        /// (libxml2 leaves that to the tree builder): it is replaced here.
        func value(_ name: StaticString) -> String? {
            guard let bytes = bytes(name) else { return nil }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.utf8.contains(UInt8(ascii: "&")) ? text.replacingEvery("&#38;", with: "&") : text
        }

        /// The bytes of the value of the attribute with this local name and no prefix, where they lie in
        /// the parser's buffer (for the call the attributes were handed to only); nil where the element
        /// has none. As SAX2 gives them: an `&amp;` may be there as `&#38;` (`value` replaces it).
        func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
            guard let base else { return nil }
            for k in 0..<count {
                guard let local = base[5 * k], base[5 * k + 1] == nil, Name(bytes: local).is(name) else { continue }
                guard let start = base[5 * k + 3], let end = base[5 * k + 4] else { return UnsafeBufferPointer(start: nil, count: 0) }
                return UnsafeBufferPointer(start: start, count: end - start)
            }
            return nil
        }
    }

    /// Parses `bytes`, handing each event to `sink`. Returns false where the XML stopped being well
    /// formed (what came before has been handed on), true where it read to its end. `huge` lifts
    /// libxml2's size limits (a workbook's sheet, the practice's own spreadsheet). Text is handed on as
    /// `XMLStream` hands it with `whitespace: true` (libxml2's reader): a run of text between two tags
    /// whole (blanks too), CDATA as a run of its own.
    @discardableResult
    static func parse(_ bytes: [UInt8], huge: Bool = false, into sink: any XMLEventSink) -> Bool {
        guard !bytes.isEmpty else { return false }
        lacuna_xml_quiet()
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localname, _, _, _, _, count, _, attributes in
            guard let context, let localname else { return }
            Run.of(context).start(Name(bytes: localname), Attributes(base: attributes, count: Int(count)))
        }
        handler.endElementNs = { context, localname, _, _ in
            guard let context, let localname else { return }
            Run.of(context).end(Name(bytes: localname))
        }
        let text: charactersSAXFunc = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            Run.of(context).pending.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(length)))
        }
        handler.characters = text
        handler.ignorableWhitespace = text
        handler.cdataBlock = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            let run = Run.of(context)
            run.flush()
            run.pending.append(contentsOf: UnsafeBufferPointer(start: characters, count: Int(length)))
            run.flush()
        }
        let run = Run(sink)
        let context = Unmanaged.passUnretained(run).toOpaque()
        guard let parser = xmlCreatePushParserCtxt(&handler, context, nil, 0, nil) else { return false }
        defer { xmlFreeParserCtxt(parser) }
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        if huge { options |= XML_PARSE_HUGE.rawValue }
        xmlCtxtUseOptions(parser, Int32(options))
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { xmlParseChunk(parser, $0, Int32(buffer.count), 1) }
        }
        withExtendedLifetime(run) {}
        return status == 0 && parser.pointee.wellFormed != 0
    }

    /// One parse's state: the sink and the run of text being gathered (SAX hands text on in pieces:
    /// an entity, a character reference and each buffer's end start a new one).
    private final class Run {
        let sink: any XMLEventSink
        /// Unchecked for overlapping access (`@exclusivity(unchecked)`): only the parse's own calls touch it,
        /// one at a time, and checking each touch at run time was a third of handing on a sheet's events.
        @exclusivity(unchecked) var pending: [UInt8] = []

        init(_ sink: any XMLEventSink) { self.sink = sink }

        static func of(_ context: UnsafeMutableRawPointer) -> Run { Unmanaged<Run>.fromOpaque(context).takeUnretainedValue() }

        func start(_ name: Name, _ attributes: Attributes) {
            flush()
            sink.start(name, attributes)
        }

        func end(_ name: Name) {
            flush()
            sink.end(name)
        }

        /// Hands on the run gathered, if any.
        func flush() {
            guard !pending.isEmpty else { return }
            pending.withUnsafeBufferPointer { sink.text($0) }
            pending.removeAll(keepingCapacity: true)
        }
    }
}

import CLibXML2

/// One step of a streamed XML document, as `XMLStream.walk` hands it on.
enum XMLNode {
    /// An element opens: its local name (no prefix), its attributes by local name, the line it starts on.
    case start(name: String, attributes: [String: String], line: Int)
    /// Text or CDATA inside the innermost open element (untrimmed).
    case text(String)
    /// An element closes; an empty element (`<a/>`) closes straight after it opens.
    case end(name: String)
}

/// libxml2's streaming reader with what every importer here needs: no network, no entity expansion,
/// libxml2's own error printing off (so no patient data reaches stderr), no whole tree in memory.
enum XMLStream {
    /// Walks `bytes` start to end, handing each node to `visit`. Returns the line where the XML stopped
    /// being well formed (nil when it read to its end); what came before it has been visited.
    /// `lowercased` folds element and attribute names; `huge` lifts libxml2's size limits (a workbook's
    /// sheet, never a file from outside the practice's own spreadsheet); `whitespace` also hands on
    /// whitespace-only text between elements.
    @discardableResult
    static func walk(_ bytes: [UInt8], file: String? = nil, lowercased: Bool = false, huge: Bool = false, whitespace: Bool = false,
                     _ visit: (XMLNode) -> Void) -> Int? {
        var failedAt: Int?
        func string(_ pointer: UnsafePointer<xmlChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        func folded(_ name: String) -> String { lowercased ? name.lowercased() : name }
        lacuna_xml_quiet()
        bytes.withUnsafeBufferPointer { buffer in
            var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue
            if huge { options |= XML_PARSE_HUGE.rawValue }
            guard let reader = buffer.baseAddress.flatMap({ base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { xmlReaderForMemory($0, Int32(buffer.count), file, nil, Int32(options)) }
            }) else { failedAt = 1; return }
            defer { xmlFreeTextReader(reader) }
            while true {
                let status = xmlTextReaderRead(reader)
                if status == 0 { break }
                if status < 0 { failedAt = max(1, Int(xmlTextReaderGetParserLineNumber(reader))); break }
                switch xmlTextReaderNodeType(reader) {
                case 1:
                    let name = folded(string(xmlTextReaderConstLocalName(reader)))
                    let line = Int(xmlTextReaderGetParserLineNumber(reader))
                    let empty = xmlTextReaderIsEmptyElement(reader) == 1
                    var attributes: [String: String] = [:]
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        attributes[folded(string(xmlTextReaderConstLocalName(reader)))] = string(xmlTextReaderConstValue(reader))
                    }
                    xmlTextReaderMoveToElement(reader)
                    visit(.start(name: name, attributes: attributes, line: line))
                    if empty { visit(.end(name: name)) }
                case 3, 4:
                    visit(.text(string(xmlTextReaderConstValue(reader))))
                case 14 where whitespace:   // significant whitespace (`xml:space="preserve"`)
                    visit(.text(string(xmlTextReaderConstValue(reader))))
                case 15:
                    visit(.end(name: folded(string(xmlTextReaderConstLocalName(reader)))))
                default:
                    continue
                }
            }
        }
        return failedAt
    }
}

/// One document as a search-index copy holds it, whatever the dump's shape: where it came from, its
/// key, the versions the index kept, what was done to it (a bulk file can update or delete), and its
/// fields exactly as stored (numbers as written).
public struct IndexDocument: Sendable {
    /// What the line does to the document: a dump or a search hit is the document as it stood (`index`).
    public enum Action: String, Sendable {
        case index, create, update, delete
    }

    public var action: Action
    /// The index (`_index`), or the Solr collection where the file says.
    public var index: String?
    /// The mapping type of Elasticsearch 6 and before (`_type`).
    public var type: String?
    /// The document's key (`_id`, Solr's `id`), numbers as written; nil in a source-only dump.
    public var id: String?
    /// `_version` (or Solr's `_version_`), `_seq_no` and `_primary_term` where the copy kept them.
    public var version: String?
    public var seqNo: Int64?
    public var primaryTerm: Int64?
    /// The stored fields (`_source`, a Solr doc, the partial `doc` of an update); nil for a delete, or
    /// where the dump filtered the source out.
    public var source: JSONValue?
    /// Where it was read: file, line (1-based; for a pretty-printed response, the line the hit starts on
    /// is not tracked, so the file's first line), byte offset of the line.
    public var file: String
    public var line: Int
    public var offset: Int
    /// Whether some string of the document held bytes that are not UTF-8 (kept as U+FFFD).
    public var invalidUTF8 = false

    public init(action: Action, index: String? = nil, type: String? = nil, id: String? = nil, version: String? = nil,
                seqNo: Int64? = nil, primaryTerm: Int64? = nil, source: JSONValue?, file: String, line: Int, offset: Int) {
        self.action = action
        self.index = index
        self.type = type
        self.id = id
        self.version = version
        self.seqNo = seqNo
        self.primaryTerm = primaryTerm
        self.source = source
        self.file = file
        self.line = line
        self.offset = offset
    }
}

/// A line or part of an index file that could not be read as a document, and why.
public struct IndexReject: Sendable {
    public var file: String
    public var line: Int
    public var reason: String
}

/// Something that arrived in the practice's inbox during the window and was lost with it: one result
/// (one OBR, keyed by its filler order number, the latest status winning), one letter or document, or
/// one portal message. Each must still be filed and reviewed, whether or not the patient was seen.
public struct InboxItem: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case result, letter, document, message
        case repeatPrescription = "repeat-prescription"
        case appointmentRequest = "appointment-request"
    }

    /// `critical` (HH/LL/AA), `abnormal` (H/L/A), or nil.
    public enum Flag: String, Sendable, Comparable {
        case abnormal, critical

        public static func < (l: Flag, r: Flag) -> Bool { l == .abnormal && r == .critical }
    }

    /// Stable across runs: derived from the sender's own key (filler order number, document id,
    /// message id).
    public var itemID: String
    public var patientID: String?
    /// When the sender reported it (OBR-22, else MSH-7; a resend's own time does not count).
    public var received: TraceTime
    public var source: SourceKind
    public var kind: Kind
    public var summary: String
    public var abnormal: Flag?
    public var provider: String?
    /// Every message id that carried it (a resent item has several); the first is reported.
    public var messageIDs: [String]
    /// The traces it was built from: its provenance.
    public var traceIDs: [Int64]

    public init(itemID: String, patientID: String?, received: TraceTime, source: SourceKind, kind: Kind, summary: String,
                abnormal: Flag?, provider: String?, messageIDs: [String], traceIDs: [Int64]) {
        self.itemID = itemID
        self.patientID = patientID
        self.received = received
        self.source = source
        self.kind = kind
        self.summary = summary
        self.abnormal = abnormal
        self.provider = provider
        self.messageIDs = messageIDs
        self.traceIDs = traceIDs
    }
}

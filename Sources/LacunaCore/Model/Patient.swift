/// A person the case knows: from the register, or made from traces of someone not in it (enrolled
/// during the window).
public struct Patient: Sendable, Hashable {
    public enum Origin: String, Sendable {
        /// A row of the restored practice register.
        case register
        /// Not in the register; built from what traces say (an NHI from a lab result, say).
        case traces
    }

    /// Stable across runs: the register's own patient id, else `NHI:<nhi>`.
    public var id: String
    public var origin: Origin
    public var identity: Identity
    /// The usual GP's code or name, from the register.
    public var usualProvider: String?
    /// The trace the patient was made from.
    public var sourceTraceID: Int64?

    public init(id: String, origin: Origin, identity: Identity, usualProvider: String?, sourceTraceID: Int64?) {
        self.id = id
        self.origin = origin
        self.identity = identity
        self.usualProvider = usualProvider
        self.sourceTraceID = sourceTraceID
    }
}

/// A clinician of the practice, as the playbook lists them.
public struct Provider: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// Other spellings of the name, and other codes for them (a lab's doctor code).
    public var aliases: [String]
    /// Registration ids: HPI CPN, council number.
    public var ids: [String]

    public init(code: String, name: String, aliases: [String] = [], ids: [String] = []) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.ids = ids
    }
}

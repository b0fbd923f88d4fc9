/// A trace written by one person about another: the parent who rang for a child, the account holder
/// who wrote about a son. The trace's identity is what it says of the subject (the patient seen); the
/// speaker's own details are kept here, in the trace's payload, for finding the subject in the
/// speaker's household.
public struct Proxy: Sendable, Equatable {
    public var speakerName: String?
    public var speakerPhone: String?
    public var speakerEmail: String?
    public var speakerPortalID: String?
    public var speakerDOB: LocalDate?
    /// `child`, `partner`, `parent` or `other`.
    public var relation: String?
    /// In years (0: a baby).
    public var age: Int?
    public var sex: String?

    public init(speakerName: String? = nil, speakerPhone: String? = nil, speakerEmail: String? = nil, speakerPortalID: String? = nil,
                speakerDOB: LocalDate? = nil, relation: String? = nil, age: Int? = nil, sex: String? = nil) {
        self.speakerName = speakerName
        self.speakerPhone = speakerPhone
        self.speakerEmail = speakerEmail
        self.speakerPortalID = speakerPortalID
        self.speakerDOB = speakerDOB
        self.relation = relation
        self.age = age
        self.sex = sex
    }

    /// The payload keys it is kept under.
    public static let keys = (speakerName: "_speaker_name", speakerPhone: "_speaker_phone", speakerEmail: "_speaker_email",
                              speakerPortalID: "_speaker_portal_id", speakerDOB: "_speaker_dob", relation: "_subject_relation", age: "_subject_age",
                              sex: "_subject_sex")

    /// Writes it into a payload.
    public func write(into payload: inout [String: String]) {
        for (key, value) in fields { payload[key] = value }
    }

    /// The same fields written into a payload.
    public func write(into payload: inout Payload) {
        for (key, value) in fields { payload[key] = value }
    }

    /// The fields `write` puts: each of the speaker's that is known, and who wrote it.
    private var fields: [(String, String)] {
        let k = Self.keys
        var found: [(String, String)] = []
        for (key, value) in [(k.speakerName, speakerName), (k.speakerPhone, speakerPhone), (k.speakerEmail, speakerEmail),
                             (k.speakerPortalID, speakerPortalID), (k.speakerDOB, speakerDOB?.description), (k.relation, relation), (k.age, age.map(String.init)), (k.sex, sex)] {
            if let value, !value.isEmpty { found.append((key, value)) }
        }
        found.append(("_written_by", "someone else (\(relation.map { $0 == "child" ? "a parent or carer" : "their \($0 == "parent" ? "child" : $0)" } ?? "a relative or carer"))"))
        return found
    }
}

extension Trace {
    /// The speaker, where the trace was written by someone other than its subject.
    public var proxy: Proxy? {
        let k = Proxy.keys
        // Most traces have no speaker at all: one look for the names they share the start of, not four.
        guard payload.hasName(startingWith: "_speaker_") else { return nil }
        guard payload[k.speakerName] != nil || payload[k.speakerPhone] != nil || payload[k.speakerEmail] != nil
                || payload[k.speakerPortalID] != nil else { return nil }
        return Proxy(speakerName: payload[k.speakerName], speakerPhone: payload[k.speakerPhone], speakerEmail: payload[k.speakerEmail],
                     speakerPortalID: payload[k.speakerPortalID], speakerDOB: payload[k.speakerDOB].flatMap(LocalDate.init(iso:)), relation: payload[k.relation], age: payload[k.age].flatMap { Int($0) },
                     sex: payload[k.sex])
    }
}

extension Trace {
    /// The subject's age as the trace states it (years; 0 a baby; -1 "a child", age not said).
    public var statedAge: Int? { payload[Proxy.keys.age].flatMap { Int($0) } }
}

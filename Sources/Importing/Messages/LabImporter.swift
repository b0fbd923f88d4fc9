public import LacunaCore

/// The labs' resend of results: HL7 v2.1 to v2.5, one or many messages a file, batches, MLLP framing
/// left in, any segment terminator, MSH-18 character sets. See `HL7TraceReader` for what each message
/// becomes.
public struct LabImporter: SourceImporter {
    public let kind = SourceKind.lab

    public init() {}

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        HL7TraceReader(kind: kind, file: file, settings: settings).read(bytes: bytes)
    }
}

/// Healthlink's resend: HL7 (REF^I12/RRI^I12 referrals, ORU results, MDM documents, ADT) and
/// HealthDocs XML envelopes, told apart by their first bytes.
public struct HealthlinkImporter: SourceImporter {
    public let kind = SourceKind.healthlink

    public init() {}

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        if HealthDocsReader.looksLikeXML(bytes) || HealthDocsReader.holdsEnvelopes(bytes) {
            return HealthDocsReader(kind: kind, file: file, settings: settings).read(bytes: bytes)
        }
        return HL7TraceReader(kind: kind, file: file, settings: settings).read(bytes: bytes)
    }
}

public import LacunaCore

/// The patient list exported from the restored practice system: one trace per patient row.
public struct RegisterImporter: SourceImporter {
    public let kind = SourceKind.register

    public init() {}

    static let synonyms: HeaderMap.Synonyms = [
        "nhi": ["NHI", "NHI Number", "NHI No", "NHINumber"],
        "family": ["Surname", "Family Name", "Last Name", "Lastname"],
        "given": ["First Name", "Given Name", "Given Names", "Given Name(s)", "Forename", "Forenames", "Firstname"],
        "preferred": ["Preferred Name", "Known As"],
        "name": ["Name", "Patient Name", "Full Name"],
        "dob": ["DOB", "Date of Birth", "Birth Date", "Birthdate"],
        "sex": ["Sex", "Gender"],
        "mobile": ["Mobile", "Cell", "Mobile Phone", "Cell Phone", "Mobile Number"],
        "phone": ["Phone", "Home Phone", "Work Phone", "Telephone", "Phone Number"],
        "email": ["Email", "E-mail", "Email Address"],
        "address": ["Address", "Street", "Street Address", "Address Line 1"],
        "suburb": ["Suburb"],
        "city": ["City", "Town"],
        "postcode": ["Postcode", "Post Code", "Postal Code"],
        "id": ["Patient ID", "Chart No", "Chart Number", "ID", "Patient No", "PatientID"],
        "provider": ["GP", "Usual Provider", "Usual GP", "Provider"],
        "sms": ["SMS Consent", "Consent to SMS", "SMS Opt In", "SMS Opt-In", "Allow SMS", "Text Consent", "SMS OK",
                "Contact by SMS", "SMS Reminders", "Text Reminders"],
    ]

    /// A consent cell read as `yes` or `no`; nil where it says neither.
    public static func consent(_ text: String?) -> String? {
        guard let word = text?.lowercased(), !word.isEmpty else { return nil }
        if ["y", "yes", "true", "1", "consented", "opt in", "opted in", "ok", "allowed"].contains(word) { return "yes" }
        if ["n", "no", "false", "0", "declined", "opt out", "opted out", "refused", "not allowed"].contains(word) { return "no" }
        return nil
    }

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        let source = CSVSource(kind: kind, file: file, synonyms: Self.synonyms, dateMeanings: ["dob"])
        // Where each meaning is, found once: the file has one header.
        var columns: [Int?]?
        return source.read(bytes: bytes, settings: settings) { row, order, keys, warnings in
            let map = row.map, record = row.record
            let places = columns ?? PatientFields.columns(of: map)
            columns = places
            let identity = PatientFields.identity(columns: places, in: record, order: order, warnings: &warnings)
            guard identity.localPatientID != nil || identity.nhi != nil || identity.nhiUnchecked != nil
                    || (identity.familyName != nil && identity.dob != nil) else {
                return .failure(RecordProblem(reason: "no patient id, NHI, or name with date of birth"))
            }
            let payload = map.payload(of: record, adding: Self.consent(map.value("sms", in: record)).map { [("_sms_consent", $0)] } ?? [])
            return .success(Trace(kind: kind, recordType: "patient", file: file, locator: record.locator, time: nil,
                                  identity: identity, provider: map.value("provider", in: record),
                                  payload: payload,
                                  contentKey: keys.key(recordType: "patient", fields: record.fields)))
        }
    }
}

import LacunaCore

/// The register's patients, indexed by what traces carry: NHI, chart number, name with DOB, phone.
struct RegisterIndex {
    private(set) var patients: [Patient] = []
    private var position: [String: Int] = [:]
    private var byNHI: [String: Int] = [:]
    private var byLocalID: [String: Int] = [:]
    private var byDOB: [LocalDate: [Int]] = [:]
    private var byPhone: [String: [Int]] = [:]
    private var byFamily: [String: [Int]] = [:]
    private var byGiven: [String: [Int]] = [:]

    subscript(index: Int) -> Patient { patients[index] }
    func index(ofPatientID id: String) -> Int? { position[id] }

    /// Adds a patient, or replaces one with the same id (a later register row wins).
    @discardableResult
    mutating func add(_ patient: Patient) -> Int {
        if let existing = position[patient.id] {
            patients[existing] = patient
            return existing
        }
        let index = patients.count
        patients.append(patient)
        position[patient.id] = index
        let i = patient.identity
        if let nhi = i.nhi { byNHI[nhi] = index }
        if let id = i.localPatientID { byLocalID[id] = index }
        if let dob = i.dob { byDOB[dob, default: []].append(index) }
        for phone in [i.mobile, i.phone].compactMap({ $0 }) { byPhone[phone, default: []].append(index) }
        for word in NameFolding.words(i.familyName ?? "") { byFamily[word, default: []].append(index) }
        for name in [i.givenName, i.preferredName].compactMap({ $0 }) {
            for word in NameFolding.words(name) { byGiven[word, default: []].append(index) }
        }
        return index
    }

    func patient(nhi: String) -> Int? { byNHI[nhi] }
    func patient(localID: String) -> Int? { byLocalID[localID] }
    func patients(dob: LocalDate) -> [Int] { byDOB[dob] ?? [] }
    func patients(phone: String) -> [Int] { byPhone[phone] ?? [] }

    /// Patients any of whose family-name words is `word` (folded).
    func patients(familyWord word: String) -> [Int] { byFamily[word] ?? [] }

    /// Patients with a family-name word starting with `prefix` (a reference cut at 12 characters).
    func patients(familyPrefix prefix: String) -> [Int] {
        Array(Set(byFamily.filter { $0.key.hasPrefix(prefix) }.flatMap(\.value))).sorted()
    }

    /// Patients whose given or preferred name can be `word` (folded), nicknames included.
    func patients(givenWord word: String) -> [Int] {
        var found: [Int] = []
        for name in Nicknames.formalNames(for: word) { found.append(contentsOf: byGiven[name] ?? []) }
        return Array(Set(found)).sorted()
    }
}

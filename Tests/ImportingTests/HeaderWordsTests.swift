import Testing
@testable import Importing
import LacunaCore

/// Headers as other practice systems and people write them: found by their words, checked by what
/// their cells hold, and said in the file's reading.
@Suite("Columns found by their header words")
struct HeaderWordsTests {
    func located(_ text: String, _ synonyms: HeaderMap.Synonyms) -> (HeaderMap, CSVDocument)? {
        let doc = CSVReader.read(Array(text.utf8))
        return HeaderMap.locate(in: doc.records, synonyms: synonyms).map { ($0, doc) }
    }

    @Test("a register in another system's words: Registered Provider, Txt Reminders, Mobile No, Birth Dt")
    func register() throws {
        let (map, doc) = try #require(located("""
            Pt Surname,Pt First,Birth Dt,Mobile No,Registered Provider,Txt Reminders
            Tipene,Jane,12/05/1980,021 555 0101,Dr Aroha Ngata,Y
            """, RegisterImporter.synonyms))
        #expect(map.value("family", in: doc.records[1]) == "Tipene")
        #expect(map.value("given", in: doc.records[1]) == "Jane")
        #expect(map.value("dob", in: doc.records[1]) == "12/05/1980")
        #expect(map.value("mobile", in: doc.records[1]) == "021 555 0101")
        #expect(map.value("provider", in: doc.records[1]) == "Dr Aroha Ngata")
        #expect(map.value("sms", in: doc.records[1]) == "Y")
        #expect(map.how["provider"] == "words")
    }

    @Test("an unread column that looks as if it mattered is said loudly, naming what it seems to hold; others quietly")
    func unreadButMeaningful() throws {
        let text = """
            Appt Date,Start Time,Patient Name,DOB,Txt Reminders,Which day were you seen,Room,Colour
            03/04/2025,09:00,Jane Doe,01/02/1980,Y,Thu,3,blue
            """
        let (map, _) = try #require(located(text, AppointmentsImporter.synonyms))
        #expect(map.unreadButMeaningful.map(\.header) == ["Txt Reminders", "Which day were you seen"])
        #expect(map.unreadButMeaningful.map(\.what) == ["a consent to texts", "a day or visit"])
        let clock = try #require(PracticeClock(timeZoneIdentifier: "Pacific/Auckland"))
        let window = Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!)
        let read = AppointmentsImporter().read(file: "book.csv", bytes: Array(text.utf8), settings: ImportSettings(clock: clock, window: window))
        let warning = try #require(read.warnings.first { $0.contains("look as if they matter") })
        #expect(warning.contains("“Txt Reminders” (a consent to texts?)") && warning.contains("`columns:`"))
        #expect(!warning.contains("Room") && !warning.contains("Colour"))
    }

    @Test("a callback sheet a receptionist made: Which day were you seen?, Provider Name, Rang at")
    func callbacks() throws {
        let (map, doc) = try #require(located("""
            Time called,Caller,Which day were you seen?,Provider Name,Contact number
            2025-03-04 09:12,Jane Tipene,Tuesday,Dr Ngata,021 555 0101
            """, CallbacksImporter.synonyms))
        #expect(map.value("received", in: doc.records[1]) == "2025-03-04 09:12")
        #expect(map.value("name", in: doc.records[1]) == "Jane Tipene")
        #expect(map.value("day", in: doc.records[1]) == "Tuesday")
        #expect(map.value("provider", in: doc.records[1]) == "Dr Ngata")
        #expect(map.value("phone", in: doc.records[1]) == "021 555 0101")
    }

    @Test("a clinician's name is never read as the patient's")
    func clinicianNotPatient() throws {
        let (map, doc) = try #require(located("""
            Doctor Surname,Patient Surname,Patient First Name,Appt Date
            Ngata,Tipene,Jane,04/03/2025
            """, AppointmentsImporter.synonyms))
        #expect(map.value("family", in: doc.records[1]) == "Tipene")
        #expect(map.value("provider", in: doc.records[1]) == "Ngata")
    }

    @Test("a column named like a date but holding none is not taken as the date")
    func shapeDecides() throws {
        let (map, doc) = try #require(located("""
            Patient Name,Birth Place,Chart No
            Jane Tipene,Rotorua,1001
            """, RegisterImporter.synonyms))
        #expect(map.value("dob", in: doc.records[1]) == nil)
        #expect(map.value("id", in: doc.records[1]) == "1001")
    }

    @Test("an NHI column under a header nobody expected is found by its values")
    func nhiByValues() throws {
        let (map, doc) = try #require(located("""
            Surname,First Name,Health Identifier
            Tipene,Jane,ZAA0067
            Ngata,Aroha,ZZZ0016
            """, RegisterImporter.synonyms))
        #expect(map.value("nhi", in: doc.records[1]) == "ZAA0067")
        #expect(map.how["nhi"] == "values")
    }

    @Test("a header repeated on every page is skipped and said, not rejected")
    func repeatedHeader() {
        let text = "Surname,First Name,DOB\nTipene,Jane,12/05/1980\nSurname,First Name,DOB\nNgata,Aroha,01/02/1975\n"
        let window = Window(from: LocalDate(year: 2025, month: 3, day: 3)!, to: LocalDate(year: 2025, month: 3, day: 7)!)
        let settings = ImportSettings(clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!, window: window)
        let result = RegisterImporter().read(file: "register.csv", bytes: Array(text.utf8), settings: settings)
        #expect(result.traces.count == 2)
        #expect(result.rejects.isEmpty)
        let reading = result.reading.joined()
        #expect(reading.contains("header repeated 1 time"))
        #expect(reading.contains("family ← “Surname” (header)"))
        #expect(!reading.contains("Tipene"))
        // Printed again in other case, spacing and brackets, it is the header still; a row that only begins alike is not.
        let again = "Surname,First Name,DOB\nTipene,Jane,12/05/1980\nSURNAME, first_name ,D.O.B. (dd/mm/yyyy)\nSurnames,First Name,DOB\n"
        let read = RegisterImporter().read(file: "register.csv", bytes: Array(again.utf8), settings: settings)
        #expect(read.reading.joined().contains("header repeated 1 time"))
        #expect(read.traces.count + read.rejects.count == 2)
    }

    @Test("a cell is its header's normal form as normalising it says: letters and digits, case, brackets, marks and letters whose lower case is ASCII")
    func normalisedAsItIsRead() {
        let pieces = ["N", "h", "i", "1", " ", "(", ")", "[", "]", "_", "é", "\u{0130}", "\u{212A}", "-"]
        var texts: [String] = [""], layer = [""]
        for _ in 1...3 {
            layer = layer.flatMap { prefix in pieces.map { prefix + $0 } }
            texts += layer
        }
        let forms = Set(texts.map(HeaderMap.normalise)).sorted() + ["nhi", "k", "i̇"]
        var wrong: [String] = []
        for text in texts {
            for form in forms where HeaderMap.normalises(text, to: form) != (HeaderMap.normalise(text) == form) { wrong.append("\(text) \(form)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, first \(wrong.prefix(5))")
    }
}

@Suite("A damaged database's or an index's patient fields, by the register's words")
struct PatientFieldsTests {
    @Test("snake_case, camelCase and prefixed names: NHI, name, date of birth, mobile and chart number")
    func names() {
        let sample = [["patient_nhi": "ZZZ0016", "patientName": "Aroha Ngata", "dateOfBirth": "1990-01-02", "cell_phone": "021 555 0101",
                       "chart_no": "P0001", "start": "2025-04-03T09:00", "status": "Completed"]]
        let fields = PatientFields(names: sample[0].keys.sorted(), sample: sample)
        let who = fields.identity(sample[0])
        #expect(who.nhi == "ZZZ0016")
        #expect(who.givenName == "Aroha" && who.familyName == "Ngata")
        #expect(who.dob?.description == "1990-01-02")
        #expect(who.mobile == "+64215550101")
        #expect(who.localPatientID == "P0001")
        // A table that names nobody gives an empty identity, not a guess.
        let none = PatientFields(names: ["start", "status"], sample: [["start": "2025-04-03", "status": "Booked"]])
        #expect(none.identity(["start": "2025-04-03", "status": "Booked"]).isEmpty)
    }

    @Test("a register row read by its meanings' places is the row read by its meanings' names: cells empty, blank, missing at the end")
    func placesAsNames() throws {
        let header = ["NHI", "Surname", "First Name", "Preferred", "DOB", "Sex", "Mobile", "Home Phone", "Email", "Address", "Suburb",
                      "City", "Postcode", "Patient ID"]
        let rows: [[String]] = [
            ["ZZZ0016", "Ngata", "Aroha", "", "02/01/1990", "F", "021 555 0101", "03 455 0101", "A@B.NZ", "1 Rata St", "Roslyn",
             "Dunedin", "9010", "P0001"],
            ["zzz0024", " Tipene ", "", "Hemi", "1990-13-45", "m", "", "(03) 455-0102", "", "", "", "Dunedin", "", "P0002"],
            ["ZZZ0017", "Smith"],   // a row cut short: the cells past its end are missing
            ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ]
        let records = ([header] + rows).enumerated().map { CSVRecord(fields: $0.element, locator: Locator(line: $0.offset + 1)) }
        let map = try #require(HeaderMap.locate(in: records, synonyms: RegisterImporter.synonyms))
        let places = PatientFields.columns(of: map)
        #expect(places.compactMap { $0 }.count == 14)
        for record in records.dropFirst() {
            var byPlace: [String] = [], byName: [String] = []
            let a = PatientFields.identity(columns: places, in: record, order: .dmy, warnings: &byPlace)
            let b = PatientFields.identity(value: { map.value($0.word, in: record) }, order: .dmy, warnings: &byName)
            #expect(a == b && byPlace == byName, "line \(record.locator.line ?? 0)")
        }
    }
    @Test("a damaged table's row read by its meanings' places is the row read as a dictionary of its fields: names in any order, a meaning the table lacks, texts empty")
    func rowByPlacesAsByDictionary() {
        let names = ["status", "patient_nhi", "chart_no", "patientName", "dateOfBirth", "cell_phone", "start", "email_address", "suburb"]
        let sample = [["patient_nhi": "ZZZ0016", "patientName": "Aroha Ngata", "dateOfBirth": "1990-01-02", "cell_phone": "021 555 0101",
                       "chart_no": "P0001", "start": "2025-04-03T09:00", "status": "Completed", "email_address": "A@B.NZ", "suburb": "Roslyn"]]
        let fields = PatientFields(names: names, sample: sample)
        let rows: [[String]] = [
            names.map { sample[0][$0] ?? "" },
            ["Booked", "zzz0024", "", "TIPENE, Hemi", "45/13/1990", "", "", "", ""],
            Array(repeating: "", count: names.count),
        ]
        for (order, reordered) in [(0, names), (1, names.reversed()), (2, names.sorted())] {
            let places = fields.places(among: reordered)
            #expect(places.compactMap { $0 }.count >= 6, "\(order)")
            for row in rows {
                let byName = Dictionary(uniqueKeysWithValues: zip(names, row))
                let texts = reordered.map { byName[$0] ?? "" }
                #expect(PatientFields.identity(at: places, in: texts) == fields.identity(byName), "\(order) \(row)")
            }
        }
    }
}

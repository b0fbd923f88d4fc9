import Foundation
import Testing
@testable import Importing
import LacunaCore

/// Settings for a two-day window in Auckland.
let testSettings = ImportSettings(
    clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
    window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!),
    providers: [Provider(code: "RS", name: "Dr Roger Smith"), Provider(code: "AN", name: "Dr Aroha Ngata")])

@Suite("Importers: every record imported or rejected, never lost")
struct ImporterTests {
    @Test("register: synonyms, normalised identity, rejects with locators, counts that add up")
    func register() throws {
        let text = """
        Chart No;NHI;Family Name;Given Names;Known As;Birth Date;Sex;Cell;Home Phone;E-mail;Street;Suburb;Town;Post Code;Usual GP
        P1;zzz00ac;Tipene;Jane;;12/05/1980;F;021 123 4567;(09) 555 1234;Jane@Example.co.nz;1 Rata St;Mt Eden;Auckland;1024;RS
        P2;JBX3657;Smith;Robert;Bob;31/12/1950;Male;;;;;;;;AN
        ;;;;;;;;;;;;;;
        ;;;Nobody;;;;;;;;;;;
        P3;ZBC00AU;Ngata;Tāmati;;01/02/2003;M;027 555 1234;;;;;;;RS
        """
        let result = RegisterImporter().read(file: "register.csv", bytes: Array(text.utf8), settings: testSettings)
        #expect(result.read == 4)
        #expect(result.traces.count == 3)
        let jane = result.traces[0].identity
        #expect(jane.nhi == "ZZZ00AC")
        #expect(jane.mobile == "+64211234567")
        #expect(jane.phone == "+6495551234")
        #expect(jane.dob?.description == "1980-05-12")
        #expect(jane.email == "jane@example.co.nz")
        #expect(result.traces[0].provider == "RS")
        #expect(result.traces[1].identity.nhi == nil)
        #expect(result.traces[1].identity.nhiUnchecked == "JBX3657")
        #expect(result.traces[1].identity.preferredName == "Bob")
        #expect(result.traces[2].identity.nhi == "ZBC00AU")
        #expect(result.warnings.contains { $0.contains("mod-24") })
        #expect(result.rejects.map { $0.locator.line } == [5])
        #expect(!result.rejects[0].reason.contains("Nobody"))
    }

    @Test("appointments: statuses, 12-hour times, Windows-1252, day-first dates converted through the clock")
    func appointments() throws {
        let text = "Appt Date,Start Time,Practitioner,Patient ID,Patient Name,DOB,Status,Booked On\r\n"
            + "3/04/2025,9:15 am,RS,P1,\"TIPENE, Jane\",12/05/1980,Booked,20/03/2025\r\n"
            + "13/04/2025,2:30 pm,RS,P2,\"SMITH, Robert\",31/12/1950,DNA,20/03/2025\r\n"
            + "soon,2:30 pm,RS,P2,\"SMITH, Robert\",31/12/1950,Booked,20/03/2025\r\n"
        let result = AppointmentsImporter().read(file: "appointments.csv", bytes: Formats1252.encode(text), settings: testSettings)
        #expect(result.encoding == .windows1252 || result.encoding == .utf8)
        #expect(result.traces.count == 2)
        #expect(result.rejects.map { $0.locator.line } == [4])
        let booking = result.traces[0]
        #expect(booking.identity.familyName == "TIPENE")
        #expect(booking.identity.givenName == "Jane")
        #expect(booking.payload["_status"] == "booked")
        #expect(booking.payload["_booked_on"] == "2025-03-20")
        #expect(booking.time?.instant?.isoUTC == "2025-04-02T20:15:00Z")
        #expect(result.traces[1].payload["_status"] == "dna")
        // Statuses as books write them, common ones (looked up) and others (read by their words) alike.
        let statuses = ["Completed": "completed", "ARRIVED": "arrived", "Did Not Attend": "dna", "no show": "dna", "NoShow": "dna",
                        "FTA": "dna", "Canceled": "cancelled", "Cancelled by patient": "cancelled", "Seen": "completed",
                        "Patient arrived": "arrived", "With Doctor": "arrived", "Confirmed (SMS)": "confirmed", "Scheduled": "booked",
                        "Pending": "booked", "Departed": "completed", " booked ": "booked", "Tentative": "unknown", "": "unknown",
                        "NULL": "unknown", "Arrivée": "arrived"]
        for (written, status) in statuses { #expect(AppointmentsImporter.normaliseStatus(written) == status, "\(written)") }
        #expect(AppointmentsImporter.normaliseStatus(nil) == "unknown")
    }

    @Test("a name cell is a placeholder, with the same name beside the marker, whether its bytes are read first or its words: every cell of up to three of markers, names, punctuation, symbols, tabs and letters beyond ASCII")
    func placeholderFromBytes() {
        let pieces = ["New", "*NEW*", "(new)", "PT", "Pat", "Patel", "in", "IN,", "Walk-in", "Aroha", "Ngata", "TBA", "tbc?", "<UNK>",
                      "Enrolment", ",", " ", "\t", "Xx", "ZZ", "booking", "Temp.", "Mere-Te", "Ōtaki", "$new$", "`np`", "Walkin~"]
        var cells: [String] = [], layer = [""]
        for _ in 0..<3 {
            layer = layer.flatMap { prefix in pieces.map { prefix + $0 } }
            cells += layer
        }
        let wrong = cells.filter { cell in
            let fast = BookingPlaceholder.placeholder(cell), slow = BookingPlaceholder.placeholderByWords(cell)
            return fast?.isPlaceholder != slow?.isPlaceholder || fast?.rest != slow?.rest
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        // Most cells are names, found to be no placeholder from their bytes.
        #expect(BookingPlaceholder.namesNoPlaceholderWord("TIPENE, Aroha"))
        #expect(!BookingPlaceholder.namesNoPlaceholderWord("*NEW* Aroha Ngata"))
        #expect(BookingPlaceholder.placeholder("*NEW* Aroha Ngata")?.rest == "Aroha Ngata")
    }

    @Test("a placeholder booking for a new patient: who and the number come from the notes, never the word NEW")
    func placeholderBookings() throws {
        let text = "Date,Time,Provider,Patient ID,Patient,Reason,Status\n"
            + "3/04/2025,09:15,RS,,NEW PATIENT,Aroha Ngata 021 555 1234,Booked\n"
            + "3/04/2025,09:30,RS,NEW,(NEW),sore throat - new pt ph (027) 555-9876,Booked\n"
            + "3/04/2025,09:45,RS,0,*NEW* Mere Te Whata,\"rash, mob +64 22 555 4321\",Booked\n"
            + "3/04/2025,10:00,RS,,\"New, Patient\",Flu vax,Booked\n"
            + "3/04/2025,10:15,RS,P9,\"NEW, Sarah\",knee,Booked\n"
        let result = AppointmentsImporter().read(file: "appointments.csv", bytes: Array(text.utf8), settings: testSettings)
        #expect(result.traces.count == 4)
        let first = result.traces[0].identity
        #expect(first.givenName == "Aroha" && first.familyName == "Ngata" && first.mobile == "+64215551234")
        #expect(first.localPatientID == nil)
        #expect(result.traces[0].payload["_placeholder"] != nil)
        let second = result.traces[1].identity
        #expect(second.familyName == nil && second.givenName == nil && second.mobile == "+64275559876")
        let third = result.traces[2].identity
        #expect(third.givenName == "Mere" && third.familyName == "Te Whata" && third.mobile == "+64225554321")
        // Nothing said of who it is: a reject that says why, not a patient called New.
        #expect(result.rejects.map { $0.locator.line } == [5])
        #expect(result.rejects.first?.reason.contains("placeholder") == true)
        // A chart number: Sarah New is a patient, not a placeholder.
        #expect(result.traces[3].identity.familyName == "NEW" && result.traces[3].payload["_placeholder"] == nil)
    }

    @Test("phone numbers written in notes")
    func phonesInNotes() {
        #expect(PhoneNumber.all(in: "new pt ph 021 555 1234 10am").map(\.e164) == ["+64215551234"])
        #expect(PhoneNumber.all(in: "mob: (027) 555-9876 or home 09 555 4321").map(\.e164) == ["+64275559876", "+6495554321"])
        #expect(PhoneNumber.all(in: "seen 3/4/2025 re 12 items").isEmpty)
        #expect(BookingPlaceholder.person(in: "Sore throat - Aroha 021 555 1234").name == "Aroha")
        #expect(BookingPlaceholder.placeholder("Tipene, Jane") == nil)
    }

    @Test("the same rows read twice get the same content keys; identical rows in one file do not")
    func contentKeys() {
        let text = "Date,Patient,Amount\n03/04/2025,Jane Tipene,45.00\n03/04/2025,Jane Tipene,45.00\n"
        let first = LedgerImporter().read(file: "a.csv", bytes: Array(text.utf8), settings: testSettings)
        let second = LedgerImporter().read(file: "b.csv", bytes: Array(text.utf8), settings: testSettings)
        #expect(first.traces.map(\.contentKey) == second.traces.map(\.contentKey))
        #expect(Set(first.traces.map(\.contentKey)).count == 2)
    }

    @Test("a content key is the SHA-256 of kind, record type and fields without the spaces at their ends, U+001F between, then how many times the file has had it")
    func contentKeyFormula() {
        // Keys a case already holds must not change: these two written out.
        var keys = ContentKeys(kind: .ledger)
        #expect(keys.key(recordType: "payment", fields: [" 45.00\t", "Jane\u{A0}", ""]) == "baa2ac169bc5c4fd7098e16e2bfb8be3d17161205fc6097f6699ae89fd2faedf#1")
        #expect(keys.key(recordType: "payment", fields: ["45.00", "Jane", " "]) == "baa2ac169bc5c4fd7098e16e2bfb8be3d17161205fc6097f6699ae89fd2faedf#2")
        #expect(keys.key(recordType: "payment", fields: ["45.00", "Tāmati", ""]) == "9bc840b4d87c45e79e4fdbf9abcda1ee5e9dda2ffc6acc6f0253e5ebe442607f#1")
        // Records drawn from a few fields, many met more than once (past nine, ten and a hundred times).
        let pool = ["", " ", "45.00", " 45.00", "Tipene", "Tipene ", "Ngā\u{A0}", "P000123", "🙂", "a\u{1F}b"]
        var generator = SeededRandom(seed: 5)
        var counts: [String: Int] = [:]
        var wrong = 0
        var bank = ContentKeys(kind: .bank)
        // Room made for the file's records (fewer than it has: the rest grow it) gives the same keys.
        var roomy = ContentKeys(kind: .bank, records: 500)
        for _ in 0..<3_000 {
            let fields = (0..<Int(generator.next() % 3)).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }
            let digest = SHA256.hex(joining: ["bank", "line"] + fields.map { $0.trimmingSpaces() }, separator: "\u{1F}")
            counts[digest, default: 0] += 1
            if bank.key(recordType: "line", fields: fields) != "\(digest)#\(counts[digest]!)" { wrong += 1 }
            if roomy.key(recordType: "line", fields: fields) != "\(digest)#\(counts[digest]!)" { wrong += 1 }
        }
        #expect(wrong == 0 && counts.values.contains { $0 > 100 })
    }

    @Test("an empty file reads nothing and says so; a file without a known header rejects every row")
    func emptyAndHeaderless() {
        let empty = RegisterImporter().read(file: "empty.csv", bytes: [], settings: testSettings)
        #expect(empty.read == 0)
        #expect(empty.warnings.contains { $0.contains("empty") })
        let headerless = RegisterImporter().read(file: "x.csv", bytes: Array("a,b\n1,2\n3,4\n".utf8), settings: testSettings)
        #expect(headerless.read == 3)
        #expect(headerless.rejects.count == 3)
        #expect(headerless.rejects[0].reason.contains("columns:"))
    }

    @Test("callbacks: the day in the caller's words is kept for inference")
    func callbacks() throws {
        let text = "Received,Name,Phone,DOB,Day Seen,Notes\n8/04/2025 10:15,Bob Smith,021 123 4567,,Thurs 3/4,wants a call\n,,,,,\n"
        let result = CallbacksImporter().read(file: "callbacks.csv", bytes: Array(text.utf8), settings: testSettings)
        #expect(result.traces.count == 1)
        #expect(result.rejects.isEmpty)
        let trace = try #require(result.traces.first)
        #expect(trace.identity.mobile == "+64211234567")
        #expect(trace.identity.givenName == "Bob")
        #expect(trace.payload["_day_seen"] == "Thurs 3/4")
        #expect(trace.time?.localDate.description == "2025-04-08")
    }
}

/// Windows-1252 bytes for tests (macrons become plain letters, as real exports do).
enum Formats1252 {
    static func encode(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { $0.value < 0x100 ? UInt8($0.value) : 0x3F }
    }
}

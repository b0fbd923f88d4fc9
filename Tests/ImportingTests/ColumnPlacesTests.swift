import Testing
@testable import Importing
import LacunaCore

/// An importer that finds where its meanings stand once a file (`CSVSource`'s columns) reads each from
/// the column its header names, whatever order a practice's export puts the columns in.
@Suite("Column places: every meaning read from the column its header names, in any order")
struct ColumnPlacesTests {
    /// The cells in an order drawn from `random`: each cell with its header, moved together.
    static func shuffled(_ cells: [(header: String, value: String)], _ random: inout SeededRandom) -> String {
        var cells = cells
        for i in stride(from: cells.count - 1, to: 0, by: -1) { cells.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        return cells.map(\.header).joined(separator: ",") + "\n" + cells.map(\.value).joined(separator: ",") + "\n"
    }

    @Test("ledger: date, time, chart number, name, NHI, invoice, amount, method, card and provider, in twenty orders")
    func ledger() throws {
        let cells = [("Date", "03/04/2025"), ("Time", "10:15"), ("Patient ID", "P0042"), ("Patient", "Jane Tipene"),
                     ("NHI", "ZZZ00AC"), ("Invoice", "INV-77"), ("Amount", "45.00"), ("Method", "EFTPOS"),
                     ("Card Last4", "4242"), ("Provider", "RS")]
        var random = SeededRandom(seed: 20)
        for _ in 0..<20 {
            let text = Self.shuffled(cells, &random)
            let result = LedgerImporter().read(file: "ledger.csv", bytes: Array(text.utf8), settings: testSettings)
            let trace = try #require(result.traces.first, "\(text)")
            #expect(trace.recordType == "invoice")
            #expect(trace.time?.localDate.description == "2025-04-03" && trace.time?.localTime?.description.hasPrefix("10:15") == true, "\(text)")
            #expect(trace.identity.localPatientID == "P0042" && trace.identity.nhi == "ZZZ00AC", "\(text)")
            #expect(trace.identity.givenName == "Jane" && trace.identity.familyName == "Tipene", "\(text)")
            #expect(trace.identity.cardLast4 == "4242" && trace.provider == "RS", "\(text)")
            #expect(trace.payload["_invoice"] == "INV-77" && trace.payload["_amount"] == "45.00" && trace.payload["_method"] == "eftpos", "\(text)")
        }
    }

    @Test("appointments: every meaning of a booking, the date and time apart or together, the name whole or in halves, in twenty orders each")
    func appointments() throws {
        let shared = [("Provider", "RS"), ("Patient ID", "P0042"), ("NHI", "ZZZ00AC"), ("DOB", "12/05/1980"), ("Mobile", "021 123 4567"),
                      ("Duration", "15"), ("Appointment Type", "Standard"), ("Reason", "Sore throat"), ("Status", "Completed"),
                      ("Booked On", "01/04/2025")]
        let apart = [("Appt Date", "03/04/2025"), ("Start Time", "10:15"), ("Surname", "Tipene"), ("First Name", "Jane")]
        let together = [("Start Date Time", "03/04/2025 10:15"), ("Patient Name", "Jane Tipene")]
        var random = SeededRandom(seed: 21)
        for cells in [shared + apart, shared + together] {
            for _ in 0..<20 {
                let text = Self.shuffled(cells, &random)
                let result = AppointmentsImporter().read(file: "appointments.csv", bytes: Array(text.utf8), settings: testSettings)
                let trace = try #require(result.traces.first, "\(text)")
                #expect(trace.time?.localDate.description == "2025-04-03" && trace.time?.localTime?.description.hasPrefix("10:15") == true, "\(text)")
                #expect(trace.identity.localPatientID == "P0042" && trace.identity.nhi == "ZZZ00AC", "\(text)")
                #expect(trace.identity.givenName == "Jane" && trace.identity.familyName == "Tipene", "\(text)")
                #expect(trace.identity.dob?.description == "1980-05-12" && trace.identity.mobile == "+64211234567", "\(text)")
                #expect(trace.provider == "RS", "\(text)")
                #expect(trace.payload["_status"] == "completed" && trace.payload["_duration"] == "15", "\(text)")
                #expect(trace.payload["_type"] == "Standard" && trace.payload["_reason"] == "Sore throat", "\(text)")
                #expect(trace.payload["_booked_on"] == "2025-04-01", "\(text)")
            }
        }
    }
}

import Testing
import LacunaCore
@testable import Linkage

/// A bank reference cut short finds the patient whose ledger invoices alone start so. The invoices
/// are kept in order and found by halving; what that finds must be what reading every invoice with
/// `hasPrefix` finds, for any digits a ledger writes (Arabic-Indic digits, fractions, a digit with a
/// mark on it) and any prefix.
@Suite("Ledger invoices found by the start of their digits")
struct InvoicesByDigitsTests {
    /// What reading every invoice finds: the one patient of all those whose digits start so.
    static func read(_ owners: [String: Int], _ prefix: String) -> Int? {
        let patients = Set(owners.filter { $0.key.hasPrefix(prefix) }.values)
        return patients.count == 1 ? patients.first : nil
    }

    @Test("the patient reading every invoice finds, for invoices and prefixes of 1 0 9 ٣ ½ and 1 with an accent")
    func sameAsReadingEvery() {
        var generator = SeededRandom(seed: 20)
        let characters = ["1", "0", "9", "\u{663}", "\u{BD}", "1\u{301}"]
        func written(_ most: Int, ascii: Bool) -> String {
            (0..<Int(generator.next() % UInt64(most + 1))).map { _ in
                characters[Int(generator.next() % UInt64(ascii ? 3 : characters.count))]
            }.joined()
        }
        var compared = 0
        for round in 0..<300 {
            let ascii = round % 3 != 0
            var owners: [String: Int] = [:]
            for _ in 0..<Int(generator.next() % 40) { owners[written(6, ascii: ascii)] = Int(generator.next() % 4) }
            let invoices = InvoicesByDigits(owners)
            var prefixes = Set(owners.keys.flatMap { key in (0...key.count).map { String(key.prefix($0)) } })
            for _ in 0..<20 { prefixes.insert(written(4, ascii: round % 2 == 0)) }
            for prefix in prefixes {
                #expect(invoices.onlyPatient(withInvoicesStarting: prefix) == Self.read(owners, prefix),
                        "\(owners.sorted { $0.key < $1.key }) starting \(prefix.unicodeScalars.map { $0.value })")
                compared += 1
            }
        }
        #expect(compared > 5_000)
    }

    @Test("two patients' invoices start alike: neither; one patient's several invoices: that patient")
    func onePatientOnly() {
        let invoices = InvoicesByDigits(["100234": 6, "100239": 1, "100311": 1, "2003": 6])
        #expect(invoices.onlyPatient(withInvoicesStarting: "10023") == nil)
        #expect(invoices.onlyPatient(withInvoicesStarting: "1003") == 1)
        #expect(invoices.onlyPatient(withInvoicesStarting: "100311") == 1)
        #expect(invoices.onlyPatient(withInvoicesStarting: "2") == 6)
        #expect(invoices.onlyPatient(withInvoicesStarting: "3") == nil)
        #expect(InvoicesByDigits([:]).onlyPatient(withInvoicesStarting: "1") == nil)
    }
}

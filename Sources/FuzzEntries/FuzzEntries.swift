import Foundation
import HL7
import Importing
import LacunaCore
import Recovery

/// What each fuzz target does with one input (`Fuzz/`, `make fuzz`), shared with the test that replays
/// the committed corpus (`FuzzCorpusTests`), so a crash the fuzzer found stays found. Each entry reads
/// the input as the run would and checks what must hold whatever the input: nothing traps, and every
/// record is a trace or a reject.
public enum FuzzEntries {
    /// The targets, by name: the name of their folder under `Fuzz/corpus/`.
    public static let targets: [String: @Sendable ([UInt8]) -> Void] = [
        "hl7": hl7, "csv": csv, "json": json, "xml": xml, "playbook": playbook,
    ]

    static let settings = ImportSettings(
        clock: PracticeClock(timeZoneIdentifier: "Pacific/Auckland")!,
        window: Window(from: LocalDate(year: 2025, month: 4, day: 3)!, to: LocalDate(year: 2025, month: 4, day: 4)!),
        providers: [Provider(code: "RS", name: "Dr Roger Smith")])

    static func read(_ importer: any SourceImporter, _ bytes: [UInt8]) {
        let result = importer.read(file: "fuzz", bytes: bytes, settings: settings)
        precondition(result.read == result.traces.count + result.rejects.count)
    }

    /// The HL7 scanner is lossless (its units give back every byte); every message renders and answers
    /// paths; the lab and Healthlink importers read it.
    public static func hl7(_ bytes: [UInt8]) {
        let parsed = HL7.parse(bytes)
        precondition(parsed.units.flatMap { Array($0.bytes) } == bytes, "the HL7 scanner lost or added bytes")
        for unit in parsed.units {
            guard case .message(let message) = unit else { continue }
            _ = HL7Tree.render(message)
            _ = message.value(at: "PID-3(*)")
            _ = message.value(at: "OBX[2]-5.1")
        }
        read(LabImporter(), bytes)
        read(HealthlinkImporter(), bytes)
    }

    static let tabular: [any SourceImporter] = [RegisterImporter(), AppointmentsImporter(), LedgerImporter(), CallbacksImporter(),
                                                BankImporter(), EftposImporter(), RememberedImporter()]

    /// The CSV reader, then one CSV kind chosen by the input's first byte (so the fuzzer learns each
    /// kind's header words, dates, amounts and names), reading the rest.
    public static func csv(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        _ = CSVReader.read(rest)
        read(tabular[Int(first) % tabular.count], rest)
    }

    /// Portal JSON, NDJSON and wrapped exports (the input is taken as JSON whatever its first byte).
    public static func json(_ bytes: [UInt8]) {
        read(PortalImporter(), bytes.first == UInt8(ascii: "[") || bytes.first == UInt8(ascii: "{") ? bytes : [UInt8(ascii: "[")] + bytes)
    }

    /// HealthDocs envelopes and Windcave XML responses (the input is taken as XML whatever its first byte).
    public static func xml(_ bytes: [UInt8]) {
        let xml = bytes.first == UInt8(ascii: "<") ? bytes : [UInt8(ascii: "<")] + bytes
        read(HealthlinkImporter(), xml)
        read(EftposImporter(), xml)
    }

    /// A playbook: an error with a place, or a playbook; never a trap.
    public static func playbook(_ bytes: [UInt8]) {
        do {
            _ = try Playbook.read(Data(bytes), from: URL(fileURLWithPath: "/fuzz/playbook.yml"))
        } catch {
            _ = error.description
        }
    }
}

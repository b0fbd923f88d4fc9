import Foundation
import Testing
@testable import HL7

/// The public samples in ../shared/samples/hl7 (skipped, saying so, where that folder is absent).
private let samples: URL? = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    let folder = url.appendingPathComponent("shared/samples/hl7")
    return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
}()

private func files(bad: Bool) -> [URL] {
    guard let samples else { return [] }
    let walker = FileManager.default.enumerator(at: samples, includingPropertiesForKeys: [.isRegularFileKey])!
    return walker.compactMap { $0 as? URL }
        .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        .filter { $0.path.contains("/bad/") == bad }
        .sorted { $0.path < $1.path }
}

private func read(_ url: URL) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: url.path)!) }

@Suite("HL7 public samples")
struct SampleFileTests {
    @Test("good samples parse into messages with ids and round-trip byte for byte")
    func goodSamples() throws {
        let good = files(bad: false)
        if samples == nil { print("skipped: ../shared/samples/hl7 is absent"); return }
        #expect(good.count >= 19)
        for url in good {
            let input = read(url)
            let parsed = HL7.parse(input)
            let messages = HL7.messages(input)
            #expect(!messages.isEmpty, "\(url.lastPathComponent)")
            #expect(parsed.units.flatMap { Array($0.bytes) } == input, "\(url.lastPathComponent) round trip")
            for m in messages {
                #expect(!m.messageType.isEmpty, "\(url.lastPathComponent) message \(m.number) has a type")
                #expect(m.segments.count > 1, "\(url.lastPathComponent) message \(m.number)")
            }
            #expect(parsed.diagnostics.isEmpty, "\(url.lastPathComponent): \(parsed.diagnostics)")
        }
    }

    @Test("sample quirks: batches, counts, escapes, MSH-18, Z-segments, base64")
    func quirks() throws {
        guard let samples else { print("skipped: ../shared/samples/hl7 is absent"); return }
        func messages(_ name: String) -> [HL7Message] { HL7.messages(read(samples.appendingPathComponent(name))) }
        #expect(messages("au_qld_superlis_80msgs_v231_lf.dat").count == 80)
        #expect(messages("au_vic_vinah_fhs_bhs_2batches_v25.hl7").count == 3)
        #expect(messages("multi_oml_o21_oul_r22_v251_cr.hl7").count == 13)
        let olis = messages("ca_olis_erp_r09_v231_8859-1_zsegs_lf.hl7")[0]
        #expect(olis.encoding == .latin1)
        #expect(olis.segments.contains { $0.name.hasPrefix("Z") })
        let hex = messages("mdm_t02_v231_hex_escapes_X0D_X0A.hl7")[0]
        #expect(hex.value(at: "OBX-5")?.contains("September,\r\nApril") == true || hex.value(at: "OBX-5")?.contains("\r") == true)
        let pdf = messages("oru_r01_v251_obx_ed_base64_pdf_x20.hl7")[0]
        let data = pdf.segments("OBX").compactMap { $0.field(5).encapsulatedData }.first
        #expect((data?.count ?? 0) > 5_000)
        let custom = messages("adt_a24_v24_custom_delimiters_caret_field_sep.hl7")[0]
        #expect(custom.delimiters.field == UInt8(ascii: "^"))
        #expect(custom.value(at: "PID-5.1") == "SMITH")
        let bom = messages("oru_r01_v25_lf_utf8bom.hl7")[0]
        #expect(bom.messageType.hasPrefix("ORU"))
    }

    @Test("bad samples give diagnostics and never crash or hang")
    func badSamples() {
        let bad = files(bad: true)
        if samples == nil { print("skipped: ../shared/samples/hl7 is absent"); return }
        #expect(bad.count >= 30)
        for url in bad {
            let input = read(url)
            let parsed = HL7.parse(input)
            let messages = HL7.messages(input)
            let diagnosed = !parsed.diagnostics.isEmpty || messages.isEmpty || messages.contains { !$0.diagnostics.isEmpty }
            #expect(diagnosed, "\(url.lastPathComponent) gave no diagnostic")
            #expect(parsed.units.flatMap { Array($0.bytes) } == input, "\(url.lastPathComponent) round trip")
            for m in messages { _ = HL7Tree.render(m) }
        }
    }

    @Test("mutations (truncate, flip bytes, drop separators, repeat segments) never crash and keep every byte")
    func mutations() {
        let all = files(bad: false) + files(bad: true)
        if samples == nil { print("skipped: ../shared/samples/hl7 is absent"); return }
        var random = Mutator(seed: 2026)
        var checked = 0
        for url in all {
            let original = read(url).prefix(20_000)
            for round in 0..<12 {
                let mutated = random.mutate(Array(original), kind: round % 4)
                let parsed = HL7.parse(mutated)
                #expect(parsed.units.flatMap { Array($0.bytes) } == mutated, "\(url.lastPathComponent) mutation \(round)")
                for unit in parsed.units {
                    guard case .message(let m) = unit else { continue }
                    _ = HL7Tree.render(m)
                    _ = m.value(at: "PID-3(*)")
                    _ = m.value(at: "OBX[2]-5.1")
                }
                // The streaming reader agrees with the whole-file parse.
                checked += 1
            }
        }
        #expect(checked > 300)
    }

    @Test("the streaming reader gives the same messages as a whole-file parse, whatever the chunk size")
    func streaming() throws {
        guard let samples else { print("skipped: ../shared/samples/hl7 is absent"); return }
        let url = samples.appendingPathComponent("au_qld_superlis_80msgs_v231_lf.dat")
        let whole = HL7.messages(read(url)).map { Array($0.bytes) }
        for size in [512, 4096, 1 << 20] {
            var streamed: [[UInt8]] = []
            var all: [UInt8] = []
            try HL7FileReader(path: url.path, chunkSize: size).forEachUnit { unit in
                all += unit.bytes
                if case .message(let m) = unit { streamed.append(Array(m.bytes)) }
            }
            #expect(streamed == whole)
            #expect(all == read(url))
        }
    }
}

/// Deterministic damage: truncation, flipped bytes, dropped separators, repeated segments.
struct Mutator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    mutating func mutate(_ input: [UInt8], kind: Int) -> [UInt8] {
        guard !input.isEmpty else { return input }
        var b = input
        switch kind {
        case 0:
            b = Array(b.prefix(int(b.count)))
        case 1:
            for _ in 0..<(1 + int(8)) { b[int(b.count)] ^= UInt8(truncatingIfNeeded: 1 << int(8)) }
        case 2:
            let separators: Set<UInt8> = [0x7C, 0x5E, 0x7E, 0x5C, 0x26, 0x0D, 0x0A]
            b = b.filter { !separators.contains($0) || int(4) != 0 }
        default:
            let lines = b.split(separator: 0x0D, omittingEmptySubsequences: false)
            guard lines.count > 1 else { return b + b }
            let k = int(lines.count)
            var out: [ArraySlice<UInt8>] = Array(lines)
            out.insert(contentsOf: repeatElement(lines[k], count: 1 + int(50)), at: k)
            b = Array(out.joined(separator: [0x0D]))
        }
        return b
    }
}

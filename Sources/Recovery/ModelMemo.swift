import LacunaCore
import Linkage

/// The model the last training gave, as the case keeps it (`model_memo`): the program that trained it
/// and the parameters, bit for bit. A run of another build does not take it back (training may differ
/// between builds); a run of the same build linking the same patients and identities does
/// (`KeptModel`), sparing the training, which is a quarter of a run after a new file.
enum ModelMemo {
    /// The first bytes of a memo; a memo written another way is not read back (the case trains again).
    static let format = "lacuna model memo 1"

    static func encoded(_ parameters: FellegiSunterParameters) -> [UInt8] {
        var out = ByteRunWriter()
        out.text(format)
        out.text(RunInputs.program)
        out.decimal(parameters.lambda)
        for table in [parameters.m, parameters.u] {
            out.count(table.count)
            for levels in table {
                out.count(levels.count)
                for p in levels { out.decimal(p) }
            }
        }
        return out.bytes
    }

    /// The model kept under `fingerprint`, where this program wrote it and it reads whole; else nil.
    static func kept(fingerprint: String, body: [UInt8]) -> KeptModel? {
        var input = ByteRunReader(body)
        do {
            guard try input.text() == format, try input.text() == RunInputs.program else { return nil }
            let lambda = try input.decimal()
            var tables: [[[Double]]] = []
            for _ in 0..<2 {
                var table: [[Double]] = []
                for _ in 0..<(try input.count()) {
                    var levels: [Double] = []
                    for _ in 0..<(try input.count()) { levels.append(try input.decimal()) }
                    table.append(levels)
                }
                tables.append(table)
            }
            guard input.atEnd else { return nil }
            return KeptModel(trainedOn: fingerprint, parameters: FellegiSunterParameters(lambda: lambda, m: tables[0], u: tables[1]))
        } catch {
            return nil
        }
    }
}

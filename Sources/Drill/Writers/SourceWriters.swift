import LacunaCore

/// Writes every source kind of CONTRACT, the playbook and the truth.
enum SourceWriters {
    static func writeAll(_ world: PracticeWorld, variety: ExportVariety, to output: inout DrillOutput, random: inout DrillRandom) {
        var r = random.fork(11)
        PracticeFilesWriter.register(world, &output, &r, style: variety.register)
        r = random.fork(12)
        PracticeFilesWriter.appointments(world, &output, &r, style: variety.appointments)
        r = random.fork(13)
        PracticeFilesWriter.ledger(world, &output, style: variety.ledger)
        r = random.fork(14)
        BankWriter.write(world, &output, &r, variety: variety)
        r = random.fork(15)
        EftposWriter.write(world, &output, &r, variety: variety)
        r = random.fork(16)
        LabWriter.write(world, &output, &r)
        r = random.fork(17)
        HealthlinkWriter.write(world, &output, &r)
        r = random.fork(18)
        PortalWriter.write(world, &output, &r)
        r = random.fork(19)
        SearchIndexWriter.write(world, &output)
        r = random.fork(21)
        RemnantWriter.write(world, &output, &r)
        r = random.fork(20)
        ListsWriter.remembered(world, &output)
        ListsWriter.callbacks(world, &output, &r, style: variety.callbacks)
        TruthWriter.write(world, &output)
        PlaybookWriter.write(world, variety: variety, files: output.paths, &output)
    }
}

/// The playbook that runs the drill's sources.
enum PlaybookWriter {
    static func write(_ world: PracticeWorld, variety: ExportVariety, files: [String], _ output: inout DrillOutput) {
        func path(_ stem: String) -> String { files.first { $0.hasPrefix("sources/\(stem).") } ?? "sources/\(stem).csv" }
        var text = """
        lacuna: 1
        case: Drill - lost \(world.window.from) to \(world.window.to)
        practice: { name: \(world.practiceName), timezone: Pacific/Auckland, country: NZ }
        window: { from: \(world.window.from), to: \(world.window.to) }
        providers:

        """
        for p in world.providers { text += "  - { code: \(p.code), name: \(p.name) }\n" }
        text += """
        sources:
          - { kind: register,     path: \(path("register")) }
          - { kind: appointments, path: \(path("appointments")) }
          - { kind: ledger,       path: \(path("ledger")) }
          - { kind: bank,         path: sources/bank/ }
          - { kind: eftpos,       path: sources/eftpos/ }
          - { kind: lab,          path: sources/lab/ }
          - { kind: healthlink,   path: sources/healthlink/ }
          - { kind: portal,       path: sources/portal/ }
          - { kind: search-index, path: sources/index/ }
          - { kind: db-remnant,   path: sources/pms-damaged.sqlite }
          - { kind: remembered,   path: sources/remembered.txt }
          - { kind: callbacks,    path: \(path("callbacks")) }
        output: out

        """
        output.add("playbook.yml", utf8: text)
    }
}

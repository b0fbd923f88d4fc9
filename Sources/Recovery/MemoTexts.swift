import LacunaCore

/// A patient as the memo names them after its list of patients: their place in it, written as a
/// count; an id the list does not hold (none the linker gives) as the list's length and the id itself.
struct PatientPlaces {
    private var places: [TextKey: Int] = [:]
    private let count: Int

    init(_ patients: [Patient]) {
        count = patients.count
        places.reserveCapacity(patients.count)
        // The first of two patients with one id (the linker gives none twice) names it.
        for (place, patient) in patients.enumerated() where places[TextKey(patient.id)] == nil { places[TextKey(patient.id)] = place }
    }

    func write(_ id: String, into out: inout ByteRunWriter) {
        if let place = places[TextKey(id)] {
            out.count(place)
        } else {
            out.count(count)
            out.text(id)
        }
    }

    /// The id `write` wrote, `ids` the patients' ids in the list's order.
    static func read(from input: inout ByteRunReader, ids: [String]) throws(ByteRunError) -> String {
        let place = try input.count()
        if place < ids.count { return ids[place] }
        guard place == ids.count else { throw ByteRunError(offset: input.offset) }
        return try input.text()
    }
}

/// Texts a memo writes again and again (a link's rule, an unmatched trace's reason: a few dozen
/// texts for hundreds of thousands of links), each written once: every text as a number, in the order
/// texts are first met, a new one followed by its text. Read back, each is one text shared by the
/// links that name it.
enum MemoTexts {
    struct Writer {
        private var numbers: [TextKey: Int] = [:]

        mutating func write(_ text: String, into out: inout ByteRunWriter) {
            if let number = numbers[TextKey(text)] {
                out.count(number)
                return
            }
            out.count(numbers.count)
            out.text(text)
            numbers[TextKey(text)] = numbers.count
        }
    }

    struct Reader {
        private var texts: [String] = []

        mutating func read(from input: inout ByteRunReader) throws(ByteRunError) -> String {
            let number = try input.count()
            if number < texts.count { return texts[number] }
            guard number == texts.count else { throw ByteRunError(offset: input.offset) }
            let text = try input.text()
            texts.append(text)
            return text
        }
    }
}

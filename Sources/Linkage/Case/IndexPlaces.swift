/// The patients one key of the register's index holds, by their place in it, in the order they were
/// added. Most keys (a phone, an address, an email, a family name with an initial) are one patient's:
/// that one is held as it is, not in an array of its own (a register's index made some ten arrays a
/// patient, and freed them, on every run).
enum IndexPlaces: RandomAccessCollection, Sendable {
    case none
    case one(Int)
    case many([Int])

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch self {
        case .none: return 0
        case .one: return 1
        case .many(let list): return list.count
        }
    }

    subscript(position: Int) -> Int {
        switch self {
        case .none: preconditionFailure("no patient at \(position)")
        case .one(let patient):
            precondition(position == 0, "no patient at \(position)")
            return patient
        case .many(let list): return list[position]
        }
    }

    /// Adds a patient after those held.
    mutating func append(_ patient: Int) {
        switch self {
        case .none: self = .one(patient)
        case .one(let first): self = .many([first, patient])
        case .many(var list):
            // The list taken out before it grows, so that it is not copied.
            self = .none
            list.append(patient)
            self = .many(list)
        }
    }

    /// The patients as an array (the one held in one of its own).
    var list: [Int] {
        switch self {
        case .none: return []
        case .one(let patient): return [patient]
        case .many(let list): return list
        }
    }
}

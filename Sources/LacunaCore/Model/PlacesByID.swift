/// A place (0, 1, 2 …) for each of a set of ids, found without hashing where it can be: the case numbers
/// its traces as it stores them, so their ids mostly run one after another, and a place is kept by its id's
/// distance from the smallest; ids that lie far apart are kept in a dictionary. What `TracesByID` finds
/// a trace by, and the model's row of each naming trace (a dictionary of them was 8.5 MB at 100,000
/// patients, hashed for every trace scored; the list is 4 bytes an id).
public struct PlacesByID: Sendable {
    @usableFromInline let smallest: Int64
    /// Each id's place plus one (0: none), by its distance from `smallest`; empty where `place` is used.
    @usableFromInline var placeAfter: [Int32]
    /// Places by id, where the ids lie too far apart for `placeAfter`.
    @usableFromInline var place: [Int64: Int] = [:]

    /// Room for `ids`, the ids that may be given a place (any may come more than once). Inlinable, so that
    /// a caller's sequence of ids is read as itself, not through the generic one (a type's look-up for each id).
    @inlinable public init(spanning ids: some Sequence<Int64>) {
        var smallest = Int64.max, largest = Int64.min, count = 0
        for id in ids {
            smallest = min(smallest, id)
            largest = max(largest, id)
            count += 1
        }
        // Dense where the span of ids is within a few times their number (and fits the places' type).
        let span = largest.subtractingReportingOverflow(smallest)
        if count > 0, !span.overflow, span.partialValue < Int64(4 * count + 1024), count < Int(Int32.max) {
            self.smallest = smallest
            placeAfter = [Int32](repeating: 0, count: Int(span.partialValue) + 1)
        } else {
            self.smallest = 0
            placeAfter = []
            place.reserveCapacity(count)
        }
    }

    /// The place of `id`; nil where it has none. Set only for an id `init` was given. (Read where it is used:
    /// a trace is found by its id everywhere a link, an encounter or a memo names one.)
    public subscript(id: Int64) -> Int? {
        @inlinable @inline(__always) get {
            if placeAfter.isEmpty { return place[id] }
            let distance = id.subtractingReportingOverflow(smallest)
            guard !distance.overflow, distance.partialValue >= 0, distance.partialValue < Int64(placeAfter.count) else { return nil }
            let after = placeAfter[Int(distance.partialValue)]
            return after == 0 ? nil : Int(after) - 1
        }
        @inlinable set {
            guard !placeAfter.isEmpty else {
                place[id] = newValue
                return
            }
            let distance = id.subtractingReportingOverflow(smallest)
            guard !distance.overflow, distance.partialValue >= 0, distance.partialValue < Int64(placeAfter.count) else {
                preconditionFailure("a place set for an id the places were not made for")
            }
            placeAfter[Int(distance.partialValue)] = newValue.map { Int32($0 + 1) } ?? 0
        }
    }
}

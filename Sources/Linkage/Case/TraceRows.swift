/// The model's row of each naming trace, by the trace's id: a list by the id's distance from the smallest
/// where the ids lie close together (a case numbers its traces as it imports them), a dictionary where
/// they do not. A dictionary of every naming trace was 8.5 MB at 100,000 patients, held through linking,
/// and hashed for every trace scored; the list is 4 bytes an id.
struct TraceRows: Sendable {
    private let smallest: Int64
    /// Each id's row plus one (0: none), by its distance from `smallest`.
    private var dense: [Int32]
    private var sparse: [Int64: Int] = [:]

    /// Room for `ids`, the ids that may be given a row.
    init(spanning ids: some Sequence<Int64>) {
        var smallest = Int64.max, largest = Int64.min, count = 0
        for id in ids {
            smallest = min(smallest, id)
            largest = max(largest, id)
            count += 1
        }
        let span = largest.subtractingReportingOverflow(smallest)
        if count > 0, !span.overflow, span.partialValue < Int64(4 * count + 1024) {
            self.smallest = smallest
            dense = [Int32](repeating: 0, count: Int(span.partialValue) + 1)
        } else {
            self.smallest = 0
            dense = []
            sparse.reserveCapacity(count)
        }
    }

    /// The row of the trace `id`; nil where it has none. Set only for an id `init` was given.
    subscript(id: Int64) -> Int? {
        get {
            guard !dense.isEmpty else { return sparse[id] }
            guard let place = place(of: id) else { return nil }
            let row = dense[place]
            return row == 0 ? nil : Int(row - 1)
        }
        set {
            guard !dense.isEmpty else {
                sparse[id] = newValue
                return
            }
            guard let place = place(of: id) else { preconditionFailure("a row set for an id the rows were not made for") }
            dense[place] = newValue.map { Int32($0 + 1) } ?? 0
        }
    }

    /// Where `id` lies in `dense`; nil past either end.
    private func place(of id: Int64) -> Int? {
        let distance = id.subtractingReportingOverflow(smallest)
        guard !distance.overflow, distance.partialValue >= 0, distance.partialValue < Int64(dense.count) else { return nil }
        return Int(distance.partialValue)
    }
}

/// Many short lists kept one after another in one buffer (every distinct value's bytes, each name's
/// word ids): a list is read in place, without the retain and release that a list of its own costs
/// on each of the millions of comparisons a linkage makes.
struct FlatLists<Element: BitwiseCopyable & Sendable>: Sendable {
    private(set) var storage: [Element] = []
    /// Where each list ends in `storage`; each starts where the one before it ends.
    private var ends: [Int32] = []

    var count: Int { ends.count }

    mutating func append(_ list: some Sequence<Element>) {
        storage.append(contentsOf: list)
        ends.append(Int32(storage.count))
    }

    @inline(__always)
    func start(_ k: Int) -> Int { k == 0 ? 0 : Int(ends[k - 1]) }

    /// How many elements the k-th list has.
    @inline(__always)
    func length(_ k: Int) -> Int { Int(ends[k]) - start(k) }

    /// The k-th list's first element; nil where it is empty.
    @inline(__always)
    func first(_ k: Int) -> Element? { length(k) > 0 ? storage[start(k)] : nil }

    /// The k-th list, copied out: for what runs once a value, not once a pair.
    subscript(k: Int) -> [Element] { Array(storage[start(k)..<Int(ends[k])]) }

    /// The a-th and b-th lists, in place.
    @inline(__always)
    func withLists<R>(_ a: Int, _ b: Int, _ body: (UnsafeBufferPointer<Element>, UnsafeBufferPointer<Element>) -> R) -> R {
        let (sa, ea, sb, eb) = (start(a), Int(ends[a]), start(b), Int(ends[b]))
        return storage.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[sa..<ea]), UnsafeBufferPointer(rebasing: all[sb..<eb]))
        }
    }
}

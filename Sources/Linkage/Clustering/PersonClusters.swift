/// Clusters that do not chain: links are taken strongest first, and two clusters join only when no
/// person in one is, by their own comparison, a different person from anyone in the other. A weak
/// link cannot merge two people through a third; every person is in exactly one cluster.
struct PersonClusters {
    /// The cluster (its first person's index) of each person.
    private(set) var representative: [Int32]

    init(count: Int, links: [(left: Int32, right: Int32, weight: Double)],
         differentPeople: (Int, Int) -> Bool) {
        var parent = [Int32](0..<Int32(count))
        var members: [[Int32]] = (0..<count).map { [Int32($0)] }
        func find(_ x: Int32) -> Int32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        for link in links.sorted(by: { $0.weight > $1.weight }) {
            let a = find(link.left), b = find(link.right)
            if a == b { continue }
            let (small, large) = members[Int(a)].count <= members[Int(b)].count ? (a, b) : (b, a)
            var contradicted = false
            outer: for x in members[Int(small)] {
                for y in members[Int(large)] where differentPeople(Int(x), Int(y)) {
                    contradicted = true
                    break outer
                }
            }
            if contradicted { continue }
            parent[Int(small)] = large
            members[Int(large)].append(contentsOf: members[Int(small)])
            members[Int(small)] = []
        }
        representative = (0..<Int32(count)).map { _ in 0 }
        for root in members.indices where !members[root].isEmpty {
            let first = members[root].min()!
            for x in members[root] { representative[Int(x)] = first }
        }
    }
}

import Testing
@testable import Linkage

@Suite("Person linkage: dedupe, clusters that do not chain, explanations")
struct PersonLinkageTests {
    /// A small register with typed-again duplicates.
    static func people() -> PersonTable {
        var table = PersonTable()
        let given = ["Aroha", "Tāmati", "Robert", "Mere", "Sione", "Priya", "Wei", "Emma", "Hēmi", "Olivia"]
        let family = ["Tipene", "Ngata", "Smith", "Parata", "Taufa", "Patel", "Wang", "Walker", "Pōmare", "Clarke"]
        var n = 0
        for g in 0..<given.count {
            for f in 0..<family.count {
                let dob = "19\(50 + g * 4 + f % 4)-\(String(format: "%02d", f + 1))-\(String(format: "%02d", g + f + 1))"
                let fields: [PersonRole: String] = [.given: given[g], .family: family[f], .dob: dob,
                                                    .phone: "021 55\(g)\(f) 1\(g)\(f)9", .sex: g % 2 == 0 ? "F" : "M"]
                table.append(id: "p\(n)", PersonFields(fields))
                n += 1
            }
        }
        // Duplicates as reception types them again: macrons dropped, a nickname, a swapped day and month.
        table.append(id: "dup-tamati", PersonFields([.given: "Tamati", .family: "NGATA", .dob: "1955-03-02", .sex: "M"]))
        table.append(id: "dup-bob", PersonFields([.given: "Bob", .family: "Smith", .dob: "1960-03-05", .phone: "0215522 1229"]))
        return table
    }

    @Test("dedupe finds each duplicate with its original and nothing else")
    func dedupe() {
        let table = Self.people()
        let linkage = PersonLinkage(table: table, settings: .people, mode: .dedupe)
        let index = Dictionary(uniqueKeysWithValues: table.ids.enumerated().map { ($1, $0) })
        let tamati = index["dup-tamati"]!, bob = index["dup-bob"]!
        #expect(table.ids[Int(linkage.clusters[tamati])] == "p11")     // Tāmati Ngata: g 1, f 1
        #expect(table.ids[Int(linkage.clusters[bob])] == "p22")        // Robert Smith: g 2, f 2
        let multi = Dictionary(grouping: linkage.clusters, by: { $0 }).filter { $0.value.count > 1 }
        #expect(multi.count == 2)
    }

    @Test("a weak link does not merge two people through a third")
    func noChaining() {
        // 0 and 1 are strongly one person; 1 and 2 weakly linked; 0 and 2 contradict each other.
        let links: [(left: Int32, right: Int32, weight: Double)] = [(0, 1, 20), (1, 2, 1)]
        let clusters = PersonClusters(count: 3, links: links, differentPeople: { a, b in Set([a, b]) == [0, 2] })
        #expect(clusters.representative == [0, 0, 2])
        let chained = PersonClusters(count: 3, links: links, differentPeople: { _, _ in false })
        #expect(chained.representative == [0, 0, 0])
    }

    @Test("an explanation's steps add up to the pair's weight, in text and in HTML without script")
    func explanation() {
        let table = Self.people()
        let linkage = PersonLinkage(table: table, settings: .people, mode: .dedupe)
        let bob = table.ids.firstIndex(of: "dup-bob")!, robert = table.ids.firstIndex(of: "p22")!
        let why = linkage.explain(robert, bob)
        #expect(abs(why.total - linkage.model.weight(table, robert, bob)) < 1e-9)
        #expect(why.steps.contains { $0.comparison == "given name" && $0.level == "nickname" })
        #expect(why.text.contains("given name: nickname"))
        #expect(why.html.contains("<table") && !why.html.contains("<script"))
    }

    @Test("the strong steps alone are the explanation's steps that weigh so much, and its very total")
    func strongSteps() {
        let table = Self.people()
        let linkage = PersonLinkage(table: table, settings: .people, mode: .dedupe)
        // Every pair with the first twelve people: agreeing, disagreeing, fields missing, nicknames.
        for i in 0..<12 {
            for j in 0..<table.count where j != i {
                let why = linkage.explain(i, j)
                for least in [1.0, 0.0, -2.5] {
                    let strong = linkage.model.strongSteps(table, i, j, atLeast: least)
                    // Bit for bit: the total is what a link's probability is printed from.
                    #expect(strong.total == why.total)
                    let expected = why.steps.filter { $0.level != "missing" && $0.weight + $0.frequencyAdjustment >= least }
                    #expect(strong.steps.map(\.comparison) == expected.map(\.comparison))
                    #expect(strong.steps.map(\.weight) == expected.map { $0.weight + $0.frequencyAdjustment })
                }
            }
        }
    }
}

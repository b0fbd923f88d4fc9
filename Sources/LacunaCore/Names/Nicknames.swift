/// Given names people are known by, and the formal names behind them: Bob is Robert, Bill is William,
/// Wiremu is William in te reo Māori. Keys and values are folded (see `NameFolding.key`).
public enum Nicknames {
    /// The formal names a folded given name may stand for, including itself.
    public static func formalNames(for folded: String) -> Set<String> {
        var names: Set<String> = [folded]
        if let formal = table[folded] { names.formUnion(formal) }
        return names
    }

    /// Each name `formalNames(for:)` holds, the name itself first, without gathering them into a set
    /// (for every given name linking indexes and blocks).
    public static func forEachFormalName(for folded: String, _ body: (String) -> Void) {
        body(folded)
        if let formal = table[folded] { for name in formal where name != folded { body(name) } }
    }

    /// Whether two folded given names can name the same person: the same, one a form of the other, or
    /// two forms of one name (Bobby and Rob). The table holds each pair both ways, so a name it does
    /// not hold is compatible with itself alone.
    public static func compatible(_ a: String, _ b: String) -> Bool {
        a == b || Forms(a).compatible(with: b)
    }

    /// A folded given name with its forms looked up once, to be held against many names (a trace's
    /// against every namesake in a block): `compatible(with: other)` is `compatible(name, other)`. As a
    /// name the table does not hold (most) is compatible with itself alone, the other name is then
    /// compared, not hashed to be looked up.
    public struct Forms: Sendable {
        public let name: String
        private let forms: Set<String>?

        public init(_ name: String) {
            self.name = name
            forms = Nicknames.table[name]
        }

        public func compatible(with other: String) -> Bool {
            if other == name { return true }
            guard let forms else { return false }
            if forms.contains(other) { return true }
            guard let formsOfOther = Nicknames.table[other] else { return false }
            return !forms.isDisjoint(with: formsOfOther)
        }

        /// Every name `compatible(with:)` is true of, each once: the name, its forms, and the forms of
        /// those (the table holds each pair both ways, so a name sharing a form with this one is among
        /// that form's own). The name first, the rest in order of their letters. For looking up, in an
        /// index by given name, everyone the name can be, rather than asking it of everyone.
        public var compatibleNames: [String] {
            guard let forms else { return [name] }
            var names = forms
            for form in forms { names.formUnion(Nicknames.table[form] ?? []) }
            names.remove(name)
            return [name] + names.sorted()
        }
    }

    /// Nickname → formal names. Sources: common English hypocorisms, and the transliterations New
    /// Zealand practices see (Wiremu/William, Hēmi/James, Mere/Mary, Rāwiri/David, Hōhepa/Joseph).
    public static let pairs: [(nickname: String, formal: String)] = [
        ("bob", "robert"), ("rob", "robert"), ("bobby", "robert"), ("robbie", "robert"),
        ("bill", "william"), ("will", "william"), ("billy", "william"), ("liam", "william"), ("wiremu", "william"),
        ("jim", "james"), ("jimmy", "james"), ("jamie", "james"), ("hemi", "james"),
        ("mike", "michael"), ("mick", "michael"), ("mikey", "michael"),
        ("tom", "thomas"), ("tommy", "thomas"), ("tame", "thomas"),
        ("dick", "richard"), ("rick", "richard"), ("rich", "richard"),
        ("tony", "anthony"), ("chris", "christopher"), ("kit", "christopher"),
        ("dave", "david"), ("rawiri", "david"), ("davey", "david"),
        ("joe", "joseph"), ("joey", "joseph"), ("hohepa", "joseph"),
        ("ben", "benjamin"), ("sam", "samuel"), ("sam", "samantha"), ("alex", "alexander"), ("alex", "alexandra"),
        ("andy", "andrew"), ("drew", "andrew"), ("matt", "matthew"), ("nick", "nicholas"),
        ("pete", "peter"), ("steve", "stephen"), ("steve", "steven"), ("ed", "edward"), ("ted", "edward"),
        ("dan", "daniel"), ("danny", "daniel"), ("greg", "gregory"), ("jack", "john"), ("johnny", "john"),
        ("hone", "john"), ("charlie", "charles"), ("chuck", "charles"), ("harry", "henry"), ("hank", "henry"),
        ("liz", "elizabeth"), ("beth", "elizabeth"), ("betty", "elizabeth"), ("lizzie", "elizabeth"), ("elisapeta", "elizabeth"),
        ("kate", "katherine"), ("kate", "catherine"), ("katie", "katherine"), ("cathy", "catherine"), ("kathy", "katherine"),
        ("maggie", "margaret"), ("peggy", "margaret"), ("meg", "margaret"), ("marg", "margaret"),
        ("jen", "jennifer"), ("jenny", "jennifer"), ("sue", "susan"), ("susie", "susan"),
        ("mere", "mary"), ("molly", "mary"), ("polly", "mary"), ("debbie", "deborah"), ("deb", "deborah"),
        ("vicky", "victoria"), ("tori", "victoria"), ("becky", "rebecca"), ("bec", "rebecca"),
        ("mandy", "amanda"), ("pat", "patricia"), ("pat", "patrick"), ("trish", "patricia"),
        ("sandy", "sandra"), ("jo", "joanne"), ("jo", "josephine"), ("annie", "ann"), ("annie", "anne"),
        ("sione", "john"), ("tevita", "david"), ("losa", "rosa"), ("mele", "mary"),
    ]

    private static let table: [String: Set<String>] = {
        var table: [String: Set<String>] = [:]
        for (nickname, formal) in pairs {
            table[nickname, default: []].insert(formal)
            table[formal, default: []].insert(nickname)
        }
        return table
    }()
}

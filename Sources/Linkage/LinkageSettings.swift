/// A person linkage described as data: which comparisons, which blocking rules, how much to sample,
/// where a link and a contradiction begin. `PersonLinkage.train` compiles it into a `MatchModel`.
public struct LinkageSettings: Sendable {
    public var comparisons: [ComparisonSetting]
    /// Blocking for comparing: their union.
    public var blockingRules: [BlockingRule]
    /// Blocking for training m, one EM session per rule. Rules that pick out one person (an NHI, a
    /// date of birth, a whole name), not a household: trained on pairs sharing a phone or an address,
    /// EM learns "same household" instead of "same person".
    public var trainingRules: [BlockingRule]
    /// Pairs per training session at most (blocks taken in a random order until there are enough).
    public var trainingPairs: Int
    /// Blocks larger than this are not compared (said in the notes): a blocking key that nearly
    /// everyone shares would compare everyone with everyone.
    public var largestBlock: Int
    /// Random pairs for estimating u.
    public var uSampleSize: Int
    public var seed: UInt64
    /// Match probability at which a pair counts as the same person (clusters, links).
    public var linkThreshold: Double
    /// Evidence (bits, before the prior) below which two people are taken to be different: a cluster
    /// never holds two people whose own comparison says so, whatever links them through a third.
    public var contradictionEvidence: Double

    public init(comparisons: [ComparisonSetting], blockingRules: [BlockingRule], trainingRules: [BlockingRule],
                trainingPairs: Int = 300_000, largestBlock: Int = 2_000,
                uSampleSize: Int = 400_000, seed: UInt64 = 42, linkThreshold: Double = 0.5,
                contradictionEvidence: Double = -3) {
        self.comparisons = comparisons
        self.blockingRules = blockingRules
        self.trainingRules = trainingRules
        self.trainingPairs = trainingPairs
        self.largestBlock = largestBlock
        self.uSampleSize = uSampleSize
        self.seed = seed
        self.linkThreshold = linkThreshold
        self.contradictionEvidence = contradictionEvidence
    }

    /// People lists: every comparison the roles allow; blocking that survives a typo in any one of
    /// name, date of birth or identifier.
    public static let people = LinkageSettings(
        comparisons: [.nhi, .givenName(jaroWinkler: [0.92, 0.85]), .familyName(jaroWinkler: [0.92, 0.85]), .dateOfBirth,
                      .sex, .email, .household, .phone, .address, .locality, .postcode, .identifier, .card],
        blockingRules: [
            BlockingRule(.nhi), BlockingRule(.identifier), BlockingRule(.dob, .familySound), BlockingRule(.dob, .givenSound),
            BlockingRule(.familySound, .givenSound, .birthYear), BlockingRule(.nameSet), BlockingRule(.phone),
            BlockingRule(.email), BlockingRule(.street, .houseNumber), BlockingRule(.dob, .postcode),
            BlockingRule(.family, .postcode), BlockingRule(.given, .postcode),
        ],
        trainingRules: [BlockingRule(.nhi), BlockingRule(.identifier), BlockingRule(.dob), BlockingRule(.given, .family)])
}

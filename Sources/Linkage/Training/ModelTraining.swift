import Foundation

/// Training as separate plain stages: u by random sampling; m by one EM session per blocking rule
/// (the rule's own comparisons left out, the sessions' estimates averaged); λ from the compared pairs.
enum ModelTraining {
    /// Comparisons the table can use (a role somebody has). Where people have phones, households
    /// share them with their addresses: `household` then stands for phone, address, locality and
    /// postcode together; without phones (a list of addresses only) they are compared one by one.
    static func comparisons(_ settings: LinkageSettings, for table: PersonTable) -> [Comparison] {
        comparisons(settings, rolesPresent: table.rolesPresent, anyCards: table.anyCards)
    }

    /// The comparisons a table with these roles (and cards, or none) uses.
    static func comparisons(_ settings: LinkageSettings, rolesPresent: Set<PersonRole>, anyCards: Bool) -> [Comparison] {
        let households = settings.comparisons.contains(.household) && rolesPresent.contains(.phone)
        let separate: Set<ComparisonSetting> = [.phone, .address, .locality, .postcode]
        return settings.comparisons.filter { setting in
            if setting == .card { return anyCards }
            if setting == .household { return households }
            if households && separate.contains(setting) { return false }
            return !setting.roles.isDisjoint(with: rolesPresent)
        }.map { $0.compile() }
    }

    /// The blocking rules the table can use: a rule on a role nobody has would compare nobody.
    static func blockingRules(_ settings: LinkageSettings, for table: PersonTable) -> [BlockingRule] {
        settings.blockingRules.filter { $0.roles.isSubset(of: table.rolesPresent) }
    }

    /// The comparisons the table can use, the blocking rules it can use and the pairs they compare.
    private static func blocked(table: PersonTable, settings: LinkageSettings, acrossSides: Bool)
        -> (comparisons: [Comparison], rules: [BlockingRule], candidates: CandidatePairs) {
        let rules = blockingRules(settings, for: table)
        return (comparisons(settings, for: table), rules,
                CandidatePairs(table: table, rules: rules, acrossSides: acrossSides, largestBlock: settings.largestBlock))
    }

    /// A model trained on `table`, with the pairs its blocking compared and their levels.
    static func trained(table: PersonTable, settings: LinkageSettings, acrossSides: Bool)
        -> (model: MatchModel, rules: [BlockingRule], candidates: CandidatePairs, patterns: AgreementPatterns) {
        let (comparisons, rules, candidates) = blocked(table: table, settings: settings, acrossSides: acrossSides)
        let patterns = AgreementPatterns(table: table, comparisons: comparisons, left: candidates.left, right: candidates.right)
        let parameters = train(table: table, comparisons: comparisons, settings: settings, compared: patterns.counted(),
                               acrossSides: acrossSides)
        return (MatchModel(comparisons: comparisons, parameters: parameters), rules, candidates, patterns)
    }

    /// A model alone, for a caller that scores the pairs it chooses itself (the case scores each trace
    /// against its own blocks) rather than every pair the blocking compares. λ, which needs the compared
    /// pairs' patterns, is estimated from at most about `lambdaPairs` of them, taken at an even stride
    /// and each counted for the pairs it stands for (`PairSample`): the blocks of a growing register hold
    /// pairs that grow with its square, and finding all of them was most of training's cost in a large
    /// practice.
    static func model(table: PersonTable, settings: LinkageSettings, acrossSides: Bool, lambdaPairs: Int) -> MatchModel {
        let comparisons = comparisons(settings, for: table)
        let sample = PairSample(table: table, rules: blockingRules(settings, for: table), acrossSides: acrossSides,
                                largestBlock: settings.largestBlock, atMost: lambdaPairs)
        let patterns = AgreementPatterns(table: table, comparisons: comparisons, left: sample.left, right: sample.right)
        let compared = patterns.counted().map { PatternCount(levels: $0.levels, count: $0.count * Double(sample.standsFor)) }
        let parameters = train(table: table, comparisons: comparisons, settings: settings, compared: compared, acrossSides: acrossSides)
        return MatchModel(comparisons: comparisons, parameters: parameters)
    }

    /// Below this many possible pairs, u is not sampled but taken from `startingU`.
    static let smallList = 2_000

    /// u sampled, m by EM per training rule, λ from `compared` (the compared pairs' patterns and counts).
    static func train(table: PersonTable, comparisons: [Comparison], settings: LinkageSettings,
                      compared: [PatternCount], acrossSides: Bool) -> FellegiSunterParameters {
        let sideA = table.side.filter { $0 == 0 }.count
        let possible = acrossSides ? sideA * (table.count - sideA) : table.count * (table.count - 1) / 2
        let u = possible < smallList
            ? comparisons.map { FellegiSunterParameters.startingU(levels: $0.levels.count) }
            : RandomSampling.estimateU(table: table, comparisons: comparisons, sampleSize: settings.uSampleSize,
                                       acrossSides: acrossSides, seed: settings.seed)
        let startM = comparisons.map { FellegiSunterParameters.startingM(levels: $0.levels.count) }
        var sums = comparisons.map { [Double](repeating: 0, count: $0.levels.count) }
        var sessions = [Int](repeating: 0, count: comparisons.count)
        for rule in settings.trainingRules where rule.roles.isSubset(of: table.rolesPresent) {
            let pairs = CandidatePairs(table: table, rules: [rule], acrossSides: acrossSides, largestBlock: settings.largestBlock,
                                       limit: settings.trainingPairs)
            let counted = AgreementPatterns(table: table, comparisons: comparisons, left: pairs.left, right: pairs.right).counted()
            let pairCount = counted.reduce(0) { $0 + $1.count }
            guard pairCount >= 50 else { continue }
            let fixed = Set(comparisons.indices.filter { !comparisons[$0].roles.isDisjoint(with: rule.roles) })
            guard fixed.count < comparisons.count else { continue }
            let start = FellegiSunterParameters(lambda: 0.3, m: startM, u: u)
            let trained = ExpectationMaximisation.estimate(patterns: counted, start: start, fixed: fixed)
            for k in comparisons.indices where !fixed.contains(k) {
                for l in sums[k].indices { sums[k][l] += trained.m[k][l] }
                sessions[k] += 1
            }
        }
        let m = comparisons.indices.map { k in
            let trained = sessions[k] == 0 ? startM[k] : FellegiSunterParameters.normalised(sums[k].map { $0 / Double(sessions[k]) })
            // A level training hardly saw among matches and that is rare anyway (day and month swapped,
            // an initial) says nothing either way, rather than counting hard against a match.
            return trained.indices.map { l in trained[l] < 1e-4 && u[k][l] < 1e-3 ? max(trained[l], u[k][l]) : trained[l] }
        }
        let lambda = estimateLambda(m: m, u: u, patterns: compared, table: table, acrossSides: acrossSides)
        return FellegiSunterParameters(lambda: lambda, m: m, u: u)
    }

    /// λ such that the expected matches among compared pairs, divided by all possible pairs, is λ
    /// again (almost every match is among the compared pairs).
    static func estimateLambda(m: [[Double]], u: [[Double]], patterns: [PatternCount], table: PersonTable,
                               acrossSides: Bool) -> Double {
        let n = Double(table.count)
        let a = Double(table.side.filter { $0 == 0 }.count)
        let possible = acrossSides ? a * (n - a) : n * (n - 1) / 2
        guard possible > 0 else { return 1e-6 }
        // Each pattern's evidence does not depend on λ: summed once.
        let evidence = patterns.map { pattern in
            m.indices.reduce(0.0) { sum, k in
                let l = Int(pattern.levels[k])
                return l >= 0 ? sum + log2(max(m[k][l], 1e-9) / max(u[k][l], 1e-12)) : sum
            }
        }
        var lambda = min(0.5, max(1e-9, 1 / max(n, 2)))
        for _ in 0..<30 {
            let prior = log2(lambda / (1 - lambda))
            var expected = 0.0
            for (pattern, bits) in zip(patterns, evidence) {
                expected += MatchModel.probability(weight: prior + bits) * pattern.count
            }
            let next = min(0.5, max(1e-12, expected / possible))
            if abs(next - lambda) / lambda < 1e-4 { lambda = next; break }
            lambda = next
        }
        return lambda
    }
}

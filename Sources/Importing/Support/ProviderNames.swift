import LacunaCore

/// Finds the practice's provider a name speaks of ("Dr Roger Smith", "Roger Smith"): the one whose
/// name's longer words (not "Dr") all appear in it.
enum ProviderNames {
    /// The provider's code, or the name as written when it is none of the practice's.
    static func code(for name: String, providers: [Provider]) -> String {
        let words = NameFolding.words(name)
        return providers.first { p in
            let providerWords = NameFolding.words(p.name).filter { $0.count > 2 }
            return !providerWords.isEmpty && providerWords.allSatisfy(words.contains)
        }?.code ?? name
    }
}

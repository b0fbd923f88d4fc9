import LacunaCore

/// Finds the practice's provider a name speaks of ("Dr Roger Smith", "Roger Smith", "de Vries, P").
enum ProviderNames {
    /// The provider's code, or the name as written when it is none of the practice's.
    static func code(for name: String, clinicians: Clinicians) -> String {
        clinicians.code(named: name) ?? name
    }
}

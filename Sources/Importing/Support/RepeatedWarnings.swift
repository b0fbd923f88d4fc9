/// Warnings said once per distinct text with how often, so a file of 10,000 records does not say the
/// same thing 10,000 times.
enum RepeatedWarnings {
    /// `file: warning (N records)`, sorted by text.
    static func summarise(_ warnings: [String], file: String, unit: String = "records") -> [String] {
        var counts: [String: Int] = [:]
        for warning in warnings { counts[warning, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { warning, count in
            "\(file): \(warning)" + (count > 1 ? " (\(count) \(unit))" : "")
        }
    }
}

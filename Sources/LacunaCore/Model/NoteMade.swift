/// What a run wrote of a chart annotation, kept in the case for the next run: the fingerprint of the
/// note's inputs (`ChartAnnotation.Inputs.key`), its control id, and what the file system said of the
/// file as written (`OutputFile.stamp`). A note whose inputs are the same, and whose file is still as
/// written, is left as it is and not made again (making each of a practice's notes again, to find the
/// same bytes, was a quarter of writing the outputs of a run after a call outcome).
public struct NoteMade: Sendable, Equatable {
    public let key: String
    public let controlID: String
    public let stamp: String

    public init(key: String, controlID: String, stamp: String) {
        self.key = key
        self.controlID = controlID
        self.stamp = stamp
    }
}

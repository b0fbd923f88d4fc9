/// An input record recognised as one the case already holds (an overlapping export, a resend, a
/// copied file): counted as a duplicate and listed in `duplicates.csv`, never dropped silently.
public struct DuplicateRecord: Sendable, Hashable {
    public var kind: SourceKind
    public var file: String
    public var locator: Locator
    /// Where the record it repeats was first read.
    public var originalFile: String
    public var originalLocator: Locator

    public init(kind: SourceKind, file: String, locator: Locator, originalFile: String, originalLocator: Locator) {
        self.kind = kind
        self.file = file
        self.locator = locator
        self.originalFile = originalFile
        self.originalLocator = originalLocator
    }
}

public import Hummingbird
public import Store

/// A request's context: who is signed in (from the session cookie), their CSRF token, and the form a
/// POST carried (read once, by the CSRF check).
public struct WorklistContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var person: Person?
    public var csrf: String?
    /// The session token's SHA-256, for signing out.
    public var sessionKey: String?
    public var form: [String: String] = [:]
    /// Files an upload carried.
    var files: [MultipartBody.File] = []

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Forms are small; an upload of a resend may be large.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}

public import Store

/// What each role may do, enforced on the server for every route.
/// - reception: the lists, patients' cards, recording calls;
/// - nurse: that, filing lost results and letters, and confirming or rejecting uncertain links;
/// - gp: that, and their own list;
/// - admin: everything, and the people and the sources.
public enum Permission: String, Sendable {
    case viewLists, viewCard, recordCall, fileInbox, reviewLinks, admin
}

extension Person.Role {
    public func may(_ permission: Permission) -> Bool {
        switch permission {
        case .viewLists, .viewCard, .recordCall: return true
        case .fileInbox, .reviewLinks: return self != .reception
        case .admin: return self == .admin
        }
    }
}

public import Store

/// What each role may do, enforced on the server for every route.
/// - reception: the lists, patients' cards, recording calls;
/// - nurse: that, and filing lost results and letters;
/// - gp: that, and their own list;
/// - admin: everything, and the people and the sources.
public enum Permission: String, Sendable {
    case viewLists, viewCard, recordCall, fileInbox, admin
}

extension Person.Role {
    public func may(_ permission: Permission) -> Bool {
        switch permission {
        case .viewLists, .viewCard, .recordCall: return true
        case .fileInbox: return self != .reception
        case .admin: return self == .admin
        }
    }
}

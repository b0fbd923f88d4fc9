import Foundation
import Mustache

/// Table rows rendered once and kept: a row's HTML is a pure function of what it shows, so a list of
/// sixty candidates is sixty lookups, not sixty Mustache renders, until a call changes one of them.
/// Each row is still rendered by an escaping template (its own, in `Templates.all`); only the
/// joined rows go into the page unescaped, as the page body goes into the layout.
final class RowCache: @unchecked Sendable {
    private let lock = NSLock()
    private var rendered: [AnyHashable: String] = [:]
    /// Rows kept before the cache starts again (a 100,000-patient case's rows fit several times over).
    private let capacity: Int

    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// The rows of `template` for `items`, in order: each item's key says what its row shows (every
    /// value the row's template reads must follow from the key), `values` builds the row when it is new.
    func render<Item>(_ template: String, _ items: [Item], key: (Item) -> AnyHashable,
                      values: (Item) -> [String: Any]) -> String {
        var html = ""
        for item in items {
            let id = RowKey(template: template, key: key(item))
            if let row = lock.withLock({ rendered[id] }) {
                html += row
                continue
            }
            let row = Page.library.render(values(item), withTemplate: template) ?? ""
            lock.withLock {
                if rendered.count >= capacity { rendered.removeAll(keepingCapacity: true) }
                rendered[id] = row
            }
            html += row
        }
        return html
    }

    private struct RowKey: Hashable {
        var template: String
        var key: AnyHashable
    }
}

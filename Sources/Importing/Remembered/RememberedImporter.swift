import Foundation
public import LacunaCore

/// The lists the GPs wrote from memory: free text, one patient a line, bullets allowed; a line ending
/// in `:` or starting with `#` is a heading naming whose list follows (and perhaps the day).
public struct RememberedImporter: SourceImporter {
    public let kind = SourceKind.remembered

    public init() {}

    public func read(file: String, bytes: [UInt8], settings: ImportSettings) -> FileImport {
        var result = FileImport()
        guard !bytes.isEmpty else {
            result.warnings.append("\(file): the file is empty")
            return result
        }
        let decoded = TextDecoding.decode(bytes)
        result.encoding = decoded.encoding
        result.warnings.append(contentsOf: decoded.warnings.map { "\(file): \($0)" })
        let lines = PhysicalLines(decoded.utf8)
        var keys = ContentKeys(kind: kind)
        var heading = ""
        var headingProvider: String?
        for index in 0..<lines.count {
            let raw = String(decoding: decoded.utf8[lines.range(index)], as: UTF8.self)
            let text = raw.trimmingWhitespace()
            if text.isEmpty { continue }
            let locator = Locator(line: index + 1, byteOffset: lines.start(index))
            if text.hasPrefix("#") || text.hasSuffix(":") {
                heading = text.trimmingCharacters(in: CharacterSet(charactersIn: "#: ")).trimmingSpaces()
                headingProvider = Self.provider(named: heading, among: settings.clinicians, providers: settings.providers)
                continue
            }
            let body = Self.stripBullet(text)
            guard var line = RememberedLine(body) else {
                result.rejects.append(Reject(kind: kind, file: file, locator: locator, reason: "no patient name found on the line"))
                continue
            }
            line.markInitialOrder(in: body)
            var payload: [String: String] = ["line": body]
            var identity = line.identity
            if let mention = ProxyReading.read(body), let anchor = mention.speakerName, mention.relation != nil {
                // "Zoë's girl": someone in Zoë's household, not a person called Zoë Girl.
                identity = Identity()
                identity.sex = mention.sex
                Proxy(speakerName: anchor, relation: mention.relation, age: mention.age, sex: mention.sex).write(into: &payload)
            }
            if !heading.isEmpty { payload["heading"] = heading }
            if !line.notes.isEmpty { payload["_notes"] = line.notes }
            payload["_day_words"] = [line.notes, heading].filter { !$0.isEmpty }.joined(separator: " ")
            if let plural = line.plural { payload["_plural"] = plural }
            // A stated age, or "a child" (-1): the linker keeps to patients it fits.
            if let age = line.age { payload[Proxy.keys.age] = String(age) }
            result.traces.append(Trace(kind: kind, recordType: "remembered", file: file, locator: locator, time: nil,
                                       identity: identity, provider: headingProvider, payload: payload,
                                       contentKey: keys.key(recordType: "remembered", fields: [heading, body])))
        }
        return result
    }

    static func stripBullet(_ text: String) -> String {
        var t = Substring(text)
        while let first = t.first, "-*•·–—>".contains(first) { t = t.dropFirst() }
        if let dot = t.firstIndex(where: { $0 == "." || $0 == ")" }), t[..<dot].allSatisfy(\.isNumber), !t[..<dot].isEmpty {
            t = t[t.index(after: dot)...]
        }
        if t.hasPrefix("[ ]") || t.hasPrefix("[x]") { t = t.dropFirst(3) }
        return t.trimmingSpaces()
    }

    /// The provider a heading names ("Dr de Vries's list:", "WS:", "Pieter - Thursday"): by code, by
    /// name (multi-word family names too), or by the family name's last word.
    static func provider(named heading: String, among clinicians: Clinicians, providers: [Provider]) -> String? {
        let cleaned = heading.replacingEvery("'s", with: "").replacingEvery("’s", with: "")
        let words = NameFolding.words(cleaned)
        for word in words { if let code = clinicians.code(forID: word) { return code } }
        // The heading's words around the name ("list", "Thursday", "patients") fall away one at a time.
        let filler: Set<String> = ["list", "lists", "patients", "patient", "seen", "by", "for", "on", "the", "am", "pm", "calls", "thursday",
                                   "friday", "monday", "tuesday", "wednesday", "saturday", "sunday", "thu", "fri", "mon", "tue", "wed", "my"]
        let named = words.filter { !filler.contains($0) }.joined(separator: " ")
        if let code = clinicians.code(named: named) { return code }
        for provider in providers {
            let nameWords = Clinicians.nameWords(provider.name).filter { $0.count > 1 }
            if let family = nameWords.last, words.contains(family) { return provider.code }
        }
        return nil
    }
}

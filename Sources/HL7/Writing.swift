/// Writing HL7 v2 text: the other half of reading it, for messages Lacuna sends (chart annotations)
/// and writes (the drill's lab and Healthlink files). Standard delimiters `|^~\&`.
public enum HL7Writing {
    /// A text value with the delimiters escaped (`|` → `\F\` …) and line breaks as `\.br\`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\E\\"
            case "|": out += "\\F\\"
            case "^": out += "\\S\\"
            case "&": out += "\\T\\"
            case "~": out += "\\R\\"
            case "\n", "\r\n": out += "\\.br\\"
            case "\r": out += "\\.br\\"
            default: out.append(c)
            }
        }
        return out
    }

    /// A segment from its fields (field 1 first), trailing empty fields dropped.
    public static func segment(_ id: String, _ fields: [String]) -> String {
        var fields = fields
        while let last = fields.last, last.isEmpty { fields.removeLast() }
        return ([id] + fields).joined(separator: "|")
    }

    /// A segment from the fields it sets, by number (field 1 is the first after the segment id).
    public static func segment(_ id: String, fields: [Int: String]) -> String {
        let count = fields.keys.max() ?? 0
        return segment(id, (0..<count).map { fields[$0 + 1] ?? "" })
    }
}

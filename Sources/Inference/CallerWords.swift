import LacunaCore

/// What a caller's own words say about whether they were seen at all. People say it in endless ways
/// ("wasn't seen", "didn't make it in", "never came", "I wasn't in that day", "no show - cancelled"),
/// so this reads a negation near a word about coming or being seen, not a list of phrases.
enum CallerWords {
    /// Words that deny what follows them within a few words.
    static let negations: Set<String> = ["not", "never", "no", "didnt", "didn", "wasnt", "wasn", "couldnt", "couldn", "werent",
                                         "cant", "cannot", "dont", "havent", "hasnt", "neither", "nor"]
    /// Words about coming in or being seen.
    static let visitWords: Set<String> = ["seen", "see", "saw", "come", "came", "coming", "in", "make", "made", "attend", "attended",
                                          "there", "visit", "visited", "appointment", "appt", "appt.", "show", "showed", "turn",
                                          "turned", "go", "went", "here", "consult", "consultation",
                                          // A reply to the broadcast text: "no, not me", "wasn't me".
                                          "me"]
    /// Words that say the booking itself did not happen.
    static let cancelWords: Set<String> = ["cancelled", "canceled", "cancel", "dna", "noshow", "no-show", "missed", "rebooked",
                                           "postponed", "forgot"]
    /// Words that say they were seen after all ("saw the nurse instead"): then nothing is denied.
    static let seenAfterAll: Set<String> = ["instead", "nurse", "but"]

    /// Whether the words say the caller was not seen (or did not come) on the day they name.
    static func deniesVisit(_ text: String) -> Bool {
        let words = tokens(text)
        guard !words.isEmpty else { return false }
        // A bare "no" is a reply to "were you seen on …?".
        if words.count == 1, ["no", "nope", "nah", "n"].contains(words[0]) { return true }
        if words.contains(where: seenAfterAll.contains) { return false }
        if words.contains(where: cancelWords.contains) { return true }
        for (i, word) in words.enumerated() where negations.contains(word) {
            // "not sure" says nothing; "not seen", "didn't make it in", "wasn't in that day" do.
            let after = words[(i + 1)..<min(words.count, i + 4)]
            if after.contains(where: visitWords.contains) { return true }
        }
        return false
    }

    /// Lower-case words with apostrophes dropped (didn't → didnt), split at anything else.
    static func tokens(_ text: String) -> [String] {
        let folded = text.lowercased().replacingEvery("’", with: "'").replacingEvery("'", with: "")
        return folded.split { !$0.isLetter && $0 != "-" }.map(String.init)
    }
}

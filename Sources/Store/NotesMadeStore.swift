public import LacunaCore

/// What the last run wrote of each chart annotation (`NoteMade`), kept for the next run.
extension CaseStore {
    /// What the last run wrote of each chart annotation, by its file name inside `annotations/`.
    public func notesMade() throws -> [String: NoteMade] {
        var notes: [String: NoteMade] = [:]
        for row in try database.rows("SELECT file, input_key, control_id, stamp FROM note_made") {
            guard let file = row[0].string, let key = row[1].string, let controlID = row[2].string, let stamp = row[3].string else { continue }
            notes[file] = NoteMade(key: key, controlID: controlID, stamp: stamp)
        }
        return notes
    }

    /// Keeps what this run wrote of each note in place of `earlier` (what `notesMade` gave): only the
    /// notes gone, new or written again are touched (a run after a call outcome writes a note or two of
    /// hundreds).
    public func recordNotesMade(_ notes: [String: NoteMade], replacing earlier: [String: NoteMade]) throws {
        let gone = earlier.keys.filter { notes[$0] == nil }.sorted()
        let changed = notes.filter { file, note in earlier[file].map { $0 != note } ?? true }.sorted { $0.key < $1.key }
        guard !gone.isEmpty || !changed.isEmpty else { return }
        try database.transaction {
            for file in gone { try database.run("DELETE FROM note_made WHERE file = ?", [.text(file)]) }
            for (file, note) in changed {
                try database.run("""
                    INSERT INTO note_made (file, input_key, control_id, stamp) VALUES (?, ?, ?, ?)
                    ON CONFLICT (file) DO UPDATE SET input_key = excluded.input_key, control_id = excluded.control_id, stamp = excluded.stamp
                    """, [.text(file), .text(note.key), .text(note.controlID), .text(note.stamp)])
            }
        }
    }
}

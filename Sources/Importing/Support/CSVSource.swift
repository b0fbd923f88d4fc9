import LacunaCore

/// The common walk of a CSV source: decode, find the header, hand each data record to the importer,
/// and turn broken records and a missing header into rejects so the counts always add up.
struct CSVSource {
    let kind: SourceKind
    let file: String
    let synonyms: HeaderMap.Synonyms
    /// Meanings holding dates, used to decide the file's day/month order.
    let dateMeanings: [String]

    struct Row<Columns> {
        let record: CSVRecord
        let map: HeaderMap
        /// What the importer made of the file's map once (`read(bytes:settings:columns:body:)`).
        let columns: Columns
    }

    /// Reads the file and calls `body` for each data record; `body` returns a trace or a reject reason.
    func read(bytes: [UInt8], settings: ImportSettings,
              body: (Row<Void>, DateOrder, inout ContentKeys, inout [String]) -> Result<Trace, RecordProblem>) -> FileImport {
        read(bytes: bytes, settings: settings, columns: { _ in () }, body: body)
    }

    /// `read`, handing `body` with each record what `columns` made of the file's header map, once a file:
    /// where each meaning the importer reads stands (`HeaderMap.column`), not found again by its name
    /// for every record.
    func read<Columns>(bytes: [UInt8], settings: ImportSettings, columns: (HeaderMap) -> Columns,
                       body: (Row<Columns>, DateOrder, inout ContentKeys, inout [String]) -> Result<Trace, RecordProblem>) -> FileImport {
        var result = FileImport()
        guard !bytes.isEmpty else {
            result.warnings.append("\(file): the file is empty")
            return result
        }
        let document = CSVReader.read(bytes)
        result.encoding = document.encoding
        result.warnings.append(contentsOf: document.warnings.map { "\(file): \($0)" })
        for broken in document.broken {
            result.rejects.append(Reject(kind: kind, file: file, locator: broken.locator, reason: broken.reason))
        }
        guard let map = HeaderMap.locate(in: document.records, synonyms: synonyms, overrides: settings.columns) else {
            for record in document.records {
                result.rejects.append(Reject(kind: kind, file: file, locator: record.locator,
                                             reason: "no recognisable header row in the first 15 rows; name the columns with `columns:` in the playbook"))
            }
            if !document.records.isEmpty {
                result.warnings.append("\(file): no recognisable \(kind.rawValue) header; every row listed in rejects.csv")
            }
            return result
        }
        result.reading = [map.description(file: file, kind: kind.rawValue)]
        // Loudly, where an unread column looks as if it mattered: an ignored column changes the result.
        let meaningful = map.unreadButMeaningful
        if !meaningful.isEmpty {
            let listed = meaningful.map { "“\($0.header)” (\($0.what)?)" }.joined(separator: ", ")
            result.warnings.append("\(file): column(s) \(listed) were not read, though they look as if they matter; "
                                   + "if they do, name them in the playbook with `columns:` (`lacuna inspect` shows how the file is read)")
        }
        let dataRecords = document.records[(map.headerIndex + 1)...]
        let samples = dateMeanings.map(map.column).lazy.flatMap { column in dataRecords.lazy.compactMap { column.value(in: $0) } }
        let order = settings.dateOrder ?? DateReading.decideOrder(samples, fallback: settings.countryDateOrder)
        var keys = ContentKeys(kind: kind, records: dataRecords.count)
        var warnings: [String] = []
        var repeatedHeaders = 0
        let found = columns(map)
        for record in dataRecords {
            if record.fields.allSatisfy({ present($0) == nil }) { continue }  // a row of empty cells is no record
            if map.isHeader(record) { repeatedHeaders += 1; continue }        // printed again on every page
            switch body(Row(record: record, map: map, columns: found), order, &keys, &warnings) {
            case .success(let trace): result.traces.append(trace)
            case .failure(let problem):
                result.rejects.append(Reject(kind: kind, file: file, locator: record.locator, reason: problem.reason))
            }
        }
        if repeatedHeaders > 0 { result.reading[0] += "; the header repeated \(repeatedHeaders) time(s) among the rows, skipped" }
        result.warnings.append(contentsOf: RepeatedWarnings.summarise(warnings, file: file))
        return result
    }
}

/// Why a record could not be used; the reason names columns, never values.
struct RecordProblem: Error {
    let reason: String
}

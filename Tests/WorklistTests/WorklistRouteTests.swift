import Foundation
import Hummingbird
import HummingbirdTesting
import TestPostgres
import Testing
import Store
@testable import Worklist

/// Every route as people and strangers use it: refused when signed out, for the wrong role and without
/// the form's CSRF token; each page's work recorded, read back, and in the access log.
@Suite("The worklist's routes, roles and forms")
struct WorklistRouteTests {
    static let pages = ["/", "/list", "/my", "/inbox", "/people", "/review", "/sources", "/print"]

    @Test("signed out: every page goes to sign-in, every form is refused, nothing is written", arguments: Engine.allCases)
    func signedOut(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let candidate = try #require(try await fixture.desk.worklist().dropFirst(30).first)
        let item = try #require(try await fixture.desk.inbox().dropFirst(5).first).itemID
        try await fixture.application.test(.router) { client in
            for uri in Self.pages + ["/card/\(candidate.candidateID)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .seeOther, "\(uri)")
                    #expect(response.headers[.location]?.hasPrefix("/login") == true, "\(uri)")
                }
            }
            for uri in ["/card/\(candidate.candidateID)/call", "/inbox/\(item)/file", "/logout", "/review/1/P000001", "/sources/upload", "/sources/run"] {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "outcome=reached&action=filed")) { response in
                    #expect(response.status == .seeOther, "\(uri)")
                }
            }
            // Back to the page with its filters once signed in.
            try await client.execute(uri: "/list?status=closed&tier=probable", method: .get) { response in
                #expect(response.headers[.location] == "/login?next=%2Flist%3Fstatus%3Dclosed%26tier%3Dprobable")
            }
            // A forged session cookie is no session.
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "lacuna_session=0123456789abcdef"]) { response in
                #expect(response.status == .seeOther)
            }
            // A sign-in without the form's own token is refused.
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "name=admin&password=correct+horse+battery")) { response in
                #expect(response.status == .forbidden)
                #expect(cookieValue(response, "lacuna_session").isEmpty)
            }
        }
        #expect(try await fixture.desk.outcomes(candidateID: candidate.candidateID).isEmpty)
        #expect(try await fixture.desk.inbox().first { $0.itemID == item }?.filing == nil)
    }

    @Test("wrong password refused and logged; sign-ins slowed after three failures", arguments: Engine.allCases)
    func wrongPassword(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        try await fixture.application.test(.router) { client in
            let (formCookie, token) = try await client.execute(uri: "/login", method: .get) { response in
                (cookieValue(response, "lacuna_signin"), hidden(String(buffer: response.body), "csrf"))
            }
            try await client.execute(uri: "/login", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "lacuna_signin=\(formCookie)"],
                                     body: ByteBuffer(string: "csrf=\(token)&name=gp&password=wrong")) { response in
                #expect(response.status == .unauthorized)
                #expect(cookieValue(response, "lacuna_session").isEmpty)
            }
        }
        #expect(try await fixture.desk.accessLog().contains { $0.action == "sign-in refused" })
        #expect(Sessions.delay(failures: 2) == .zero)
        #expect(Sessions.delay(failures: 3) == .seconds(1))
        #expect(Sessions.delay(failures: 9) == .seconds(8))
    }

    @Test("roles: reception cannot file results, only the admin sees people; the others may", arguments: Engine.allCases)
    func roles(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let item = try #require(try await fixture.desk.inbox().dropFirst(7).first)
        try await fixture.application.test(.router) { client in
            let reception = try await Browser.signIn(client, as: "reception")
            #expect(try await reception.post("/inbox/\(item.itemID)/file", ["action": "filed"]).status == .forbidden)
            #expect(try await reception.get("/people").status == .forbidden)
            #expect(try await reception.get("/my").status == .notFound)
            for uri in ["/", "/list", "/inbox"] { #expect(try await reception.get(uri).status == .ok, "\(uri)") }
            let gp = try await Browser.signIn(client, as: "gp")
            #expect(try await gp.get("/people").status == .forbidden)
            #expect(try await gp.get("/my").status == .ok)
            let admin = try await Browser.signIn(client, as: "admin")
            let people = try await admin.get("/people")
            #expect(people.status == .ok && people.html.contains("reception"))
            let nurse = try await Browser.signIn(client, as: "nurse")
            #expect(try await nurse.post("/inbox/\(item.itemID)/file", ["action": "filed"]).status == .seeOther)
        }
        #expect(try await fixture.desk.inbox().first { $0.itemID == item.itemID }?.filedBy == "nurse")
    }

    @Test("an uncertain link confirmed or rejected side by side; the decision kept for the next run; reception may not", arguments: Engine.allCases)
    func review(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let rows = try await fixture.desk.reviewRows()
        try #require(rows.count >= 2, "the drill gives links to review")
        let first = rows[0].item, second = rows[1].item
        try await fixture.application.test(.router) { client in
            let reception = try await Browser.signIn(client, as: "reception")
            #expect(try await reception.get("/review").status == .forbidden)
            #expect(try await reception.post("/review/\(first.traceID)/\(first.patientID)", ["decision": "confirm"]).status == .forbidden)
            let gp = try await Browser.signIn(client, as: "gp")
            let page = try await gp.get("/review")
            #expect(page.status == .ok && page.html.contains("The record says"))
            #expect(try await gp.post("/review/\(first.traceID)/\(first.patientID)", ["decision": "confirm"]).status == .seeOther)
            #expect(try await gp.post("/review/\(second.traceID)/\(second.patientID)", ["decision": "reject"]).status == .seeOther)
            #expect(try await gp.post("/review/\(second.traceID)/\(second.patientID)", ["decision": "maybe"]).status == .unprocessableContent)
        }
        let after = try await fixture.desk.reviewRows()
        #expect(after.first { $0.item.decisionKey == first.decisionKey }?.decision == "confirm")
        #expect(after.first { $0.item.decisionKey == second.decisionKey }?.decidedBy == "gp")
        #expect(try await fixture.desk.accessLog().contains { $0.action == "rejected a link" && $0.actor == "gp" })
    }

    @Test("a resend uploaded by the admin joins its source's folder and the case runs again while a GP records a call; nothing recorded is touched")
    func upload() async throws {
        // A case of its own: the run it starts rebuilds what the other tests read.
        let fixture = try await WorklistFixture(patients: 300)
        let candidate = try #require(try await fixture.desk.worklist().first)
        let lab = fixture.folder.appendingPathComponent("sources/lab")
        let existing = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.path).sorted().first)
        let bytes = try [UInt8](Data(contentsOf: lab.appendingPathComponent(existing)))
        try await fixture.application.test(.router) { client in
            let nurse = try await Browser.signIn(client, as: "nurse")
            #expect(try await nurse.upload("/sources/upload", fields: ["kind": "lab"], file: ("again.hl7", bytes)).status == .forbidden)
            let admin = try await Browser.signIn(client, as: "admin")
            #expect(try await admin.upload("/sources/upload", fields: ["kind": "lab"], file: ("again.hl7", bytes), csrf: "forged").status == .forbidden)
            #expect(try await admin.upload("/sources/upload", fields: ["kind": "bank"], file: ("x.csv", bytes)).status == .unprocessableContent)
            #expect(try await admin.upload("/sources/upload", fields: ["kind": "lab"], file: ("../../.evil name.hl7", bytes)).status == .seeOther)
            let gp = try await Browser.signIn(client, as: "gp")
            #expect(try await gp.post("/card/\(candidate.candidateID)/call", ["outcome": "reached", "summary": "during the run", "version": "0"]).status == .seeOther)
            // The page says the run goes on, then what it gave.
            var page = try await admin.get("/sources")
            for _ in 0..<600 where page.html.contains("being run again") {
                try await Task.sleep(for: .milliseconds(200))
                page = try await admin.get("/sources")
            }
            // The steps it reached stay on the page once it has finished (while it runs: "So far …").
            #expect(page.html.contains("The last run's steps") && ["importing", "linking", "writing outputs"].allSatisfy { page.html.contains($0) },
                    "the page says which steps the run went through")
            #expect(page.html.contains("Last run:") && page.html.contains("candidates"), "\(page.html.prefix(0))")
            #expect(page.html.contains("evil_name.hl7"), "the upload is listed as read, under a safe name")
        }
        #expect(FileManager.default.fileExists(atPath: lab.appendingPathComponent("evil_name.hl7").path))
        #expect(try await fixture.desk.outcomes(candidateID: candidate.candidateID).map(\.outcome.summary) == ["during the run"])
        #expect(try await fixture.desk.accessLog().contains { $0.action == "added a resend" && $0.actor == "admin" })
    }

    @Test("the practice's list pages on, keeping its filters; every candidate on exactly one page", arguments: Engine.allCases)
    func paging(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let all = try await fixture.desk.worklist()
        try #require(all.count > ListPages.pageSize, "the drill gives more than a page")
        try await fixture.application.test(.router) { client in
            let reception = try await Browser.signIn(client, as: "reception")
            var seen: [String] = []
            var uri: String? = "/list?status=all"
            while let next = uri {
                let page = try await reception.get(next)
                #expect(page.status == .ok)
                seen += page.html.components(separatedBy: "href=\"/card/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                uri = page.html.range(of: "\">next →").flatMap { end in
                    page.html[..<end.lowerBound].range(of: "href=\"", options: .backwards).map { String(page.html[$0.upperBound..<end.lowerBound]) }
                }?.replacingOccurrences(of: "&amp;", with: "&")
                #expect(uri == nil || uri!.contains("status=all"), "the filter is kept")
            }
            #expect(seen == all.map(\.candidateID))
        }
    }

    @Test("a GP's own list by evening holds the candidates of that evening's printed worksheet, and only theirs", arguments: Engine.allCases)
    func myEvening(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let provider = try #require(try await fixture.desk.people().first { $0.name == "gp" }?.provider)
        let mine = try await fixture.desk.worklist(provider: provider)
        let first = mine.filter { $0.evening == 1 }.map(\.candidateID)
        try #require(!first.isEmpty && first.count < mine.count, "the drill gives the GP more than one evening")
        // What the first evening's worksheet CSV rows name.
        let lists = try #require(fixture.settings.outputFolder).appendingPathComponent("call-lists")
        let csv = String(decoding: try Data(contentsOf: lists.appendingPathComponent("\(provider).csv")), as: UTF8.self)
        let printed = Set(csv.components(separatedBy: "\r\n").dropFirst().filter { $0.hasPrefix("1,") }
            .flatMap { line in line.components(separatedBy: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } }
            .filter { $0.count == 13 && $0.hasPrefix("C") && $0.dropFirst().allSatisfy(\.isHexDigit) })
        #expect(Set(first) == printed)
        try await fixture.application.test(.router) { client in
            let gp = try await Browser.signIn(client, as: "gp")
            let page = try await gp.get("/my?status=all&evening=1")
            #expect(page.status == .ok)
            let shown = page.html.components(separatedBy: "href=\"/card/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(shown == first)
            #expect(page.html.contains("<option value=\"1\" selected>evening 1</option>"))
            // The practice's list offers evenings once a clinician is chosen.
            #expect(!(try await gp.get("/list").html.contains("name=\"evening\"")))
            #expect(try await gp.get("/list?provider=\(provider)").html.contains("name=\"evening\""))
        }
    }

    @Test("the evening worksheets print as the run wrote them; no other file is served", arguments: Engine.allCases)
    func print(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        try await fixture.application.test(.router) { client in
            let reception = try await Browser.signIn(client, as: "reception")
            let list = try await reception.get("/print")
            #expect(list.status == .ok)
            let sheet = try #require(list.html.range(of: "href=\"/print/").map { String(list.html[$0.upperBound...].prefix { $0 != "\"" }) })
            let page = try await reception.get("/print/\(sheet)")
            #expect(page.status == .ok && page.html.contains("<html"))
            for bad in ["..%2F..%2Fplaybook.yml", "..%2Fcase.sqlite", ".hidden.html", "index.csv"] {
                #expect(try await reception.get("/print/\(bad)").status == .notFound, "\(bad)")
            }
        }
    }

    @Test("a form without the session's CSRF token, or with another's, is refused and writes nothing", arguments: Engine.allCases)
    func csrf(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let candidate = try #require(try await fixture.desk.worklist().dropFirst(31).first)
        let item = try #require(try await fixture.desk.inbox().dropFirst(6).first)
        try await fixture.application.test(.router) { client in
            let gp = try await Browser.signIn(client, as: "gp")
            let other = try await Browser.signIn(client, as: "nurse")
            for token in ["", "not-the-token", other.csrf] {
                #expect(try await gp.post("/card/\(candidate.candidateID)/call", ["outcome": "reached", "version": "0"], csrf: token).status == .forbidden)
                #expect(try await gp.post("/inbox/\(item.itemID)/file", ["action": "filed"], csrf: token).status == .forbidden)
                #expect(try await gp.post("/logout", [:], csrf: token).status == .forbidden)
            }
            #expect(try await gp.get("/").status == .ok, "still signed in")
        }
        #expect(try await fixture.desk.outcomes(candidateID: candidate.candidateID).isEmpty)
        #expect(try await fixture.desk.inbox().first { $0.itemID == item.itemID }?.filing == nil)
    }

    @Test("a call recorded from the card, read back in the list; a stale form is shown what changed and keeps what was typed", arguments: Engine.allCases)
    func recordCall(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let candidate = try #require(try await fixture.desk.worklist().dropFirst(25).first)
        try await fixture.application.test(.router) { client in
            let gp = try await Browser.signIn(client, as: "gp")
            let card = try await gp.get("/card/\(candidate.candidateID)")
            #expect(card.status == .ok)
            let version = hidden(card.html, "version")
            #expect(version == "0")
            // The list's row, rendered once and kept, is rendered again once the call changes what it shows.
            #expect(row(of: candidate.candidateID, in: try await gp.get("/list?status=all").html).contains("<tr class=\"open\">"))
            let saved = try await gp.post("/card/\(candidate.candidateID)/call",
                                          ["outcome": "reached", "seen_on": "Thursday", "summary": "bloods fine, review in a week", "version": version])
            #expect(saved.status == .seeOther)
            let listed = row(of: candidate.candidateID, in: try await gp.get("/list?status=all").html)
            #expect(listed.contains("<tr class=\"reached\">") && listed.contains("<td>reached</td>"), "\(listed)")
            // The receptionist had opened the card before the GP saved: her save is not written, she sees the GP's call.
            let reception = try await Browser.signIn(client, as: "reception")
            let stale = try await reception.post("/card/\(candidate.candidateID)/call",
                                                 ["outcome": "no answer", "summary": "rang at 5", "version": version])
            #expect(stale.status == .conflict)
            #expect(stale.html.contains("bloods fine, review in a week"))
            #expect(stale.html.contains("rang at 5"), "what she typed comes back in the form")
            // Saved again with the card's new version, it is kept beside the GP's.
            let again = try await reception.post("/card/\(candidate.candidateID)/call",
                                                 ["outcome": "no answer", "summary": "rang at 5", "version": hidden(stale.html, "version")])
            #expect(again.status == .seeOther)
            // A card a re-run replaced: nothing written, what was typed handed back to record elsewhere.
            let gone = try await reception.post("/card/Cffffffffffff/call", ["outcome": "reached", "summary": "mum says Thursday", "version": "0"])
            #expect(gone.status == .notFound)
            #expect(gone.html.contains("mum says Thursday"))
            // An empty form is refused with a message, not saved.
            #expect(try await reception.post("/card/\(candidate.candidateID)/call", ["version": "0"]).status == .unprocessableContent)
            #expect(try await gp.post("/logout", [:]).status == .seeOther)
            #expect(try await gp.get("/").status == .seeOther, "signed out")
        }
        let outcomes = try await fixture.desk.outcomes(candidateID: candidate.candidateID)
        #expect(outcomes.map(\.caller) == ["gp", "reception"])
        #expect(outcomes.map(\.outcome.outcome) == ["reached", "no answer"])
        let log = try await fixture.desk.accessLog()
        #expect(log.contains { $0.action == "read a card" && $0.patientID == candidate.patientID && $0.actor == "gp" })
        #expect(log.contains { $0.action == "recorded a call" && $0.actor == "reception" && $0.patientID == candidate.patientID })
    }

    @Test("the CSV route and the browser record into the same table: a call list saved with a staff member's words is read as they meant it")
    func callListFromPaper() async throws {
        // A case of its own: this test runs the case again.
        let fixture = try await WorklistFixture(patients: 300)
        let lists = try #require(fixture.settings.outputFolder).appendingPathComponent("call-lists")
        let written = try #require(try FileManager.default.contentsOfDirectory(atPath: lists.path).filter { $0.hasSuffix(".csv") }.sorted().first)
        let text = String(decoding: try Data(contentsOf: lists.appendingPathComponent(written)), as: UTF8.self)
        // The first row's candidate ids (the 16th column of the list the run wrote).
        let firstRow = try #require(text.components(separatedBy: "\r\n").dropFirst().first)
        let ids = try #require(firstRow.range(of: ",C").map { firstRow[firstRow.index(after: $0.lowerBound)...].prefix { $0 != "," && $0 != "\"" } })
        let candidate = String(ids)
        // Typed on paper and saved from a spreadsheet under its own header words: "spoke to mum" is a
        // proxy reached; `closed: no` leaves the card open.
        try Data("Candidate IDs,Outcome,Closed,Notes,Rung by\r\n\(candidate),spoke to mum,no,seen Thursday <b>better</b>,Tania\r\n".utf8)
            .write(to: lists.appendingPathComponent("evening-from-paper.csv"))
        let rerun = try #require(fixture.settings.rerun)
        _ = try await rerun { _ in }
        try await fixture.application.test(.router) { client in
            let gp = try await Browser.signIn(client, as: "gp")
            let listed = row(of: candidate, in: try await gp.get("/list?status=reached").html)
            #expect(listed.contains("<td>reached (proxy)</td>"), "\(listed)")
            let card = try await gp.get("/card/\(candidate)")
            #expect(card.html.contains("Tania: spoke to mum"))
            #expect(card.html.contains("seen Thursday &lt;b&gt;better&lt;/b&gt;"))
            #expect(card.html.contains("(call-lists/evening-from-paper.csv line 2)"))
            #expect(card.html.contains("kept open (no)") && !card.html.contains("closed: no"), "a no is not a closing")
        }
    }

    @Test("twenty people recording at once: every call kept, or handed back as a conflict, none lost", arguments: Engine.allCases)
    func concurrent(engine: Engine) async throws {
        guard let fixture = try await WorklistFixture.shared(engine) else { return }
        let candidates = Array(try await fixture.desk.worklist().prefix(20))
        #expect(candidates.count == 20)
        let results = try await fixture.application.test(.router) { client in
            let people = try await withThrowingTaskGroup(of: Browser.self) { group in
                for n in 0..<20 { group.addTask { try await Browser.signIn(client, as: ["gp", "nurse", "reception", "admin"][n % 4]) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            return try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (n, person) in people.enumerated() {
                    // Each their own card, and all of them also the first card, with the version they saw.
                    group.addTask { try await person.post("/card/\(candidates[n].candidateID)/call", ["outcome": "voicemail", "summary": "call \(n)", "version": "0"]).status }
                    group.addTask { try await person.post("/card/\(candidates[0].candidateID)/call", ["outcome": "no answer", "summary": "race \(n)", "version": "0"]).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let saved = results.filter { $0 == .seeOther }.count, handedBack = results.filter { $0 == .conflict }.count
        #expect(saved + handedBack == 40)
        var stored = 0
        for candidate in candidates { stored += try await fixture.desk.outcomes(candidateID: candidate.candidateID).count }
        #expect(stored == saved, "every save the server answered with success is in the case")
        #expect(saved >= 20)
    }

    @Test("hostile names and text are escaped on every page")
    func escaped() async throws {
        let fixture = try await WorklistFixture(hostile: true)
        let rows = try await fixture.desk.worklist()
        let hostile = try #require(rows.first { ($0.familyName ?? "").contains("<") || ($0.givenName ?? "").contains("<") } ?? rows.first)
        try await fixture.application.test(.router) { client in
            let admin = try await Browser.signIn(client, as: "admin")
            _ = try await admin.post("/card/\(hostile.candidateID)/call", ["outcome": "reached", "summary": "<script>alert(2)</script>", "version": "0"])
            for uri in Self.pages + ["/card/\(hostile.candidateID)", "/list?status=all", "/inbox?show=all"] {
                let page = try await admin.get(uri)
                #expect(!page.html.contains("<script"), "\(uri)")
                #expect(!page.html.contains("javascript:"), "\(uri)")
            }
            #expect(try await admin.get("/card/\(hostile.candidateID)").html.contains("&lt;script&gt;alert(2)"))
        }
    }
}

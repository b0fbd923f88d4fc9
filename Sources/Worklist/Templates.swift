/// The worklist's pages as Mustache templates. `{{name}}` is escaped for HTML; `{{{body}}}` only in the
/// layout, for a body an escaping template rendered, and `{{{rows}}}` for rows each rendered by an
/// escaping row template (`RowCache`). Sections test booleans (`{{#hasSummary}}`): an
/// empty string is true to Mustache, and a missing key is looked up in the enclosing context.
enum Templates {
    static let all: [String: String] = [
        "layout": layout, "error": error, "listRow": listRow, "evidenceRow": evidenceRow, "callRow": callRow, "option": option, "login": login, "today": today, "list": list, "card": card, "inbox": inbox,
        "people": people, "review": review, "sources": sources, "print": print,
    ]

    static let layout = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Lacuna</title>
    <link rel="stylesheet" href="/style.css">
    </head>
    <body>
    <header>
      <strong>Lacuna</strong> <span class="case">{{caseName}}</span>
      {{#person}}
      <nav>
        <a href="/">Today</a>
        {{#myList}}<a href="/my">My list</a>{{/myList}}
        <a href="/list">Practice list</a>
        <a href="/inbox">Lost inbox</a>
        {{#mayReview}}<a href="/review">Review links</a>{{/mayReview}}
        <a href="/sources">Sources</a>
        <a href="/print">Print</a>
        {{#admin}}<a href="/people">People</a>{{/admin}}
      </nav>
      <form method="post" action="/logout" class="signout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span>{{name}} ({{role}})</span> <button type="submit">Sign out</button>
      </form>
      {{/person}}
    </header>
    <main>
    {{{body}}}
    </main>
    </body>
    </html>
    """

    static let error = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}} · Lacuna</title><link rel="stylesheet" href="/style.css"></head>
    <body><main><h1>{{title}}</h1><p>{{message}}</p><p><a href="/">Back to Today</a></p></main></body></html>
    """

    static let login = """
    <h1>Sign in</h1>
    {{#message}}<p class="warn">{{message}}</p>{{/message}}
    <form method="post" action="/login" class="login">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="next" value="{{next}}">
      <label>Name <input name="name" autocomplete="username" required value="{{name}}"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Sign in</button>
    </form>
    """

    static let today = """
    <h1>Today</h1>
    {{#hasCritical}}
    <section class="critical">
      <h2>Critical results still to file</h2>
      <ul>{{#critical}}<li>{{received}} · {{summary}} · {{who}}</li>{{/critical}}</ul>
    </section>
    {{/hasCritical}}
    <section>
      <h2>Calls by lost day</h2>
      <table>
        <thead><tr><th>Day</th><th>Tier</th><th>Candidates</th><th>Reached</th><th>Closed</th><th>Still to ring</th></tr></thead>
        <tbody>
        {{#days}}<tr><td>{{day}}</td><td>{{tier}}</td><td class="n">{{candidates}}</td><td class="n">{{reached}}</td><td class="n">{{closed}}</td>
        <td class="n"><a href="/list?date={{date}}&amp;tier={{tier}}&amp;status=open">{{open}}</a></td></tr>{{/days}}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Lost results and letters</h2>
      <p><a href="/inbox?show=open">{{inboxOpen}} still to file</a> of {{inboxAll}} ({{inboxCritical}} critical, {{inboxAbnormal}} abnormal).</p>
    </section>
    {{#hasMissing}}
    <section>
      <h2>Sources not yet received</h2>
      <p>No file has been read yet from: {{#missing}}<span class="tag">{{.}}</span> {{/missing}}</p>
    </section>
    {{/hasMissing}}
    """

    static let list = """
    <h1>{{heading}}</h1>
    <form method="get" action="{{action}}" class="filters">
      <label>Day <select name="date">{{{dates}}}</select></label>
      <label>Tier <select name="tier">{{{tiers}}}</select></label>
      <label>Status <select name="status">{{{statuses}}}</select></label>
      {{#hasProviders}}<label>Clinician <select name="provider">{{{providers}}}</select></label>{{/hasProviders}}
      {{#hasEvenings}}<label>Evening <select name="evening">{{{evenings}}}</select></label>{{/hasEvenings}}
      <button type="submit">Show</button>
    </form>
    <p>{{count}} candidates{{#hasNext}} (page {{page}} of {{pages}}){{/hasNext}}{{^hasNext}}{{#hasPrevious}} (page {{page}} of {{pages}}){{/hasPrevious}}{{/hasNext}}.</p>
    <table class="worklist">
      <thead><tr><th>#</th><th>Patient</th><th>Born</th><th>Mobile</th><th>Day</th><th>Clinician</th><th>Tier</th><th>Why</th><th>Calls</th><th>Status</th></tr></thead>
      <tbody>
      {{{rows}}}
      </tbody>
    </table>
    <p class="pages">{{#hasPrevious}}<a href="{{previous}}">← previous</a>{{/hasPrevious}} {{#hasNext}}<a href="{{next}}">next →</a>{{/hasNext}}</p>
    """

    /// One candidate's row in a list (rendered once per what it shows: `RowCache`).
    static let listRow = """
    <tr class="{{status}}"><td class="n">{{rank}}</td><td><a href="/card/{{candidateID}}">{{name}}</a></td><td>{{dob}}</td><td>{{mobile}}</td>
    <td>{{date}}</td><td>{{provider}}{{#evening}} <span class="muted">evening {{evening}}</span>{{/evening}}</td><td>{{tier}} ({{confidence}})</td><td>{{reason}}</td><td class="n">{{attempts}}</td><td>{{statusLabel}}</td></tr>

    """

    /// One piece of evidence on a card.
    static let evidenceRow = """
    <tr><td>{{summary}}</td><td>{{kind}}: {{file}} {{place}}</td><td>{{why}}</td></tr>
    """

    /// A call recorded on a card (in its history, or shown as what someone saved meanwhile).
    static let callRow = """
    <li>{{recordedAt}} · {{caller}}: {{outcome}}{{#hasSeenOn}} · seen {{seenOn}}{{/hasSeenOn}}{{#hasSummary}} — {{summary}}{{/hasSummary}}{{#hasClosed}} · {{closed}}{{/hasClosed}}{{#hasSource}} <span class="muted">({{source}})</span>{{/hasSource}}</li>

    """

    /// One choice in a select.
    static let option = """
    <option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
    """

    static let card = """
    <h1>{{name}}</h1>
    {{#conflict}}
    <section class="warn">
      <h2>Someone recorded a call on this card since you opened it</h2>
      <p>Nothing you typed was saved yet, and nothing is lost: read what they recorded, then save yours again below if it still stands.</p>
      <ul>{{{since}}}</ul>
    </section>
    {{/conflict}}
    {{#saved}}<p class="ok">Saved.</p>{{/saved}}
    {{#message}}<p class="warn">{{message}}</p>{{/message}}
    <section class="who">
      <dl>
        <dt>Born</dt><dd>{{dob}}</dd><dt>NHI</dt><dd>{{nhi}}</dd><dt>Mobile</dt><dd>{{mobile}}</dd><dt>Phone</dt><dd>{{phone}}</dd>
        <dt>Seen on</dt><dd>{{date}} by {{provider}}</dd><dt>Tier</dt><dd>{{tier}} ({{confidence}})</dd><dt>Why</dt><dd>{{reason}}</dd>
      </dl>
    </section>
    <section>
      <h2>Evidence</h2>
      <table>
        <thead><tr><th>What</th><th>From</th><th>Why this patient</th></tr></thead>
        <tbody>{{{evidence}}}</tbody>
      </table>
    </section>
    {{#hasInbox}}
    <section>
      <h2>Lost results and letters</h2>
      <table>
        <tbody>{{#inbox}}<tr class="{{abnormal}}"><td>{{received}}</td><td>{{kind}}</td><td>{{summary}}</td><td>{{abnormal}}</td>
        <td>{{#isFiled}}{{filing}} by {{filedBy}} {{filedAt}}{{/isFiled}}
        {{#mayFile}}<form method="post" action="/inbox/{{itemID}}/file" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="back" value="/card/{{candidateID}}"><input type="hidden" name="action" value="{{nextAction}}">
        <button type="submit">{{nextLabel}}</button></form>{{/mayFile}}</td></tr>{{/inbox}}</tbody>
      </table>
    </section>
    {{/hasInbox}}
    <section>
      <h2>Record a call</h2>
      <form method="post" action="/card/{{candidateID}}/call" class="call">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="version" value="{{version}}">
        <label>Outcome <select name="outcome" required>{{{outcomes}}}</select></label>
        <label>Seen on which day <input name="seen_on" value="{{form.seen_on}}" placeholder="e.g. {{dayShort}}, or not seen"></label>
        <label>Summary <textarea name="summary" rows="3">{{form.summary}}</textarea></label>
        <label>Follow-ups <textarea name="follow_ups" rows="2">{{form.follow_ups}}</textarea></label>
        <label>Next attempt <input name="next_attempt" value="{{form.next_attempt}}" placeholder="e.g. tomorrow 6pm"></label>
        <label>Close the card <select name="closed">{{{closings}}}</select></label>
        <button type="submit">Save</button>
      </form>
    </section>
    <section>
      <h2>Calls so far</h2>
      {{^hasHistory}}<p>None yet.</p>{{/hasHistory}}
      <ol>{{{history}}}</ol>
    </section>
    """

    static let inbox = """
    <h1>Lost results and letters</h1>
    <p><a href="/inbox?show=open">Still to file</a> · <a href="/inbox?show=all">All</a></p>
    <table>
      <thead><tr><th>Received</th><th>Patient</th><th>Kind</th><th>What</th><th>Flag</th><th>From</th><th>Filed</th></tr></thead>
      <tbody>
      {{#items}}<tr class="{{abnormal}}"><td>{{received}}</td><td>{{who}}</td><td>{{kind}}</td><td>{{summary}}</td><td>{{abnormal}}</td><td>{{source}}</td>
      <td>{{#isFiled}}{{filing}} by {{filedBy}} {{filedAt}}{{/isFiled}}
      {{#mayFile}}<form method="post" action="/inbox/{{itemID}}/file" class="inline"><input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="back" value="/inbox?show={{show}}"><input type="hidden" name="action" value="{{nextAction}}">
      <button type="submit">{{nextLabel}}</button></form>{{/mayFile}}</td></tr>{{/items}}
      </tbody>
    </table>
    """

    static let review = """
    <h1>Uncertain links</h1>
    <p>Each row is a record tied to a patient with too little certainty. Confirm it or reject it; the case uses your decision when it next runs.</p>
    {{^rows}}<p>Nothing to review.</p>{{/rows}}
    {{#rows}}
    <section class="review">
      <h2>{{source}} {{locator}} <span class="muted">({{probability}})</span></h2>
      <table class="side">
        <thead><tr><th></th><th>The record says</th><th>The patient it was tied to ({{patientID}})</th></tr></thead>
        <tbody>{{#fields}}<tr class="{{agreement}}"><th>{{label}}</th><td>{{record}}</td><td>{{patient}}</td></tr>{{/fields}}</tbody>
      </table>
      <p class="muted">{{rule}}</p>
      {{#hasDecision}}<p class="ok">{{decision}} by {{decidedBy}}</p>{{/hasDecision}}
      {{#mayReview}}
      <form method="post" action="/review/{{traceID}}/{{patientID}}" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" name="decision" value="confirm">Confirm: same person</button>
        <button type="submit" name="decision" value="reject">Reject: not this patient</button>
      </form>
      {{/mayReview}}
    </section>
    {{/rows}}
    """

    static let sources = """
    <h1>Sources</h1>
    {{#running}}<p class="warn">The case is being run again (started {{startedAt}}); people can keep working. This page will show the result.</p>
    {{/running}}
    {{#hasSteps}}<p>{{#running}}So far ({{stepCount}} steps reached):{{/running}}{{^running}}The last run's steps ({{stepCount}}):{{/running}}</p>
    <ol class="steps">{{#steps}}<li>{{at}} · {{step}}</li>{{/steps}}</ol>{{/hasSteps}}
    {{#hasLast}}<p class="{{lastClass}}">Last run: {{last}}</p>{{/hasLast}}
    {{#admin}}
    <section>
      <h2>Add a resend</h2>
      <form method="post" action="/sources/upload" enctype="multipart/form-data">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label>Kind <select name="kind">{{#kinds}}<option>{{.}}</option>{{/kinds}}</select></label>
        <label>File <input type="file" name="file" required></label>
        <button type="submit">Add it and run the case again</button>
      </form>
      <p>Or, with no new file (after someone changed a call list or the playbook):</p>
      <form method="post" action="/sources/run" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Run the case again</button></form>
    </section>
    {{/admin}}
    <table>
      <thead><tr><th>Kind</th><th>File</th><th>Read</th><th>Imported</th><th>Duplicates</th><th>Rejected</th><th>How it was read</th></tr></thead>
      <tbody>{{#files}}<tr><td>{{kind}}</td><td>{{path}}</td><td class="n">{{read}}</td><td class="n">{{imported}}</td><td class="n">{{duplicates}}</td>
      <td class="n">{{rejected}}</td><td>{{#reading}}<div>{{.}}</div>{{/reading}}{{#warnings}}<div class="muted">{{.}}</div>{{/warnings}}</td></tr>{{/files}}</tbody>
    </table>
    """

    static let print = """
    <h1>Print</h1>
    <p>The evening worksheets, one file per clinician and evening, as the last run wrote them (A4, double-sided).</p>
    {{^sheets}}<p>No worksheets yet: run the case first.</p>{{/sheets}}
    <ul>{{#sheets}}<li><a href="/print/{{.}}">{{.}}</a></li>{{/sheets}}</ul>
    """

    static let people = """
    <h1>People</h1>
    <p>Add people on the practice laptop: <code>lacuna users add NAME --role gp|nurse|reception|admin [--provider CODE] --case PLAYBOOK.yml</code>.</p>
    <table><thead><tr><th>Name</th><th>Role</th><th>Clinician code</th></tr></thead>
    <tbody>{{#people}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{provider}}</td></tr>{{/people}}</tbody></table>
    <h2>Access log (latest)</h2>
    <table><thead><tr><th>When</th><th>Who</th><th>What</th><th>Patient</th><th>Detail</th></tr></thead>
    <tbody>{{#log}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{patient}}</td><td>{{detail}}</td></tr>{{/log}}</tbody></table>
    """

    static let style = """
    body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; }
    header { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; padding: .5em 1em; background: #1f3a5f; color: #fff; }
    header a { color: #fff; margin-right: .8em; }
    header .signout { margin-left: auto; }
    main { padding: 1em; max-width: 1200px; }
    table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
    th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
    td.n { text-align: right; }
    tr.critical td, .critical { background: #fde2e1; }
    tr.abnormal td { background: #fff4d6; }
    tr.closed td { color: #777; }
    tr.differ td { background: #fff4d6; }
    section.review { border-top: 2px solid #1f3a5f; margin-top: 1.5em; }
    table.side th { width: 10em; }
    .warn { background: #fff4d6; padding: .5em 1em; border-left: 4px solid #d39e00; }
    .ok { background: #e3f6e5; padding: .5em 1em; border-left: 4px solid #2e7d32; }
    form.call label, form.login label { display: block; margin: .6em 0; font-weight: 600; }
    form.call textarea, form.call input, form.call select, form.login input { display: block; width: 100%; max-width: 40em; font: inherit; font-weight: normal; margin-top: .2em; }
    form.call select, form.login input { max-width: 24em; }
    form.inline { display: inline; }
    .filters label { margin-right: 1em; }
    .tag { background: #eef; padding: 0 .4em; border-radius: 3px; }
    .muted { color: #777; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
    @media print { header, form { display: none; } }
    """
}

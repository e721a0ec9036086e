//! `--help` texts: usage, options and exit codes of each command.

use crate::args::Cmd;

const OVERVIEW: &str = "\
trainyard: check release plans, find slots, gate deployments

Usage: trainyard <COMMAND> [ARGS] [OPTIONS]

Commands:
  check           List the plan's conflicts
  expand          List window occurrences in a time range
  suggest         Find the earliest start without errors for a deployment
  gate            Ask whether a deployment may happen (for pipelines)
  risk            Show a release's risk score and where it comes from
  metrics         Delivery metrics of the recorded outcomes in a period
  import          Turn a JSON plan into a .trainyard store or a team plan
  export          Write a store or team plan as a JSON plan or a .trainyard copy
  audit verify    Check a store's audit trail and that it matches the plan
  report summary  Write the release summary as a PDF
  report cab      Write a release's CAB impact sheet as a PDF
  export-ics      Write deployments and windows as an iCalendar file
  import-ics      Add a calendar's events to the plan as windows
  export-csv      Write deployments (or conflicts) as CSV
  demo            Write the built-in demo plan
  keygen          Make a key pair for signed exports
  verify          Check a signed export against a public key
  record          Record what happened to a deployment (store or team plan)
  team init       Create the team schema and roles in a PostgreSQL database
  team grant      Give a database login a team role

PLAN is a JSON plan file, '-' for standard input, a .trainyard store (told
apart by its SQLite header, not by its name), or a team plan on a PostgreSQL
server: postgres://USER@HOST[:PORT]/DB?plan=NAME (the password from
PGPASSWORD or ~/.pgpass, as for psql; host=/socket/dir for a Unix socket;
sslmode=disable|prefer|require|verify-ca|verify-full, sslrootcert=FILE). Plans and calendars larger than 256 MiB are refused;
TRAINYARD_MAX_INPUT_BYTES sets another limit in bytes. A team plan's server
that cannot be reached is exit 2 (for 'gate': never 'allowed').

Options:
  -h, --help     Show help ('trainyard <COMMAND> --help' for a command)
  -V, --version  Show the version

Exit codes:
  0  fine (no errors, allowed, found, written)
  1  the answer is no (errors found, blocked, no slot, tampered)
  2  bad input: invalid plan, unreadable file, bad argument, or an output that
     cannot be written
";

const CHECK: &str = "\
trainyard check: list the plan's conflicts

Usage: trainyard check PLAN [--format text|json]

Checks the plan against the conflict rules. Text output has one block per
conflict (severity, rule, message, subjects, evidence) and a summary line.
JSON output is {\"conflicts\": [...]} in the report shape of docs/conflict-rules.md.

An invalid plan prints one problem a line on stderr as 'PATH: message', or
with --format json {\"errors\": [{\"path\", \"id\", \"message\"}]} on stdout.

Options:
  --format text|json  Output format (default text)
  -h, --help          Show this help

Exit codes:
  0  no error-severity conflict (warnings allowed)
  1  at least one error-severity conflict
  2  the plan is invalid or unreadable, or a bad argument
";

const EXPAND: &str = "\
trainyard expand: list window occurrences in a time range

Usage: trainyard expand PLAN --from INSTANT --to INSTANT [--window ID]... [--format text|json]

Lists the occurrences of the plan's windows that intersect [from, to), sorted
by start, then window id. JSON output is
{\"occurrences\": [{\"window\": ID, \"start\": INSTANT, \"end\": INSTANT}]} in UTC.
A --from at or after --to gives an empty list.

Options:
  --from INSTANT      Start of the range, RFC 3339 with an offset (2027-01-01T00:00:00Z)
  --to INSTANT        End of the range (exclusive)
  --window ID         Only this window; may be repeated (default: every window)
  --format text|json  Output format (default text)
  -h, --help          Show this help

Exit codes:
  0  listed (possibly nothing)
  2  the plan is invalid or unreadable, an unknown window, or a bad argument
";

const SUGGEST: &str = "\
trainyard suggest: find the earliest start without errors for a deployment

Usage: trainyard suggest PLAN --deployment ID [--format text|json]

Finds the earliest start at or after the deployment's current start (same
duration) at which no error-severity conflict lists it, trying up to 365 days
later. JSON output is {\"deployment\": ID, \"start\": INSTANT, \"end\": INSTANT},
or {\"deployment\": ID, \"start\": null, \"end\": null, \"reason\": \"...\"}.

Options:
  --deployment ID     The deployment to place
  --format text|json  Output format (default text)
  -h, --help          Show this help

Exit codes:
  0  a start was found (possibly the current one)
  1  no start within the year works
  2  the plan is invalid or unreadable, an unknown deployment, or a bad argument
";

const GATE: &str = "\
trainyard gate: ask whether a deployment may happen

Usage: trainyard gate PLAN --service S --environment E [--at INSTANT]
                      [--duration DURATION] [--release R] [--id ID] [--format text|json]

Adds a hypothetical deployment to the plan and reports the error-severity
conflicts that list it. With --release it is a deployment of that release, every
rule applies, and the release's missing approvals for the environment block too.
JSON output is {\"allowed\": BOOL, \"conflicts\": [...]}. Pipelines call this
before they deploy.

Options:
  --service S           The service to deploy
  --environment E       The environment to deploy to
  --at INSTANT          Start, RFC 3339 with an offset (default: now)
  --duration DURATION   ISO 8601 duration such as PT1H or PT30M, > 0 (default PT1H)
  --release R           The release being deployed (default: none)
  --id ID               Id of the hypothetical deployment (default gate)
  --format text|json    Output format (default text)
  --record              Write the decision (allowed or blocked, why, who
                        asked: the store's user or the team plan's login) to
                        the audit trail of the store or team plan; a decision
                        that cannot be recorded is exit 2
  -h, --help            Show this help

Exit codes:
  0  allowed
  1  blocked
  2  the plan is invalid or unreadable, an unknown service, environment or
     release, an id that already exists, or a bad argument
";

const RISK: &str = "\
trainyard risk: show a release's risk score

Usage: trainyard risk PLAN --release R [--format text|json]

Shows the score (0-100), its level and every factor with its points. JSON
output is the risk score object with its factors.

Options:
  --release R         The release to score
  --format text|json  Output format (default text)
  -h, --help          Show this help

Exit codes:
  0  scored
  2  the plan is invalid or unreadable, an unknown release, or a bad argument
";

const METRICS: &str = "\
trainyard metrics: delivery metrics of the recorded outcomes in a period

Usage: trainyard metrics PLAN --from INSTANT --to INSTANT
                         [--by service|team|environment] [--format text|json]

Counts the deployments whose recorded outcome finished in [--from, --to)
(running ones are in no period; deployments without an outcome never count)
and shows, overall and with --by per group: deployments, succeeded
deployments per week, the median lead time (hours from the release's first
recorded start to each success), the change failure rate ((failed + rolled
back) / deployments), the median time to restore (hours from opened to
resolved of their incidents), and adherence to the plan: the share on time
(started at most 15 minutes late and finished by the planned end), the
median start delay in minutes and the overruns. Medians of an even count are
the mean of the two middle values. docs/metrics.md defines every measure.

With --by team, the deployments of services without a team form one group,
key null ('(no team)' in the text). Groups are sorted by key and hold at
least one deployment.

JSON output is {\"from\", \"to\", \"overall\": {...}, \"groups\": [{\"key\", ...}]},
each measure object {\"deployments\", \"deployment_frequency_per_week\",
\"lead_time_hours\", \"change_failure_rate\", \"time_to_restore_hours\",
\"adherence\": {\"on_time_rate\", \"median_start_delay_minutes\", \"overruns\"}};
a measure with nothing to measure is null. \"groups\" is [] without --by.

Options:
  --from INSTANT                  Start of the period (included), RFC 3339
  --to INSTANT                    End of the period (excluded), after --from
  --by service|team|environment   Also show the measures per group
  --format text|json              Output format (default text)
  -h, --help                      Show this help

Exit codes:
  0  measured
  2  the plan is invalid or unreadable, or a bad argument
";

const IMPORT: &str = "\
trainyard import: turn a JSON plan into a .trainyard store or a team plan

Usage: trainyard import PLAN.json|FILE.trainyard --to FILE.trainyard|URL

Validates the plan and creates a new store holding it. An existing file is
never overwritten. Problems with the plan are printed like 'trainyard check'.
From a .trainyard store, the copy keeps its undo history and audit trail
(checked first: a store whose trail does not verify is not published).
With a team plan address (postgres://USER@HOST/DB?plan=NAME) the plan is
published on the server under your database login; a plan of that name must
not exist yet.

Options:
  --to FILE.trainyard|URL  The store or team plan to create (must not exist)
  -h, --help           Show this help

Exit codes:
  0  imported
  2  the plan is invalid or unreadable, the store exists or cannot be written,
     or a bad argument
";

const EXPORT: &str = "\
trainyard export: write a .trainyard store as a JSON plan

Usage: trainyard export FILE.trainyard|URL --to PLAN.json|FILE.trainyard|- [--sign KEY]

A team plan (postgres://USER@HOST/DB?plan=NAME) exports exactly the JSON the
same plan exports from a file. '--to FILE.trainyard' writes a copy of the
store instead, with its undo history and audit trail (never over a file).

Writes the store's plan in the canonical JSON form. The file is replaced
atomically (written beside it, then renamed); '--to -' writes to stdout.
The target is never the store itself (nor a link to it) nor any other
Trainyard store: those are refused with exit 2 and left as they were.
The store is only read: a read-only store or folder works, and nothing is
written beside it.

A line names the revision and the audit head hash the plan was taken at
(on stderr when the plan goes to stdout): keep it, and a later 'audit verify'
head that does not continue from it shows the trail was cut back.

With --sign KEY (a secret key from 'trainyard keygen') the export is also
signed: PLAN.json.sig binds the exact bytes written to the revision and audit
head; 'trainyard verify PLAN.json --key KEY.pub' checks it.

Options:
  --to PLAN.json  Where to write, or '-' for standard output
  --sign KEY      Sign the export with this secret key (needs --to PLAN.json)
  -h, --help      Show this help

Exit codes:
  0  exported
  2  the store or the key is unreadable, the target cannot be written, or a
     bad argument
";

const AUDIT: &str = "\
trainyard audit: work with a store's audit trail

Usage: trainyard audit verify FILE.trainyard [--format text|json]

Commands:
  verify  Check the hash chain of the audit trail

See 'trainyard audit verify --help'.
";

const AUDIT_VERIFY: &str = "\
trainyard audit verify: check a store's hash-chained audit trail

Usage: trainyard audit verify FILE.trainyard [--format text|json]

Recomputes every audit entry's hash and its link to the one before, then the
hash of the stored plan, and compares it with the plan hash the newest entry
carries: rows changed in the raw file, and newest entries cut off with the head
moved back, are reported, naming the part of the plan that changed when it can.
A store written before plan hashes (schema 1) is covered from its first edit
after the upgrade. JSON output is {\"ok\", \"entries\", \"first_bad_seq\",
\"problem\", \"head\", \"plan_bound\"}.

Options:
  --format text|json  Output format (default text)
  -h, --help          Show this help

Exit codes:
  0  the trail is intact
  1  the trail was tampered with (the first bad entry and why are shown)
  2  the store is unreadable, or a bad argument
";

const REPORT: &str = "\
trainyard report: write a PDF report

Usage: trainyard report summary PLAN -o OUT.pdf [OPTIONS]
       trainyard report cab PLAN --release R -o OUT.pdf [OPTIONS]

Commands:
  summary  The release summary for stakeholders
  cab      The CAB impact sheet of one release

See 'trainyard report summary --help' and 'trainyard report cab --help'.
";

const REPORT_SUMMARY: &str = "\
trainyard report summary: write the release summary as a PDF

Usage: trainyard report summary PLAN -o OUT.pdf [--paper a4|letter]
                                [--lanes service|environment]
                                [--detail summary|conflicts|full]
                                [--from INSTANT --to INSTANT] [--generated-at INSTANT]
                                [--changes-since INSTANT|rREVISION]

A cover page with the key figures and the contents, then 'At a glance' (at
most two pages on any plan): what reaches production when, headline risk,
open errors by release, approvals still needed and changes on hold. When
deployments with a recorded outcome finished in the period, 'Delivery
metrics' follows (in every edition): the figures of 'trainyard metrics'
(DORA and adherence) overall and per environment, a weekly trend chart and
the failure rate by weekday; without --from/--to it measures the whole
weeks around the recorded outcomes. The appendices follow: the release
table, every conflict and the approvals (--detail conflicts), then the
timeline and one section per release (--detail full, the default). The PDF
has bookmarks for every section and release, and the names in the front
section link to the appendices. For a .trainyard store the title block and
footer also show the plan revision and the audit head hash. Limits:
docs/reports.md.

--changes-since (a .trainyard store only) makes a delay notice: the summary
opens with 'What changed since ...': deployments moved (old and new times),
added and removed, releases added, removed, cancelled or approved, and
conflicts new and resolved, grouped by release with who made the last edit
and when (from the audit trail); an edit and its undo cancel out. With
--detail conflicts or full, Appendix F lists every change.

The file is written beside OUT.pdf and renamed into place, so it is never
half-written. '-o -' writes the PDF to standard output, which must not be a
terminal. The same plan and --generated-at give byte-identical files.

Options:
  -o, --output OUT.pdf          Where to write, or '-' for standard output
  --paper a4|letter             Paper size (default a4)
  --lanes service|environment   Timeline lanes per service or per environment
                                (default service)
  --detail summary|conflicts|full
                                How much follows the front section (default
                                full; 'summary' is at most three pages)
  --from INSTANT, --to INSTANT  The period covered, given together, RFC 3339
                                with an offset (default: the deployments' span,
                                in whole days)
  --generated-at INSTANT        The 'generated at' time printed (default: now)
  --changes-since INSTANT|rREVISION
                                Open with what changed since this instant (RFC
                                3339 with an offset) or just after store
                                revision N, written rN (r42); needs a store
  -h, --help                    Show this help

Exit codes:
  0  written
  2  the plan is invalid or unreadable, the output cannot be written, or a bad
     argument (--changes-since on a JSON plan, or past the store's revision)
";

const REPORT_CAB: &str = "\
trainyard report cab: write a release's CAB impact sheet as a PDF

Usage: trainyard report cab PLAN --release R -o OUT.pdf [--paper a4|letter]
                            [--generated-at INSTANT]

Change type and risk with every factor, services and blast radius, deployments
per environment with their windows, conflicts, dependencies, backout plan, and
approvals with signature lines for the missing ones. For a .trainyard store the
footer shows the plan revision and the audit head hash.

The file is written beside OUT.pdf and renamed into place; '-o -' writes to
standard output, which must not be a terminal.

Options:
  --release R             The release (its id)
  -o, --output OUT.pdf    Where to write, or '-' for standard output
  --paper a4|letter       Paper size (default a4)
  --generated-at INSTANT  The 'generated at' time printed (default: now)
  -h, --help              Show this help

Exit codes:
  0  written
  2  the plan is invalid or unreadable, an unknown release, the output cannot
     be written, or a bad argument
";

const EXPORT_ICS: &str = "\
trainyard export-ics: write deployments and windows as an iCalendar file

Usage: trainyard export-ics PLAN -o OUT.ics [--release R] [--environment E]
                            [--generated-at INSTANT]

Writes an RFC 5545 calendar: one event per deployment (in UTC), one per window
with its recurrence (RRULE, EXDATE) and time zone (VTIMEZONE included), one
per train (its departures) and one per code freeze. A deployment is TENTATIVE
until its release is approved with the approvals its environment requires,
CONFIRMED then (or once it ran), CANCELLED when rolled back or cancelled.
Every event has a stable UID made of the entity's id and the plan's
x.calendar_id (never the plan's name), so importing the file again into a
calendar, even after renaming the plan, updates its events instead of
duplicating them. See docs/calendars-and-csv.md.

With --release only that release's deployments and the windows that apply to
them; with --environment only deployments to that environment and the windows
whose scope includes it; with both, both filters.

Options:
  -o, --output OUT.ics    Where to write, or '-' for standard output
  --release R             Only this release
  --environment E         Only this environment
  --generated-at INSTANT  The DTSTAMP of every event (default: now)
  -h, --help              Show this help

Exit codes:
  0  written
  2  the plan is invalid or unreadable, an unknown release or environment, the
     output cannot be written, or a bad argument
";

const IMPORT_ICS: &str = "\
trainyard import-ics: add a calendar's events to the plan as windows

Usage: trainyard import-ics PLAN FILE.ics --kind blackout|maintenance
                            [--environments ENV,...] [--services SERVICE,...]
                            [--prefix ID_PREFIX] [--dry-run] [--force]

Turns every event of the calendar (FILE.ics, or '-' for standard input) into
a window of the given kind and scope, e.g. a public-holidays calendar into
blackouts for production. Recurrence (RRULE, EXDATE) and time zones are kept;
all-day and floating times are read in the plan's time zone. Each RDATE is a
one-off window; an occurrence moved in Google Calendar or Outlook
(RECURRENCE-ID) becomes an exdate of the series plus a one-off window, a
cancelled one only the exdate. Time zones may be IANA names, Windows names
('W. Europe Standard Time') or defined by the calendar itself (Outlook's
'Customized Time Zone'), which is matched to the IANA zone with the same
offsets.

Window ids are ID_PREFIX followed by the event's UID (made id-safe; a UID
longer than 40 characters becomes 12 hex digits of a stable hash), so
importing the same calendar again updates those windows instead of adding new
ones. Windows made earlier from one of the calendar's UIDs that this import
no longer makes (a moved occurrence moved back) are removed; windows of UIDs
no longer in the calendar are left alone. A window with the same id that did
not come from the same event is never overwritten, and a window imported
earlier with another --kind is only changed with --force.

PLAN is changed in place:
  - a .trainyard store gets one edit, labelled 'import ICS FILE (N windows)'
    in its undo history and audit trail;
  - a JSON plan is validated and rewritten atomically (beside it, then
    renamed) in the canonical form of 'trainyard export'.
Unchanged windows are not written again; with nothing to change, nothing is.

Events the plan cannot hold without changing their meaning (EXRULE, RDATE
periods, RECURRENCE-ID with RANGE=THISANDFUTURE, RRULE parts outside the
plan's subset such as BYHOUR, a time zone no IANA zone matches) are reported
with their line and UID, and nothing is written. Events that are
skipped (cancelled ones, other components) are listed as warnings.

Options:
  --kind blackout|maintenance  The kind of the new windows
  --environments ENV,...       Scope: only these environments (default: all);
                               may be repeated
  --services SERVICE,...       Scope: only these services (default: all); may
                               be repeated
  --prefix ID_PREFIX           Prefix of the window ids (default 'ics-'; may
                               be empty)
  --dry-run                    Write nothing; list every window that would be
                               added, changed or removed (id, kind, name,
                               first occurrence)
  --force                      Change the kind of windows imported earlier
  -h, --help                   Show this help

Exit codes:
  0  imported (or nothing to change)
  2  the plan or the calendar is invalid or unreadable, an event cannot be
     imported, an unknown environment or service, a clashing window id, a
     kind change without --force, the plan cannot be written, or a bad
     argument
";

const EXPORT_CSV: &str = "\
trainyard export-csv: write deployments (or conflicts) as CSV

Usage: trainyard export-csv PLAN -o OUT.csv [--conflicts] [--excel]

RFC 4180 CSV in UTF-8 with CRLF line ends and a header row; times are ISO 8601
with the offset of the plan's time zone. By default one row per deployment
(deployment_id, release_id, release_name, version, service, environment,
start, end, strategy, wave, status), sorted by start. With --conflicts, one
row per conflict of 'trainyard check' (rule, severity, title, environment,
deployments, releases, services, window, team, start, end, message): releases
lists every release the conflict is about (its own, then its deployments'),
start and end span its deployments (or its evidence).

A cell that starts with =, +, -, @, a tab or a carriage return is written
with a single quote in front and quoted (=1+2 becomes \"'=1+2\"), so a
spreadsheet shows it as text instead of running it as a formula (OWASP, CSV
injection).

Options:
  -o, --output OUT.csv  Where to write, or '-' for standard output
  --conflicts           Export the conflict report instead of the deployments
  --excel               Start with a UTF-8 byte order mark, so Excel on Windows
                        reads non-ASCII names correctly
  -h, --help            Show this help

Exit codes:
  0  written
  2  the plan is invalid or unreadable, the output cannot be written, or a bad
     argument
";

const DEMO: &str = "\
trainyard demo: write the built-in demo plan

Usage: trainyard demo [--to FILE.json | --store FILE.trainyard]

Without options, prints the demo plan as JSON. --to writes it to a JSON file,
--store imports it into a new .trainyard store. An existing file is never
overwritten.

Options:
  --to FILE.json          Write the JSON plan to this file ('-': standard output)
  --store FILE.trainyard  Create a new store holding the demo plan
  -h, --help              Show this help

Exit codes:
  0  written
  2  the file exists or cannot be written, or a bad argument
";

const KEYGEN: &str = "\
trainyard keygen: make a key pair for signed exports

Usage: trainyard keygen --to KEY

Writes a new Ed25519 secret key to KEY (readable by you alone) and its public
key to KEY.pub. Neither file is ever overwritten. Keep KEY private; give
KEY.pub to whoever checks your exports. Both are one line of text:
'trainyard-secret-key-v1 ed25519 HEX' and 'trainyard-public-key-v1 ed25519 HEX'.

Options:
  --to KEY    Where to write the secret key (the public key goes to KEY.pub)
  -h, --help  Show this help

Exit codes:
  0  written
  2  a key file exists or cannot be written, or a bad argument
";

const VERIFY: &str = "\
trainyard verify: check a signed export

Usage: trainyard verify PLAN.json --key KEY.pub

Checks PLAN.json against its signature PLAN.json.sig (written by 'trainyard
export --sign'): that it was signed with the secret key of KEY.pub and that
not one byte changed since. Prints the revision and audit head it was signed
at.

Options:
  --key KEY.pub  The public key from 'trainyard keygen'
  -h, --help     Show this help

Exit codes:
  0  the signature is valid
  1  invalid: the file or its signature was changed, or another key signed it
  2  the file, the signature or the key is unreadable, or a bad argument
";

const TEAM: &str = "\
trainyard team: set up a PostgreSQL database for team plans

Usage: trainyard team init URL
       trainyard team grant URL LOGIN --role coordinator|cab|pipeline|viewer

'team init' creates (or upgrades) the trainyard schema in the database URL
names and the group roles trainyard_coordinator (edits plans), trainyard_cab
(records approval and rejection decisions, nothing else), trainyard_pipeline
(records deployments' outcomes with 'record' and gate decisions with
'gate --record', nothing else) and trainyard_viewer (reads plans, runs the
gate). It needs a login that may create roles and schemas. Running it again
is harmless.

'team grant' gives an existing database login one of the roles. The server
enforces them: whoever connects, with trainyard or psql, an audit entry and a
decision are recorded under the database login, never a typed name.

URL: postgres://USER@HOST[:PORT]/DB (a ?plan= is ignored here).

Options:
  --role coordinator|cab|pipeline|viewer
                                 The role to grant ('team grant')
  -h, --help                     Show this help

Exit codes:
  0  done
  2  the server cannot be reached or refused, or a bad argument
";

const RECORD: &str = "\
trainyard record: record what happened to a deployment

Usage: trainyard record PLAN --deployment ID --started INSTANT
                        [--finished INSTANT --result succeeded|failed|rolled_back]
                        [--incident ID]...

Sets the deployment's outcome (docs/plan-format.md, \"Outcome\"): when it
actually started, and once it is over when it finished and how it ended.
Without --finished and --result (given together, or neither) it is still
running. A finished deployment's status becomes its result. Each --incident
names an incident it caused or met; incidents recorded before under the same
id keep their details, and the outcome lists exactly the ones given.

PLAN is a .trainyard store or a team plan address; a JSON plan is refused
(record keeps an audit trail: 'trainyard import' makes a store). The change
is one edit, labelled 'record ID RESULT' in the undo history and audit
trail. Recording the same outcome again writes nothing and says so.

Promotion and dependency order count a deployment with an outcome as done
only when it succeeded, 'overrun' warns when it finished after its planned
end, and 'ran-outside-window' when it ran outside the maintenance windows
its environment requires (docs/conflict-rules.md, \"Outcomes\").

Options:
  --deployment ID           The deployment (required)
  --started INSTANT         When it actually started (required)
  --finished INSTANT        When it finished; after --started
  --result R                succeeded, failed or rolled_back (with --finished)
  --incident ID             An incident id (repeatable)
  -h, --help                Show this help

Exit codes:
  0  recorded, or already recorded
  2  a bad argument, an unknown deployment, a JSON plan, or a store that
     cannot be changed (nothing is written)
";

/// The help text of a command, or the overview.
pub fn text(cmd: Option<Cmd>) -> &'static str {
    match cmd {
        None => OVERVIEW,
        Some(Cmd::Check) => CHECK,
        Some(Cmd::Expand) => EXPAND,
        Some(Cmd::Suggest) => SUGGEST,
        Some(Cmd::Gate) => GATE,
        Some(Cmd::Risk) => RISK,
        Some(Cmd::Metrics) => METRICS,
        Some(Cmd::Import) => IMPORT,
        Some(Cmd::Export) => EXPORT,
        Some(Cmd::Audit) => AUDIT,
        Some(Cmd::AuditVerify) => AUDIT_VERIFY,
        Some(Cmd::Report) => REPORT,
        Some(Cmd::ReportSummary) => REPORT_SUMMARY,
        Some(Cmd::ReportCab) => REPORT_CAB,
        Some(Cmd::ExportIcs) => EXPORT_ICS,
        Some(Cmd::ImportIcs) => IMPORT_ICS,
        Some(Cmd::ExportCsv) => EXPORT_CSV,
        Some(Cmd::Demo) => DEMO,
        Some(Cmd::Keygen) => KEYGEN,
        Some(Cmd::Verify) => VERIFY,
        Some(Cmd::Team | Cmd::TeamInit | Cmd::TeamGrant) => TEAM,
        Some(Cmd::Record) => RECORD,
    }
}

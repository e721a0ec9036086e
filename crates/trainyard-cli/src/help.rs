//! `--help` texts: usage, options and exit codes of each command.

use crate::args::Cmd;

const OVERVIEW: &str = "\
trainyard: check release plans, find slots, gate deployments

Usage: trainyard <COMMAND> [ARGS] [OPTIONS]

Commands:
  check         List the plan's conflicts
  expand        List window occurrences in a time range
  suggest       Find the earliest start without errors for a deployment
  gate          Ask whether a deployment may happen (for pipelines)
  risk          Show a release's risk score and where it comes from
  import        Turn a JSON plan into a .trainyard store
  export        Write a .trainyard store as a JSON plan
  audit verify  Check a store's hash-chained audit trail

PLAN is a JSON plan file, '-' for standard input, or a .trainyard store (told
apart by its SQLite header, not by its name).

Options:
  -h, --help     Show help ('trainyard <COMMAND> --help' for a command)
  -V, --version  Show the version

Exit codes:
  0  fine (no errors, allowed, found)
  1  the answer is no (errors found, blocked, no slot, tampered)
  2  bad input: invalid plan, unreadable file, bad argument
";

const CHECK: &str = "\
trainyard check: list the plan's conflicts

Usage: trainyard check PLAN [--format text|json]

Checks the plan against the conflict rules. Text output has one block per
conflict (severity, rule, message, subjects, evidence) and a summary line.
JSON output is {\"conflicts\": [...]} in the report shape of conflict-rules.md.

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

const IMPORT: &str = "\
trainyard import: turn a JSON plan into a .trainyard store

Usage: trainyard import PLAN.json --to FILE.trainyard

Validates the plan and creates a new store holding it. An existing file is
never overwritten. Problems with the plan are printed like 'trainyard check'.

Options:
  --to FILE.trainyard  The store to create (must not exist)
  -h, --help           Show this help

Exit codes:
  0  imported
  2  the plan is invalid or unreadable, the store exists or cannot be written,
     or a bad argument
";

const EXPORT: &str = "\
trainyard export: write a .trainyard store as a JSON plan

Usage: trainyard export FILE.trainyard --to PLAN.json

Writes the store's plan in the canonical JSON form. The file is replaced
atomically (written beside it, then renamed); '--to -' writes to stdout.

Options:
  --to PLAN.json  Where to write, or '-' for standard output
  -h, --help      Show this help

Exit codes:
  0  exported
  2  the store is unreadable, the target cannot be written, or a bad argument
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

Recomputes every audit entry's hash and its link to the one before. JSON output
is {\"ok\", \"entries\", \"first_bad_seq\", \"problem\", \"head\"}.

Options:
  --format text|json  Output format (default text)
  -h, --help          Show this help

Exit codes:
  0  the trail is intact
  1  the trail was tampered with (the first bad entry and why are shown)
  2  the store is unreadable, or a bad argument
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
        Some(Cmd::Import) => IMPORT,
        Some(Cmd::Export) => EXPORT,
        Some(Cmd::Audit) => AUDIT,
        Some(Cmd::AuditVerify) => AUDIT_VERIFY,
    }
}

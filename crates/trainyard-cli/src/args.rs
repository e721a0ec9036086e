//! Command-line parsing in two steps, as ripgrep does it: [`LowArgs`] records
//! what was typed (strings, in the order seen, nothing interpreted), then
//! [`validate`] turns it into a typed [`Command`] in one place, so every
//! "is this value any good?" decision and its error message lives there.
//!
//! Nothing here reads the plan: whether `--service` names a real service is
//! the command's business. Everything here is about the shape of the line.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use chrono::Duration;
use trainyard_core::time::{parse_instant, Instant, NominalDuration};
use trainyard_core::{DeploymentId, EnvironmentId, ReleaseId, ServiceId, WindowId, WindowKind};
use trainyard_report::{LaneMode, Paper};

/// A subcommand (`audit verify` and `report summary` are commands with a
/// two-word name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Check,
    Expand,
    Suggest,
    Gate,
    Risk,
    Import,
    Export,
    /// `audit` without its subcommand yet.
    Audit,
    AuditVerify,
    /// `report` without its subcommand yet.
    Report,
    ReportSummary,
    ReportCab,
    ExportIcs,
    ImportIcs,
    ExportCsv,
    Demo,
}

impl Cmd {
    pub fn name(self) -> &'static str {
        match self {
            Cmd::Check => "check",
            Cmd::Expand => "expand",
            Cmd::Suggest => "suggest",
            Cmd::Gate => "gate",
            Cmd::Risk => "risk",
            Cmd::Import => "import",
            Cmd::Export => "export",
            Cmd::Audit => "audit",
            Cmd::AuditVerify => "audit verify",
            Cmd::Report => "report",
            Cmd::ReportSummary => "report summary",
            Cmd::ReportCab => "report cab",
            Cmd::ExportIcs => "export-ics",
            Cmd::ImportIcs => "import-ics",
            Cmd::ExportCsv => "export-csv",
            Cmd::Demo => "demo",
        }
    }

    fn from_name(s: &str) -> Option<Cmd> {
        Some(match s {
            "check" => Cmd::Check,
            "expand" => Cmd::Expand,
            "suggest" => Cmd::Suggest,
            "gate" => Cmd::Gate,
            "risk" => Cmd::Risk,
            "import" => Cmd::Import,
            "export" => Cmd::Export,
            "audit" => Cmd::Audit,
            "report" => Cmd::Report,
            "export-ics" => Cmd::ExportIcs,
            "import-ics" => Cmd::ImportIcs,
            "export-csv" => Cmd::ExportCsv,
            "demo" => Cmd::Demo,
            _ => return None,
        })
    }

    /// The options this command accepts.
    fn flags(self) -> &'static [Flag] {
        use Flag::*;
        match self {
            Cmd::Check => &[Format],
            Cmd::Expand => &[From, To, Window, Format],
            Cmd::Suggest => &[Deployment, Format],
            Cmd::Gate => &[Service, Environment, At, Duration, Release, Id, Format],
            Cmd::Risk => &[Release, Format],
            Cmd::Import | Cmd::Export => &[To],
            Cmd::Audit | Cmd::Report => &[],
            Cmd::AuditVerify => &[Format],
            Cmd::ReportSummary => &[Output, Paper, Lanes, From, To, GeneratedAt],
            Cmd::ReportCab => &[Release, Output, Paper, GeneratedAt],
            Cmd::ExportIcs => &[Output, Release, Environment, GeneratedAt],
            Cmd::ImportIcs => &[Kind, Environments, Services, Prefix, DryRun],
            Cmd::ExportCsv => &[Output, Conflicts, Excel],
            Cmd::Demo => &[To, Store],
        }
    }
}

/// Every option of a command. Most take a value; [`Flag::is_switch`] tells
/// the ones that do not. `--help`, `-h` and `--version` are handled apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flag {
    Format,
    From,
    To,
    Window,
    Deployment,
    Service,
    Environment,
    At,
    Duration,
    Release,
    Id,
    Output,
    Paper,
    Lanes,
    GeneratedAt,
    Kind,
    Environments,
    Services,
    Prefix,
    DryRun,
    Conflicts,
    Excel,
    Store,
}

impl Flag {
    const ALL: [Flag; 23] = [
        Flag::Format,
        Flag::From,
        Flag::To,
        Flag::Window,
        Flag::Deployment,
        Flag::Service,
        Flag::Environment,
        Flag::At,
        Flag::Duration,
        Flag::Release,
        Flag::Id,
        Flag::Output,
        Flag::Paper,
        Flag::Lanes,
        Flag::GeneratedAt,
        Flag::Kind,
        Flag::Environments,
        Flag::Services,
        Flag::Prefix,
        Flag::DryRun,
        Flag::Conflicts,
        Flag::Excel,
        Flag::Store,
    ];

    /// Options that take no value: present or not.
    fn is_switch(self) -> bool {
        matches!(self, Flag::DryRun | Flag::Conflicts | Flag::Excel)
    }

    /// The one-letter form, if any.
    fn from_short(c: char) -> Option<Flag> {
        match c {
            'o' => Some(Flag::Output),
            _ => None,
        }
    }

    fn long(self) -> &'static str {
        match self {
            Flag::Format => "format",
            Flag::From => "from",
            Flag::To => "to",
            Flag::Window => "window",
            Flag::Deployment => "deployment",
            Flag::Service => "service",
            Flag::Environment => "environment",
            Flag::At => "at",
            Flag::Duration => "duration",
            Flag::Release => "release",
            Flag::Id => "id",
            Flag::Output => "output",
            Flag::Paper => "paper",
            Flag::Lanes => "lanes",
            Flag::GeneratedAt => "generated-at",
            Flag::Kind => "kind",
            Flag::Environments => "environments",
            Flag::Services => "services",
            Flag::Prefix => "prefix",
            Flag::DryRun => "dry-run",
            Flag::Conflicts => "conflicts",
            Flag::Excel => "excel",
            Flag::Store => "store",
        }
    }

    /// The placeholder shown in messages: `--from INSTANT`.
    fn value_name(self, cmd: Cmd) -> &'static str {
        match self {
            Flag::Format => "text|json",
            Flag::From | Flag::At | Flag::GeneratedAt => "INSTANT",
            Flag::To if matches!(cmd, Cmd::Expand | Cmd::ReportSummary) => "INSTANT",
            Flag::To if cmd == Cmd::Import => "FILE.trainyard",
            Flag::To if cmd == Cmd::Demo => "FILE.json",
            Flag::To => "PLAN.json",
            Flag::Output => match cmd {
                Cmd::ReportSummary | Cmd::ReportCab => "OUT.pdf",
                Cmd::ExportIcs => "OUT.ics",
                Cmd::ExportCsv => "OUT.csv",
                _ => "FILE",
            },
            Flag::Paper => "a4|letter",
            Flag::Lanes => "service|environment",
            Flag::Kind => "blackout|maintenance",
            Flag::Environments => "ENV[,ENV...]",
            Flag::Services => "SERVICE[,SERVICE...]",
            Flag::Prefix => "ID_PREFIX",
            Flag::Store => "FILE.trainyard",
            Flag::DryRun | Flag::Conflicts | Flag::Excel => "",
            Flag::Window => "ID",
            Flag::Deployment => "ID",
            Flag::Service => "SERVICE",
            Flag::Environment => "ENVIRONMENT",
            Flag::Duration => "DURATION",
            Flag::Release => "RELEASE",
            Flag::Id => "ID",
        }
    }

    /// Whether the option may be given more than once.
    fn repeatable(self) -> bool {
        matches!(self, Flag::Window | Flag::Environments | Flag::Services)
    }

    fn from_long(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.long() == s)
    }
}

/// A bad command line: what is wrong, and which command's help to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub cmd: Option<Cmd>,
    pub message: String,
}

impl UsageError {
    pub fn new(cmd: Option<Cmd>, message: impl Into<String>) -> Self {
        UsageError {
            cmd,
            message: message.into(),
        }
    }
}

impl fmt::Display for UsageError {
    /// One line: the problem, then where to read more.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cmd {
            Some(c) => write!(
                f,
                "error: {}; see 'trainyard {} --help'",
                self.message,
                c.name()
            ),
            None => write!(f, "error: {}; see 'trainyard --help'", self.message),
        }
    }
}

/// The command line as typed: raw strings, nothing checked beyond "is this a
/// known option of this command".
#[derive(Debug, Default)]
struct LowArgs {
    cmd: Option<Cmd>,
    help: bool,
    version: bool,
    positionals: Vec<OsString>,
    values: Vec<(Flag, OsString)>,
}

impl LowArgs {
    fn one(&self, f: Flag) -> Option<&OsString> {
        self.values.iter().find(|(g, _)| *g == f).map(|(_, v)| v)
    }

    fn all(&self, f: Flag) -> impl Iterator<Item = &OsString> {
        self.values
            .iter()
            .filter(move |(g, _)| *g == f)
            .map(|(_, v)| v)
    }
}

/// Reads the arguments (without the program name). Errors are collected, not
/// returned at once, so that `--help` anywhere still wins over a typo.
fn parse_low(args: impl IntoIterator<Item = OsString>) -> (LowArgs, Option<UsageError>) {
    use lexopt::prelude::*;

    let mut low = LowArgs::default();
    let mut first_err: Option<UsageError> = None;
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        let cmd = low.cmd;
        let mut fail = |e: UsageError| {
            if first_err.is_none() {
                first_err = Some(e);
            }
        };
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => {
                fail(UsageError::new(cmd, lexopt_message(e)));
                // lexopt has consumed the offending argument; carry on.
                continue;
            }
        };
        // An option other than help and version: its flag (if known) and how it was typed.
        let option = match arg {
            Long(name) if name != "help" && name != "version" => {
                Some((Flag::from_long(name), format!("--{name}")))
            }
            Short(c) if c != 'h' && c != 'V' => Some((Flag::from_short(c), format!("-{c}"))),
            _ => None,
        };
        if let Some((flag, typed)) = option {
            match (flag, cmd) {
                (Some(flag), Some(c)) if c.flags().contains(&flag) => {
                    if !flag.repeatable() && low.one(flag).is_some() {
                        fail(UsageError::new(
                            cmd,
                            format!("option '{typed}' is given more than once"),
                        ));
                    }
                    if flag.is_switch() {
                        // A value attached with '=' makes lexopt fail on the next call.
                        low.values.push((flag, OsString::new()));
                    } else {
                        match parser.value() {
                            Ok(v) => low.values.push((flag, v)),
                            Err(_) => fail(UsageError::new(
                                cmd,
                                format!("option '{typed}' needs a value ({})", flag.value_name(c)),
                            )),
                        }
                    }
                }
                (Some(_), Some(c)) => {
                    // Skip an attached value (`--window=x`) so it is not
                    // mistaken for a positional; a separate one stays.
                    let _ = parser.optional_value();
                    fail(UsageError::new(
                        cmd,
                        format!(
                            "option '{typed}' does not apply to 'trainyard {}'",
                            c.name()
                        ),
                    ))
                }
                (Some(_), None) => {
                    let _ = parser.optional_value();
                    fail(UsageError::new(
                        None,
                        format!("option '{typed}' must come after a command"),
                    ))
                }
                (None, _) => {
                    let _ = parser.optional_value();
                    fail(UsageError::new(cmd, format!("unknown option '{typed}'")))
                }
            }
            continue;
        }
        match arg {
            Short('h') | Long("help") => low.help = true,
            Long("version") | Short('V') => low.version = true,
            Long(_) | Short(_) => unreachable!("handled above"),
            Value(v) => match cmd {
                None => match v.to_str().and_then(Cmd::from_name) {
                    Some(c) => low.cmd = Some(c),
                    None if v == "help" => low.help = true,
                    None => fail(UsageError::new(
                        None,
                        format!("unknown command '{}'", v.to_string_lossy()),
                    )),
                },
                Some(Cmd::Audit) if low.positionals.is_empty() && v == "verify" => {
                    low.cmd = Some(Cmd::AuditVerify)
                }
                Some(Cmd::Audit) => fail(UsageError::new(
                    cmd,
                    format!(
                        "unknown audit command '{}' (expected 'verify')",
                        v.to_string_lossy()
                    ),
                )),
                Some(Cmd::Report) if v == "summary" => low.cmd = Some(Cmd::ReportSummary),
                Some(Cmd::Report) if v == "cab" => low.cmd = Some(Cmd::ReportCab),
                Some(Cmd::Report) => fail(UsageError::new(
                    cmd,
                    format!(
                        "unknown report '{}' (expected 'summary' or 'cab')",
                        v.to_string_lossy()
                    ),
                )),
                Some(_) => low.positionals.push(v),
            },
        }
    }
    (low, first_err)
}

fn lexopt_message(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::UnexpectedValue { option, value } => format!(
            "option '{option}' takes no value (got '{}')",
            value.to_string_lossy()
        ),
        lexopt::Error::MissingValue { option: Some(o) } => format!("option '{o}' needs a value"),
        lexopt::Error::UnexpectedOption(o) => format!("unknown option '{o}'"),
        lexopt::Error::UnexpectedArgument(a) => {
            format!("unexpected argument '{}'", a.to_string_lossy())
        }
        other => other.to_string(),
    }
}

/// Output format of the commands that have one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Where a plan comes from: a file (JSON or store) or standard input (`-`, JSON only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    fn from_os(s: OsString) -> Source {
        if s == "-" {
            Source::Stdin
        } else {
            Source::File(PathBuf::from(s))
        }
    }
}

/// Where output goes: a file or standard output (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckArgs {
    pub plan: Source,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExpandArgs {
    pub plan: Source,
    pub from: Instant,
    pub to: Instant,
    /// Empty means every window.
    pub windows: Vec<WindowId>,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuggestArgs {
    pub plan: Source,
    pub deployment: DeploymentId,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GateArgs {
    pub plan: Source,
    pub service: ServiceId,
    pub environment: EnvironmentId,
    /// `None` means now.
    pub at: Option<Instant>,
    pub duration: Duration,
    pub release: Option<ReleaseId>,
    pub id: DeploymentId,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RiskArgs {
    pub plan: Source,
    pub release: ReleaseId,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportArgs {
    pub plan: Source,
    pub to: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportArgs {
    pub store: PathBuf,
    pub to: Target,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditVerifyArgs {
    pub store: PathBuf,
    pub format: Format,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportSummaryArgs {
    pub plan: Source,
    pub output: Target,
    pub paper: Paper,
    pub lanes: LaneMode,
    /// `--from` and `--to`, given together; `None` means the deployments' span.
    pub period: Option<(Instant, Instant)>,
    /// `None` means now.
    pub generated_at: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportCabArgs {
    pub plan: Source,
    pub release: ReleaseId,
    pub output: Target,
    pub paper: Paper,
    pub generated_at: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportIcsArgs {
    pub plan: Source,
    pub output: Target,
    pub release: Option<ReleaseId>,
    pub environment: Option<EnvironmentId>,
    /// The DTSTAMP of every event; `None` means now.
    pub generated_at: Option<Instant>,
}

/// The id prefix of imported windows when `--prefix` is not given.
pub const DEFAULT_ICS_PREFIX: &str = "ics-";

#[derive(Debug, Clone, PartialEq)]
pub struct ImportIcsArgs {
    /// The plan to change: a JSON file or a store (never standard input).
    pub plan: PathBuf,
    /// The calendar: a file or standard input (`-`).
    pub ics: Source,
    pub kind: WindowKind,
    /// The scope of every imported window; empty means all.
    pub environments: Vec<EnvironmentId>,
    pub services: Vec<ServiceId>,
    pub prefix: String,
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExportCsvArgs {
    pub plan: Source,
    pub output: Target,
    pub conflicts: bool,
    pub excel: bool,
}

/// Where `trainyard demo` puts the demo plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoTarget {
    Stdout,
    Json(PathBuf),
    Store(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DemoArgs {
    pub target: DemoTarget,
}

/// A validated command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Help for one command, or the overview.
    Help(Option<Cmd>),
    Version,
    Check(CheckArgs),
    Expand(ExpandArgs),
    Suggest(SuggestArgs),
    Gate(GateArgs),
    Risk(RiskArgs),
    Import(ImportArgs),
    Export(ExportArgs),
    AuditVerify(AuditVerifyArgs),
    ReportSummary(ReportSummaryArgs),
    ReportCab(ReportCabArgs),
    ExportIcs(ExportIcsArgs),
    ImportIcs(ImportIcsArgs),
    ExportCsv(ExportCsvArgs),
    Demo(DemoArgs),
}

/// Parses and validates the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let (low, err) = parse_low(args);
    if low.help {
        return Ok(Command::Help(low.cmd));
    }
    if let Some(e) = err {
        return Err(e);
    }
    if low.version {
        return Ok(Command::Version);
    }
    validate(low)
}

/// Builds the typed command from the raw form: the one step that judges values.
fn validate(low: LowArgs) -> Result<Command, UsageError> {
    let Some(cmd) = low.cmd else {
        return Err(UsageError::new(None, "no command given"));
    };
    let v = Validator { cmd, low: &low };
    Ok(match cmd {
        Cmd::Check => Command::Check(CheckArgs {
            plan: v.positional("PLAN")?,
            format: v.format()?,
        }),
        Cmd::Expand => Command::Expand(ExpandArgs {
            plan: v.positional("PLAN")?,
            from: v
                .instant(Flag::From)?
                .ok_or_else(|| v.missing(Flag::From))?,
            to: v.instant(Flag::To)?.ok_or_else(|| v.missing(Flag::To))?,
            windows: v
                .all_strings(Flag::Window)?
                .into_iter()
                .map(WindowId)
                .collect(),
            format: v.format()?,
        }),
        Cmd::Suggest => Command::Suggest(SuggestArgs {
            plan: v.positional("PLAN")?,
            deployment: DeploymentId(v.required(Flag::Deployment)?),
            format: v.format()?,
        }),
        Cmd::Gate => Command::Gate(GateArgs {
            plan: v.positional("PLAN")?,
            service: ServiceId(v.required(Flag::Service)?),
            environment: EnvironmentId(v.required(Flag::Environment)?),
            at: v.instant(Flag::At)?,
            duration: v.duration()?,
            release: v.string(Flag::Release)?.map(ReleaseId),
            id: DeploymentId(v.string(Flag::Id)?.unwrap_or_else(|| "gate".into())),
            format: v.format()?,
        }),
        Cmd::Risk => Command::Risk(RiskArgs {
            plan: v.positional("PLAN")?,
            release: ReleaseId(v.required(Flag::Release)?),
            format: v.format()?,
        }),
        Cmd::Import => Command::Import(ImportArgs {
            plan: v.positional("PLAN.json")?,
            to: match v.target()? {
                Some(Target::File(p)) => p,
                Some(Target::Stdout) => {
                    return Err(v.err("'--to' must name a .trainyard file, not '-'"))
                }
                None => return Err(v.missing(Flag::To)),
            },
        }),
        Cmd::Export => Command::Export(ExportArgs {
            store: v.file_positional("FILE.trainyard")?,
            to: v.target()?.ok_or_else(|| v.missing(Flag::To))?,
        }),
        Cmd::Audit => return Err(v.err("missing audit command (expected 'verify')")),
        Cmd::AuditVerify => Command::AuditVerify(AuditVerifyArgs {
            store: v.file_positional("FILE.trainyard")?,
            format: v.format()?,
        }),
        Cmd::Report => return Err(v.err("missing report (expected 'summary' or 'cab')")),
        Cmd::ReportSummary => Command::ReportSummary(ReportSummaryArgs {
            plan: v.positional("PLAN")?,
            output: v.output()?,
            paper: v.paper()?,
            lanes: match v.string(Flag::Lanes)?.as_deref() {
                None | Some("service") => LaneMode::Service,
                Some("environment") => LaneMode::Environment,
                Some(other) => {
                    return Err(v.err(format!(
                        "invalid value '{other}' for '--lanes' (expected service or environment)"
                    )))
                }
            },
            period: match (v.instant(Flag::From)?, v.instant(Flag::To)?) {
                (None, None) => None,
                (Some(from), Some(to)) if from < to => Some((from, to)),
                (Some(_), Some(_)) => return Err(v.err("'--from' must be before '--to'")),
                (Some(_), None) => return Err(v.err("'--from' needs '--to' as well")),
                (None, Some(_)) => return Err(v.err("'--to' needs '--from' as well")),
            },
            generated_at: v.instant(Flag::GeneratedAt)?,
        }),
        Cmd::ReportCab => Command::ReportCab(ReportCabArgs {
            plan: v.positional("PLAN")?,
            release: ReleaseId(v.required(Flag::Release)?),
            output: v.output()?,
            paper: v.paper()?,
            generated_at: v.instant(Flag::GeneratedAt)?,
        }),
        Cmd::ExportIcs => Command::ExportIcs(ExportIcsArgs {
            plan: v.positional("PLAN")?,
            output: v.output()?,
            release: v.string(Flag::Release)?.map(ReleaseId),
            environment: v.string(Flag::Environment)?.map(EnvironmentId),
            generated_at: v.instant(Flag::GeneratedAt)?,
        }),
        Cmd::ImportIcs => {
            let (plan, ics) = v.two_positionals("PLAN", "FILE.ics")?;
            let plan = match plan {
                Source::File(p) => p,
                Source::Stdin => return Err(v.err("PLAN must be a file to update, not '-'")),
            };
            if ics == Source::File(plan.clone()) {
                return Err(v.err("PLAN and FILE.ics are the same file"));
            }
            Command::ImportIcs(ImportIcsArgs {
                plan,
                ics,
                kind: match v.string(Flag::Kind)?.as_deref() {
                    Some("blackout") => WindowKind::Blackout,
                    Some("maintenance") => WindowKind::Maintenance,
                    Some(other) => {
                        return Err(v.err(format!(
                        "invalid value '{other}' for '--kind' (expected blackout or maintenance)"
                    )))
                    }
                    None => return Err(v.missing(Flag::Kind)),
                },
                environments: v
                    .id_list(Flag::Environments)?
                    .into_iter()
                    .map(EnvironmentId)
                    .collect(),
                services: v
                    .id_list(Flag::Services)?
                    .into_iter()
                    .map(ServiceId)
                    .collect(),
                prefix: match v.low.one(Flag::Prefix) {
                    // An empty prefix is allowed: ids are then the UIDs themselves.
                    Some(p) if p.is_empty() => String::new(),
                    Some(p) => v.text(Flag::Prefix, p)?,
                    None => DEFAULT_ICS_PREFIX.to_owned(),
                },
                dry_run: v.switch(Flag::DryRun),
            })
        }
        Cmd::ExportCsv => Command::ExportCsv(ExportCsvArgs {
            plan: v.positional("PLAN")?,
            output: v.output()?,
            conflicts: v.switch(Flag::Conflicts),
            excel: v.switch(Flag::Excel),
        }),
        Cmd::Demo => {
            v.no_positional()?;
            let to = v.target()?;
            let store = match v.low.one(Flag::Store) {
                None => None,
                Some(s) if s.is_empty() => return Err(v.err("the value of '--store' is empty")),
                Some(s) if s == "-" => {
                    return Err(v.err("'--store' must name a .trainyard file, not '-'"))
                }
                Some(s) => Some(PathBuf::from(s)),
            };
            Command::Demo(DemoArgs {
                target: match (to, store) {
                    (Some(_), Some(_)) => return Err(v.err("give '--to' or '--store', not both")),
                    (None, None) | (Some(Target::Stdout), None) => DemoTarget::Stdout,
                    (Some(Target::File(p)), None) => DemoTarget::Json(p),
                    (None, Some(p)) => DemoTarget::Store(p),
                },
            })
        }
    })
}

struct Validator<'a> {
    cmd: Cmd,
    low: &'a LowArgs,
}

impl Validator<'_> {
    fn err(&self, message: impl Into<String>) -> UsageError {
        UsageError::new(Some(self.cmd), message)
    }

    fn missing(&self, f: Flag) -> UsageError {
        let short = if f == Flag::Output { "-o/" } else { "" };
        self.err(format!(
            "missing required option '{short}--{} {}'",
            f.long(),
            f.value_name(self.cmd)
        ))
    }

    /// Exactly one positional argument.
    fn positional(&self, name: &str) -> Result<Source, UsageError> {
        match self.low.positionals.as_slice() {
            [] => Err(self.err(format!("missing argument {name}"))),
            [one] => Ok(Source::from_os(one.clone())),
            [_, extra, ..] => Err(self.err(format!(
                "unexpected argument '{}' (only one {name} is accepted)",
                extra.to_string_lossy()
            ))),
        }
    }

    /// Exactly two positional arguments.
    fn two_positionals(&self, first: &str, second: &str) -> Result<(Source, Source), UsageError> {
        match self.low.positionals.as_slice() {
            [] => Err(self.err(format!("missing arguments {first} and {second}"))),
            [_] => Err(self.err(format!("missing argument {second}"))),
            [a, b] => Ok((Source::from_os(a.clone()), Source::from_os(b.clone()))),
            [_, _, extra, ..] => Err(self.err(format!(
                "unexpected argument '{}' (expected {first} and {second})",
                extra.to_string_lossy()
            ))),
        }
    }

    /// No positional argument.
    fn no_positional(&self) -> Result<(), UsageError> {
        match self.low.positionals.first() {
            None => Ok(()),
            Some(extra) => {
                Err(self.err(format!("unexpected argument '{}'", extra.to_string_lossy())))
            }
        }
    }

    fn file_positional(&self, name: &str) -> Result<PathBuf, UsageError> {
        match self.positional(name)? {
            Source::File(p) => Ok(p),
            Source::Stdin => Err(self.err(format!("{name} must be a file, not '-'"))),
        }
    }

    fn string(&self, f: Flag) -> Result<Option<String>, UsageError> {
        self.low.one(f).map(|v| self.text(f, v)).transpose()
    }

    fn required(&self, f: Flag) -> Result<String, UsageError> {
        self.string(f)?.ok_or_else(|| self.missing(f))
    }

    fn all_strings(&self, f: Flag) -> Result<Vec<String>, UsageError> {
        self.low.all(f).map(|v| self.text(f, v)).collect()
    }

    /// Comma-separated ids from every use of a repeatable option, without
    /// duplicates, in the order first given.
    fn id_list(&self, f: Flag) -> Result<Vec<String>, UsageError> {
        let mut ids: Vec<String> = Vec::new();
        for value in self.all_strings(f)? {
            for id in value.split(',') {
                let id = id.trim();
                if id.is_empty() {
                    return Err(self.err(format!(
                        "the value of '--{}' has an empty id ({value:?})",
                        f.long()
                    )));
                }
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_owned());
                }
            }
        }
        Ok(ids)
    }

    fn switch(&self, f: Flag) -> bool {
        self.low.one(f).is_some()
    }

    fn paper(&self) -> Result<Paper, UsageError> {
        let given = self.string(Flag::Paper)?;
        match given.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("a4") => Ok(Paper::A4),
            Some("letter") => Ok(Paper::Letter),
            Some(_) => Err(self.err(format!(
                "invalid value '{}' for '--paper' (expected a4 or letter)",
                given.unwrap_or_default()
            ))),
        }
    }

    /// The required `-o`/`--output`: a file, or `-` for standard output.
    fn output(&self) -> Result<Target, UsageError> {
        match self.low.one(Flag::Output) {
            None => Err(self.missing(Flag::Output)),
            Some(v) if v.is_empty() => Err(self.err("the value of '--output' is empty")),
            Some(v) if v == "-" => Ok(Target::Stdout),
            Some(v) => Ok(Target::File(PathBuf::from(v))),
        }
    }

    /// A value as UTF-8 text, not empty.
    fn text(&self, f: Flag, v: &OsString) -> Result<String, UsageError> {
        let Some(s) = v.to_str() else {
            return Err(self.err(format!("the value of '--{}' is not valid UTF-8", f.long())));
        };
        if s.is_empty() {
            return Err(self.err(format!("the value of '--{}' is empty", f.long())));
        }
        Ok(s.to_owned())
    }

    fn format(&self) -> Result<Format, UsageError> {
        match self.string(Flag::Format)?.as_deref() {
            None | Some("text") => Ok(Format::Text),
            Some("json") => Ok(Format::Json),
            Some(other) => Err(self.err(format!(
                "invalid value '{other}' for '--format' (expected text or json)"
            ))),
        }
    }

    fn instant(&self, f: Flag) -> Result<Option<Instant>, UsageError> {
        let Some(s) = self.string(f)? else {
            return Ok(None);
        };
        parse_instant(&s)
            .map(Some)
            .map_err(|e| self.err(format!("invalid value for '--{}': {e}", f.long())))
    }

    fn duration(&self) -> Result<Duration, UsageError> {
        let Some(s) = self.string(Flag::Duration)? else {
            return Ok(Duration::hours(1));
        };
        let d = s
            .parse::<NominalDuration>()
            .map_err(|e| self.err(format!("invalid value for '--duration': {e}")))?
            .as_exact();
        if d <= Duration::zero() {
            return Err(self.err(format!(
                "invalid value for '--duration': {s:?} is not longer than zero"
            )));
        }
        Ok(d)
    }

    fn target(&self) -> Result<Option<Target>, UsageError> {
        match self.low.one(Flag::To) {
            None => Ok(None),
            Some(v) if v.is_empty() => Err(self.err("the value of '--to' is empty")),
            Some(v) if v == "-" => Ok(Some(Target::Stdout)),
            Some(v) => Ok(Some(Target::File(PathBuf::from(v)))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn err(args: &[&str]) -> String {
        match p(args) {
            Err(e) => e.to_string(),
            Ok(c) => panic!("expected an error for {args:?}, got {c:?}"),
        }
    }

    #[test]
    fn check_takes_a_plan_and_a_format() {
        assert_eq!(
            p(&["check", "a.json", "--format=json"]).unwrap(),
            Command::Check(CheckArgs {
                plan: Source::File("a.json".into()),
                format: Format::Json
            })
        );
        assert_eq!(
            p(&["check", "-", "--format", "text"]).unwrap(),
            Command::Check(CheckArgs {
                plan: Source::Stdin,
                format: Format::Text
            })
        );
    }

    #[test]
    fn help_wins_over_other_mistakes() {
        assert_eq!(
            p(&["gate", "--bogus", "-h"]).unwrap(),
            Command::Help(Some(Cmd::Gate))
        );
        assert_eq!(p(&["--help"]).unwrap(), Command::Help(None));
        assert_eq!(p(&["help"]).unwrap(), Command::Help(None));
        assert_eq!(
            p(&["help", "expand"]).unwrap(),
            Command::Help(Some(Cmd::Expand))
        );
        assert_eq!(
            p(&["audit", "verify", "--help"]).unwrap(),
            Command::Help(Some(Cmd::AuditVerify))
        );
    }

    #[test]
    fn errors_name_the_argument_and_point_at_help() {
        let e = err(&["check", "a.json", "--formt", "json"]);
        assert!(e.contains("'--formt'"), "{e}");
        assert!(e.ends_with("see 'trainyard check --help'"), "{e}");
        assert!(
            err(&["expand", "a.json", "--to", "2027-01-01T00:00:00Z"]).contains("--from INSTANT")
        );
        assert!(
            err(&["expand", "a.json", "--from", "yesterday", "--to", "x"]).contains("'--from'")
        );
        assert!(err(&["frobnicate"]).contains("unknown command 'frobnicate'"));
        assert!(err(&["check"]).contains("missing argument PLAN"));
        assert!(err(&["check", "a", "b"]).contains("unexpected argument 'b'"));
        assert!(err(&["check", "a", "--window", "w"]).contains("does not apply"));
        assert!(err(&["check", "a", "--format"]).contains("needs a value"));
        assert!(err(&["check", "a", "--format", "xml"]).contains("'xml'"));
        assert!(
            err(&["check", "a", "--format", "json", "--format", "text"]).contains("more than once")
        );
        assert!(err(&[]).contains("no command"));
        assert!(err(&["audit"]).contains("verify"));
        assert!(err(&[
            "gate",
            "p",
            "--service",
            "s",
            "--environment",
            "e",
            "--duration",
            "PT0S"
        ])
        .contains("longer than zero"));
        assert!(err(&[
            "gate",
            "p",
            "--service",
            "s",
            "--environment",
            "e",
            "--duration",
            "1h"
        ])
        .contains("'--duration'"));
        assert!(err(&["check", "a", "--version=1"]).contains("takes no value"));
    }

    #[test]
    fn gate_has_defaults() {
        let Command::Gate(g) = p(&["gate", "p", "--service", "s", "--environment", "e"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(g.duration, Duration::hours(1));
        assert_eq!(g.id.as_str(), "gate");
        assert_eq!(g.at, None);
        assert_eq!(g.release, None);
    }

    #[test]
    fn window_may_repeat_and_export_may_write_stdout() {
        let Command::Expand(e) = p(&[
            "expand",
            "p",
            "--from",
            "2027-01-01T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00+01:00",
            "--window",
            "a",
            "--window=b",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(e.windows, vec![WindowId::from("a"), WindowId::from("b")]);
        assert_eq!(
            p(&["export", "s.trainyard", "--to", "-"]).unwrap(),
            Command::Export(ExportArgs {
                store: "s.trainyard".into(),
                to: Target::Stdout
            })
        );
    }

    #[test]
    fn reports_take_a_subcommand_an_output_and_options() {
        let Command::ReportSummary(r) = p(&[
            "report",
            "summary",
            "p.json",
            "-o",
            "out.pdf",
            "--paper",
            "Letter",
            "--lanes=environment",
            "--from",
            "2027-01-01T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00Z",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(r.output, Target::File("out.pdf".into()));
        assert_eq!(r.paper, Paper::Letter);
        assert_eq!(r.lanes, LaneMode::Environment);
        assert!(r.period.is_some());
        assert_eq!(r.generated_at, None);
        let Command::ReportCab(c) =
            p(&["report", "cab", "p.json", "--release", "r1", "--output=-"]).unwrap()
        else {
            panic!()
        };
        assert_eq!(c.output, Target::Stdout);
        assert_eq!(c.paper, Paper::A4);
        assert_eq!(
            p(&["report", "cab", "--help"]).unwrap(),
            Command::Help(Some(Cmd::ReportCab))
        );
        assert!(err(&["report"]).contains("expected 'summary' or 'cab'"));
        assert!(err(&["report", "summary", "p"]).contains("'-o/--output OUT.pdf'"));
        assert!(err(&["report", "summary", "p", "-o"]).contains("'-o' needs a value"));
        assert!(err(&[
            "report",
            "summary",
            "p",
            "-o",
            "x",
            "--to",
            "2027-01-01T00:00:00Z"
        ])
        .contains("needs '--from'"));
        assert!(err(&["check", "p", "-o", "x"]).contains("does not apply"));
    }

    #[test]
    fn import_ics_takes_two_files_a_kind_and_a_scope() {
        let Command::ImportIcs(i) = p(&[
            "import-ics",
            "p.json",
            "h.ics",
            "--kind",
            "blackout",
            "--environments",
            "prod, staging",
            "--environments=prod,qa",
            "--services",
            "api",
            "--dry-run",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(i.plan, PathBuf::from("p.json"));
        assert_eq!(i.ics, Source::File("h.ics".into()));
        assert_eq!(i.kind, WindowKind::Blackout);
        let envs: Vec<&str> = i.environments.iter().map(|e| e.as_str()).collect();
        assert_eq!(envs, ["prod", "staging", "qa"]);
        assert_eq!(i.services, vec![ServiceId::from("api")]);
        assert_eq!(i.prefix, DEFAULT_ICS_PREFIX);
        assert!(i.dry_run);
        let Command::ImportIcs(i) = p(&[
            "import-ics",
            "p.json",
            "-",
            "--kind",
            "maintenance",
            "--prefix",
            "",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(i.ics, Source::Stdin);
        assert_eq!(i.prefix, "");
        assert!(!i.dry_run);
        assert!(err(&["import-ics", "p.json", "h.ics"]).contains("--kind blackout|maintenance"));
        assert!(
            err(&["import-ics", "p.json", "p.json", "--kind", "blackout"]).contains("same file")
        );
        assert!(err(&["import-ics", "p", "h", "x", "--kind", "blackout"]).contains("'x'"));
        assert!(err(&[
            "import-ics",
            "p",
            "h",
            "--kind",
            "blackout",
            "--dry-run",
            "--dry-run"
        ])
        .contains("more than once"));
    }

    #[test]
    fn export_csv_and_demo() {
        let Command::ExportCsv(c) = p(&[
            "export-csv",
            "p.json",
            "-o",
            "x.csv",
            "--excel",
            "--conflicts",
        ])
        .unwrap() else {
            panic!()
        };
        assert!(c.excel && c.conflicts);
        assert_eq!(
            p(&["demo"]).unwrap(),
            Command::Demo(DemoArgs {
                target: DemoTarget::Stdout
            })
        );
        assert_eq!(
            p(&["demo", "--store", "d.trainyard"]).unwrap(),
            Command::Demo(DemoArgs {
                target: DemoTarget::Store("d.trainyard".into())
            })
        );
        assert_eq!(
            p(&["demo", "--to", "d.json"]).unwrap(),
            Command::Demo(DemoArgs {
                target: DemoTarget::Json("d.json".into())
            })
        );
        assert!(err(&["demo", "--to", "a", "--store", "b"]).contains("not both"));
    }
}

//! The validated commands: one struct of typed arguments per command, which
//! is all the commands ever read.

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::Duration;
use trainyard_core::metrics::GroupBy;
use trainyard_core::time::Instant;
use trainyard_core::{
    DeploymentId, EnvironmentId, OutcomeResult, ReleaseId, ServiceId, WindowId, WindowKind,
};
use trainyard_report::{ChangePoint, Detail, LaneMode, Paper};

use super::Cmd;

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
    pub(super) fn from_os(s: OsString) -> Source {
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
    /// `--record`: write the decision to the store's audit trail.
    pub record: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RiskArgs {
    pub plan: Source,
    pub release: ReleaseId,
    pub format: Format,
}

/// `trainyard metrics PLAN --from --to [--by]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsArgs {
    pub plan: Source,
    pub from: Instant,
    /// After `from`.
    pub to: Instant,
    pub by: Option<GroupBy>,
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
    /// The secret key to sign the export with (`--sign KEY`).
    pub sign: Option<PathBuf>,
}

/// `trainyard keygen --to KEY`: writes KEY and KEY.pub.
#[derive(Debug, Clone, PartialEq)]
pub struct KeygenArgs {
    pub to: PathBuf,
}

/// `trainyard verify PLAN.json --key KEY.pub`.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyArgs {
    pub file: PathBuf,
    pub key: PathBuf,
}

/// `trainyard team init URL`.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamInitArgs {
    pub url: String,
}

/// `trainyard team grant URL LOGIN --role coordinator|cab|pipeline|viewer`.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamGrantArgs {
    pub url: String,
    pub login: String,
    pub role: String,
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
    /// `--detail`: how much follows the front section (default `full`).
    pub detail: Detail,
    /// `--changes-since`: open with what changed since this point.
    pub changes_since: Option<ChangePoint>,
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
    /// Change the kind of windows imported earlier (refused without it).
    pub force: bool,
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

/// `trainyard record PLAN --deployment ID --started INSTANT [--finished
/// INSTANT --result R] [--incident ID]...`: what happened to a deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordArgs {
    /// A store file or a team plan address (never a JSON plan or '-').
    pub plan: PathBuf,
    pub deployment: DeploymentId,
    pub started: Instant,
    /// Given together, or neither (the deployment is still running).
    pub finished: Option<(Instant, OutcomeResult)>,
    /// Incident ids, in the order given, without repeats.
    pub incidents: Vec<String>,
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
    Metrics(MetricsArgs),
    Import(ImportArgs),
    Export(ExportArgs),
    AuditVerify(AuditVerifyArgs),
    ReportSummary(ReportSummaryArgs),
    ReportCab(ReportCabArgs),
    ExportIcs(ExportIcsArgs),
    ImportIcs(ImportIcsArgs),
    ExportCsv(ExportCsvArgs),
    Demo(DemoArgs),
    Keygen(KeygenArgs),
    Verify(VerifyArgs),
    TeamInit(TeamInitArgs),
    TeamGrant(TeamGrantArgs),
    Record(RecordArgs),
}

//! The command line's vocabulary: each command, the options it accepts, and
//! how each option is spelled and described.

/// A subcommand (`audit verify` and `report summary` are commands with a
/// two-word name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Check,
    Expand,
    Suggest,
    Gate,
    Risk,
    Metrics,
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
    Keygen,
    Verify,
    /// `team` without its subcommand yet.
    Team,
    TeamInit,
    TeamGrant,
    Record,
}

impl Cmd {
    pub fn name(self) -> &'static str {
        match self {
            Cmd::Check => "check",
            Cmd::Expand => "expand",
            Cmd::Suggest => "suggest",
            Cmd::Gate => "gate",
            Cmd::Risk => "risk",
            Cmd::Metrics => "metrics",
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
            Cmd::Keygen => "keygen",
            Cmd::Verify => "verify",
            Cmd::Team => "team",
            Cmd::TeamInit => "team init",
            Cmd::TeamGrant => "team grant",
            Cmd::Record => "record",
        }
    }

    pub(super) fn from_name(s: &str) -> Option<Cmd> {
        Some(match s {
            "check" => Cmd::Check,
            "expand" => Cmd::Expand,
            "suggest" => Cmd::Suggest,
            "gate" => Cmd::Gate,
            "risk" => Cmd::Risk,
            "metrics" => Cmd::Metrics,
            "import" => Cmd::Import,
            "export" => Cmd::Export,
            "audit" => Cmd::Audit,
            "report" => Cmd::Report,
            "export-ics" => Cmd::ExportIcs,
            "import-ics" => Cmd::ImportIcs,
            "export-csv" => Cmd::ExportCsv,
            "demo" => Cmd::Demo,
            "keygen" => Cmd::Keygen,
            "verify" => Cmd::Verify,
            "team" => Cmd::Team,
            "record" => Cmd::Record,
            _ => return None,
        })
    }

    /// The options this command accepts.
    pub(super) fn flags(self) -> &'static [Flag] {
        use Flag::*;
        match self {
            Cmd::Check => &[Format],
            Cmd::Expand => &[From, To, Window, Format],
            Cmd::Suggest => &[Deployment, Format],
            Cmd::Gate => &[
                Service,
                Environment,
                At,
                Duration,
                Release,
                Id,
                Format,
                Record,
            ],
            Cmd::Risk => &[Release, Format],
            Cmd::Metrics => &[From, To, By, Format],
            Cmd::Import => &[To],
            Cmd::Export => &[To, Sign],
            Cmd::Audit | Cmd::Report | Cmd::Team | Cmd::TeamInit => &[],
            Cmd::TeamGrant => &[Role],
            Cmd::AuditVerify => &[Format],
            Cmd::ReportSummary => &[
                Output,
                Paper,
                Lanes,
                Detail,
                From,
                To,
                GeneratedAt,
                ChangesSince,
            ],
            Cmd::ReportCab => &[Release, Output, Paper, GeneratedAt],
            Cmd::ExportIcs => &[Output, Release, Environment, GeneratedAt],
            Cmd::ImportIcs => &[Kind, Environments, Services, Prefix, DryRun, Force],
            Cmd::ExportCsv => &[Output, Conflicts, Excel],
            Cmd::Demo => &[To, Store],
            Cmd::Keygen => &[To],
            Cmd::Verify => &[Key],
            Cmd::Record => &[Deployment, Started, Finished, Result, Incident],
        }
    }
}

/// Every option of a command. Most take a value; [`Flag::is_switch`] tells
/// the ones that do not. `--help`, `-h` and `--version` are handled apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flag {
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
    Detail,
    GeneratedAt,
    ChangesSince,
    Kind,
    Environments,
    Services,
    Prefix,
    DryRun,
    Force,
    Conflicts,
    Excel,
    Store,
    Sign,
    Key,
    Role,
    By,
    Started,
    Finished,
    Result,
    Incident,
    Record,
}

impl Flag {
    const ALL: [Flag; 35] = [
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
        Flag::Detail,
        Flag::GeneratedAt,
        Flag::ChangesSince,
        Flag::Kind,
        Flag::Environments,
        Flag::Services,
        Flag::Prefix,
        Flag::DryRun,
        Flag::Force,
        Flag::Conflicts,
        Flag::Excel,
        Flag::Store,
        Flag::Sign,
        Flag::Key,
        Flag::Role,
        Flag::By,
        Flag::Started,
        Flag::Finished,
        Flag::Result,
        Flag::Incident,
        Flag::Record,
    ];

    /// Options that take no value: present or not.
    pub(super) fn is_switch(self) -> bool {
        matches!(
            self,
            Flag::DryRun | Flag::Force | Flag::Conflicts | Flag::Excel | Flag::Record
        )
    }

    /// The one-letter form, if any.
    pub(super) fn from_short(c: char) -> Option<Flag> {
        match c {
            'o' => Some(Flag::Output),
            _ => None,
        }
    }

    pub(super) fn long(self) -> &'static str {
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
            Flag::Detail => "detail",
            Flag::GeneratedAt => "generated-at",
            Flag::ChangesSince => "changes-since",
            Flag::Kind => "kind",
            Flag::Environments => "environments",
            Flag::Services => "services",
            Flag::Prefix => "prefix",
            Flag::DryRun => "dry-run",
            Flag::Force => "force",
            Flag::Conflicts => "conflicts",
            Flag::Excel => "excel",
            Flag::Store => "store",
            Flag::Sign => "sign",
            Flag::Key => "key",
            Flag::Role => "role",
            Flag::By => "by",
            Flag::Started => "started",
            Flag::Finished => "finished",
            Flag::Result => "result",
            Flag::Incident => "incident",
            Flag::Record => "record",
        }
    }

    /// The placeholder shown in messages: `--from INSTANT`.
    pub(super) fn value_name(self, cmd: Cmd) -> &'static str {
        match self {
            Flag::Format => "text|json",
            Flag::From | Flag::At | Flag::GeneratedAt | Flag::Started | Flag::Finished => "INSTANT",
            Flag::Result => "succeeded|failed|rolled_back",
            Flag::Incident => "ID",
            Flag::To if matches!(cmd, Cmd::Expand | Cmd::ReportSummary | Cmd::Metrics) => "INSTANT",
            Flag::To if cmd == Cmd::Import => "FILE.trainyard|URL",
            Flag::To if cmd == Cmd::Demo => "FILE.json",
            Flag::To if cmd == Cmd::Keygen => "KEY",
            Flag::To => "PLAN.json",
            Flag::Output => match cmd {
                Cmd::ReportSummary | Cmd::ReportCab => "OUT.pdf",
                Cmd::ExportIcs => "OUT.ics",
                Cmd::ExportCsv => "OUT.csv",
                _ => "FILE",
            },
            Flag::Paper => "a4|letter",
            Flag::Lanes => "service|environment",
            Flag::Detail => "summary|conflicts|full",
            Flag::ChangesSince => "INSTANT|rREVISION",
            Flag::Kind => "blackout|maintenance",
            Flag::Environments => "ENV[,ENV...]",
            Flag::Services => "SERVICE[,SERVICE...]",
            Flag::Prefix => "ID_PREFIX",
            Flag::Store => "FILE.trainyard",
            Flag::Sign => "KEY",
            Flag::Key => "KEY.pub",
            Flag::Role => "coordinator|cab|pipeline|viewer",
            Flag::By => "service|team|environment",
            Flag::DryRun | Flag::Force | Flag::Conflicts | Flag::Excel | Flag::Record => "",
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
    pub(super) fn repeatable(self) -> bool {
        matches!(
            self,
            Flag::Window | Flag::Environments | Flag::Services | Flag::Incident
        )
    }

    pub(super) fn from_long(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.long() == s)
    }
}

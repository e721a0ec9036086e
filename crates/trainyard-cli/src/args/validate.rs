//! The typed step: every "is this value any good?" decision and its error
//! message, turning the raw arguments into a [`Command`].

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::Duration;
use trainyard_core::metrics::GroupBy;
use trainyard_core::time::{parse_instant, Instant, NominalDuration};
use trainyard_core::{
    DeploymentId, EnvironmentId, OutcomeResult, ReleaseId, ServiceId, WindowId, WindowKind,
};
use trainyard_report::{ChangePoint, Detail, LaneMode, Paper};

use super::low::LowArgs;
use super::names::{Cmd, Flag};
use super::*;

/// Builds the typed command from the raw form: the one step that judges values.
pub(super) fn validate(low: LowArgs) -> Result<Command, UsageError> {
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
            record: v.switch(Flag::Record),
        }),
        Cmd::Risk => Command::Risk(RiskArgs {
            plan: v.positional("PLAN")?,
            release: ReleaseId(v.required(Flag::Release)?),
            format: v.format()?,
        }),
        Cmd::Metrics => {
            let plan = v.positional("PLAN")?;
            let from = v
                .instant(Flag::From)?
                .ok_or_else(|| v.missing(Flag::From))?;
            let to = v.instant(Flag::To)?.ok_or_else(|| v.missing(Flag::To))?;
            if to <= from {
                return Err(v.err("invalid value for '--to': it must be after '--from'"));
            }
            Command::Metrics(MetricsArgs {
                plan,
                from,
                to,
                by: match v.string(Flag::By)? {
                    None => None,
                    Some(s) => Some(GroupBy::parse(&s).ok_or_else(|| {
                        v.err(format!(
                            "invalid value '{s}' for '--by' (expected service, team or environment)"
                        ))
                    })?),
                },
                format: v.format()?,
            })
        }
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
        Cmd::Export => {
            let store = v.file_positional("FILE.trainyard")?;
            let to = v.target()?.ok_or_else(|| v.missing(Flag::To))?;
            let sign = v.string_os(Flag::Sign)?.map(PathBuf::from);
            if sign.is_some() && to == Target::Stdout {
                return Err(v.err(
                    "'--sign' needs '--to PLAN.json' (the signature is written beside the file)",
                ));
            }
            Command::Export(ExportArgs { store, to, sign })
        }
        Cmd::Keygen => Command::Keygen(KeygenArgs {
            to: match v.target()? {
                Some(Target::File(p)) => p,
                Some(Target::Stdout) => return Err(v.err("'--to' must name a key file, not '-'")),
                None => return Err(v.missing(Flag::To)),
            },
        }),
        Cmd::Verify => Command::Verify(VerifyArgs {
            file: v.file_positional("PLAN.json")?,
            key: v
                .string_os(Flag::Key)?
                .map(PathBuf::from)
                .ok_or_else(|| v.missing(Flag::Key))?,
        }),
        Cmd::Record => {
            let plan = match v.positional("PLAN")? {
                Source::File(p) => p,
                Source::Stdin => {
                    return Err(v.err("PLAN must be a store or team plan to update, not '-'"))
                }
            };
            let deployment = v.required(Flag::Deployment)?;
            let started = v
                .instant(Flag::Started)?
                .ok_or_else(|| v.missing(Flag::Started))?;
            let finished = v.instant(Flag::Finished)?;
            let result = match v.string(Flag::Result)?.as_deref() {
                None => None,
                Some(s) => Some(
                    OutcomeResult::ALL
                        .into_iter()
                        .find(|r| r.as_str() == s)
                        .ok_or_else(|| {
                            v.err(format!(
                                "invalid value '{s}' for '--result' (expected succeeded, failed or rolled_back)"
                            ))
                        })?,
                ),
            };
            let finished = match (finished, result) {
                (None, None) => None,
                (Some(_), None) => {
                    return Err(v.err("'--finished' needs '--result' (how it ended)"))
                }
                (None, Some(_)) => {
                    return Err(
                        v.err("'--result' needs '--finished' (a running deployment has neither)")
                    )
                }
                (Some(f), Some(_)) if f <= started => {
                    return Err(
                        v.err("invalid value for '--finished': it must be after '--started'")
                    )
                }
                (Some(f), Some(r)) => Some((f, r)),
            };
            let mut incidents: Vec<String> = vec![];
            for id in v.all_strings(Flag::Incident)? {
                if id.is_empty() {
                    return Err(v.err("invalid value for '--incident': an id must not be empty"));
                }
                if incidents.contains(&id) {
                    return Err(v.err(format!(
                        "invalid value for '--incident': '{id}' is given twice"
                    )));
                }
                incidents.push(id);
            }
            Command::Record(RecordArgs {
                plan,
                deployment: DeploymentId(deployment),
                started,
                finished,
                incidents,
            })
        }
        Cmd::Audit => return Err(v.err("missing audit command (expected 'verify')")),
        Cmd::Team => return Err(v.err("missing team command (expected 'init' or 'grant')")),
        Cmd::TeamInit => Command::TeamInit(TeamInitArgs {
            url: v.url_positional()?,
        }),
        Cmd::TeamGrant => {
            let (url, login) = match v.low.positionals.as_slice() {
                [url, login] => (url, login),
                [] | [_] => return Err(v.err("expected URL and LOGIN")),
                [_, _, extra, ..] => {
                    return Err(v.err(format!("unexpected argument '{}'", extra.to_string_lossy())))
                }
            };
            let role = v.required(Flag::Role)?;
            if !["coordinator", "cab", "pipeline", "viewer"].contains(&role.as_str()) {
                return Err(v.err(format!(
                    "invalid value for '--role': '{role}' (expected coordinator, cab, pipeline or viewer)"
                )));
            }
            Command::TeamGrant(TeamGrantArgs {
                url: v.url(url)?,
                login: login
                    .to_str()
                    .filter(|l| !l.is_empty())
                    .ok_or_else(|| v.err("LOGIN must be a non-empty UTF-8 name"))?
                    .to_owned(),
                role,
            })
        }
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
            detail: match v.string(Flag::Detail)?.as_deref() {
                None => Detail::Full,
                Some(s) => Detail::parse(s).ok_or_else(|| {
                    v.err(format!(
                        "invalid value '{s}' for '--detail' (expected summary, conflicts or full)"
                    ))
                })?,
            },
            period: match (v.instant(Flag::From)?, v.instant(Flag::To)?) {
                (None, None) => None,
                (Some(from), Some(to)) if from < to => Some((from, to)),
                (Some(_), Some(_)) => return Err(v.err("'--from' must be before '--to'")),
                (Some(_), None) => return Err(v.err("'--from' needs '--to' as well")),
                (None, Some(_)) => return Err(v.err("'--to' needs '--from' as well")),
            },
            generated_at: v.instant(Flag::GeneratedAt)?,
            changes_since: v.change_point()?,
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
                force: v.switch(Flag::Force),
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

    /// The one positional argument, a `postgres://` address.
    fn url_positional(&self) -> Result<String, UsageError> {
        match self.low.positionals.as_slice() {
            [one] => self.url(one),
            [] => Err(self.err("missing argument URL")),
            [_, extra, ..] => Err(self.err(format!(
                "unexpected argument '{}' (only one URL is accepted)",
                extra.to_string_lossy()
            ))),
        }
    }

    fn url(&self, v: &OsString) -> Result<String, UsageError> {
        match v.to_str() {
            Some(s) if s.starts_with("postgres://") || s.starts_with("postgresql://") => {
                Ok(s.to_owned())
            }
            _ => Err(self.err(format!(
                "'{}' is not a postgres:// address",
                v.to_string_lossy()
            ))),
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

    /// `--changes-since`: `r42` (just after store revision 42) or an instant.
    fn change_point(&self) -> Result<Option<ChangePoint>, UsageError> {
        let Some(s) = self.string(Flag::ChangesSince)? else {
            return Ok(None);
        };
        if let Some(n) = s.strip_prefix('r') {
            return n.parse().map(|n| Some(ChangePoint::Revision(n))).map_err(|_| {
                self.err(format!(
                    "invalid value '{s}' for '--changes-since' (expected a revision such as r42 or an instant such as 2027-01-10T00:00:00Z)"
                ))
            });
        }
        parse_instant(&s)
            .map(|t| Some(ChangePoint::Instant(t)))
            .map_err(|e| {
                self.err(format!(
                    "invalid value '{s}' for '--changes-since' (expected a revision such as r42 or an instant such as 2027-01-10T00:00:00Z): {e}"
                ))
            })
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

    /// A path-valued option: any bytes the OS allows, not empty.
    fn string_os(&self, f: Flag) -> Result<Option<OsString>, UsageError> {
        match self.low.one(f) {
            Some(v) if v.is_empty() => {
                Err(self.err(format!("the value of '--{}' is empty", f.long())))
            }
            v => Ok(v.cloned()),
        }
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

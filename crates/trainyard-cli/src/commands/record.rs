//! `trainyard record PLAN --deployment ID --started INSTANT [--finished
//! INSTANT --result R] [--incident ID]...`: what actually happened to a
//! deployment, as one audited edit of a store or team plan. Recording the
//! same outcome again writes nothing.

use trainyard_core::edit::{Change, Entity};
use trainyard_core::{Deployment, DeploymentStatus, Incident, Outcome, OutcomeResult};

use crate::args::RecordArgs;
use crate::output::Out;
use crate::store::{self, EditPlan};

const RECORD: &str = "record";

pub fn run(a: &RecordArgs, out: &mut Out) -> u8 {
    if !crate::load::is_team_address(&a.plan)
        && std::fs::File::open(&a.plan).is_ok()
        && !crate::load::is_store_file(&a.plan)
    {
        return super::fail(
            RECORD,
            format!(
                "'{}' is not a store: record changes a .trainyard store or a team plan, with an audit entry ('trainyard import' makes a store of a JSON plan)",
                a.plan.display()
            ),
        );
    }
    if let Err(code) = super::require_store(RECORD, &a.plan) {
        return code;
    }
    let mut unchanged = false;
    let result = store::edit(&a.plan, |plan| {
        let Some(before) = plan.deployment(a.deployment.as_str()) else {
            return Err(super::usage(
                RECORD,
                "deployment",
                format!("the plan has no deployment {:?}", a.deployment.as_str()),
            ));
        };
        let after = recorded(before, a);
        if &after == before {
            unchanged = true;
            return Ok(EditPlan::Nothing);
        }
        Ok(EditPlan::Apply {
            label: format!("record {} {}", a.deployment, result_word(a)),
            changes: vec![Change::put(Entity::Deployment(after))],
        })
    });
    match result {
        Err(code) => code,
        Ok(Err(message)) => super::fail(RECORD, format!("'{}': {message}", a.plan.display())),
        Ok(Ok(Some(revision))) => {
            out.line(format!(
                "recorded {}: {} (revision {revision})",
                a.deployment,
                result_word(a)
            ));
            0
        }
        Ok(Ok(None)) => {
            debug_assert!(unchanged);
            out.line(format!(
                "{} already has this outcome; nothing written",
                a.deployment
            ));
            0
        }
    }
}

fn result_word(a: &RecordArgs) -> &'static str {
    match a.finished {
        Some((_, r)) => r.as_str(),
        None => "running",
    }
}

/// The deployment with the outcome the arguments give: incidents already
/// recorded under the same id keep their details, and so do the outcome's
/// extensions; a finished deployment's status becomes its result.
fn recorded(before: &Deployment, a: &RecordArgs) -> Deployment {
    let old = before.outcome.as_ref();
    let incidents = a
        .incidents
        .iter()
        .map(|id| {
            old.and_then(|o| o.incidents.iter().find(|i| &i.id == id))
                .cloned()
                .unwrap_or_else(|| Incident {
                    id: id.clone(),
                    url: None,
                    opened: None,
                    resolved: None,
                    severity: None,
                    x: None,
                })
        })
        .collect();
    let mut after = before.clone();
    after.outcome = Some(Outcome {
        started: a.started,
        finished: a.finished.map(|(f, _)| f),
        result: a.finished.map(|(_, r)| r),
        incidents,
        x: old.and_then(|o| o.x.clone()),
    });
    if let Some((_, r)) = a.finished {
        after.status = Some(match r {
            OutcomeResult::Succeeded => DeploymentStatus::Succeeded,
            OutcomeResult::Failed => DeploymentStatus::Failed,
            OutcomeResult::RolledBack => DeploymentStatus::RolledBack,
        });
    }
    after
}

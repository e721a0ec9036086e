//! A deployment as one event in UTC, with the calendar STATUS that says how
//! sure it is: CANCELLED when it will not happen, CONFIRMED when it happened
//! or its release is approved (with the approvals its environment requires),
//! TENTATIVE otherwise.

use std::collections::HashMap;

use trainyard_core::*;

use super::super::lines::Writer;
use super::names::{uid_part, utc_stamp};

/// The plan's entities by id, and the approval facts of each release in each
/// environment, computed once: a large plan has hundreds of thousands of
/// deployments, and a scan per deployment would make the export quadratic.
pub(super) struct Deployments<'a> {
    releases: HashMap<&'a str, &'a Release>,
    services: HashMap<&'a str, &'a Service>,
    environments: HashMap<&'a str, &'a Environment>,
    /// (release, environment) → a deployment there touches sensitive data;
    /// only for environments that require approval.
    sensitive: HashMap<(&'a str, &'a str), bool>,
}

impl<'a> Deployments<'a> {
    pub(super) fn new(plan: &'a Plan) -> Self {
        let services: HashMap<&str, &Service> =
            plan.services.iter().map(|s| (s.id.as_str(), s)).collect();
        let environments: HashMap<&str, &Environment> = plan
            .environments
            .iter()
            .map(|e| (e.id.as_str(), e))
            .collect();
        let mut sensitive: HashMap<(&str, &str), bool> = HashMap::new();
        for d in &plan.deployments {
            let needs_approval = environments
                .get(d.environment.as_str())
                .is_some_and(|e| e.requires_approval);
            if !needs_approval || d.status() == DeploymentStatus::RolledBack {
                continue;
            }
            let touches = services
                .get(d.service.as_str())
                .is_some_and(|s| s.is_sensitive());
            *sensitive
                .entry((d.release.as_str(), d.environment.as_str()))
                .or_default() |= touches;
        }
        Deployments {
            releases: plan.releases.iter().map(|r| (r.id.as_str(), r)).collect(),
            services,
            environments,
            sensitive,
        }
    }

    /// RFC 5545's STATUS of the deployment's event.
    pub(super) fn status(&self, d: &Deployment) -> &'static str {
        let release = self.releases.get(d.release.as_str());
        if d.status() == DeploymentStatus::RolledBack
            || release.is_some_and(|r| r.status() == ReleaseStatus::Cancelled)
        {
            return "CANCELLED";
        }
        // It ran (successfully or not): nothing about it is tentative any more.
        if matches!(
            d.status(),
            DeploymentStatus::Succeeded | DeploymentStatus::Failed
        ) {
            return "CONFIRMED";
        }
        let Some(release) = release else {
            return "TENTATIVE";
        };
        let decided = matches!(
            release.status(),
            ReleaseStatus::Approved
                | ReleaseStatus::Scheduled
                | ReleaseStatus::InProgress
                | ReleaseStatus::Deployed
                | ReleaseStatus::RolledBack
        );
        if decided && self.approved_for(release, d) {
            "CONFIRMED"
        } else {
            "TENTATIVE"
        }
    }

    /// The approval policy of `docs/conflict-rules.md` (the `unapproved` rule)
    /// for the deployment's environment.
    fn approved_for(&self, release: &Release, d: &Deployment) -> bool {
        let Some(&sensitive) = self
            .sensitive
            .get(&(d.release.as_str(), d.environment.as_str()))
        else {
            // The environment does not require approval.
            return true;
        };
        release.rejected_by().is_empty()
            && release.approved_by().len() as u32
                >= required_approvals(release.change_type, sensitive)
    }

    /// One deployment's event.
    pub(super) fn write(&self, w: &mut Writer, d: &Deployment, domain: &str, stamp: &str) {
        let release = self.releases.get(d.release.as_str()).copied();
        let service = self
            .services
            .get(d.service.as_str())
            .map_or(d.service.as_str(), |s| s.display_name());
        let env = self
            .environments
            .get(d.environment.as_str())
            .map_or(d.environment.as_str(), |e| e.display_name());
        let release_name = release.map_or(d.release.as_str(), |r| r.display_name());
        w.raw("BEGIN", "VEVENT");
        w.raw(
            "UID",
            &format!("deployment-{}@{domain}", uid_part(d.id.as_str())),
        );
        w.raw("DTSTAMP", stamp);
        w.raw("DTSTART", &utc_stamp(d.start));
        w.raw("DTEND", &utc_stamp(d.end));
        w.text(
            "SUMMARY",
            &format!("Deploy {service} to {env} ({release_name})"),
        );
        let mut desc = vec![format!("Release: {release_name}")];
        if let Some(r) = release {
            if let Some(v) = &r.version {
                desc.push(format!("Version: {v}"));
            }
            desc.push(format!("Change type: {}", r.change_type.as_str()));
            desc.push(format!("Release status: {}", r.status().as_str()));
        }
        desc.push(format!("Service: {service}"));
        desc.push(format!("Environment: {env}"));
        desc.push(format!("Strategy: {}", d.strategy().as_str()));
        if let Some(wave) = &d.wave {
            desc.push(format!("Wave: {wave}"));
        }
        desc.push(format!("Deployment status: {}", d.status().as_str()));
        desc.push(format!("Deployment id: {}", d.id));
        w.text("DESCRIPTION", &desc.join("\n"));
        w.text("CATEGORIES", "Deployment");
        w.raw("STATUS", self.status(d));
        w.raw("TRANSP", "OPAQUE");
        w.raw("END", "VEVENT");
    }
}

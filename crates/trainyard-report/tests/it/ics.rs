//! Calendars: exported files read by Python's icalendar + recurring_ical_events
//! and compared with core's window expansion; the import and its errors.

use std::collections::BTreeMap;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use trainyard_core::time::{format_instant, resolve_local, to_local, Instant};
use trainyard_core::windows::occurrences;
use trainyard_core::{parse_plan, EnvironmentId, Plan, ReleaseId, Scope, WindowKind};
use trainyard_report::{export_ics, import_ics, IcsError, IcsFilter, ReportError};

use crate::support::{example, generated, unicode, TempDir};

fn utc(y: i32, m: u32, d: u32) -> Instant {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().unwrap()
}

fn z(t: Instant) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Windows in many zones and the rules' corners: a start in the spring gap and
/// in the autumn fold, nominal days across DST, a local UNTIL, a DTSTART the
/// rule does not produce, BYSETPOS, exdates, a UTC window, lower-case rules.
fn dst_plan() -> Plan {
    parse_plan(
        r#"{
 "name": "DST edges – Zürich ✓",
 "timezone": "Europe/Zurich",
 "environments": [{"id": "prod", "order": 1}],
 "services": [{"id": "svc"}],
 "windows": [
  {"id": "gap-daily", "kind": "maintenance", "start": "2027-03-26T02:30", "duration": "PT1H", "timezone": "Europe/Berlin", "rrule": "FREQ=DAILY;COUNT=5"},
  {"id": "fold-daily", "kind": "maintenance", "start": "2027-10-29T02:30", "duration": "PT1H", "timezone": "Europe/Berlin", "rrule": "FREQ=DAILY;COUNT=5"},
  {"id": "nominal-days", "kind": "blackout", "start": "2027-03-27T22:00", "duration": "P1DT2H", "timezone": "Europe/Berlin", "rrule": "FREQ=WEEKLY;COUNT=3"},
  {"id": "sydney", "kind": "maintenance", "start": "2027-01-03T01:00", "duration": "PT3H", "timezone": "Australia/Sydney", "rrule": "FREQ=WEEKLY;BYDAY=SU;UNTIL=20271231T000000"},
  {"id": "ny-nomatch", "kind": "maintenance", "start": "2027-01-03T06:00", "duration": "PT2H", "timezone": "America/New_York", "rrule": "FREQ=WEEKLY;BYDAY=MO,WE", "exdates": ["2027-03-15T06:00", "2027-01-03T06:00"]},
  {"id": "utc-monthly", "kind": "blackout", "start": "2027-01-31T20:00", "duration": "PT6H", "timezone": "UTC", "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20271001T000000Z"},
  {"id": "setpos", "kind": "maintenance", "start": "2027-01-01T23:00", "duration": "PT2H", "timezone": "Asia/Kolkata", "rrule": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"},
  {"id": "yearly", "kind": "blackout", "start": "2027-12-24T00:00", "duration": "P3D", "timezone": "Europe/London", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24;COUNT=3"},
  {"id": "single-exdated", "kind": "blackout", "start": "2027-05-01T00:00", "duration": "P1D", "timezone": "Europe/Berlin", "exdates": ["2027-05-01T00:00"]},
  {"id": "single", "kind": "blackout", "name": "Constitution Day, Oslo; \"17. mai\"", "start": "2027-05-17T00:00", "duration": "P1D", "timezone": "Europe/Oslo"},
  {"id": "lower case", "kind": "maintenance", "start": "2027-02-01T10:00", "duration": "PT30M", "timezone": "US/Eastern", "rrule": "freq=weekly;interval=2;byday=mo;wkst=su"}
 ],
 "releases": [{"id": "r1", "name": "Zürich, \"Ødegaard\"; release", "change_type": "normal"}],
 "deployments": [{"id": "d1", "release": "r1", "service": "svc", "environment": "prod", "start": "2027-03-28T01:00:00Z", "end": "2027-03-28T02:00:00Z"}]
}"#,
    )
    .expect("the DST plan is valid")
}

/// What the calendar must hold: per UID, the intervals starting in [from, to).
fn expected(
    plan: &Plan,
    filter: &IcsFilter,
    from: Instant,
    to: Instant,
    domain: &str,
) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let deployments: Vec<_> = plan
        .deployments
        .iter()
        .filter(|d| filter.release.as_ref().is_none_or(|r| &d.release == r))
        .filter(|d| {
            filter
                .environment
                .as_ref()
                .is_none_or(|e| &d.environment == e)
        })
        .collect();
    for d in &deployments {
        if d.start >= from && d.start < to {
            out.entry(format!("deployment-{}@{domain}", d.id))
                .or_default()
                .push((z(d.start), z(d.end)));
        }
    }
    for w in &plan.windows {
        let included = match (&filter.release, &filter.environment) {
            (None, None) => true,
            (Some(_), _) => deployments
                .iter()
                .any(|d| w.scope.matches(&d.service, &d.environment)),
            (None, Some(e)) => w.scope.environments.is_empty() || w.scope.environments.contains(e),
        };
        if !included {
            continue;
        }
        let uid = format!("window-{}@{domain}", w.id.as_str().replace(' ', "%20"));
        for o in occurrences(w, from, to)
            .into_iter()
            .filter(|o| o.start >= from)
        {
            out.entry(uid.clone())
                .or_default()
                .push((z(o.start), z(o.end)));
        }
    }
    // Departures are moments; each freeze ends at its departure.
    let release_train = filter
        .release
        .as_ref()
        .map(|r| plan.release(r.as_str()).unwrap().train.clone());
    for t in &plan.trains {
        if release_train
            .as_ref()
            .is_some_and(|rt| rt.as_ref() != Some(&t.id))
        {
            continue;
        }
        let (Some(rule), Some(start)) = (&t.rrule, t.start) else {
            continue;
        };
        let tz = plan.timezone;
        let freeze = t.freeze.unwrap_or_default();
        let local = |i: Instant| to_local(i, tz);
        let wide_to = local(to) + freeze.max_exact() + chrono::Duration::days(1);
        for dep in rule.expand(start, tz, local(from) - chrono::Duration::days(1), wide_to) {
            let at = resolve_local(dep, tz);
            if at >= from && at < to {
                out.entry(format!("train-{}@{domain}", t.id))
                    .or_default()
                    .push((z(at), z(at)));
            }
            let freeze_start = resolve_local(
                dep - chrono::Duration::days(freeze.days)
                    - chrono::Duration::seconds(freeze.seconds),
                tz,
            );
            if !freeze.is_zero() && freeze_start >= from && freeze_start < to {
                out.entry(format!(
                    "freeze-{}-{}@{domain}",
                    t.id,
                    dep.format("%Y%m%dT%H%M%S")
                ))
                .or_default()
                .push((z(freeze_start), z(at)));
            }
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

struct Case {
    name: &'static str,
    plan: Plan,
    filter: IcsFilter,
    domain: &'static str,
    from: Instant,
    to: Instant,
}

fn run_python(manifest: &std::path::Path) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ics_check.py");
    let out = Command::new("python3").arg(script).arg(manifest).output().unwrap_or_else(|e| {
        panic!("cannot run python3 ({e}); this test needs Python 3 with icalendar and recurring_ical_events: pip install icalendar recurring_ical_events")
    });
    assert!(
        out.status.success(),
        "{script} failed ({}):\n{}\nthis test needs Python 3 with icalendar and recurring_ical_events: pip install icalendar recurring_ical_events",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the checker prints JSON")
}

#[test]
fn exported_calendars_expand_in_python_icalendar_exactly_as_core_expands_them() {
    let dir = TempDir::new();
    let stamp = Some(utc(2027, 1, 4));
    let cases = vec![
        Case {
            name: "example",
            plan: example(),
            filter: IcsFilter {
                dtstamp: stamp,
                ..Default::default()
            },
            domain: "trainyard",
            from: utc(2026, 12, 1),
            to: utc(2027, 7, 1),
        },
        Case {
            name: "example-r2",
            plan: example(),
            filter: IcsFilter {
                release: Some(ReleaseId::from("r2")),
                dtstamp: stamp,
                ..Default::default()
            },
            domain: "trainyard",
            from: utc(2026, 12, 1),
            to: utc(2027, 7, 1),
        },
        Case {
            name: "example-staging",
            plan: example(),
            filter: IcsFilter {
                environment: Some(EnvironmentId::from("staging")),
                dtstamp: stamp,
                ..Default::default()
            },
            domain: "trainyard",
            from: utc(2026, 12, 1),
            to: utc(2027, 7, 1),
        },
        Case {
            name: "unicode",
            plan: unicode(),
            filter: IcsFilter::default(),
            domain: "trainyard",
            from: utc(2026, 12, 1),
            to: utc(2027, 4, 1),
        },
        Case {
            name: "generated",
            plan: generated(200),
            filter: IcsFilter::default(),
            domain: "trainyard",
            from: utc(2027, 1, 1),
            to: utc(2028, 7, 1),
        },
        Case {
            name: "dst",
            plan: dst_plan(),
            filter: IcsFilter::default(),
            domain: "trainyard",
            from: utc(2026, 12, 15),
            to: utc(2030, 1, 1),
        },
    ];
    let mut manifest = vec![];
    for c in &cases {
        let text = export_ics(&c.plan, &c.filter).unwrap();
        let path = dir.write(&format!("{}.ics", c.name), &text);
        manifest.push(json!({"name": c.name, "ics": path, "from": z(c.from), "to": z(c.to)}));
    }
    let manifest_path = dir.write(
        "manifest.json",
        serde_json::to_vec(&json!({"cases": manifest})).unwrap(),
    );
    let result = run_python(&manifest_path);
    let mut failures = vec![];
    for (c, r) in cases.iter().zip(result["cases"].as_array().unwrap()) {
        for e in r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["tz_mismatches"].as_array().unwrap())
        {
            failures.push(format!("{}: {}", c.name, e.as_str().unwrap()));
        }
        let uids: Vec<&str> = r["uids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        let mut unique = uids.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != uids.len() {
            failures.push(format!("{}: duplicate UIDs", c.name));
        }
        let want = expected(&c.plan, &c.filter, c.from, c.to, c.domain);
        let mut got: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (uid, occ) in r["occurrences"].as_object().unwrap() {
            let list: Vec<(String, String)> = occ
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap().to_owned(),
                        p[1].as_str().unwrap().to_owned(),
                    )
                })
                .filter(|(s, _)| {
                    let s: DateTime<Utc> = s.parse().unwrap();
                    s >= c.from && s < c.to
                })
                .collect();
            if !list.is_empty() {
                got.insert(uid.clone(), list);
            }
        }
        for uid in want
            .keys()
            .chain(got.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            let (w, g) = (want.get(uid), got.get(uid));
            if w != g {
                let show = |v: Option<&Vec<(String, String)>>| {
                    v.map_or("nothing".to_owned(), |v| {
                        format!(
                            "{} occurrences {:?}",
                            v.len(),
                            v.iter().take(4).collect::<Vec<_>>()
                        )
                    })
                };
                failures.push(format!(
                    "{}: {uid}: core expands to {}, python to {}",
                    c.name,
                    show(w),
                    show(g)
                ));
            }
        }
        if want.is_empty() {
            failures.push(format!(
                "{}: the case expects nothing; it tests nothing",
                c.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn exported_lines_are_crlf_folded_at_75_octets_with_stable_uids() {
    let plan = unicode();
    let raw = export_ics(&plan, &IcsFilter::default()).unwrap();
    assert!(raw.ends_with("END:VCALENDAR\r\n"));
    assert!(!raw.replace("\r\n", "").contains('\n'), "a bare LF");
    for line in raw.split("\r\n") {
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
    }
    let a = raw.replace("\r\n ", "");
    assert!(
        a.contains("SUMMARY:Deploy Ledger DB Zürich to Production (Ledger 4.2 – Zürich ✓)"),
        "{a}"
    );
    assert!(
        a.contains("Payments API 7.0\\, \"Ødegaard\" edition"),
        "commas escaped in TEXT:\n{a}"
    );
    assert!(
        a.contains("SUMMARY:Maintenance window: Prod window\\; Zürich\\, Oslo"),
        "{a}"
    );
    assert!(
        a.contains("DTSTART;TZID=Europe/Berlin:20270105T220000\r\n"),
        "{a}"
    );
    assert!(a.contains("RRULE:FREQ=WEEKLY;BYDAY=TU,TH\r\n"));
    assert!(a.contains("EXDATE;TZID=Europe/Berlin:20270107T220000\r\n"));
    assert!(a.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"));
    assert!(
        a.contains("DTSTART:20270105T213000Z\r\nDTEND:20270105T223000Z\r\n"),
        "deployments in UTC:\n{a}"
    );
    // Moving a deployment changes its times, not its UID: a re-import updates it.
    let mut moved = plan.clone();
    moved.deployments[1].start += chrono::Duration::hours(1);
    moved.deployments[1].end += chrono::Duration::hours(1);
    let b = export_ics(&moved, &IcsFilter::default())
        .unwrap()
        .replace("\r\n ", "");
    let uids = |s: &str| {
        let mut u = s
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect::<Vec<_>>();
        u.sort();
        u
    };
    assert_eq!(uids(&a), uids(&b));
    assert_ne!(a, b);
    assert_eq!(
        raw,
        export_ics(&plan, &IcsFilter::default()).unwrap(),
        "the export is deterministic"
    );
    assert!(a.contains("UID:deployment-d1@trainyard"), "{a}");
}

#[test]
fn exporting_an_unknown_release_or_environment_is_an_error() {
    let f = IcsFilter {
        release: Some(ReleaseId::from("nope")),
        ..Default::default()
    };
    assert_eq!(
        export_ics(&example(), &f).unwrap_err(),
        ReportError::UnknownRelease("nope".into())
    );
    let f = IcsFilter {
        environment: Some(EnvironmentId::from("qa")),
        ..Default::default()
    };
    assert_eq!(
        export_ics(&example(), &f).unwrap_err().to_string(),
        "unknown environment id \"qa\""
    );
}

#[test]
fn importing_an_exported_calendar_gives_back_the_same_occurrences() {
    for plan in [dst_plan(), generated(60), example()] {
        let text = export_ics(&plan, &IcsFilter::default()).unwrap();
        let imported = import_ics(
            &text,
            WindowKind::Blackout,
            &Scope::default(),
            "ics-",
            plan.timezone,
        )
        .unwrap();
        let (from, to) = (utc(2026, 12, 1), utc(2029, 1, 1));
        for w in &plan.windows {
            let uid_prefix = format!("window-{}@", w.id.as_str().replace(' ', "%20"));
            let back: Vec<_> = imported
                .windows
                .iter()
                .filter(|i| {
                    i.x.as_ref()
                        .and_then(|x| x["ics_uid"].as_str())
                        .is_some_and(|u| u.starts_with(&uid_prefix))
                })
                .collect();
            let want: Vec<(Instant, Instant)> = occurrences(w, from, to)
                .iter()
                .map(|o| (o.start, o.end))
                .collect();
            let mut got: Vec<(Instant, Instant)> = back
                .iter()
                .flat_map(|i| occurrences(i, from, to))
                .map(|o| (o.start, o.end))
                .collect();
            got.sort();
            assert_eq!(want, got, "window {} changed on the round trip", w.id);
        }
        for d in &plan.deployments {
            let cancelled = plan
                .release(d.release.as_str())
                .is_some_and(|r| r.status() == trainyard_core::ReleaseStatus::Cancelled)
                || d.status() == trainyard_core::DeploymentStatus::RolledBack;
            if cancelled {
                continue; // exported as STATUS:CANCELLED, which the import skips
            }
            let w = imported
                .windows
                .iter()
                .find(|i| {
                    i.x.as_ref()
                        .and_then(|x| x["ics_uid"].as_str())
                        .is_some_and(|u| u.starts_with(&format!("deployment-{}@", d.id)))
                })
                .unwrap_or_else(|| panic!("deployment {} was not imported", d.id));
            let o = occurrences(w, from, to);
            assert_eq!(
                o.iter().map(|o| (o.start, o.end)).collect::<Vec<_>>(),
                vec![(d.start, d.end)],
                "deployment {}",
                d.id
            );
        }
    }
}

const HOLIDAYS: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Example//Holidays//EN\r\n\
BEGIN:VEVENT\r\n\
UID:new-year@holidays.example\r\n\
DTSTAMP:20260101T000000Z\r\n\
DTSTART;VALUE=DATE:20270101\r\n\
DTEND;VALUE=DATE:20270102\r\n\
RRULE:FREQ=YEARLY;UNTIL=20291231\r\n\
EXDATE;VALUE=DATE:20280101\r\n\
SUMMARY:New Year\\, observed\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:easter-2027@holidays.example\r\n\
DTSTART;VALUE=DATE:20270326\r\n\
DTEND;VALUE=DATE:20270330\r\n\
SUMMARY:Easter (Good Friday to Easter Monday) in Zürich and a very long summ\r\n\x20ary that was folded\r\n\
BEGIN:VALARM\r\n\
TRIGGER:-PT15M\r\n\
ACTION:DISPLAY\r\n\
END:VALARM\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:cancelled@holidays.example\r\n\
DTSTART;VALUE=DATE:20270501\r\n\
STATUS:CANCELLED\r\n\
END:VEVENT\r\n\
BEGIN:VTODO\r\n\
UID:todo@holidays.example\r\n\
END:VTODO\r\n\
BEGIN:VEVENT\r\n\
UID:freeze@corp.example\r\n\
DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20271220T180000\r\n\
DURATION:P2W\r\n\
SUMMARY:Company freeze\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:standup@corp.example\r\n\
DTSTART;TZID=W. Europe Standard Time:20270104T100000\r\n\
DTEND;TZID=W. Europe Standard Time:20270104T101500\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4\r\n\
SUMMARY:Ops stand-up\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn a_holiday_calendar_becomes_blackout_windows_with_the_chosen_scope() {
    let scope = Scope {
        environments: vec![EnvironmentId::from("prod")],
        services: vec![],
        x: None,
    };
    let oslo = chrono_tz::Europe::Oslo;
    let got = import_ics(HOLIDAYS, WindowKind::Blackout, &scope, "hol-", oslo).unwrap();
    let ids: Vec<&str> = got.windows.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "hol-new-year@holidays.example",
            "hol-easter-2027@holidays.example",
            "hol-freeze@corp.example",
            "hol-standup@corp.example"
        ]
    );
    for w in &got.windows {
        assert_eq!(w.kind, WindowKind::Blackout);
        assert_eq!(w.scope, scope);
    }
    let new_year = &got.windows[0];
    assert_eq!(new_year.name.as_deref(), Some("New Year, observed"));
    assert_eq!(
        new_year.timezone, oslo,
        "all-day events are read in the given zone"
    );
    assert_eq!(new_year.duration.to_string(), "P1D");
    let occ = occurrences(new_year, utc(2026, 1, 1), utc(2031, 1, 1));
    let starts: Vec<String> = occ.iter().map(|o| format_instant(o.start)).collect();
    assert_eq!(
        starts,
        ["2026-12-31T23:00:00Z", "2028-12-31T23:00:00Z"],
        "2027 and 2029; 2028 is excluded, the UNTIL date is inclusive"
    );
    let easter = &got.windows[1];
    assert_eq!(easter.duration.to_string(), "P4D");
    assert!(easter
        .name
        .as_deref()
        .unwrap()
        .ends_with("very long summary that was folded"));
    let freeze = &got.windows[2];
    assert_eq!(
        freeze.timezone,
        chrono_tz::Europe::Berlin,
        "the IANA name at the end of a TZID path"
    );
    assert_eq!(freeze.duration.to_string(), "P14D");
    let standup = &got.windows[3];
    assert_eq!(
        standup.timezone,
        chrono_tz::Europe::Berlin,
        "a Windows zone name"
    );
    assert_eq!(standup.duration.to_string(), "PT15M");
    assert_eq!(
        occurrences(standup, utc(2027, 1, 1), utc(2027, 3, 1)).len(),
        4
    );
    let warnings: Vec<String> = got.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("(uid cancelled@holidays.example): cancelled event skipped")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("VTODO component ignored")),
        "{warnings:?}"
    );
}

fn one_event(lines: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e1@x\r\n{lines}END:VEVENT\r\nEND:VCALENDAR\r\n")
}

fn problems(text: &str) -> Vec<String> {
    match import_ics(
        text,
        WindowKind::Blackout,
        &Scope::default(),
        "",
        chrono_tz::UTC,
    ) {
        Err(IcsError::Events { problems }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected event problems, got {other:?}"),
    }
}

#[test]
fn recurrence_the_plan_cannot_hold_is_an_error_naming_the_line_and_uid() {
    assert_eq!(
        problems(&one_event("DTSTART:20271225T090000Z\r\nDURATION:PT1H\r\nRDATE;VALUE=PERIOD:20271226T090000Z/PT1H\r\n")),
        ["ics line 7 (uid e1@x): RDATE periods (VALUE=PERIOD) are not supported; give dates or date-times"]
    );
    assert_eq!(
        problems(&one_event(
            "DTSTART:20270105T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;BYHOUR=9,17\r\n"
        )),
        ["ics line 7 (uid e1@x): RRULE FREQ=DAILY;BYHOUR=9,17: unsupported RRULE part BYHOUR"]
    );
    assert_eq!(
        problems(&one_event("DTSTART:20270105T090000Z\r\nDURATION:PT1H\r\nRECURRENCE-ID;RANGE=THISANDFUTURE:20270105T090000Z\r\n")),
        ["ics line 7 (uid e1@x): RECURRENCE-ID with RANGE=THISANDFUTURE (a change to every later occurrence) is not supported; export the series as two events"]
    );
    let p = problems(&one_event(
        "DTSTART;TZID=Mars/Olympus:20270105T090000\r\nDURATION:PT1H\r\n",
    ));
    assert_eq!(p, ["ics line 5 (uid e1@x): unknown time zone TZID=Mars/Olympus (expected an IANA name such as Europe/Berlin, or a VTIMEZONE in the calendar that defines it)"]);
    let p = problems(&one_event("DTSTART:20270105T090000Z\r\n"));
    assert_eq!(
        p,
        ["ics line 5 (uid e1@x): event has neither DTEND nor DURATION, so it lasts no time"]
    );
    let p = problems(&one_event(
        "DTSTART:20270105T090000Z\r\nDTEND:20270105T080000Z\r\n",
    ));
    assert_eq!(
        p,
        ["ics line 6 (uid e1@x): the event ends before it starts"]
    );
    // Every bad event is reported, not only the first.
    let two = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270105T090000Z\r\nDURATION:PT1H\r\nEXRULE:FREQ=DAILY\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270105T090000Z\r\nDURATION:-PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_eq!(
        problems(two),
        [
            "ics line 6 (uid a): exclusion rules (EXRULE) are not supported",
            "ics line 11 (uid b): negative DURATION -PT1H"
        ]
    );
}

#[test]
fn malformed_calendars_name_the_line() {
    let err = |t: &str| {
        import_ics(
            t,
            WindowKind::Blackout,
            &Scope::default(),
            "",
            chrono_tz::UTC,
        )
        .unwrap_err()
        .to_string()
    };
    assert_eq!(err("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis line has no colon\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), "ics line 3: expected NAME:VALUE, got \"this line has no colon\"");
    assert_eq!(
        err("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n"),
        "ics line 4: END:VCALENDAR does not close BEGIN:VEVENT of line 2"
    );
    assert_eq!(
        err("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"),
        "ics line 2: BEGIN:VEVENT is never closed"
    );
    assert_eq!(
        err("BEGIN:VEVENT\r\nEND:VEVENT\r\n"),
        "ics line 1: expected BEGIN:VCALENDAR, got BEGIN:VEVENT"
    );
    assert_eq!(
        err(&one_event("DTSTART:2027-01-05\r\nDURATION:PT1H\r\n")),
        "ics line 5 (uid e1@x): DTSTART value \"2027-01-05\" is not a date-time YYYYMMDDTHHMMSS[Z]"
    );
}

#[test]
fn a_dtstart_the_rule_does_not_produce_becomes_its_own_window_as_rfc5545_counts_it() {
    // 3 January 2027 is a Sunday; the rule produces Mondays and Wednesdays.
    let text = one_event("DTSTART;TZID=Europe/Berlin:20270103T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3\r\n");
    let got = import_ics(
        &text,
        WindowKind::Maintenance,
        &Scope::default(),
        "w-",
        chrono_tz::UTC,
    )
    .unwrap();
    assert_eq!(got.windows.len(), 2);
    let all: Vec<String> = got
        .windows
        .iter()
        .flat_map(|w| occurrences(w, utc(2027, 1, 1), utc(2027, 2, 1)))
        .map(|o| format_instant(o.start))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    // RFC 5545: DTSTART plus two more (COUNT includes DTSTART).
    assert_eq!(
        all,
        [
            "2027-01-03T09:00:00Z",
            "2027-01-04T09:00:00Z",
            "2027-01-06T09:00:00Z"
        ]
    );
    assert!(
        got.warnings.iter().any(|w| w
            .message
            .contains("DTSTART is not an occurrence of the RRULE")),
        "{:?}",
        got.warnings
    );
}

fn unfolded(plan: &Plan) -> String {
    export_ics(plan, &IcsFilter::default())
        .unwrap()
        .replace("\r\n ", "")
}

/// The properties of the event with `uid`, unfolded.
fn event<'a>(text: &'a str, uid: &str) -> &'a str {
    let at = text
        .find(&format!("UID:{uid}\r\n"))
        .unwrap_or_else(|| panic!("no event {uid}"));
    let end = text[at..].find("END:VEVENT").unwrap() + at;
    &text[at..end]
}

#[test]
fn renaming_the_plan_keeps_every_uid_and_a_calendar_id_sets_their_domain() {
    let plan = example();
    let uids = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let before = unfolded(&plan);
    let mut renamed = plan.clone();
    renamed.name = Some("Payments platform, Q1 2027 (moved to Q2)".into());
    let after = unfolded(&renamed);
    assert_ne!(before, after, "the calendar name changes");
    assert_eq!(uids(&before), uids(&after));
    assert!(uids(&before).len() > 8, "{before}");

    let mut with_id = plan.clone();
    let mut x = serde_json::Map::new();
    x.insert("calendar_id".into(), json!("payments-7f3a"));
    with_id.x = Some(x);
    let text = unfolded(&with_id);
    assert!(
        text.contains("UID:deployment-d1@payments-7f3a.trainyard\r\n"),
        "{text}"
    );
    assert!(
        text.contains("UID:train-t-main@payments-7f3a.trainyard\r\n"),
        "{text}"
    );
}

#[test]
fn a_deployment_is_tentative_until_its_release_is_approved_with_the_approvals_it_needs() {
    let mut plan = example();
    let text = unfolded(&plan);
    // Both releases are only "planned".
    for d in ["d1", "d2", "d3", "d4", "d5"] {
        assert!(
            event(&text, &format!("deployment-{d}@trainyard")).contains("STATUS:TENTATIVE\r\n"),
            "{d}"
        );
    }
    // Approved with the two approvals a normal change needs? r1 touches the
    // ledger (financial data) in prod, which needs two: alice and bob.
    plan.releases[0].status = Some(trainyard_core::ReleaseStatus::Approved);
    plan.releases[1].status = Some(trainyard_core::ReleaseStatus::Approved);
    let text = unfolded(&plan);
    assert!(event(&text, "deployment-d2@trainyard").contains("STATUS:CONFIRMED\r\n"));
    assert!(event(&text, "deployment-d4@trainyard").contains("STATUS:CONFIRMED\r\n"));
    // Without its approval, r2's prod deployments stay tentative (prod requires
    // one) while staging (no approval required) is confirmed.
    plan.releases[1].approvals.clear();
    let r2_prod_needs = plan.approval_needs(&plan.releases[1]);
    assert!(
        r2_prod_needs.iter().any(|n| n.required == 1),
        "{r2_prod_needs:?}"
    );
    let text = unfolded(&plan);
    assert!(event(&text, "deployment-d4@trainyard").contains("STATUS:TENTATIVE\r\n"));
    assert!(event(&text, "deployment-d3@trainyard").contains("STATUS:CONFIRMED\r\n"));
    // What ran is confirmed; what was rolled back or cancelled is cancelled.
    plan.releases[1].status = Some(trainyard_core::ReleaseStatus::Draft);
    plan.deployments[3].status = Some(trainyard_core::DeploymentStatus::Succeeded);
    plan.deployments[4].status = Some(trainyard_core::DeploymentStatus::RolledBack);
    let text = unfolded(&plan);
    assert!(event(&text, "deployment-d3@trainyard").contains("STATUS:TENTATIVE\r\n"));
    assert!(event(&text, "deployment-d4@trainyard").contains("STATUS:CONFIRMED\r\n"));
    assert!(event(&text, "deployment-d5@trainyard").contains("STATUS:CANCELLED\r\n"));
}

#[test]
fn train_departures_and_code_freezes_are_events() {
    let text = unfolded(&example());
    let train = event(&text, "train-t-main@trainyard");
    assert!(
        train.contains("DTSTART;TZID=Europe/Berlin:20270105T100000\r\n"),
        "{train}"
    );
    assert!(
        train.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\r\n"),
        "{train}"
    );
    assert!(
        train.contains("SUMMARY:Train departs: Main train\r\n"),
        "{train}"
    );
    assert!(
        train.contains("Releases: Ledger 4.2\\, Payments API 7.0"),
        "{train}"
    );
    assert!(
        !train.contains("DTEND") && !train.contains("DURATION"),
        "a moment"
    );
    let freeze = event(&text, "freeze-t-main-20270119T100000@trainyard");
    assert!(
        freeze.contains("DTSTART;TZID=Europe/Berlin:20270117T100000\r\n"),
        "{freeze}"
    );
    assert!(
        freeze.contains("DTEND;TZID=Europe/Berlin:20270119T100000\r\n"),
        "{freeze}"
    );
    assert!(
        freeze.contains("SUMMARY:Code freeze: Main train\r\n"),
        "{freeze}"
    );
    let freezes = text.matches("UID:freeze-t-main-").count();
    assert!(
        (20..=trainyard_report::MAX_FREEZES).contains(&freezes),
        "{freezes} freezes over the plan's horizon"
    );
}

//! Differential test of the RRULE expansion against python-dateutil's `rrulestr`,
//! the reference where RFC 5545 is silent.
//!
//! Rules are generated from a fixed seed, so a failure reproduces. The generator
//! stays inside the subset and away from the places where the plan format
//! deliberately differs from dateutil (see the `rrule` module doc): it never mixes
//! plain and numbered BYDAY, and a WEEKLY rule with BYSETPOS starts on its WKST day.
//! It also avoids rules that can never match, which dateutil would walk up to year
//! 9999, and numbered days that dateutil cannot index (`BYMONTH=12;BYDAY=53MO`).

use std::path::Path;
use std::process::Command;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use serde_json::{json, Value};
use trainyard_core::rrule::RRule;
use trainyard_core::time::{format_instant, format_local, resolve_local};

const CASES: usize = 2000;
const SEED: u64 = 0x5452_4149_4e59_4152;
const ZONES: [&str; 5] = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
];
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// xorshift64*: tiny, deterministic, and needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// `n` distinct values from `xs`, in `xs` order.
    fn distinct<T: Copy>(&mut self, xs: &[T], n: usize) -> Vec<T> {
        let mut chosen = vec![false; xs.len()];
        let mut left = n.min(xs.len());
        while left > 0 {
            let i = self.below(xs.len());
            if !chosen[i] {
                chosen[i] = true;
                left -= 1;
            }
        }
        xs.iter()
            .zip(chosen)
            .filter(|(_, c)| *c)
            .map(|(x, _)| *x)
            .collect()
    }
}

struct Case {
    rule: String,
    dtstart: NaiveDateTime,
    zone: &'static str,
    from: NaiveDateTime,
    to: NaiveDateTime,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid constant date")
}

fn hms(h: u32, m: u32, s: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, s).expect("a valid constant time")
}

/// Times of day weighted towards DST gaps (02:30 in Europe and New York in spring,
/// Sydney in October) and folds (01:30 New York, 02:30 Europe and Sydney).
fn time_of_day(rng: &mut Rng) -> NaiveTime {
    match rng.below(8) {
        0 | 1 => hms(2, 30, 0),
        2 => hms(1, 30, 0),
        3 => hms(2, 0, 0),
        4 => hms(0, 0, 0),
        5 => hms(23, 59, 59),
        _ => hms(
            rng.range(0, 23) as u32,
            rng.range(0, 59) as u32,
            rng.pick(&[0, 0, 30, 59]),
        ),
    }
}

/// The longest any of the months can be (February counted as 29).
fn longest(months: &[u32]) -> u32 {
    months
        .iter()
        .map(|&m| {
            if m == 2 {
                29
            } else {
                [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1]
            }
        })
        .max()
        .unwrap_or(31)
}

fn generate(rng: &mut Rng) -> Case {
    let zone = rng.pick(&ZONES);
    let freq = rng.pick(&["DAILY", "WEEKLY", "WEEKLY", "MONTHLY", "MONTHLY", "YEARLY"]);
    let mut dtstart =
        (date(2024, 1, 1) + Duration::days(rng.range(0, 5 * 365 - 1))).and_time(time_of_day(rng));
    let monthly_or_yearly = matches!(freq, "MONTHLY" | "YEARLY");

    let months: Vec<u32> = if rng.chance(if freq == "YEARLY" { 50 } else { 20 }) {
        let n = rng.range(1, 4) as usize;
        rng.distinct(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], n)
    } else {
        vec![]
    };

    let mut plain: Vec<&str> = vec![];
    let mut numbered: Vec<String> = vec![];
    let byday_percent = match freq {
        "DAILY" => 30,
        "WEEKLY" => 70,
        _ => 50,
    };
    if rng.chance(byday_percent) {
        if monthly_or_yearly && rng.chance(50) {
            // Ordinals count within the month, or within the year for YEARLY without BYMONTH.
            let within_month = freq == "MONTHLY" || !months.is_empty();
            for _ in 0..rng.range(1, 2) {
                let n = if within_month {
                    rng.pick(&[1, 2, 3, 4, 5, -1, -2, -5])
                } else {
                    rng.pick(&[1, 2, 10, 20, 26, 52, 53, -1, -2, -10, -52, -53])
                };
                numbered.push(format!("{n}{}", rng.pick(&DAYS)));
            }
        } else {
            let n = rng.range(1, 4) as usize;
            plain = rng.distinct(&DAYS, n);
        }
    }

    let mut month_days: Vec<i32> = vec![];
    let bymonthday_percent = match freq {
        "DAILY" => 20,
        "MONTHLY" => 45,
        "YEARLY" => 35,
        _ => 0,
    };
    // Numbered days and month days can exclude each other (5MO and the 1st), so they are not combined.
    if numbered.is_empty() && rng.chance(bymonthday_percent) {
        for _ in 0..rng.range(1, 3) {
            let d = if rng.chance(25) {
                rng.range(1, 31) as i32
            } else {
                rng.pick(&[
                    1, 2, 13, 15, 28, 29, 30, 31, -1, -2, -3, -7, -28, -29, -30, -31,
                ])
            };
            if !month_days.contains(&d) {
                month_days.push(d);
            }
        }
        // Keep only days that at least one of the months has, so the rule can match.
        let longest = longest(&months);
        month_days.retain(|d| d.unsigned_abs() <= longest);
    }

    // Without BYDAY and BYMONTHDAY, MONTHLY and YEARLY use DTSTART's day; make sure
    // one of the months has it.
    if monthly_or_yearly
        && plain.is_empty()
        && numbered.is_empty()
        && month_days.is_empty()
        && dtstart.day() > longest(&months)
    {
        dtstart = date(dtstart.year(), dtstart.month(), 28).and_time(dtstart.time());
    }

    let has_by_part =
        !months.is_empty() || !plain.is_empty() || !numbered.is_empty() || !month_days.is_empty();
    let mut set_pos: Vec<i32> = vec![];
    if has_by_part && rng.chance(30) {
        // Always one of 1 and -1, which pick something from every non-empty set, so
        // the rule cannot end up never matching.
        set_pos.push(rng.pick(&[1, -1]));
        if freq != "DAILY" && rng.chance(50) {
            let p = rng.pick(&[2, 3, 4, -2, -3, 7, 10]);
            if !set_pos.contains(&p) {
                set_pos.push(p);
            }
        }
    }

    let wkst = if rng.chance(if freq == "WEEKLY" { 50 } else { 10 }) {
        Some(rng.below(7))
    } else {
        None
    };
    if freq == "WEEKLY" && !set_pos.is_empty() {
        // The first week is a whole week in the plan format but only its days from
        // DTSTART on in dateutil; starting on the week's first day makes them agree.
        let first = wkst.unwrap_or(0) as i64;
        let back = (dtstart.weekday().num_days_from_monday() as i64 - first).rem_euclid(7);
        dtstart -= Duration::days(back);
    }

    let mut parts = vec![format!("FREQ={freq}")];
    if rng.chance(60) {
        parts.push(format!("INTERVAL={}", rng.range(1, 4)));
    }
    match rng.below(10) {
        0..=2 => parts.push(format!("COUNT={}", rng.range(1, 40))),
        n @ 3..=6 => {
            let until =
                (dtstart.date() + Duration::days(rng.range(-20, 1500))).and_time(time_of_day(rng));
            let z = if n >= 5 { "Z" } else { "" };
            parts.push(format!("UNTIL={}{z}", until.format("%Y%m%dT%H%M%S")));
        }
        _ => {}
    }
    if !plain.is_empty() || !numbered.is_empty() {
        let days: Vec<String> = plain
            .iter()
            .map(|d| d.to_string())
            .chain(numbered)
            .collect();
        parts.push(format!("BYDAY={}", days.join(",")));
    }
    let join = |xs: &[i32]| xs.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    if !month_days.is_empty() {
        parts.push(format!("BYMONTHDAY={}", join(&month_days)));
    }
    if !months.is_empty() {
        parts.push(format!(
            "BYMONTH={}",
            months
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    if !set_pos.is_empty() {
        parts.push(format!("BYSETPOS={}", join(&set_pos)));
    }
    if let Some(w) = wkst {
        parts.push(format!("WKST={}", DAYS[w]));
    }
    // Part order and case are free in the format.
    let shift = rng.below(parts.len());
    parts.rotate_left(shift);
    let mut rule = parts.join(";");
    if rng.chance(10) {
        rule = rule.to_lowercase();
    }

    let from =
        dtstart + Duration::days(rng.range(-60, 800)) + Duration::seconds(rng.range(0, 86_399));
    let to = if rng.chance(15) {
        from + Duration::hours(rng.range(1, 72))
    } else {
        from + Duration::days(rng.range(1, 450))
    };
    Case {
        rule,
        dtstart,
        zone,
        from,
        to,
    }
}

fn case_json(c: &Case) -> Value {
    json!({"rule": c.rule, "dtstart": format_local(c.dtstart), "zone": c.zone, "from": format_local(c.from), "to": format_local(c.to)})
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("dateutil result without {key:?}: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Runs the python reference and returns its per-case results.
fn dateutil_expand(cases: &[Value]) -> Vec<Value> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!(
        "trainyard-rrule-cases-{}-{nanos}.json",
        std::process::id()
    ));
    std::fs::write(&path, serde_json::to_vec(cases).expect("cases serialize"))
        .expect("write the cases file");
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("dateutil_expand.py");
    let output = Command::new("python3").arg(&script).arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let output = match output {
        Ok(o) => o,
        Err(e) => panic!("cannot run python3 ({e}); this test needs Python 3 with python-dateutil: pip install python-dateutil"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        panic!("{} failed ({}): {stderr}\nthis test needs Python 3 with python-dateutil: pip install python-dateutil", script.display(), output.status);
    }
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("dateutil_expand.py printed no JSON list ({e}); stderr: {stderr}")
    });
    assert_eq!(
        results.len(),
        cases.len(),
        "dateutil_expand.py answered a different number of cases"
    );
    results
}

#[test]
fn expansion_matches_python_dateutil_on_generated_rules() {
    let mut rng = Rng(SEED);
    let cases: Vec<Case> = (0..CASES).map(|_| generate(&mut rng)).collect();
    let reference = dateutil_expand(&cases.iter().map(case_json).collect::<Vec<_>>());

    let mut failures: Vec<String> = vec![];
    let (mut occurrences, mut non_empty) = (0, 0);
    for (c, expected) in cases.iter().zip(&reference) {
        let rule: RRule = c
            .rule
            .parse()
            .unwrap_or_else(|e| panic!("generated rule {:?} does not parse: {e}", c.rule));
        let tz: Tz = c.zone.parse().expect("a known zone");
        let got = rule.expand(c.dtstart, tz, c.from, c.to);
        let got_local: Vec<String> = got.iter().map(|&l| format_local(l)).collect();
        let got_utc: Vec<String> = got
            .iter()
            .map(|&l| format_instant(resolve_local(l, tz)))
            .collect();
        let context = format!(
            "rule {} dtstart {} zone {} range [{}, {})",
            c.rule,
            format_local(c.dtstart),
            c.zone,
            format_local(c.from),
            format_local(c.to)
        );
        if let Some(e) = expected.get("error") {
            failures.push(format!("{context}: dateutil failed: {e}"));
            continue;
        }
        let (want_local, want_utc) = (strings(expected, "local"), strings(expected, "utc"));
        for (what, got, want) in [
            ("local", &got_local, &want_local),
            ("utc", &got_utc, &want_utc),
        ] {
            if got != want {
                let i = got
                    .iter()
                    .zip(want.iter())
                    .take_while(|(a, b)| a == b)
                    .count();
                failures.push(format!(
                    "{context}: {what} occurrences differ at #{i}: ours {:?}, dateutil {:?} ({} vs {} occurrences)",
                    &got[i..got.len().min(i + 3)],
                    &want[i..want.len().min(i + 3)],
                    got.len(),
                    want.len()
                ));
                break;
            }
        }
        occurrences += got.len();
        non_empty += usize::from(!got.is_empty());
    }

    println!("{} generated rules, {occurrences} occurrences compared, {non_empty} rules with occurrences in range", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from python-dateutil:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Guard against a generator that drifted into testing nothing.
    assert!(
        non_empty * 5 > cases.len() * 2,
        "only {non_empty} of {} cases have occurrences in range",
        cases.len()
    );
}

#[test]
fn the_generator_covers_every_part_of_the_subset() {
    let mut rng = Rng(SEED);
    let rules: Vec<String> = (0..CASES)
        .map(|_| generate(&mut rng).rule.to_uppercase())
        .collect();
    for needle in [
        "FREQ=DAILY",
        "FREQ=WEEKLY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "INTERVAL=4",
        "COUNT=",
        "BYDAY=",
        "BYMONTHDAY=-",
        "BYMONTH=",
        "BYSETPOS=",
        "WKST=SU",
    ] {
        assert!(
            rules.iter().any(|r| r.contains(needle)),
            "no generated rule has {needle}"
        );
    }
    let has_part = |name: &str, test: &dyn Fn(&str) -> bool| {
        rules
            .iter()
            .any(|r| r.split(';').filter_map(|p| p.strip_prefix(name)).any(test))
    };
    assert!(
        has_part("BYDAY=", &|v| v.contains("-1")),
        "no last-weekday ordinal"
    );
    assert!(
        has_part("BYDAY=", &|v| v.contains("53")),
        "no 53rd-weekday ordinal"
    );
    assert!(has_part("UNTIL=", &|v| v.ends_with('Z')), "no UTC UNTIL");
    assert!(has_part("UNTIL=", &|v| !v.ends_with('Z')), "no local UNTIL");
}

/// RFC 5545 allows BYDAY ordinals up to ±53 whatever the frequency; an ordinal a
/// month cannot hold (`6MO`) never matches, in dateutil as here, and does not
/// disturb the other entries of its list. (dateutil cannot index the largest
/// ordinals within a month, so the cases stay near the month's size.)
#[test]
fn ordinals_a_month_cannot_hold_match_python_dateutil() {
    let at = |s: &str| trainyard_core::time::parse_local(s).expect("a constant date-time");
    let rules = [
        "FREQ=MONTHLY;BYDAY=6MO",
        "FREQ=MONTHLY;BYDAY=-6FR;COUNT=3",
        "FREQ=MONTHLY;BYDAY=6MO,1TU",
        "FREQ=MONTHLY;BYDAY=6SU,-1SU;INTERVAL=2",
        "FREQ=MONTHLY;BYDAY=-7WE,2WE;BYSETPOS=1",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=-7FR,2FR",
        "FREQ=YEARLY;BYMONTH=2,8;BYDAY=20MO",
    ];
    let cases: Vec<Case> = rules
        .iter()
        .map(|r| Case {
            rule: (*r).to_owned(),
            dtstart: at("2027-01-01T09:00"),
            zone: "Europe/Berlin",
            from: at("2026-12-01T00:00"),
            to: at("2029-06-01T00:00"),
        })
        .collect();
    let reference = dateutil_expand(&cases.iter().map(case_json).collect::<Vec<_>>());
    for (c, expected) in cases.iter().zip(&reference) {
        let rule: RRule = c
            .rule
            .parse()
            .unwrap_or_else(|e| panic!("{:?} must be valid: {e}", c.rule));
        let tz: Tz = c.zone.parse().expect("a known zone");
        let got: Vec<String> = rule
            .expand(c.dtstart, tz, c.from, c.to)
            .into_iter()
            .map(format_local)
            .collect();
        assert!(expected.get("error").is_none(), "{}: {expected}", c.rule);
        assert_eq!(got, strings(expected, "local"), "{}", c.rule);
    }
}

//! Measures the store on a large generated plan (200 services, 4 environments,
//! 1k releases, 100k deployments). Not a test; run in a release build:
//!
//!   cargo run --release -p trainyard-store --bin trainyard-store-bench
//!
//! Prints open+load (median of 5), one durable edit (median of 50), and, for
//! scale, a bare `SELECT` of every entity row and core's parse of the same plan
//! as JSON text.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::{parse_plan, plan_to_json};
use trainyard_store::{Store, StoreOptions};

const SERVICES: usize = 200;
const ENVIRONMENTS: [&str; 4] = ["dev", "test", "staging", "prod"];
const RELEASES: usize = 1_000;
const DEPLOYMENTS: usize = 100_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("trainyard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed(), out)
}

fn generate() -> String {
    let mut s = String::with_capacity(20 << 20);
    s.push_str(r#"{"format":"trainyard-plan","version":1,"name":"bench","timezone":"Europe/Berlin","environments":["#);
    for (i, e) in ENVIRONMENTS.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(s, r#"{sep}{{"id":"{e}","order":{i}}}"#);
    }
    s.push_str(r#"],"teams":["#);
    for t in 0..10 {
        let sep = if t == 0 { "" } else { "," };
        let _ = write!(s, r#"{sep}{{"id":"team{t}","name":"Team {t}"}}"#);
    }
    s.push_str(r#"],"services":["#);
    for i in 0..SERVICES {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            s,
            r#"{sep}{{"id":"s{i:03}","name":"Service {i}","team":"team{}","tier":{}}}"#,
            i % 10,
            1 + i % 4
        );
    }
    s.push_str(r#"],"releases":["#);
    for i in 0..RELEASES {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            s,
            r#"{sep}{{"id":"r{i:04}","name":"Release {i}","version":"1.{i}.0","change_type":"normal"}}"#
        );
    }
    s.push_str(r#"],"deployments":["#);
    let base = Utc
        .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    for i in 0..DEPLOYMENTS {
        let sep = if i == 0 { "" } else { "," };
        let start = base + chrono::Duration::minutes(10 * i as i64);
        let end = start + chrono::Duration::minutes(30);
        let _ = write!(
            s,
            r#"{sep}{{"id":"d{i:06}","release":"r{:04}","service":"s{:03}","environment":"{}","start":"{}","end":"{}","strategy":"rolling"}}"#,
            i % RELEASES,
            i % SERVICES,
            ENVIRONMENTS[i % 4],
            start.format("%Y-%m-%dT%H:%M:%SZ"),
            end.format("%Y-%m-%dT%H:%M:%SZ"),
        );
    }
    s.push_str("]}");
    s
}

fn run(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let text = generate();
    let plan = parse_plan(&text)?;
    let path = dir.join("bench.trainyard");
    let opts = || StoreOptions {
        user: Some("bench".into()),
    };

    let (t_create, store) = time(|| Store::create(&path, &plan, opts()));
    drop(store?);
    let size = std::fs::metadata(&path)?.len();
    println!(
        "plan: {} deployments, {} releases, {} services; file {:.1} MB; import {:.0} ms",
        plan.deployments.len(),
        plan.releases.len(),
        plan.services.len(),
        size as f64 / 1e6,
        t_create.as_secs_f64() * 1000.0
    );

    let mut opens = vec![];
    for _ in 0..5 {
        let (t, s) = time(|| Store::open(&path, opts()));
        drop(s?);
        opens.push(t);
    }

    let conn = rusqlite::Connection::open(&path)?;
    let plan_q = "SELECT kind, position, id, body FROM entity ORDER BY kind, position";
    let detail: Vec<String> = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {plan_q}"))?
        .query_map([], |r| r.get::<_, String>(3))?
        .collect::<Result<_, _>>()?;
    let mut selects = vec![];
    for _ in 0..5 {
        let (t, n) = time(|| -> rusqlite::Result<usize> {
            let mut stmt = conn.prepare(plan_q)?;
            let mut rows = stmt.query([])?;
            let mut bytes = 0;
            while let Some(r) = rows.next()? {
                bytes += r.get_ref(3)?.as_bytes().map(<[u8]>::len).unwrap_or(0);
            }
            Ok(bytes)
        });
        n?;
        selects.push(t);
    }
    drop(conn);

    let exported = plan_to_json(&plan);
    let mut parses = vec![];
    for _ in 0..5 {
        let (t, p) = time(|| parse_plan(&exported));
        p?;
        parses.push(t);
    }

    let compact = serde_json::to_string(&trainyard_core::format::plan_to_value(&plan))?;
    let mut compact_parses = vec![];
    for _ in 0..5 {
        let (t, p) = time(|| parse_plan(&compact));
        p?;
        compact_parses.push(t);
    }
    let mut json_parses = vec![];
    for _ in 0..3 {
        let (t, j) = time(|| trainyard_core::format::Json::parse(&exported));
        j?;
        json_parses.push(t);
    }
    let mut core_applies = vec![];
    let mut scratch = plan.clone();
    for k in 0..20 {
        let Some(mut d) = scratch.deployment(&format!("d{:06}", 50_000 + k)).cloned() else {
            return Err("missing deployment".into());
        };
        d.wave = Some(format!("core-{k}"));
        let (t, r) = time(|| scratch.apply(&[Change::put(Entity::Deployment(d))]));
        r?;
        core_applies.push(t);
    }

    let mut store = Store::open(&path, opts())?;
    let mut edits = vec![];
    for k in 0..50 {
        let Some(mut d) = store
            .plan()
            .deployment(&format!("d{:06}", 50_000 + k))
            .cloned()
        else {
            return Err("missing deployment".into());
        };
        d.wave = Some(format!("bench-{k}"));
        let base = store.revision();
        let (t, r) =
            time(|| store.apply(base, "bench edit", &[Change::put(Entity::Deployment(d))]));
        r?;
        edits.push(t);
    }
    // The same edit on a 5-deployment plan: the fixed cost of a durable commit.
    let small_path = dir.join("small.trainyard");
    let mut small = Store::create(&small_path, &parse_plan(&small_plan_text(&text))?, opts())?;
    let mut small_edits = vec![];
    for k in 0..50 {
        let Some(mut d) = small.plan().deployments.first().cloned() else {
            return Err("missing deployment".into());
        };
        d.wave = Some(format!("small-{k}"));
        let base = small.revision();
        let (t, r) =
            time(|| small.apply(base, "small edit", &[Change::put(Entity::Deployment(d))]));
        r?;
        small_edits.push(t);
    }
    drop(small);

    let (t_undo, r) = time(|| store.undo(store.revision()));
    r?;
    let (t_verify, v) = time(|| store.verify_audit());
    let v = v?;
    drop(store);

    let open = median(opens);
    let select = median(selects);
    println!("load query plan: {}", detail.join("; "));
    println!("open+load (median of 5):        {open:8.1} ms");
    println!(
        "  SELECT all entity rows:       {select:8.1} ms  (open+load is {:.1}x)",
        open / select
    );
    println!("  core parse_plan of the JSON:  {:8.1} ms", median(parses));
    println!(
        "    of which Json::parse (tree):{:8.1} ms",
        median(json_parses)
    );
    println!(
        "  core parse_plan, compact JSON:{:8.1} ms",
        median(compact_parses)
    );
    println!("durable edit (median of 50):    {:8.2} ms", median(edits));
    println!(
        "  core Plan::apply of one Put:  {:8.2} ms",
        median(core_applies)
    );
    println!(
        "  same edit on a 5-deployment plan: {:.2} ms",
        median(small_edits)
    );
    println!(
        "undo of one edit:               {:8.2} ms",
        t_undo.as_secs_f64() * 1000.0
    );
    println!(
        "verify audit ({} entries):       {:8.2} ms, ok = {}",
        v.entries,
        t_verify.as_secs_f64() * 1000.0,
        v.ok
    );
    Ok(())
}

/// The generated plan cut down to its first five deployments.
fn small_plan_text(text: &str) -> String {
    let Some(at) = text.find(r#""deployments":["#) else {
        return text.to_owned();
    };
    let head = &text[..at + r#""deployments":["#.len()];
    let body = &text[head.len()..];
    let five: Vec<&str> = body.split("},{").take(5).collect();
    format!("{head}{}}}]}}", five.join("},{"))
}

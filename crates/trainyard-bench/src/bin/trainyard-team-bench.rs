//! Team plans on a real PostgreSQL server against plan files, each figure
//! beside the same figure for a file measured in the same run. Not a test;
//! run in a release build:
//!
//!   cargo build --release -p trainyard-bench --bin trainyard-team-bench
//!   target/release/trainyard-team-bench            # 100k-deployment plan, ~1 min
//!   target/release/trainyard-team-bench --quick    # 10k deployments, fewer runs, ~20 s
//!
//! It starts its own throwaway server through `trainyard-pgtest`
//! (`scripts/pg-server.sh`: fsync on, Unix socket, 300 connections), which
//! stops it and removes its folder once this process has exited; the plan
//! files live in a temporary folder removed at the end. The server and the
//! files are on the same disk.
//!
//! It lives here rather than beside `trainyard-store-bench` because it needs
//! the throwaway server and the plan generator: `trainyard-bench` is a
//! benchmark crate that nothing else depends on, so both can be ordinary
//! dependencies here, while the store library keeps `trainyard-pgtest` a
//! dev-dependency and ships without it.
//!
//! Measures, team against file:
//!
//! 1. open + load of the large generated plan (`Store::open_team` against
//!    `Store::open`), median of 5 (3 with `--quick`);
//! 2. one durable edit moving one deployment by a minute (p50 and p99 over
//!    200, team and file edits interleaved);
//! 3. 10 writers on one 1k-deployment plan, each with its own store (its own
//!    connection, or its own `Store::open` of the same file), each moving its
//!    own deployment in a loop for 5 s and reloading on `Stale`: committed
//!    edits per second, the `apply` call that committed (p50, p99), first
//!    attempt to commit including refusals and reloads (p99), refusals;
//! 4. 200 gate calls at once on the 1k-deployment plan, as a pipeline makes
//!    them (open the plan for reading, `trainyard_core::engine::gate`, which
//!    `trainyard gate` calls): a viewer's `Store::open_team`, each on its own
//!    connection, against `Store::open_read_only`; p50 and p99 per call over
//!    3 bursts, and one call at a time for scale;
//! 5. how soon another client sees an edit: a `TeamListener` on its own
//!    connection (time from `apply` returning to `next()` returning the
//!    notice), against a second store polling `file_revision()` every 50 ms
//!    as the app does for files; after each notice the next edit waits a
//!    random 0-50 ms, so edits do not fall in step with the polling.
//!
//! Prints a Markdown table for docs/benchmarks.md; compare the ratios across
//! machines, not the milliseconds.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use trainyard_bench::{generate, Rng, Size};
use trainyard_core::edit::{Change, Entity};
use trainyard_core::engine::{gate, GateRequest};
use trainyard_core::{DeploymentId, Plan};
use trainyard_pgtest::Server;
use trainyard_store::{
    team_grant, team_init, Store, StoreError, StoreOptions, TeamAddress, TeamListener,
};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// How much of everything to do.
struct Config {
    big: Size,
    opens: usize,
    edits: usize,
    writers: usize,
    writing: Duration,
    gate_calls: usize,
    gate_bursts: usize,
    notices: usize,
}

impl Config {
    fn full() -> Config {
        Config {
            big: Size::LARGE,
            opens: 5,
            edits: 200,
            writers: 10,
            writing: Duration::from_secs(5),
            gate_calls: 200,
            gate_bursts: 3,
            notices: 100,
        }
    }

    fn quick() -> Config {
        Config {
            big: Size {
                services: 200,
                releases: 100,
                deployments: 10_000,
                windows: 50,
            },
            opens: 3,
            edits: 50,
            writers: 10,
            writing: Duration::from_secs(2),
            gate_calls: 200,
            gate_bursts: 1,
            notices: 30,
        }
    }
}

/// The modest plan of the writers, the gate calls and the notices.
const MODEST: Size = Size {
    services: 100,
    releases: 40,
    deployments: 1_000,
    windows: 50,
};

const COORDINATOR: &str = "bench_coordinator";
const VIEWER: &str = "bench_viewer";

fn main() {
    let mut config = Config::full();
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--quick" => config = Config::quick(),
            _ => {
                eprintln!("usage: trainyard-team-bench [--quick]");
                std::process::exit(2);
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("trainyard-team-bench-{}", std::process::id()));
    let result = std::fs::create_dir_all(&dir)
        .map_err(Error::from)
        .and_then(|()| run(&config, &dir));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        eprintln!("trainyard-team-bench: {e}");
        std::process::exit(1);
    }
}

/// One database of the throwaway server, with the team schema and two logins.
struct Team {
    server: &'static Server,
    db: String,
}

impl Team {
    fn new() -> Result<Team, Error> {
        let server = trainyard_pgtest::server();
        let db = server.database("team_bench");
        let admin = TeamAddress::parse(&server.url("postgres", &db, None))?;
        team_init(&admin)?;
        for (login, role) in [(COORDINATOR, "coordinator"), (VIEWER, "viewer")] {
            team_grant(&admin, server.login(login), role)?;
        }
        Ok(Team { server, db })
    }

    fn address(&self, login: &str, plan: &str) -> Result<TeamAddress, Error> {
        Ok(TeamAddress::parse(&self.server.url(
            login,
            &self.db,
            Some(plan),
        ))?)
    }
}

fn opts() -> StoreOptions {
    StoreOptions {
        user: Some("bench".into()),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed(), out)
}

/// The value at fraction `p` of `v` (nearest rank).
fn pct(v: &[Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    let mut s = v.to_vec();
    s.sort();
    let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len());
    s[rank - 1]
}

fn median(v: &[Duration]) -> Duration {
    pct(v, 0.5)
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v < 1.0 {
        format!("{v:.3} ms")
    } else if v < 10.0 {
        format!("{v:.2} ms")
    } else {
        format!("{v:.1} ms")
    }
}

fn ratio(team: f64, file: f64) -> String {
    if file <= 0.0 || team <= 0.0 {
        return "—".into();
    }
    // Two significant digits below 1 (a notice is a thousandth of a poll).
    let r = team / file;
    let decimals = (1 - r.log10().floor() as i32).max(2) as usize;
    format!("{r:.decimals$}×")
}

/// One row of the table: team, file, team / file and the target.
fn row(what: &str, team: Duration, file: Duration) {
    target_row(what, team, file, "—");
}

fn target_row(what: &str, team: Duration, file: Duration, target: &str) {
    println!(
        "| {what} | {} | {} | {} | {target} |",
        ms(team),
        ms(file),
        ratio(team.as_secs_f64(), file.as_secs_f64())
    );
}

/// A change moving deployment `id` by `minutes`.
fn moved(plan: &Plan, id: &str, minutes: i64) -> Result<Change, Error> {
    let mut d = plan
        .deployment(id)
        .ok_or_else(|| format!("no deployment {id}"))?
        .clone();
    d.start += Span::minutes(minutes);
    d.end += Span::minutes(minutes);
    Ok(Change::put(Entity::Deployment(d)))
}

/// One step of a back-and-forth move: +1, -1, +1, ... minutes.
fn step(k: usize) -> i64 {
    if k.is_multiple_of(2) {
        1
    } else {
        -1
    }
}

fn run(config: &Config, dir: &Path) -> Result<(), Error> {
    let (t_start, team) = time(Team::new);
    let team = team?;
    eprintln!("server up and team schema made in {}", ms(t_start));
    let coordinator = |plan: &str| team.address(COORDINATOR, plan);

    // The plans, published to the server and written to files.
    let big = generate(config.big, 7);
    let modest = generate(MODEST, 7);
    let big_path = dir.join("big.trainyard");
    let modest_path = dir.join("modest.trainyard");
    let big_address = coordinator("big")?;
    let (t_team_import, s) = time(|| Store::create_team(&big_address, &big));
    drop(s?);
    let (t_file_import, s) = time(|| Store::create(&big_path, &big, opts()));
    drop(s?);
    drop(Store::create_team(&coordinator("modest")?, &modest)?);
    drop(Store::create(&modest_path, &modest, opts())?);

    println!(
        "Plans: {} deployments ({} releases, {} services, {} windows); modest plan {} deployments.",
        big.deployments.len(),
        big.releases.len(),
        big.services.len(),
        big.windows.len(),
        modest.deployments.len()
    );
    println!(
        "Import of the large plan: team {}, file {} ({:.1} MB).",
        ms(t_team_import),
        ms(t_file_import),
        std::fs::metadata(&big_path)?.len() as f64 / 1e6
    );
    println!();
    println!("| measurement | team (PostgreSQL) | file (SQLite) | team / file | target (team) |");
    println!("|---|---|---|---|---|");

    // 1. Open + load, alternating so both see the same machine.
    let mut team_opens = vec![];
    let mut file_opens = vec![];
    for _ in 0..config.opens {
        let (t, s) = time(|| Store::open_team(&big_address));
        drop(s?);
        team_opens.push(t);
        let (t, s) = time(|| Store::open(&big_path, opts()));
        drop(s?);
        file_opens.push(t);
    }
    target_row(
        &format!(
            "open + load, {}-deployment plan (median of {})",
            big.deployments.len(),
            config.opens
        ),
        median(&team_opens),
        median(&file_opens),
        "< 1 s",
    );

    // 2. One durable edit, interleaved.
    let mut team_store = Store::open_team(&big_address)?;
    let mut file_store = Store::open(&big_path, opts())?;
    let target = big.deployments[big.deployments.len() / 2].id.0.clone();
    let mut team_edits = vec![];
    let mut file_edits = vec![];
    for k in 0..config.edits {
        for (store, times) in [
            (&mut team_store, &mut team_edits),
            (&mut file_store, &mut file_edits),
        ] {
            let change = moved(store.plan(), &target, step(k))?;
            let base = store.revision();
            let (t, r) = time(|| store.apply(base, "move one deployment", &[change]));
            r?;
            times.push(t);
        }
    }
    drop(team_store);
    drop(file_store);
    let n = config.edits;
    row(
        &format!("one durable edit, p50 of {n}"),
        median(&team_edits),
        median(&file_edits),
    );
    row(
        &format!("one durable edit, p99 of {n}"),
        pct(&team_edits, 0.99),
        pct(&file_edits, 0.99),
    );

    // 3. Concurrent writers on the modest plan.
    let modest_address = coordinator("modest")?;
    let a = modest_address.clone();
    let team_w = writers(config, &modest, Arc::new(move || Store::open_team(&a)))?;
    let p = modest_path.clone();
    let file_w = writers(config, &modest, Arc::new(move || Store::open(&p, opts())))?;
    let w = config.writers;
    println!(
        "| {w} writers on one plan, committed edits/s | {:.0} | {:.0} | {} | — |",
        team_w.rate(),
        file_w.rate(),
        ratio(team_w.rate(), file_w.rate())
    );
    row(
        &format!("{w} writers, committing `apply` call, p50"),
        median(&team_w.committed),
        median(&file_w.committed),
    );
    row(
        &format!("{w} writers, committing `apply` call, p99"),
        pct(&team_w.committed, 0.99),
        pct(&file_w.committed, 0.99),
    );
    row(
        &format!("{w} writers, first attempt to commit (refusals and reloads included), p99"),
        pct(&team_w.end_to_end, 0.99),
        pct(&file_w.end_to_end, 0.99),
    );
    row(
        &format!("{w} writers, first attempt to commit, longest"),
        pct(&team_w.end_to_end, 1.0),
        pct(&file_w.end_to_end, 1.0),
    );
    println!(
        "| {w} writers, stale refusals / busy refusals / edits committed | {} / {} / {} | {} / {} / {} | — | — |",
        team_w.stale,
        team_w.busy,
        team_w.committed.len(),
        file_w.stale,
        file_w.busy,
        file_w.committed.len()
    );
    println!(
        "| {w} writers, edits committed by the least and the most successful writer | {} – {} | {} – {} | — | — |",
        team_w.fewest(),
        team_w.most(),
        file_w.fewest(),
        file_w.most()
    );

    // 4. Gate calls.
    let request = Arc::new(gate_request(&modest)?);
    let viewer_address = team.address(VIEWER, "modest")?;
    let (r, a) = (request.clone(), viewer_address.clone());
    let team_gate: Call = Arc::new(move || {
        let store = Store::open_team(&a)?;
        Ok(gate(store.plan(), &r)?.allowed)
    });
    let (r, p) = (request.clone(), modest_path.clone());
    let file_gate: Call = Arc::new(move || {
        let plan = Store::open_read_only(&p)?;
        Ok(gate(&plan, &r)?.allowed)
    });
    let mut team_single = vec![];
    let mut file_single = vec![];
    for _ in 0..20 {
        let (t, r) = time(|| team_gate());
        r?;
        team_single.push(t);
        let (t, r) = time(|| file_gate());
        r?;
        file_single.push(t);
    }
    row(
        "gate call (open for reading + gate), one at a time, median of 20",
        median(&team_single),
        median(&file_single),
    );
    let mut team_calls = vec![];
    let mut file_calls = vec![];
    let mut team_walls = vec![];
    let mut file_walls = vec![];
    for _ in 0..config.gate_bursts {
        let (calls, wall) = burst(config.gate_calls, &team_gate)?;
        team_calls.extend(calls);
        team_walls.push(wall);
        let (calls, wall) = burst(config.gate_calls, &file_gate)?;
        file_calls.extend(calls);
        file_walls.push(wall);
    }
    let g = config.gate_calls;
    let calls = team_calls.len();
    row(
        &format!("{g} gate calls at once, per call p50 ({calls} calls)"),
        median(&team_calls),
        median(&file_calls),
    );
    row(
        &format!("{g} gate calls at once, per call p99 ({calls} calls)"),
        pct(&team_calls, 0.99),
        pct(&file_calls, 0.99),
    );
    row(
        &format!("{g} gate calls at once, whole burst (median)"),
        median(&team_walls),
        median(&file_walls),
    );

    // 5. How soon another client sees an edit.
    let team_seen = team_notices(config.notices, &modest_address)?;
    let file_seen = file_polling(config.notices, &modest_path)?;
    let n = config.notices;
    target_row(
        &format!("edit seen by another client (team: LISTEN; file: 50 ms polling), p50 of {n}"),
        median(&team_seen.after_return),
        median(&file_seen.after_return),
        "< 1 s",
    );
    target_row(
        &format!("edit seen by another client, p99 of {n}"),
        pct(&team_seen.after_return, 0.99),
        pct(&file_seen.after_return, 0.99),
        "< 1 s",
    );
    println!();
    println!(
        "Notices that arrived before `apply` returned (counted as 0): team {}, file {}. \
         From the start of `apply` to the notice: team p50 {} / p99 {}, file p50 {} / p99 {}.",
        team_seen.early,
        file_seen.early,
        ms(median(&team_seen.after_start)),
        ms(pct(&team_seen.after_start, 0.99)),
        ms(median(&file_seen.after_start)),
        ms(pct(&file_seen.after_start, 0.99)),
    );
    println!(
        "Writers ran {:.1} s (team) and {:.1} s (file); one durable edit of the large plan \
         allows at most {:.0} serial commits/s (team) and {:.0} (file) at its p50.",
        team_w.wall.as_secs_f64(),
        file_w.wall.as_secs_f64(),
        1.0 / median(&team_edits).as_secs_f64(),
        1.0 / median(&file_edits).as_secs_f64()
    );
    Ok(())
}

/// What the writers did.
struct Writers {
    /// The `apply` call that committed, per committed edit.
    committed: Vec<Duration>,
    /// From the first attempt to the commit, refusals and reloads included.
    end_to_end: Vec<Duration>,
    stale: usize,
    busy: usize,
    wall: Duration,
    /// Edits committed, per writer.
    per_writer: Vec<usize>,
}

impl Writers {
    fn rate(&self) -> f64 {
        self.committed.len() as f64 / self.wall.as_secs_f64()
    }

    fn fewest(&self) -> usize {
        self.per_writer.iter().copied().min().unwrap_or(0)
    }

    fn most(&self) -> usize {
        self.per_writer.iter().copied().max().unwrap_or(0)
    }
}

type Open = Arc<dyn Fn() -> Result<Store, StoreError> + Send + Sync>;

/// `config.writers` threads, each with a store of its own from `open`, each
/// moving its own deployment back and forth until `config.writing` is over.
fn writers(config: &Config, plan: &Plan, open: Open) -> Result<Writers, Error> {
    let n = config.writers;
    let start = Arc::new(Barrier::new(n + 1));
    let mut handles = vec![];
    for w in 0..n {
        let open = open.clone();
        let start = start.clone();
        let id = plan.deployments[(w * 97) % plan.deployments.len()]
            .id
            .0
            .clone();
        let writing = config.writing;
        handles.push(thread::spawn(move || -> Result<Writers, Error> {
            let opened = open();
            start.wait();
            let mut store = opened?;
            let deadline = Instant::now() + writing;
            let mut out = Writers {
                committed: vec![],
                end_to_end: vec![],
                stale: 0,
                busy: 0,
                wall: Duration::ZERO,
                per_writer: vec![],
            };
            let mut k = 0;
            while Instant::now() < deadline {
                let first = Instant::now();
                loop {
                    let change = moved(store.plan(), &id, step(k))?;
                    let base = store.revision();
                    let (t, r) = time(|| store.apply(base, "writer", &[change]));
                    match r {
                        Ok(_) => {
                            out.committed.push(t);
                            out.end_to_end.push(first.elapsed());
                            break;
                        }
                        Err(StoreError::Stale { .. }) => {
                            out.stale += 1;
                            store.reload()?;
                        }
                        Err(StoreError::Busy { .. }) => {
                            out.busy += 1;
                            store.reload()?;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                k += 1;
            }
            Ok(out)
        }));
    }
    start.wait();
    let t0 = Instant::now();
    let mut all = Writers {
        committed: vec![],
        end_to_end: vec![],
        stale: 0,
        busy: 0,
        wall: Duration::ZERO,
        per_writer: vec![],
    };
    for h in handles {
        let w = h.join().map_err(|_| "a writer panicked")??;
        all.per_writer.push(w.committed.len());
        all.committed.extend(w.committed);
        all.end_to_end.extend(w.end_to_end);
        all.stale += w.stale;
        all.busy += w.busy;
    }
    all.wall = t0.elapsed();
    Ok(all)
}

/// What a pipeline asks: may the service of the first production deployment
/// go to production at that deployment's start, for its release?
fn gate_request(plan: &Plan) -> Result<GateRequest, Error> {
    let d = plan
        .deployments
        .iter()
        .find(|d| d.environment.as_str() == "prod")
        .ok_or("the plan has no production deployment")?;
    Ok(GateRequest {
        service: d.service.clone(),
        environment: d.environment.clone(),
        start: d.start,
        duration: Span::minutes(30),
        release: Some(d.release.clone()),
        id: DeploymentId("gate".into()),
    })
}

/// One gate call: open the plan for reading and ask the gate.
type Call = Arc<dyn Fn() -> Result<bool, Error> + Send + Sync>;

/// `n` calls at once, one thread each, released together; each call's time
/// and the whole burst's.
fn burst(n: usize, call: &Call) -> Result<(Vec<Duration>, Duration), Error> {
    let start = Arc::new(Barrier::new(n + 1));
    let mut handles = vec![];
    for _ in 0..n {
        let call = call.clone();
        let start = start.clone();
        handles.push(thread::spawn(move || -> Result<Duration, Error> {
            start.wait();
            let (t, r) = time(|| call());
            std::hint::black_box(r?);
            Ok(t)
        }));
    }
    start.wait();
    let t0 = Instant::now();
    let mut times = Vec::with_capacity(n);
    for h in handles {
        times.push(h.join().map_err(|_| "a gate call panicked")??);
    }
    Ok((times, t0.elapsed()))
}

/// How soon another client saw each edit.
struct Seen {
    /// From `apply` returning (0 when the notice came first).
    after_return: Vec<Duration>,
    /// From the start of `apply`.
    after_start: Vec<Duration>,
    /// Notices that arrived before `apply` returned.
    early: usize,
}

/// `n` edits by `edit`, each waited for on `seen` (revision, when seen),
/// with a random pause of 0-50 ms after each.
fn edits_seen(
    n: usize,
    store: &mut Store,
    seen: &mpsc::Receiver<(u64, Instant)>,
) -> Result<Seen, Error> {
    let id = store.plan().deployments[0].id.0.clone();
    let mut rng = Rng::new(11);
    let mut out = Seen {
        after_return: vec![],
        after_start: vec![],
        early: 0,
    };
    for k in 0..n {
        let change = moved(store.plan(), &id, step(k))?;
        let base = store.revision();
        let started = Instant::now();
        let revision = store.apply(base, "seen elsewhere", &[change])?;
        let returned = Instant::now();
        let at = loop {
            let (r, at) = seen
                .recv_timeout(Duration::from_secs(10))
                .map_err(|_| format!("revision {revision} was not seen within 10 s"))?;
            if r >= revision {
                break at;
            }
        };
        if at < returned {
            out.early += 1;
        }
        out.after_return
            .push(at.saturating_duration_since(returned));
        out.after_start.push(at.saturating_duration_since(started));
        thread::sleep(Duration::from_millis(rng.below(51)));
    }
    Ok(out)
}

fn team_notices(n: usize, address: &TeamAddress) -> Result<Seen, Error> {
    let mut listener = TeamListener::connect(address)?;
    let plan = address.plan_name().map_err(|e| e.0)?.to_owned();
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let stopping = stop.clone();
    let listening = thread::spawn(move || -> Result<(), StoreError> {
        while !stopping.load(Ordering::Relaxed) {
            if let Some(notice) = listener.next(Duration::from_millis(200))? {
                if notice.plan == plan {
                    let _ = tx.send((notice.revision, Instant::now()));
                }
            }
        }
        Ok(())
    });
    let mut store = Store::open_team(address)?;
    let result = edits_seen(n, &mut store, &rx);
    stop.store(true, Ordering::Relaxed);
    listening.join().map_err(|_| "the listener panicked")??;
    result
}

fn file_polling(n: usize, path: &Path) -> Result<Seen, Error> {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let stopping = stop.clone();
    let watcher = Store::open(path, opts())?;
    let polling = thread::spawn(move || -> Result<(), StoreError> {
        let mut last = watcher.file_revision()?;
        while !stopping.load(Ordering::Relaxed) {
            thread::sleep(Duration::from_millis(50));
            let r = watcher.file_revision()?;
            if r > last {
                last = r;
                let _ = tx.send((r, Instant::now()));
            }
        }
        Ok(())
    });
    let mut store = Store::open(path, opts())?;
    let result = edits_seen(n, &mut store, &rx);
    stop.store(true, Ordering::Relaxed);
    polling.join().map_err(|_| "the poller panicked")??;
    result
}

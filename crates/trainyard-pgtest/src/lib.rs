//! A throwaway PostgreSQL server for tests and benchmarks of team plans.
//!
//! The first call to [`server`] in a process starts one through
//! `scripts/pg-server.sh` (a fresh cluster in a temporary folder, on a free
//! loopback port, with a Unix socket), which stops it and removes its folder
//! once the process has exited. Each test takes a database of its own
//! ([`Server::database`]) so tests never see each other's plans. There is no
//! way to skip: without the PostgreSQL programs the call fails, naming
//! `scripts/install-deps.sh`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// A running server.
#[derive(Debug)]
pub struct Server {
    pub dir: PathBuf,
    pub socket: PathBuf,
    pub port: u16,
    /// The superuser's password (over TCP; the socket needs none).
    pub password: String,
    /// The server's self-signed TLS certificate (for localhost and
    /// 127.0.0.1), to trust as a root.
    pub root_cert: PathBuf,
    logins: Mutex<Vec<String>>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-server.sh")
}

fn run(args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg(script())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/pg-server.sh: {e}"));
    assert!(
        out.status.success(),
        "scripts/pg-server.sh {} failed (install the server with scripts/install-deps.sh):\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The server of this process, started on first use.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(start)
}

/// A server of its own, for a test that restarts or stops it (the shared
/// one must stay up for the tests running beside it). It lives as long as
/// the process.
pub fn private_server() -> &'static Server {
    Box::leak(Box::new(start()))
}

fn start() -> Server {
    {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("typg-{}-{nanos}", std::process::id()));
        let pid = std::process::id().to_string();
        let out = run(&[
            "start",
            dir.to_str().expect("utf-8 temp dir"),
            "--owner-pid",
            &pid,
        ]);
        let vars: HashMap<&str, &str> = out.lines().filter_map(|l| l.split_once('=')).collect();
        let get = |k: &str| {
            vars.get(k)
                .unwrap_or_else(|| panic!("pg-server.sh printed no {k}: {out}"))
                .to_string()
        };
        Server {
            dir: PathBuf::from(get("PGTEST_DIR")),
            socket: PathBuf::from(get("PGTEST_SOCKET")),
            port: get("PGTEST_PORT").parse().expect("a port"),
            password: get("PGTEST_PASSWORD"),
            root_cert: PathBuf::from(get("PGTEST_ROOTCERT")),
            logins: Mutex::new(Vec::new()),
        }
    }
}

impl Server {
    /// A libpq-style connection string for `user` over the socket.
    pub fn conninfo(&self, user: &str, db: &str) -> String {
        format!(
            "host={} port={} user={user} dbname={db}",
            self.socket.display(),
            self.port
        )
    }

    /// A raw client over the socket.
    pub fn client(&self, user: &str, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.conninfo(user, db), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect as {user} to {db}: {e}"))
    }

    /// A team plan address for `user` over the socket.
    pub fn url(&self, user: &str, db: &str, plan: Option<&str>) -> String {
        let mut url = format!(
            "postgres://{user}@/{db}?host={}&port={}",
            self.socket.display(),
            self.port
        );
        if let Some(p) = plan {
            url.push_str("&plan=");
            url.push_str(p);
        }
        url
    }

    /// A team plan address for `user` over TCP (password needed).
    pub fn tcp_url(&self, user: &str, db: &str, plan: Option<&str>) -> String {
        let mut url = format!("postgres://{user}@127.0.0.1:{}/{db}", self.port);
        if let Some(p) = plan {
            url.push_str("?plan=");
            url.push_str(p);
        }
        url
    }

    /// A new, empty database of its own for one test.
    pub fn database(&self, hint: &str) -> String {
        static N: AtomicUsize = AtomicUsize::new(0);
        let safe: String = hint
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        let name = format!("t{}_{safe}", N.fetch_add(1, Ordering::SeqCst));
        let mut admin = self.client("postgres", "postgres");
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap_or_else(|e| panic!("create database {name}: {e}"));
        name
    }

    /// Makes sure a login role `name` exists (password = its name, for
    /// TCP tests). Roles are shared by every database of the server.
    pub fn login(&self, name: &str) -> &str {
        let mut made = self.logins.lock().unwrap_or_else(|e| e.into_inner());
        if !made.iter().any(|n| n == name) {
            let mut admin = self.client("postgres", "postgres");
            admin
                .batch_execute(&format!(
                    "DO $$ BEGIN
                       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN
                         CREATE ROLE \"{name}\" LOGIN PASSWORD '{name}';
                       END IF;
                     END $$"
                ))
                .unwrap_or_else(|e| panic!("create login {name}: {e}"));
            made.push(name.to_owned());
        }
        drop(made);
        // The name lives as long as the server (a leaked copy per login).
        Box::leak(name.to_owned().into_boxed_str())
    }

    pub fn restart(&self) {
        run(&["restart", self.dir.to_str().expect("utf-8")]);
    }

    /// Stops the server at once, keeping its data (see [`Self::resume`]).
    pub fn kill(&self) {
        run(&["kill", self.dir.to_str().expect("utf-8")]);
    }

    pub fn resume(&self) {
        run(&["resume", self.dir.to_str().expect("utf-8")]);
    }
}

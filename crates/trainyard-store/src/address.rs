//! Team plan addresses: `postgres://USER@HOST[:PORT]/DB?plan=NAME`, read the
//! way libpq reads a connection URL (so what works for `psql` works here):
//! the password from the URL, else `PGPASSWORD`, else the password file
//! (`PGPASSFILE` or `~/.pgpass`); a host that is a directory (`host=/run/pg`
//! or a percent-encoded `%2Frun%2Fpg`) is a Unix socket folder; missing
//! parts come from `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE` and then
//! libpq's defaults.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How the connection is protected, as libpq's `sslmode` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A parsed team plan address.
#[derive(Clone, PartialEq, Eq)]
pub struct TeamAddress {
    pub user: String,
    /// From the URL, `PGPASSWORD` or the password file; never shown.
    pub password: Option<String>,
    /// A host name or address, or a Unix socket folder (starts with `/`).
    pub host: String,
    pub port: u16,
    pub dbname: String,
    /// The plan's name on the server (`?plan=`); `None` for commands about
    /// the server itself (`team init`, `team grant`).
    pub plan: Option<String>,
    pub sslmode: SslMode,
    /// Certificates of the authorities to trust (`sslrootcert`), PEM; by
    /// default `~/.postgresql/root.crt` when it exists, as in libpq.
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub application_name: Option<String>,
}

impl fmt::Debug for TeamAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TeamAddress({self})")
    }
}

/// Why an address cannot be read, naming the part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AddressError(pub String);

fn err(msg: impl Into<String>) -> AddressError {
    AddressError(msg.into())
}

/// Whether `text` is meant as a team plan address rather than a file.
pub fn is_team_address(text: &str) -> bool {
    let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// A plan's name on a server: what a coordinator types in `?plan=`.
pub fn check_plan_name(name: &str) -> Result<(), AddressError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(err(format!(
            "plan name {name:?} is not valid: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )))
    }
}

fn percent_decode(part: &str, what: &str) -> Result<String, AddressError> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = part
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| err(format!("the {what} has a bad percent escape")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| err(format!("the {what} is not valid UTF-8")))
}

/// What the environment supplies (`PG*` variables, the home folder), so
/// that parsing is a pure function of its inputs and testable.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub vars: Vec<(String, String)>,
    pub home: Option<PathBuf>,
    /// The password file's text, when it may be used (see [`read_pgpass`]).
    pub pgpass: Option<String>,
}

impl Environment {
    /// The real environment of this process.
    pub fn current() -> Environment {
        let vars: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("PG") || k == "USER" || k == "LOGNAME")
            .collect();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let pgpass_path = vars
            .iter()
            .find(|(k, _)| k == "PGPASSFILE")
            .map(|(_, v)| PathBuf::from(v))
            .or_else(|| home.as_ref().map(|h| h.join(".pgpass")));
        let pgpass = pgpass_path.and_then(|p| read_pgpass(&p));
        Environment { vars, home, pgpass }
    }

    fn var(&self, key: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// The password file's text, or `None` when it is missing or, as libpq
/// insists, readable by others than its owner.
pub fn read_pgpass(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: password file {} has group or world access; it is ignored (chmod 600 it)",
                path.display()
            );
            return None;
        }
    }
    if !meta.is_file() || meta.len() > 1 << 20 {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Splits a password file line on unescaped `:` (`\:` and `\\` escape).
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(n);
                }
            }
            ':' => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c)
                }
            }
        }
    }
    fields
}

/// The password the file gives for this connection: the first line whose
/// `hostname:port:database:username` matches (`*` matches anything; a
/// socket connection matches `localhost`, as in libpq).
fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    let port = port.to_string();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .map(pgpass_fields)
        .find(|f| {
            f.len() == 5
                && [host, port.as_str(), db, user]
                    .iter()
                    .zip(f.iter())
                    .all(|(want, have)| have == "*" || have == want)
        })
        .map(|f| f[4].clone())
}

impl TeamAddress {
    /// Reads `url` with the process's environment.
    pub fn parse(url: &str) -> Result<TeamAddress, AddressError> {
        Self::parse_with(url, &Environment::current())
    }

    /// Reads `url`, taking what it leaves out from `env`.
    pub fn parse_with(url: &str, env: &Environment) -> Result<TeamAddress, AddressError> {
        let rest = url
            .strip_prefix("postgresql://")
            .or_else(|| url.strip_prefix("postgres://"))
            .ok_or_else(|| err("a team plan address starts with postgres:// or postgresql://"))?;
        if rest.chars().any(|c| c.is_control() || c == ' ') {
            return Err(err("the address contains spaces or control characters"));
        }
        let (before_query, query) = match rest.split_once('?') {
            Some((a, q)) => (a, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match before_query.split_once('/') {
            Some((a, p)) => (a, p),
            None => (before_query, ""),
        };
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (mut user, mut password) = (None, None);
        if let Some(u) = userinfo {
            let (name, pw) = match u.split_once(':') {
                Some((n, p)) => (n, Some(p)),
                None => (u, None),
            };
            if !name.is_empty() {
                user = Some(percent_decode(name, "user name")?);
            }
            password = pw.map(|p| percent_decode(p, "password")).transpose()?;
        }
        let (mut host, mut port) = (None, None);
        if !hostport.is_empty() {
            let (h, p) = if let Some(inner) = hostport.strip_prefix('[') {
                // [ipv6]:port
                let (h, after) = inner
                    .split_once(']')
                    .ok_or_else(|| err("the host has an unclosed '['"))?;
                (h, after.strip_prefix(':'))
            } else if hostport.contains(',') {
                return Err(err(
                    "several hosts in one address are not supported; name one server",
                ));
            } else {
                match hostport.rsplit_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (hostport, None),
                }
            };
            if !h.is_empty() {
                host = Some(percent_decode(h, "host")?);
            }
            if let Some(p) = p.filter(|p| !p.is_empty()) {
                port = Some(parse_port(p)?);
            }
        }
        let mut dbname = (!path.is_empty())
            .then(|| percent_decode(path, "database name"))
            .transpose()?;
        if dbname.as_deref().is_some_and(|d| d.contains('/')) {
            return Err(err("the database name contains '/'"));
        }
        let mut plan = None;
        let mut sslmode = None;
        let mut connect_timeout = None;
        let mut application_name = None;
        let mut sslrootcert = None;
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| err(format!("the parameter {pair:?} has no '=value'")))?;
            let v = percent_decode(v, &format!("parameter {k}"))?;
            match k {
                "plan" => {
                    check_plan_name(&v)?;
                    plan = Some(v);
                }
                "host" => host = Some(v),
                "port" => port = Some(parse_port(&v)?),
                "user" => user = Some(v),
                "password" => password = Some(v),
                "dbname" => dbname = Some(v),
                "sslmode" => sslmode = Some(parse_sslmode(&v)?),
                "connect_timeout" => {
                    let secs: u64 = v
                        .parse()
                        .ok()
                        .filter(|s| *s <= 3600)
                        .ok_or_else(|| err(format!("connect_timeout {v:?} is not a number of seconds (0 to 3600)")))?;
                    connect_timeout = Some(Duration::from_secs(secs.max(2)));
                }
                "application_name" => application_name = Some(v),
                "sslrootcert" => sslrootcert = Some(PathBuf::from(v)),
                other => {
                    return Err(err(format!(
                        "unknown parameter {other:?} (known: plan, host, port, user, password, dbname, sslmode, sslrootcert, connect_timeout, application_name)"
                    )))
                }
            }
        }

        let user = user
            .or_else(|| env.var("PGUSER").map(str::to_owned))
            .or_else(|| env.var("USER").map(str::to_owned))
            .or_else(|| env.var("LOGNAME").map(str::to_owned))
            .ok_or_else(|| err("the address names no user and PGUSER is not set"))?;
        let host = host
            .or_else(|| env.var("PGHOST").map(str::to_owned))
            .unwrap_or_else(|| "/var/run/postgresql".to_owned());
        let port = match port {
            Some(p) => p,
            None => match env.var("PGPORT") {
                Some(p) => parse_port(p).map_err(|e| err(format!("PGPORT: {e}")))?,
                None => 5432,
            },
        };
        let dbname = dbname
            .or_else(|| env.var("PGDATABASE").map(str::to_owned))
            .unwrap_or_else(|| user.clone());
        let sslmode = match sslmode {
            Some(m) => m,
            None => match env.var("PGSSLMODE") {
                Some(m) => parse_sslmode(m).map_err(|e| err(format!("PGSSLMODE: {e}")))?,
                None => SslMode::Prefer,
            },
        };
        let password = password
            .or_else(|| env.var("PGPASSWORD").map(str::to_owned))
            .or_else(|| {
                env.pgpass
                    .as_deref()
                    .and_then(|t| pgpass_lookup(t, &host, port, &dbname, &user))
            });
        let sslrootcert = sslrootcert
            .or_else(|| env.var("PGSSLROOTCERT").map(PathBuf::from))
            .or_else(|| {
                env.home
                    .as_ref()
                    .map(|h| h.join(".postgresql/root.crt"))
                    .filter(|p| p.is_file())
            });
        Ok(TeamAddress {
            user,
            password,
            host,
            port,
            dbname,
            plan,
            sslmode,
            sslrootcert,
            connect_timeout: connect_timeout.unwrap_or(Duration::from_secs(10)),
            application_name,
        })
    }

    /// The same server and database with another plan.
    pub fn with_plan(&self, plan: Option<&str>) -> TeamAddress {
        TeamAddress {
            plan: plan.map(str::to_owned),
            ..self.clone()
        }
    }

    /// The plan's name, or an error saying the address needs one.
    pub fn plan_name(&self) -> Result<&str, AddressError> {
        self.plan
            .as_deref()
            .ok_or_else(|| err(format!("{self} names no plan: add ?plan=NAME")))
    }
}

fn parse_port(p: &str) -> Result<u16, AddressError> {
    p.parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| err(format!("port {p:?} is not a number from 1 to 65535")))
}

fn parse_sslmode(m: &str) -> Result<SslMode, AddressError> {
    Ok(match m {
        "disable" => SslMode::Disable,
        "allow" => SslMode::Allow,
        "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "verify-ca" => SslMode::VerifyCa,
        "verify-full" => SslMode::VerifyFull,
        other => {
            return Err(err(format!(
                "sslmode {other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            )))
        }
    })
}

fn encode(part: &str) -> String {
    let mut out = String::new();
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The address without its password: what messages, titles and recent
/// lists show.
impl fmt::Display for TeamAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "postgres://{}@", encode(&self.user))?;
        if self.host.starts_with('/') {
            write!(f, "/{}?host={}", encode(&self.dbname), encode(&self.host))?;
            if self.port != 5432 {
                write!(f, "&port={}", self.port)?;
            }
            if let Some(p) = &self.plan {
                write!(f, "&plan={p}")?;
            }
            return Ok(());
        }
        if self.host.contains(':') {
            write!(f, "[{}]", self.host)?;
        } else {
            write!(f, "{}", encode(&self.host))?;
        }
        if self.port != 5432 {
            write!(f, ":{}", self.port)?;
        }
        write!(f, "/{}", encode(&self.dbname))?;
        if let Some(p) = &self.plan {
            write!(f, "?plan={p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], pgpass: Option<&str>) -> Environment {
        Environment {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            home: None,
            pgpass: pgpass.map(str::to_owned),
        }
    }

    #[test]
    fn a_full_url_is_read_and_shown_without_its_password() {
        let a = TeamAddress::parse_with(
            "postgres://alice:s%40cret@db.example.com:6543/release?plan=q1-2027&sslmode=disable",
            &env(&[], None),
        )
        .unwrap();
        assert_eq!(a.user, "alice");
        assert_eq!(a.password.as_deref(), Some("s@cret"));
        assert_eq!((a.host.as_str(), a.port), ("db.example.com", 6543));
        assert_eq!(a.dbname, "release");
        assert_eq!(a.plan.as_deref(), Some("q1-2027"));
        assert_eq!(a.sslmode, SslMode::Disable);
        assert_eq!(
            a.to_string(),
            "postgres://alice@db.example.com:6543/release?plan=q1-2027"
        );
    }

    #[test]
    fn socket_folders_come_from_the_host_parameter_or_a_percent_encoded_host() {
        let e = env(&[("USER", "bob")], None);
        let a = TeamAddress::parse_with("postgres:///trainyard?host=/run/pg&plan=p", &e).unwrap();
        assert_eq!((a.host.as_str(), a.user.as_str()), ("/run/pg", "bob"));
        let b =
            TeamAddress::parse_with("postgresql://bob@%2Frun%2Fpg/trainyard?plan=p", &e).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a.to_string(),
            "postgres://bob@/trainyard?host=%2Frun%2Fpg&plan=p"
        );
        let again = TeamAddress::parse_with(&a.to_string(), &e).unwrap();
        assert_eq!(again, a);
    }

    #[test]
    fn the_password_comes_from_pgpassword_then_the_password_file() {
        let file = "# comment\ndb:5432:*:alice:fromfile\nlocalhost:*:*:carol:sock\\:pw\n";
        let a =
            TeamAddress::parse_with("postgres://alice@db/x?plan=p", &env(&[], Some(file))).unwrap();
        assert_eq!(a.password.as_deref(), Some("fromfile"));
        let b = TeamAddress::parse_with(
            "postgres://alice@db/x?plan=p",
            &env(&[("PGPASSWORD", "fromenv")], Some(file)),
        )
        .unwrap();
        assert_eq!(b.password.as_deref(), Some("fromenv"));
        let c = TeamAddress::parse_with("postgres://carol@/x?host=/run/pg", &env(&[], Some(file)))
            .unwrap();
        assert_eq!(c.password.as_deref(), Some("sock:pw"));
        let d = TeamAddress::parse_with("postgres://alice@other/x", &env(&[], Some(file))).unwrap();
        assert_eq!(d.password, None);
    }

    #[test]
    fn defaults_follow_libpq() {
        let a = TeamAddress::parse_with(
            "postgres://?plan=p",
            &env(
                &[("PGUSER", "u"), ("PGHOST", "h"), ("PGPORT", "7000")],
                None,
            ),
        )
        .unwrap();
        assert_eq!((a.user.as_str(), a.host.as_str(), a.port), ("u", "h", 7000));
        assert_eq!(a.dbname, "u");
        assert_eq!(a.sslmode, SslMode::Prefer);
    }

    #[test]
    fn bad_addresses_say_which_part_is_wrong() {
        let e = env(&[("USER", "u")], None);
        let cases = [
            ("postgres://h:99999/db", "port \"99999\""),
            ("postgres://h/db?plan=a%20b", "plan name \"a b\""),
            ("postgres://h/db?plan=../x", "plan name"),
            ("postgres://h/db?sslmode=maybe", "sslmode \"maybe\""),
            ("postgres://h/db?color=red", "unknown parameter \"color\""),
            ("postgres://h/db?plan", "has no '=value'"),
            ("postgres://h1,h2/db", "several hosts"),
            ("postgres://h/db%zz", "bad percent escape"),
            ("mysql://h/db", "starts with postgres://"),
        ];
        for (url, want) in cases {
            let e = TeamAddress::parse_with(url, &e).unwrap_err().to_string();
            assert!(e.contains(want), "{url}: {e}");
        }
    }

    #[test]
    fn only_postgres_schemes_are_team_addresses() {
        assert!(is_team_address("postgres://x"));
        assert!(is_team_address("PostgreSQL://x"));
        assert!(!is_team_address("plan.trainyard"));
        assert!(!is_team_address("postgres:/x"));
    }
}

#!/usr/bin/env bash
# Installs what is missing, then runs every test of the project: the gates
# (formatting, lints, lock files, the CLI without default features), the Rust
# tests, the UI's type check and unit tests, and the desktop app end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

# The team-plan tests start their own PostgreSQL servers with
# scripts/pg-server.sh; a machine that cannot run one fails here, in a second,
# rather than deep in the Rust tests.
echo "== PostgreSQL for the team-plan tests"
pg_dir=$(mktemp -d /tmp/trainyard-pg-check.XXXXXX)
if ! pg_env=$(bash scripts/pg-server.sh start "$pg_dir" --owner-pid $$) \
    || ! (eval "$pg_env" && "$PGTEST_BIN/psql" -Atc 'select version()' \
        "host=$PGTEST_SOCKET port=$PGTEST_PORT user=$PGTEST_USER dbname=postgres"); then
    bash scripts/pg-server.sh stop "$pg_dir" >/dev/null 2>&1 || rmdir "$pg_dir" 2>/dev/null || true
    echo "error: could not start and query a PostgreSQL server with scripts/pg-server.sh (see above); the team-plan tests need one" >&2
    exit 1
fi
bash scripts/pg-server.sh stop "$pg_dir" >/dev/null 2>&1
unset pg_dir pg_env

# Debug info off: the test build is several times smaller and faster on small machines.
export CARGO_PROFILE_DEV_DEBUG=false CARGO_PROFILE_TEST_DEBUG=false
export CARGO_TERM_COLOR=never

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
with_ui=0
[ "$node_major" -ge 20 ] && with_ui=1

echo "== gates"
# The lock files are committed and must already match the manifests: --locked
# and npm ci fail instead of rewriting them.
cargo fmt --all -- --check
cargo build --locked -p trainyard-cli --no-default-features
if [ "$with_ui" = 1 ]; then
    # Clippy over the whole workspace includes the desktop window (WebKitGTK).
    bash scripts/install-app-deps.sh
    cargo clippy --locked --workspace --all-targets -- -D warnings
    npm --prefix ui ci --no-audit --no-fund
    npm --prefix ui run check
else
    cargo clippy --locked --all-targets -- -D warnings
fi

echo "== Rust tests"
cargo build --locked --all-targets
cargo test --locked

if [ "$with_ui" = 1 ]; then
    echo "== UI unit tests"
    npm --prefix ui test
    echo "== desktop app, end to end"
    bash scripts/test-app.sh
else
    echo "NOTE: UI unit tests and the desktop app's end-to-end test not run: they need Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
fi

# ---- fuzzing: a short bounded run of each parser's fuzz target (see
# docs/reliability.md; scripts/fuzz.sh TARGET SECONDS for a longer one). A
# crash or a timeout fails the run and leaves its input in fuzz/artifacts/.
echo "== fuzzing, 20 s per target"
for target in plan rrule ics; do
    bash scripts/fuzz.sh "$target" 20
done
# ---- end of fuzzing

# No step may change a tracked file (a rewritten lock file, a regenerated
# binding, a formatted source).
if ! git diff --quiet 2>/dev/null; then
    echo "error: the test run changed tracked files:" >&2
    git diff --stat >&2
    exit 1
fi
echo "all tests passed"

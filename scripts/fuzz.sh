#!/usr/bin/env bash
# Fuzzes one parser for a while: scripts/fuzz.sh TARGET SECONDS
# TARGET is plan (the plan format), rrule (RRULE parsing and expansion) or ics
# (the calendar importer). Runs libFuzzer (libfuzzer-sys) on the stable
# toolchain: the coverage instrumentation is a set of stable codegen flags, no
# sanitizer. Findings are written to fuzz/artifacts/TARGET/; the corpus grows
# in fuzz/corpus/TARGET/ (both ignored by git), seeded from the test fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh plan|rrule|ics SECONDS}
seconds=${2:?usage: scripts/fuzz.sh plan|rrule|ics SECONDS}
case "$target" in
    plan) seeds=(docs/examples fuzz/seeds/plan) ;;
    rrule) seeds=(fuzz/seeds/rrule) ;;
    ics) seeds=(fuzz/seeds/ics) ;;
    *) echo "error: unknown fuzz target \"$target\" (expected plan, rrule or ics)" >&2; exit 2 ;;
esac

host=$(rustc -vV | sed -n 's/^host: //p')
# The flags cargo-fuzz passes, less the sanitizer (which needs nightly). With
# an explicit --target they reach the fuzzed code but not build scripts.
export RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
# The repository keeps one lock file: the fuzz package starts from it (the same
# versions as the product), and cargo adds only libFuzzer's own crates.
cp Cargo.lock fuzz/Cargo.lock
cargo build --release --manifest-path fuzz/Cargo.toml --target "$host" --bin "$target"

mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
# -max_len: plans and calendars of 64 KiB reach every branch; longer inputs
# only slow the search. -timeout: an input that takes 10 s is a finding.
exec "$CARGO_TARGET_DIR/$host/release/$target" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target/" \
    "fuzz/corpus/$target" "${seeds[@]}"

//! Integration tests of the store: one binary, one module per concern.

mod audit;
mod concurrency;
mod crash;
mod document;
mod edits;
mod files;
mod governance;
mod migration;
mod read_only;
mod roundtrip;
mod tamper;
mod team;
mod undo;
mod util;

//! The integration tests of trainyard-report: the produced files are checked
//! with real tools (qpdf, poppler's pdffonts/pdftotext/pdfinfo, Python's
//! icalendar and recurring_ical_events). A missing tool fails the test with
//! the command that installs it; nothing is skipped.

mod changes;
mod csv;
mod ics;
mod ics_fixtures;
mod metrics;
mod pdf;
mod summary;
mod support;
mod typography;

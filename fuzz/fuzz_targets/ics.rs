//! The calendar importer on arbitrary text: windows or problems naming lines,
//! never a panic; the windows it makes expand over a bounded range.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use trainyard_core::{Scope, WindowKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let scope = Scope::default();
    let Ok(imported) = trainyard_report::import_ics(
        text,
        WindowKind::Maintenance,
        &scope,
        "cal-",
        chrono_tz::Europe::Berlin,
    ) else {
        return;
    };
    let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2028, 1, 1, 0, 0, 0).unwrap();
    for window in &imported.windows {
        let _ = trainyard_core::windows::occurrences(window, from, to);
    }
});

//! The plan parser on arbitrary text: it must return a plan or problems, never
//! panic; a plan it accepts must be written back in a form it accepts again,
//! and must be checkable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(plan) = trainyard_core::parse_plan(text) else {
        return;
    };
    let written = trainyard_core::plan_to_json(&plan);
    match trainyard_core::parse_plan(&written) {
        Ok(again) => assert!(again == plan, "the plan changed on a round trip:\n{written}"),
        Err(e) => panic!("a valid plan was written in a form the reader rejects: {e}\n{written}"),
    }
    let _ = trainyard_core::check(&plan);
});

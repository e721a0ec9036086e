//! The committed TypeScript bindings match the Rust DTOs.

use trainyard_app_core::bindings;

#[test]
fn bindings_are_up_to_date() {
    let drift = bindings::drift(&bindings::bindings_dir());
    assert!(drift.is_empty(), "{}", drift.join("\n"));
}

#[test]
fn bindings_use_numbers_nullables_and_optional_problems() {
    let files = bindings::generate();
    let get = |name: &str| {
        files
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no binding {name}"))
    };
    let summary = get("PlanSummary.ts");
    assert!(summary.contains("revision: number"), "{summary}");
    assert!(summary.contains("canUndo: string | null"), "{summary}");
    assert!(summary.contains("deploymentCount: number"), "{summary}");
    assert!(get("AppError.ts").contains("problems?: Array<FieldProblem>"));
    assert!(get("Conflict.ts").contains("export type Conflict = "));
    assert!(get("Severity.ts").contains(r#""error" | "warning""#));
    assert!(!files.iter().any(|(_, t)| t.contains("bigint")));
}

/// Every command `ui/src/lib/api.ts` invokes is registered in the Tauri
/// crate's manifest (`build.rs`) and allowed by the window's capability, and
/// nothing more.
#[test]
fn the_window_is_allowed_exactly_the_commands_the_ui_invokes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read =
        |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let api = read("ui/src/lib/api.ts");
    let mut invoked: Vec<String> = api
        .split("invoke<")
        .skip(1)
        .filter_map(|s| s.split(">('").nth(1).or_else(|| s.split(">(\"").nth(1)))
        .filter_map(|s| s.split(['\'', '"']).next())
        .map(str::to_owned)
        .collect();
    invoked.sort();
    invoked.dedup();
    assert!(invoked.len() > 30, "{invoked:?}");

    let cap: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    let mut allowed: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        // Tauri's own permissions (the event listener) are not app commands.
        .filter(|p| !p.as_str().unwrap().starts_with("core:"))
        .map(|p| {
            p.as_str()
                .unwrap()
                .trim_start_matches("allow-")
                .replace('-', "_")
        })
        .collect();
    allowed.sort();
    assert_eq!(allowed, invoked, "capabilities/main.json vs api.ts");

    let build = read("src-tauri/build.rs");
    let lib = read("src-tauri/src/lib.rs");
    for c in &invoked {
        assert!(
            build.contains(&format!("\"{c}\"")),
            "build.rs does not list {c}"
        );
        assert!(
            lib.contains(&format!("commands::{c},")),
            "lib.rs does not register {c}"
        );
    }
}

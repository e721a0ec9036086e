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

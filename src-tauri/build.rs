fn main() {
    // Generates an `allow-<command>` permission per app command, so the
    // capability file can list exactly the commands the window uses.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "open_startup",
            "open_demo",
            "summary",
            "visible_range",
            "conflicts",
            "preview_move",
            "commit_move",
            "undo",
            "redo",
            "set_title",
        ]),
    ))
    .expect("failed to run tauri-build");
}

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    prefer_software_compositing();
    trainyard_app_lib::run();
}

/// WebKitGTK's accelerated compositing roughly doubles the web process's
/// memory (measured: 260 MB vs 121 MB PSS with the demo plan open, see
/// docs/benchmarks.md) and buys nothing for a mostly static calendar. Users
/// who want it back set `TRAINYARD_GPU_COMPOSITING=1`; an explicit
/// `WEBKIT_DISABLE_COMPOSITING_MODE` is left alone.
fn prefer_software_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("TRAINYARD_GPU_COMPOSITING").is_none()
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
    {
        // Safe: nothing else runs yet (no threads before this point).
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

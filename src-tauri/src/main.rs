// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    prefer_software_compositing();
    trainyard_app_lib::run();
}

/// WebKitGTK's accelerated compositing roughly doubles the web process's
/// memory where GL is software-rendered (measured under Xvfb: 256 MB vs
/// 121 MB PSS with the demo plan open, see docs/benchmarks.md) and buys
/// nothing for a mostly static calendar, so it is off by default on Linux.
/// `TRAINYARD_GPU_COMPOSITING=1` turns it back on; an explicit
/// `WEBKIT_DISABLE_COMPOSITING_MODE` is left alone.
fn prefer_software_compositing() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("TRAINYARD_GPU_COMPOSITING").is_none_or(|v| v != "1")
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
    {
        // Sound: nothing else runs yet (no threads before this point).
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

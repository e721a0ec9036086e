// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    software_compositing_on_request();
    trainyard_app_lib::run();
}

/// WebKitGTK's accelerated compositing roughly doubles the web process's
/// memory where GL is software-rendered (measured under Xvfb: 260 MB vs
/// 121 MB PSS with the demo plan open, see docs/benchmarks.md).
/// `TRAINYARD_SOFTWARE_COMPOSITING=1` turns it off for this app. It is not the
/// default: with it off, WebDriver-driven sessions stalled mid-run under Xvfb,
/// and a window that stops painting is worse than a bigger one.
fn software_compositing_on_request() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("TRAINYARD_SOFTWARE_COMPOSITING").is_some_and(|v| v == "1")
        && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
    {
        // Sound: nothing else runs yet (no threads before this point).
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

//! Writes the TypeScript bindings of the app's IPC shapes to `ui/src/lib/bindings/`.

fn main() {
    let dir = trainyard_app_core::bindings::bindings_dir();
    match trainyard_app_core::bindings::write_all(&dir) {
        Ok(n) => println!("wrote {n} bindings to {}", dir.display()),
        Err(e) => {
            eprintln!("write-bindings: cannot write {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}

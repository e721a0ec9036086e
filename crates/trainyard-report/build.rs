//! Finds DejaVu Sans (regular and bold) at build time and copies it into
//! `OUT_DIR`, so `src/font.rs` can `include_bytes!` it. Font files are never
//! committed: they come from Debian's `fonts-dejavu-core` (or a directory named by
//! `TRAINYARD_FONT_DIR`).

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

const FILES: [&str; 2] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
const DEBIAN_DIR: &str = "/usr/share/fonts/truetype/dejavu";

fn main() {
    println!("cargo:rerun-if-env-changed=TRAINYARD_FONT_DIR");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let (dir, from_env) = match env::var_os("TRAINYARD_FONT_DIR") {
        Some(d) => (PathBuf::from(d), true),
        None => (PathBuf::from(DEBIAN_DIR), false),
    };
    for name in FILES {
        let src = dir.join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        if let Err(e) = copy(&src, &out.join(name)) {
            let hint = if from_env {
                format!(
                    "TRAINYARD_FONT_DIR={} must hold {}",
                    dir.display(),
                    FILES.join(" and ")
                )
            } else {
                "install fonts-dejavu-core (apt-get install fonts-dejavu-core), or set \
                 TRAINYARD_FONT_DIR to a directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf"
                    .to_owned()
            };
            panic!(
                "trainyard-report needs the font {} ({e}): {hint}",
                src.display()
            );
        }
    }
}

fn copy(src: &Path, dst: &Path) -> std::io::Result<()> {
    let bytes = fs::read(src)?;
    if bytes.get(..4) != Some(&[0, 1, 0, 0]) && bytes.get(..4) != Some(b"true") {
        return Err(std::io::Error::other("not a TrueType font file"));
    }
    fs::write(dst, bytes)
}

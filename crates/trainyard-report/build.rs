//! Finds the fonts of the PDFs at build time and copies them into `OUT_DIR`,
//! so `src/font.rs` can `include_bytes!` them. Font files are never committed:
//! they come from Debian packages (or one directory named by
//! `TRAINYARD_FONT_DIR` holding all five files):
//!
//! - DejaVu Sans, regular and bold (`fonts-dejavu-core`): Latin, Greek,
//!   Cyrillic and common symbols;
//! - Droid Sans Fallback (`fonts-droid-fallback`): Chinese and Japanese,
//!   TrueType outlines (its Korean stops at one syllable);
//! - Nanum Gothic (`fonts-nanum`): Korean, TrueType outlines;
//! - Symbola (`fonts-symbola`): emoji and other symbols, monochrome TrueType
//!   outlines.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// (file, Debian directory, Debian package).
const FONTS: [(&str, &str, &str); 5] = [
    (
        "DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu",
        "fonts-dejavu-core",
    ),
    (
        "DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu",
        "fonts-dejavu-core",
    ),
    (
        "DroidSansFallbackFull.ttf",
        "/usr/share/fonts/truetype/droid",
        "fonts-droid-fallback",
    ),
    (
        "NanumGothic.ttf",
        "/usr/share/fonts/truetype/nanum",
        "fonts-nanum",
    ),
    (
        "Symbola_hint.ttf",
        "/usr/share/fonts/truetype/ancient-scripts",
        "fonts-symbola",
    ),
];

fn main() {
    println!("cargo:rerun-if-env-changed=TRAINYARD_FONT_DIR");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let from_env = env::var_os("TRAINYARD_FONT_DIR").map(PathBuf::from);
    for (name, debian_dir, package) in FONTS {
        let dir = from_env
            .clone()
            .unwrap_or_else(|| PathBuf::from(debian_dir));
        let src = dir.join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        if let Err(e) = copy(&src, &out.join(name)) {
            let hint = if from_env.is_some() {
                format!(
                    "TRAINYARD_FONT_DIR={} must hold {}",
                    dir.display(),
                    FONTS.map(|f| f.0).join(", ")
                )
            } else {
                format!(
                    "install {package} (apt-get install {package}, or scripts/install-deps.sh), \
                     or set TRAINYARD_FONT_DIR to a directory holding {}",
                    FONTS.map(|f| f.0).join(", ")
                )
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
        return Err(std::io::Error::other(
            "not a TrueType font file (glyf outlines are needed)",
        ));
    }
    fs::write(dst, bytes)
}

//! `trainyard verify PLAN.json --key KEY.pub`: checks the detached signature
//! `PLAN.json.sig` written by `export --sign` (exit 0 valid, 1 invalid or
//! changed, 2 unreadable).

use std::path::Path;

use crate::args::VerifyArgs;
use crate::output::Out;
use crate::signing::{self, Invalid};

use super::fail;

fn read_text(path: &Path, what: &str) -> Result<String, String> {
    // One byte past the largest key tells "too large" without reading an
    // endless file (a device) to its end.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 4097), &mut bytes))
        .map_err(|e| format!("cannot read {what} '{}': {e}", path.display()))?;
    if bytes.len() > 4096 {
        return Err(format!("'{}' is too large to be a {what}", path.display()));
    }
    String::from_utf8(bytes)
        .map_err(|_| format!("'{}' is not a {what} (not utf-8 text)", path.display()))
}

pub fn run(a: &VerifyArgs, out: &mut Out) -> u8 {
    const CMD: &str = "verify";
    let sig_path = {
        let mut p = a.file.clone().into_os_string();
        p.push(".sig");
        std::path::PathBuf::from(p)
    };
    let key = match read_text(&a.key, "public key")
        .and_then(|t| signing::read_public(&t).map_err(|e| format!("'{}': {e}", a.key.display())))
    {
        Ok(k) => k,
        Err(e) => return fail(CMD, e),
    };
    let sig = match read_text(&sig_path, "signature") {
        Ok(s) => s,
        Err(e) => return fail(CMD, e),
    };
    if let Ok(meta) = std::fs::metadata(&a.file) {
        if !meta.is_file() {
            return fail(CMD, format!("'{}' is not a regular file", a.file.display()));
        }
    }
    let mut file = Vec::new();
    let read = std::fs::File::open(&a.file)
        .and_then(|f| crate::input::read_limited(f, &mut file, crate::input::max_input_bytes()));
    if let Err(e) = read {
        return fail(CMD, format!("cannot read '{}': {e}", a.file.display()));
    }
    let style = out.style;
    match signing::verify(&key, &file, &sig) {
        Ok(p) => {
            out.line(format!(
                "{} {} is signed by key {}",
                style.green("valid:"),
                a.file.display(),
                signing::fingerprint(&key)
            ));
            let revision = p.revision.map_or("none".into(), |r| r.to_string());
            let head = p.audit_head.unwrap_or_else(|| "none".into());
            out.line(format!("  {} {revision}", style.dim("revision:")));
            out.line(format!("  {} {head}", style.dim("audit head:")));
            0
        }
        Err(Invalid::Mismatch(why)) => {
            out.line(format!("{} {}", style.red("invalid:"), a.file.display()));
            out.line(format!("  {} {why}", style.dim("why:")));
            1
        }
        Err(Invalid::Unreadable(why)) => fail(CMD, format!("'{}': {why}", sig_path.display())),
    }
}

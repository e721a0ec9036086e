//! `trainyard keygen --to KEY`: a new Ed25519 key pair for signed exports
//! (KEY, owner-only, and KEY.pub to hand out). Never overwrites either file.

use std::path::PathBuf;

use crate::args::KeygenArgs;
use crate::output::Out;
use crate::signing;

use super::fail;

pub fn run(a: &KeygenArgs, out: &mut Out) -> u8 {
    let public_path = {
        let mut p = a.to.clone().into_os_string();
        p.push(".pub");
        PathBuf::from(p)
    };
    for p in [&a.to, &public_path] {
        if std::fs::symlink_metadata(p).is_ok() {
            return fail(
                "keygen",
                format!(
                    "'{}' already exists; a key file is never overwritten",
                    p.display()
                ),
            );
        }
    }
    let (secret, public) = match signing::generate() {
        Ok(pair) => pair,
        Err(e) => return fail("keygen", e),
    };
    if let Err(e) = trainyard_files::write_new_private(&a.to, secret.as_bytes()) {
        return fail("keygen", format!("cannot write '{}': {e}", a.to.display()));
    }
    if let Err(e) = trainyard_files::write_new(&public_path, public.as_bytes()) {
        return fail(
            "keygen",
            format!("cannot write '{}': {e}", public_path.display()),
        );
    }
    let fingerprint = signing::read_public(&public)
        .map(|k| signing::fingerprint(&k))
        .unwrap_or_default();
    out.line(format!(
        "wrote secret key {} (keep it private) and public key {} (fingerprint {fingerprint})",
        a.to.display(),
        public_path.display()
    ));
    0
}

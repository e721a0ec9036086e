//! Signed exports: Ed25519 keys the user keeps, and detached signatures that
//! bind an exported file's exact bytes to the store revision and audit head
//! it came from. A chain of hashes inside a file can be recomputed by whoever
//! edits the file; a signature made with a key kept elsewhere cannot.
//!
//! The formats are small text files (`docs/reliability.md` describes them):
//!
//! ```text
//! KEY       trainyard-secret-key-v1 ed25519 <32-byte seed, hex>
//! KEY.pub   trainyard-public-key-v1 ed25519 <32-byte public key, hex>
//! FILE.sig  trainyard-signature-v1
//!           key: <public key, hex>
//!           file-sha256: <SHA-256 of the file's bytes, hex>
//!           revision: <n, or "none">
//!           audit-head: <hash, or "none">
//!           signature: <64-byte Ed25519 signature, hex>
//! ```
//!
//! The signature covers every line of the `.sig` file before `signature:`,
//! each ending in `\n`, byte for byte.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

const SECRET_TAG: &str = "trainyard-secret-key-v1 ed25519 ";
const PUBLIC_TAG: &str = "trainyard-public-key-v1 ed25519 ";
const SIGNATURE_TAG: &str = "trainyard-signature-v1";

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A new key pair: the secret key file's text and the public key file's text.
pub fn generate() -> Result<(String, String), String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no randomness from the system: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    seed.fill(0);
    let secret = format!("{SECRET_TAG}{}\n", hex(key.as_bytes()));
    Ok((secret, public_text(&key.verifying_key())))
}

fn public_text(key: &VerifyingKey) -> String {
    format!("{PUBLIC_TAG}{}\n", hex(key.as_bytes()))
}

/// A short, stable name for a public key: the first 16 hex digits of its
/// SHA-256.
pub fn fingerprint(key: &VerifyingKey) -> String {
    hex(&Sha256::digest(key.as_bytes())[..8])
}

fn one_line<'a>(text: &'a str, tag: &str, what: &str) -> Result<&'a str, String> {
    let line = text.strip_suffix('\n').unwrap_or(text);
    line.strip_prefix(tag)
        .filter(|rest| !rest.contains('\n'))
        .ok_or_else(|| {
            format!(
                "not a trainyard {what} (expected one line '{}…')",
                tag.trim_end()
            )
        })
}

pub fn read_secret(text: &str) -> Result<SigningKey, String> {
    let hex = one_line(text, SECRET_TAG, "secret key")?;
    unhex::<32>(hex)
        .map(|seed| SigningKey::from_bytes(&seed))
        .ok_or_else(|| "the secret key is not 64 hex digits".into())
}

pub fn read_public(text: &str) -> Result<VerifyingKey, String> {
    if text.starts_with(SECRET_TAG) {
        return Err("this is a secret key; verify with the public key (KEY.pub)".into());
    }
    let hex = one_line(text, PUBLIC_TAG, "public key")?;
    unhex::<32>(hex)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| "the public key is not a valid ed25519 key".into())
}

/// What a signature vouches for besides the file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub revision: Option<u64>,
    pub audit_head: Option<String>,
}

fn signed_part(key: &VerifyingKey, file: &[u8], p: &Provenance) -> String {
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "none".into());
    format!(
        "{SIGNATURE_TAG}\nkey: {}\nfile-sha256: {}\nrevision: {}\naudit-head: {}\n",
        hex(key.as_bytes()),
        hex(&Sha256::digest(file)),
        or_none(p.revision.map(|r| r.to_string())),
        or_none(p.audit_head.clone()),
    )
}

/// The `.sig` file's text for `file` signed with `key`.
pub fn sign(key: &SigningKey, file: &[u8], p: &Provenance) -> String {
    let body = signed_part(&key.verifying_key(), file, p);
    let sig = key.sign(body.as_bytes());
    format!("{body}signature: {}\n", hex(&sig.to_bytes()))
}

/// Why a signature check did not pass.
#[derive(Debug, PartialEq, Eq)]
pub enum Invalid {
    /// The `.sig` file is not in the format at all (exit 2).
    Unreadable(String),
    /// Well-formed, but it does not vouch for this file with this key (exit 1).
    Mismatch(String),
}

/// Checks `sig_text` against the file's bytes and the public key; returns
/// what the signature vouches for.
pub fn verify(key: &VerifyingKey, file: &[u8], sig_text: &str) -> Result<Provenance, Invalid> {
    let unreadable = |m: &str| Invalid::Unreadable(m.to_owned());
    let Some((body, last)) = sig_text
        .strip_suffix('\n')
        .and_then(|t| t.rsplit_once('\n'))
        .map(|(b, l)| (format!("{b}\n"), l))
    else {
        return Err(unreadable("not a trainyard signature file"));
    };
    let field = |name: &str| -> Option<&str> {
        body.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(": ")))
    };
    if body.lines().next() != Some(SIGNATURE_TAG) || body.lines().count() != 5 {
        return Err(unreadable(&format!(
            "not a trainyard signature file (expected '{SIGNATURE_TAG}' and five lines)"
        )));
    }
    let sig = last
        .strip_prefix("signature: ")
        .and_then(unhex::<64>)
        .map(|b| Signature::from_bytes(&b))
        .ok_or_else(|| unreadable("the signature line is not 128 hex digits"))?;
    let (Some(signer), Some(_), Some(revision), Some(head)) = (
        field("key"),
        field("file-sha256"),
        field("revision"),
        field("audit-head"),
    ) else {
        return Err(unreadable(
            "the signature file lacks one of key, file-sha256, revision, audit-head",
        ));
    };
    let provenance = Provenance {
        revision: revision.parse().ok(),
        audit_head: (head != "none").then(|| head.to_owned()),
    };
    if signer != hex(key.as_bytes()) {
        return Err(Invalid::Mismatch(format!(
            "the file was signed by another key ({}), not by this one ({})",
            unhex::<32>(signer)
                .and_then(|b| VerifyingKey::from_bytes(&b).ok())
                .map(|k| fingerprint(&k))
                .unwrap_or_else(|| "not a valid key".into()),
            fingerprint(key)
        )));
    }
    if key.verify_strict(body.as_bytes(), &sig).is_err() {
        return Err(Invalid::Mismatch(
            "the signature does not match its own lines: the .sig file was altered".into(),
        ));
    }
    if signed_part(key, file, &provenance) != body {
        return Err(Invalid::Mismatch(
            "the file's contents differ from what was signed: it was changed after signing".into(),
        ));
    }
    Ok(provenance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_round_trips_and_a_flipped_byte_fails() {
        let (secret, public) = generate().unwrap();
        let key = read_secret(&secret).unwrap();
        let public = read_public(&public).unwrap();
        let p = Provenance {
            revision: Some(12),
            audit_head: Some("ab".repeat(32)),
        };
        let sig = sign(&key, b"{\"plan\":1}\n", &p);
        assert_eq!(verify(&public, b"{\"plan\":1}\n", &sig), Ok(p));
        assert!(matches!(
            verify(&public, b"{\"plan\":2}\n", &sig),
            Err(Invalid::Mismatch(m)) if m.contains("changed after signing")
        ));
        let altered = sig.replace("revision: 12", "revision: 13");
        assert!(matches!(
            verify(&public, b"{\"plan\":1}\n", &altered),
            Err(Invalid::Mismatch(m)) if m.contains(".sig file was altered")
        ));
        let (_, other) = generate().unwrap();
        assert!(matches!(
            verify(&read_public(&other).unwrap(), b"{\"plan\":1}\n", &sig),
            Err(Invalid::Mismatch(m)) if m.contains("another key")
        ));
        assert!(matches!(
            verify(&public, b"x", "hello\n"),
            Err(Invalid::Unreadable(_))
        ));
        assert!(read_public(&secret).unwrap_err().contains("secret key"));
    }
}

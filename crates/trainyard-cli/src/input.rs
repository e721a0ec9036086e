//! Reading input text with a size limit: a plan or calendar argument may name
//! an endless source (`/dev/urandom`, a stream on standard input), and reading
//! it whole would never end or would exhaust memory. Every read of user input
//! goes through [`read_limited`].

use std::io::{self, Read};

/// The default limit on one input (plan or calendar), in bytes: 256 MiB, far
/// above any real plan (300,000 deployments are about 60 MB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The environment variable that overrides [`DEFAULT_MAX_INPUT_BYTES`].
pub const MAX_INPUT_ENV: &str = "TRAINYARD_MAX_INPUT_BYTES";

/// The limit in force: the environment variable when it holds a whole number
/// of bytes, else the default.
pub fn max_input_bytes() -> u64 {
    std::env::var(MAX_INPUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_INPUT_BYTES)
}

/// Appends what `reader` holds to `buf`, refusing (without reading on) once
/// `buf` would exceed `limit` bytes.
pub fn read_limited(reader: impl Read, buf: &mut Vec<u8>, limit: u64) -> io::Result<()> {
    let room = limit.saturating_sub(buf.len() as u64);
    // One byte more than allowed tells "exactly at the limit" from "beyond".
    reader.take(room + 1).read_to_end(buf)?;
    if buf.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "larger than the input limit of {} (set {MAX_INPUT_ENV} to a number of bytes to raise it)",
            describe_limit(limit)
        )));
    }
    Ok(())
}

/// `256 MiB` for whole mebibytes, else the number of bytes.
fn describe_limit(limit: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if limit >= MIB && limit.is_multiple_of(MIB) {
        format!("{} MiB", limit / MIB)
    } else {
        format!("{limit} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_at_the_limit_is_read_and_beyond_it_refused() {
        let mut buf = Vec::new();
        read_limited(&[7u8; 10][..], &mut buf, 10).unwrap();
        assert_eq!(buf.len(), 10);
        let mut buf = Vec::new();
        let err = read_limited(io::repeat(1), &mut buf, 2 * 1024 * 1024).unwrap_err();
        assert_eq!(
            err.to_string(),
            "larger than the input limit of 2 MiB (set TRAINYARD_MAX_INPUT_BYTES to a number of bytes to raise it)"
        );
        assert!(buf.len() as u64 <= 2 * 1024 * 1024 + 1);
    }
}

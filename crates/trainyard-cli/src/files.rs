//! Where the command line's outputs go: a file (written atomically by
//! [`trainyard_files::write_atomic`]: never half-written) or standard output,
//! and the one check every output file passes first: it is neither the plan
//! being read nor a Trainyard store.

use std::path::Path;

use crate::args::{Source, Target};
use crate::output::{err_line, Out};

pub use trainyard_files::write_atomic;

/// Refuses an output file that is the plan being read (the same path, or the
/// same file through a symbolic or hard link) or any Trainyard store
/// (`export STORE --to STORE` would replace the audit trail and undo history
/// with JSON): a usage error naming `--{option}`, exit 2 as the `Err`.
pub fn check_output(cmd: &str, option: &str, plan: &Source, output: &Target) -> Result<(), u8> {
    let Target::File(o) = output else {
        return Ok(());
    };
    let inputs: Vec<&Path> = match plan {
        Source::File(p) => vec![p.as_path()],
        Source::Stdin => vec![],
    };
    trainyard_files::check_output(o, &inputs).map_err(|e| {
        err_line(&format!(
            "error: invalid value for '--{option}': '{}': {e}; see 'trainyard {cmd} --help'",
            o.display()
        ));
        2
    })
}

/// `12.3 kB`, for the "wrote" line.
pub fn human_size(n: usize) -> String {
    match n {
        0..=999 => format!("{n} bytes"),
        1_000..=999_999 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// Writes an output: to standard output (collected in `out`), or atomically
/// to a file, then says so on stdout. On failure prints one line naming the
/// file and returns exit status 2.
pub fn write_output(cmd: &str, target: &Target, bytes: &[u8], out: &mut Out) -> u8 {
    match target {
        Target::Stdout => {
            out.bytes(bytes);
            0
        }
        Target::File(p) => match write_atomic(p, bytes) {
            Ok(()) => {
                out.line(format!(
                    "wrote {} ({})",
                    p.display(),
                    human_size(bytes.len())
                ));
                0
            }
            Err(e) => {
                err_line(&format!(
                    "error: cannot write '{}': {e}; see 'trainyard {cmd} --help'",
                    p.display()
                ));
                2
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(12), "12 bytes");
        assert_eq!(human_size(12_345), "12.3 kB");
        assert_eq!(human_size(2_500_000), "2.5 MB");
    }
}

//! Fields whose value is one name from a fixed list (a window's kind, a
//! release's status, …). One reader serves them all, so every such field
//! reports a bad value the same way: `FIELD must be ALLOWED, found "VALUE"`.

use super::fields::Fields;
use super::validator::Validator;
use crate::plan::{
    ChangeType, Decision, DeploymentStatus, IncidentSeverity, OutcomeResult, ReleaseStatus,
    Strategy, WindowKind,
};

/// A value named by one keyword of a fixed list.
pub(super) trait Keyword: Copy + 'static {
    /// Every value, in the order a problem lists them.
    const ALL: &'static [Self];
    /// How a problem lists the allowed names.
    const LISTING: Listing = Listing::OneOf;
    fn keyword(self) -> &'static str;
}

/// How a problem lists the allowed names; short lists read as a sentence.
pub(super) enum Listing {
    /// `one of a, b, c`
    OneOf,
    /// `a, b or c`
    Or,
    /// `"a" or "b"`
    QuotedOr,
}

impl Listing {
    fn describe(&self, names: &[&str]) -> String {
        match self {
            Listing::OneOf => format!("one of {}", names.join(", ")),
            Listing::Or => or_list(names.iter().map(|n| n.to_string())),
            Listing::QuotedOr => or_list(names.iter().map(|n| format!("{n:?}"))),
        }
    }
}

/// `a, b or c`: commas between the names, "or" before the last.
fn or_list(names: impl Iterator<Item = String>) -> String {
    let names: Vec<String> = names.collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

impl<'k> Validator<'k> {
    /// A keyword field; a name outside `T::ALL` is a problem that lists them.
    pub(super) fn keyword<T: Keyword>(
        &mut self,
        f: &Fields,
        name: &str,
        required: bool,
    ) -> Option<T> {
        self.parsed(f, name, required, |s| {
            T::ALL
                .iter()
                .copied()
                .find(|k| k.keyword() == s)
                .ok_or_else(|| {
                    let names: Vec<&str> = T::ALL.iter().map(|k| k.keyword()).collect();
                    format!(
                        "{name} must be {}, found {s:?}",
                        T::LISTING.describe(&names)
                    )
                })
        })
    }
}

impl Keyword for WindowKind {
    const ALL: &'static [Self] = &[WindowKind::Maintenance, WindowKind::Blackout];
    const LISTING: Listing = Listing::QuotedOr;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for ChangeType {
    const ALL: &'static [Self] = &ChangeType::ALL;
    const LISTING: Listing = Listing::Or;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for ReleaseStatus {
    const ALL: &'static [Self] = &ReleaseStatus::ALL;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for Decision {
    const ALL: &'static [Self] = &[Decision::Approved, Decision::Rejected];
    const LISTING: Listing = Listing::QuotedOr;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for Strategy {
    const ALL: &'static [Self] = &Strategy::ALL;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for DeploymentStatus {
    const ALL: &'static [Self] = &DeploymentStatus::ALL;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for OutcomeResult {
    const ALL: &'static [Self] = &OutcomeResult::ALL;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for IncidentSeverity {
    const ALL: &'static [Self] = &IncidentSeverity::ALL;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_listing_reads_as_before() {
        assert_eq!(
            Listing::QuotedOr.describe(&["maintenance", "blackout"]),
            "\"maintenance\" or \"blackout\""
        );
        assert_eq!(
            Listing::Or.describe(&["standard", "normal", "emergency"]),
            "standard, normal or emergency"
        );
        assert_eq!(Listing::OneOf.describe(&["a", "b", "c"]), "one of a, b, c");
    }
}

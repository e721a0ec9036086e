//! `trainyard risk PLAN --release R`: the release's risk score and its factors.

use trainyard_core::risk::{risk_score, RiskLevel};

use crate::args::{Format, RiskArgs};
use crate::output::{Out, Style, Table};

pub fn run(a: &RiskArgs, out: &mut Out) -> u8 {
    let plan = match super::plan(&a.plan, a.format, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    // Checked here as well so the answer does not depend on how risk_score
    // treats an unknown id.
    let known = plan.release(a.release.as_str()).is_some();
    let Some(score) = known.then(|| risk_score(&plan, &a.release)).flatten() else {
        return super::usage(
            "risk",
            "release",
            format!("there is no release {:?} in the plan", a.release.as_str()),
        );
    };
    if a.format == Format::Json {
        out.json(&score);
        return 0;
    }
    let style = out.style;
    let name = plan
        .release(a.release.as_str())
        .map_or(a.release.as_str(), |r| r.display_name());
    let (level, paint): (&str, fn(&Style, &str) -> String) = match score.level {
        RiskLevel::Low => ("low", Style::green),
        RiskLevel::Medium => ("medium", Style::yellow),
        RiskLevel::High => ("high", Style::red),
        RiskLevel::Critical => ("critical", Style::red),
    };
    out.line(format!(
        "{} {name} ({}): {}/100, {}",
        style.bold("Risk of"),
        score.release,
        style.bold(&score.score.to_string()),
        paint(&style, level)
    ));
    out.line("");
    let mut t = Table::new(&["FACTOR", "POINTS", "DETAIL"]);
    for f in &score.factors {
        t.row(vec![
            f.label.clone(),
            format!(
                "{:>width$}/{}",
                f.points,
                f.max,
                width = f.max.to_string().len()
            ),
            f.detail.clone(),
        ]);
    }
    out.human(t.render(&style, ""));
    0
}

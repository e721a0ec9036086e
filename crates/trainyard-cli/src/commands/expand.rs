//! `trainyard expand PLAN --from --to [--window ID]`: window occurrences in a range.

use serde::Serialize;
use trainyard_core::time::{format_instant, human_time};
use trainyard_core::windows::occurrences;
use trainyard_core::{Window, WindowKind};

use crate::args::{ExpandArgs, Format};
use crate::output::{count, Out, Style, Table};

#[derive(Serialize)]
struct Occ<'a> {
    window: &'a str,
    start: String,
    end: String,
}

#[derive(Serialize)]
struct Occurrences<'a> {
    occurrences: Vec<Occ<'a>>,
}

pub fn run(a: &ExpandArgs, out: &mut Out) -> u8 {
    let plan = match super::plan(&a.plan, a.format, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut windows: Vec<&Window> = Vec::new();
    if a.windows.is_empty() {
        windows.extend(&plan.windows);
    } else {
        for id in &a.windows {
            match plan.window(id.as_str()) {
                Some(w) if !windows.iter().any(|x| x.id == w.id) => windows.push(w),
                Some(_) => {}
                None => {
                    return super::usage(
                        "expand",
                        "window",
                        format!("there is no window {:?} in the plan", id.as_str()),
                    )
                }
            }
        }
    }
    let mut found: Vec<(&Window, trainyard_core::windows::Occurrence)> = windows
        .iter()
        .flat_map(|w| {
            occurrences(w, a.from, a.to)
                .into_iter()
                .map(move |o| (*w, o))
        })
        .collect();
    found.sort_by(|(w1, o1), (w2, o2)| (o1.start, &w1.id).cmp(&(o2.start, &w2.id)));
    match a.format {
        Format::Json => out.json(&Occurrences {
            occurrences: found
                .iter()
                .map(|(w, o)| Occ {
                    window: w.id.as_str(),
                    start: format_instant(o.start),
                    end: format_instant(o.end),
                })
                .collect(),
        }),
        Format::Text => {
            let style = out.style;
            let tz = plan.timezone;
            out.line(format!(
                "{} from {} to {} {}",
                style.bold("Window occurrences"),
                human_time(a.from, tz),
                human_time(a.to, tz),
                style.dim(&format!("(times in {})", tz.name()))
            ));
            out.line("");
            if found.is_empty() {
                out.line("No window occurrences in this range.");
                return 0;
            }
            let mut t = Table::new(&["WINDOW", "KIND", "START", "END", "NAME"])
                .paint(0, Style::bold)
                .paint(1, |s, k| {
                    if k == WindowKind::Blackout.as_str() {
                        s.red(k)
                    } else {
                        s.cyan(k)
                    }
                });
            for (w, o) in &found {
                t.row(vec![
                    w.id.to_string(),
                    w.kind.as_str().to_owned(),
                    human_time(o.start, tz),
                    human_time(o.end, tz),
                    w.display_name().to_owned(),
                ]);
            }
            out.human(t.render(&style, ""));
            out.line("");
            out.line(count(found.len(), "occurrence", "occurrences"));
        }
    }
    0
}

//! The top of the CAB sheet: "CAB IMPACT SHEET", the release's name and
//! version, chips for change type, status and risk, the metadata grid (plan,
//! owner, train, generated at, revision and audit head) and the description.

use trainyard_core::*;

use super::CabOptions;
use crate::facts::{self, ReleaseFacts};
use crate::pdf::{chip, colors, styles, Doc, Rgb};
use crate::report_blocks::{meta_grid, risk_color, text_block};

pub(super) fn title_block(
    doc: &mut Doc,
    plan: &Plan,
    f: &ReleaseFacts,
    opts: &CabOptions,
    generated: &str,
) {
    let r = f.release;
    doc.text(
        doc.left,
        doc.y + 8.0,
        styles::LABEL.color(colors::ACCENT),
        "CAB IMPACT SHEET",
    );
    doc.y += 14.0;
    let title = match &r.version {
        Some(v) if !r.display_name().contains(v.as_str()) => format!("{} {v}", r.display_name()),
        _ => r.display_name().to_owned(),
    };
    for line in doc.wrap(styles::TITLE.size(18.0), &title, doc.content_width()) {
        doc.text(doc.left, doc.y + 16.0, styles::TITLE.size(18.0), &line);
        doc.y += 22.0;
    }
    doc.y += 2.0;
    let mut x = doc.left;
    let top = doc.y;
    let ct = r.change_type.as_str().to_uppercase();
    x += chip(
        doc,
        x,
        top,
        &format!("{ct} CHANGE"),
        Rgb(0xff, 0xff, 0xff),
        colors::ACCENT,
    ) + 4.0;
    x += chip(
        doc,
        x,
        top,
        facts::status_name(r.status()),
        colors::INK,
        colors::HEADER_FILL,
    ) + 4.0;
    if let Some(risk) = &f.risk {
        chip(
            doc,
            x,
            top,
            &format!(
                "RISK {} · {}",
                risk.score,
                facts::level_name(risk.level).to_uppercase()
            ),
            Rgb(0xff, 0xff, 0xff),
            risk_color(risk.level),
        );
    }
    doc.y += 24.0;
    let mut rows: Vec<(&str, String)> = vec![
        ("Plan", plan.display_name().to_owned()),
        ("Release id", r.id.to_string()),
    ];
    rows.push((
        "Owner",
        r.owner.clone().unwrap_or_else(|| "not named".into()),
    ));
    rows.push((
        "Train",
        r.train.as_ref().map_or("none".to_owned(), |t| {
            plan.train(t.as_str())
                .map_or(t.to_string(), |t| t.display_name().to_owned())
        }),
    ));
    rows.push(("Generated", generated.to_owned()));
    rows.push((
        "Plan revision",
        match (&opts.revision, &opts.audit_head) {
            (Some(rev), Some(h)) => format!("{rev} · audit {}", facts::short_hash(h)),
            (Some(rev), None) => rev.to_string(),
            (None, Some(h)) => format!("audit {}", facts::short_hash(h)),
            (None, None) => "not from a store".to_owned(),
        },
    ));
    meta_grid(doc, &rows);
    text_block(doc, "Description", r.description.as_deref(), None);
}

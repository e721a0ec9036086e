//! Ids that look alike but differ: `prоd` with a Cyrillic `о` beside `prod`,
//! a full-width `ｐrod`, a zero-width space inside an id. The plan format
//! accepts any Unicode id, and such a plan stays valid with the same results;
//! this only warns, on standard error in text mode, so that a person reading
//! `prod` knows there are two of them.

use std::collections::HashMap;

use trainyard_core::Plan;

/// The character a look-alike stands for, `Some('\0')` for an invisible one
/// (dropped), `None` when it is not a known look-alike.
fn stands_for(c: char) -> Option<char> {
    let ascii = match c {
        // Cyrillic
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'һ' => 'h',
        'ӏ' => 'l',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'У' => 'Y',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Greek
        'α' => 'a',
        'ο' => 'o',
        'ν' => 'v',
        'ρ' => 'p',
        'ι' => 'i',
        'κ' => 'k',
        'υ' => 'u',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Invisible
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => '\0',
        // Full-width ASCII
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
        _ => return None,
    };
    Some(ascii)
}

/// What an id looks like: each look-alike replaced by what it stands for.
fn skeleton(id: &str) -> String {
    id.chars()
        .filter_map(|c| match stands_for(c) {
            Some('\0') => None,
            Some(a) => Some(a),
            None => Some(c),
        })
        .collect()
}

/// The look-alike characters of an id, as `U+043E at 3`.
fn suspects(id: &str) -> String {
    id.chars()
        .enumerate()
        .filter(|(_, c)| stands_for(*c).is_some())
        .map(|(i, c)| format!("U+{:04X} at {}", c as u32, i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One warning line per group of ids of one kind that look alike.
pub fn warnings(plan: &Plan) -> Vec<String> {
    let kinds: [(&str, Vec<&str>); 7] = [
        (
            "environment",
            plan.environments.iter().map(|e| e.id.as_str()).collect(),
        ),
        ("team", plan.teams.iter().map(|e| e.id.as_str()).collect()),
        (
            "service",
            plan.services.iter().map(|e| e.id.as_str()).collect(),
        ),
        ("train", plan.trains.iter().map(|e| e.id.as_str()).collect()),
        (
            "window",
            plan.windows.iter().map(|e| e.id.as_str()).collect(),
        ),
        (
            "release",
            plan.releases.iter().map(|e| e.id.as_str()).collect(),
        ),
        (
            "deployment",
            plan.deployments.iter().map(|e| e.id.as_str()).collect(),
        ),
    ];
    let mut out = Vec::new();
    for (kind, ids) in kinds {
        // Only ids with a look-alike character can collide: plain plans cost
        // one scan of their ids.
        if !ids
            .iter()
            .any(|id| id.chars().any(|c| stands_for(c).is_some()))
        {
            continue;
        }
        let mut groups: HashMap<String, Vec<&str>> = HashMap::new();
        let mut order = Vec::new();
        for id in &ids {
            let group = groups.entry(skeleton(id)).or_default();
            if group.is_empty() {
                order.push(skeleton(id));
            }
            group.push(id);
        }
        for key in order {
            let group = &groups[&key];
            if group.len() < 2 {
                continue;
            }
            let listed: Vec<String> = group
                .iter()
                .map(|id| match suspects(id) {
                    s if s.is_empty() => format!("{id:?}"),
                    s => format!("{id:?} ({s})"),
                })
                .collect();
            out.push(format!(
                "warning: {kind} ids look alike: {}",
                listed.join(", ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_full_width_and_invisible_look_alikes_share_a_skeleton() {
        assert_eq!(skeleton("prоd"), "prod");
        assert_eq!(skeleton("ｐｒｏｄ"), "prod");
        assert_eq!(skeleton("pro\u{200B}d"), "prod");
        assert_eq!(skeleton("Zürich"), "Zürich");
        assert_eq!(suspects("prоd"), "U+043E at 3");
    }
}

//! CAMEO code transforms: QuadClass, intent, appeal and negation of an
//! action, and the military reading of generic aid.

use crate::words::Word;

pub(crate) fn quad_class(code: &str) -> u8 {
    match code
        .get(..2)
        .and_then(|r| r.parse::<u8>().ok())
        .unwrap_or(1)
    {
        0..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

/// "offer to help" → express intent to provide aid, and so on by root.
pub(crate) fn intent_code(code: &str) -> String {
    let root = code.get(..2).unwrap_or("");
    let c = match (root, code) {
        (_, "070") | (_, "075") => "033",
        (_, "071") => "0331",
        (_, "072") => "0332",
        (_, "073") => "0333",
        (_, "074") => "0334",
        (_, "060") => "031",
        (_, "061") => "0311",
        (_, "062") => "0312",
        (_, "063") => "0313",
        (_, "064") => "0314",
        ("05", _) => "032",
        ("04", _) => "036",
        ("08", _) => "035",
        ("14", _) => "133",
        ("16", _) => "131",
        ("17", _) => "137",
        ("18" | "19" | "20", _) => "138",
        _ => return code.to_string(),
    };
    c.to_string()
}

/// "urge X to support" → appeal for diplomatic cooperation, by root.
pub(crate) fn appeal_code(code: &str) -> String {
    let root = code.get(..2).unwrap_or("");
    let c = match (root, code) {
        (_, "071") => "0231",
        (_, "072") => "0232",
        (_, "073") => "0233",
        (_, "074") => "0234",
        ("07", _) => "023",
        (_, "061") => "0211",
        (_, "062") => "0212",
        (_, "063") => "0213",
        (_, "064") => "0214",
        ("06" | "15" | "16" | "17" | "18" | "19" | "20", _) => "021",
        ("05", _) => "022",
        ("04", _) => "026",
        ("08", _) => "025",
        _ => "020",
    };
    c.to_string()
}

/// The rejection a negated cooperative action amounts to; `None` when the
/// negation leaves no event (the record is kept with `negated = true`).
pub(crate) fn negated_code(code: &str) -> Option<String> {
    let root = code.get(..2)?;
    let c = match (root, code) {
        ("03", c) if c.starts_with("031") || c.starts_with("033") => "121",
        (_, "036") => "125",
        (_, "035") => "124",
        ("03", _) => "120",
        ("04", _) => "125",
        ("05", _) => "120",
        (_, "061") | (_, "071") => "1211",
        (_, "062") | (_, "072") => "1212",
        ("06" | "07", _) => "121",
        (_, "084") => "1243",
        (_, "085") => "1244",
        (_, "087") => "1246",
        (_, "081") => "1241",
        ("08", _) => "124",
        _ => return None,
    };
    Some(c.to_string())
}

/// Generic aid or intent-to-aid codes become military when the clause says so.
pub(crate) fn refine_military(ws: &[Word], v: usize, end: usize, code: String) -> String {
    if !matches!(code.as_str(), "070" | "033") {
        return code;
    }
    let lo = v.saturating_sub(3);
    let hi = (end + 10).min(ws.len());
    let military = ws[lo..hi].iter().any(|w| {
        w.is_any(&[
            "military",
            "militarily",
            "airstrike",
            "airstrikes",
            "arms",
            "weapons",
            "troops",
            "armed",
        ]) || w.lemma == "fight"
    });
    match (military, code.as_str()) {
        (true, "070") => "072".into(),
        (true, "033") => "0332".into(),
        _ => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_transforms() {
        assert_eq!(intent_code("072"), "0332");
        assert_eq!(intent_code("051"), "032");
        assert_eq!(intent_code("190"), "138");
        assert_eq!(appeal_code("072"), "0232");
        assert_eq!(appeal_code("051"), "022");
        assert_eq!(negated_code("060").as_deref(), Some("121"));
        assert_eq!(negated_code("040").as_deref(), Some("125"));
        assert_eq!(negated_code("190"), None);
        assert_eq!(quad_class("0332"), 1);
        assert_eq!(quad_class("072"), 2);
        assert_eq!(quad_class("112"), 3);
        assert_eq!(quad_class("195"), 4);
    }
}

/// Force that armed groups or private people turn on civilians is CAMEO's
/// unconventional violence (18x, ASSAULT), not conventional military force
/// (19x, FIGHT): "militants killed five villagers" is 180. Armed forces and
/// police keep 19x; air strikes (195x) stay what they are. (Training labels:
/// civilians hit by rebels are 18x in 14 of 17 events.)
pub(crate) fn unconventional(code: &str, source: &str, target: &str) -> String {
    let role = |c: &str| c.get(3..6).unwrap_or("").to_string();
    let irregular = matches!(role(source).as_str(), "REB" | "UAF" | "CVL" | "PPL" | "CRM");
    if code.starts_with("19") && !code.starts_with("195") && irregular && role(target) == "CVL" {
        "180".to_string()
    } else {
        code.to_string()
    }
}

#[cfg(test)]
mod unconventional_tests {
    use super::unconventional;

    #[test]
    fn civilians_hit_by_irregulars_are_assaulted() {
        assert_eq!(unconventional("190", "IRQREB", "IRQCVL"), "180");
        assert_eq!(unconventional("193", "---UAF", "PAKCVL"), "180");
        // Armed forces fight; air strikes stay air strikes; soldiers are no civilians.
        assert_eq!(unconventional("190", "ISRMIL", "PSECVL"), "190");
        assert_eq!(unconventional("195", "IRQREB", "IRQCVL"), "195");
        assert_eq!(unconventional("190", "IRQREB", "IRQMIL"), "190");
        assert_eq!(unconventional("173", "IRQREB", "IRQCVL"), "173");
    }
}

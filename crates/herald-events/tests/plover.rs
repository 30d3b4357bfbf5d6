//! Herald's own CAMEO → PLOVER mapping, cross-checked against the PLOVER
//! project's conversion table when the shared data is present.

#[test]
fn plover_mapping_agrees_with_the_reference_table() {
    let shared = herald_core::shared_dir();
    let path = shared.join("eval/events/CAMEO2PLOVER-2021.txt");
    let Ok(table) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found (set HERALD_SHARED)", path.display());
        return;
    };
    let (mut same, mut total) = (0, 0);
    let mut differ = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let Some((code, rest)) = line.split_once(':') else {
            continue;
        };
        let code = code.trim();
        let reference = rest.split([',', '#']).next().unwrap_or("").trim();
        if code.len() < 3 || reference.is_empty() {
            continue;
        }
        let Some(ours) = herald_events::plover_type(code) else {
            continue;
        };
        total += 1;
        if ours == reference {
            same += 1;
        } else {
            differ.push(format!("{code}: {ours} vs {reference}"));
        }
    }
    eprintln!("PLOVER agreement {same}/{total}; differ: {differ:?}");
    assert!(total >= 100, "too few codes compared: {total}");
    assert!(
        same as f64 >= 0.9 * total as f64,
        "{same}/{total}: {differ:?}"
    );
}

#[test]
fn goldstein_and_quad_class() {
    assert_eq!(herald_events::goldstein("195"), Some(-10.0));
    assert_eq!(herald_events::goldstein("0332"), Some(5.2));
    assert_eq!(herald_events::quad_class("0332"), 1);
    assert_eq!(herald_events::quad_class("173"), 4);
    assert_eq!(herald_events::plover_type("010"), Some(""));
    assert_eq!(herald_events::plover_type("999"), None);
}

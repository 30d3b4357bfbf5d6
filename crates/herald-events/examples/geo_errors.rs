//! Per-toponym dump for error analysis (TSV on stdout):
//! `cargo run --release -p herald-events --example geo_errors [GWN.xml]`
//!
//! `exact` follows `eval_geo`: same GeoNames id, or within 5 km when a side
//! has no id.
fn main() {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(herald_events::eval::default_geo_path);
    let Ok(xml) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {}", path.display());
        std::process::exit(1);
    };
    let gold = herald_events::eval::parse_gwn(&xml);
    println!(
        "article\tname\ttype\tgeonames_id\tgold_lat\tgold_lon\tkind\tresolved\tid\tresolved_geonames_id\tlat\tlon\terror_km\texact"
    );
    for o in herald_events::eval::geo_outcomes(&gold) {
        let g = &o.gold;
        let (kind, label, id, gid, lat, lon) = match &o.resolved {
            Some(p) => (
                format!("{:?}", p.kind),
                p.full_name(),
                p.id.clone(),
                p.geonames_id.map(|v| v.to_string()).unwrap_or_default(),
                p.lat,
                p.lon,
            ),
            None => (
                "-".into(),
                "-".into(),
                "-".into(),
                String::new(),
                f64::NAN,
                f64::NAN,
            ),
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{:.1}\t{}",
            o.article,
            g.name,
            g.kind,
            g.geonames_id.map(|v| v.to_string()).unwrap_or_default(),
            g.lat,
            g.lon,
            kind,
            label,
            id,
            gid,
            lat,
            lon,
            o.error_km.unwrap_or(f64::NAN),
            u8::from(o.exact)
        );
    }
}

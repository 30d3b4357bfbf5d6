//! Archiving: the clusterer's live state is bounded by time. A story that has
//! fallen out of the window (its newest article `archive_days` behind the
//! stream clock, and no new member for `archive_quiet` arrivals) can no
//! longer gain members, so it leaves the candidate index and keeps only what
//! its record and the threads need: ids, dates, sources, its headline member,
//! its heaviest terms and counters. Memory and saved state then grow with the
//! window, not with the whole history.
//!
//! The clock is the median date of the latest dated arrivals, so one article
//! with a wrong (future) date cannot archive everything; the quiet rule keeps
//! a backfill in mixed date order from archiving stories it is still adding
//! to.

use crate::cluster::{StoryClusterer, inv};
use crate::sparse::{norm, top_k};

/// Dated arrivals the clock is the median of.
const CLOCK_WINDOW: usize = 63;
/// Arrivals between two archiving sweeps (a sweep visits every story).
const SWEEP_EVERY: u64 = 1024;
/// Counters and labels an archived story keeps (its record shows 8 and 10).
const KEEP_COUNTS: usize = 8;
const KEEP_LABELS: usize = 10;

impl StoryClusterer {
    /// Records an arrival's date for the stream clock.
    pub(crate) fn note_day(&mut self, day: Option<i32>) {
        if let Some(d) = day {
            let r = &mut self.st.recent_days;
            if r.len() == CLOCK_WINDOW {
                r.remove(0);
            }
            r.push(d);
        }
    }

    /// The stream clock: the median date of the latest dated arrivals.
    pub(crate) fn clock(&self) -> Option<i32> {
        let mut v = self.st.recent_days.clone();
        if v.is_empty() {
            return None;
        }
        let mid = v.len() / 2;
        Some(*v.select_nth_unstable(mid).1)
    }

    /// Archives every story out of the window, every `SWEEP_EVERY` arrivals.
    pub(crate) fn maybe_archive(&mut self) {
        if !self.st.arrivals.is_multiple_of(SWEEP_EVERY) {
            return;
        }
        self.archive_sweep();
    }

    /// Archives every story out of the window now; returns how many.
    pub fn archive_sweep(&mut self) -> usize {
        let p = &self.st.params;
        let (days, quiet) = (p.archive_days, p.archive_quiet);
        let clock = self.clock();
        let now = self.st.arrivals;
        let due: Vec<u32> = self
            .st
            .stories
            .iter()
            .enumerate()
            .filter(|(_, s)| s.alive() && !s.archived && !s.articles.is_empty())
            .filter(|(_, s)| {
                let idle = now.saturating_sub(s.last_arrival);
                match (s.last_day, clock) {
                    (Some(d), Some(c)) => (c - d) as f32 > days && idle > quiet,
                    (None, _) => idle > quiet.saturating_mul(4),
                    (Some(_), None) => false,
                }
            })
            .map(|(i, _)| i as u32)
            .collect();
        for &i in &due {
            self.archive(i);
        }
        due.len()
    }

    /// Slims story `i` and takes it out of the candidate index.
    fn archive(&mut self, i: u32) {
        let keep_terms = self.st.params.index_k * 2;
        let st = &mut self.st.stories[i as usize];
        for t in std::mem::take(&mut st.indexed) {
            if let Some(list) = self.postings.get_mut(&t)
                && let Some(k) = list.iter().rposition(|&x| x == i)
            {
                list.swap_remove(k);
            }
        }
        // Its articles (its current members, merged-in ones included) no
        // longer lead new arrivals here by dedup relation.
        for a in &st.articles {
            self.st.article_story.remove(a);
        }
        // Threads read the heaviest `index_k * 2` centroid terms.
        top_k(&mut st.centroid, keep_terms);
        st.centroid.shrink_to_fit();
        st.norm = norm(&st.centroid);
        st.inv_norm = inv(st.norm);
        // The record's headline and summary come from the best member; keep
        // the one closest to the centroid.
        if st.reps.len() > 1 {
            let c = |r: &crate::cluster::Rep| crate::sparse::dot(&r.terms, &st.centroid);
            if let Some(best) =
                (0..st.reps.len()).max_by(|&a, &b| c(&st.reps[a]).total_cmp(&c(&st.reps[b])))
            {
                st.reps.swap(0, best);
            }
            st.reps.truncate(1);
        }
        // One member left: nothing to rank it against.
        for r in &mut st.reps {
            r.terms = Vec::new();
            r.title_terms = Vec::new();
        }
        for counts in [
            &mut st.actors,
            &mut st.events,
            &mut st.cameos,
            &mut st.origin_votes,
        ] {
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            counts.truncate(KEEP_COUNTS);
            counts.shrink_to_fit();
        }
        st.labels
            .sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        st.labels.truncate(KEEP_LABELS);
        st.labels.shrink_to_fit();
        st.members = Vec::new();
        st.emb = Vec::new();
        st.emb_norm = 0.0;
        st.archived = true;
    }

    /// Stories still open to new articles (not merged away, not archived).
    pub fn active(&self) -> usize {
        self.st
            .stories
            .iter()
            .filter(|s| s.alive() && !s.archived && !s.articles.is_empty())
            .count()
    }

    /// Stories archived out of the time window.
    pub fn archived(&self) -> usize {
        self.st
            .stories
            .iter()
            .filter(|s| s.alive() && s.archived)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Params;
    use herald_core::Article;

    fn art(id: &str, day: &str, title: &str, text: &str) -> Article {
        crate::eval::dated_article(id, title, text, day)
    }

    const QUAKE: &str = "A strong earthquake shook Lima, the Peruvian capital, damaging buildings in Miraflores and Barranco; Peru's civil defence institute counted dozens injured.";
    const FILLER: [(&str, &str); 5] = [
        (
            "Vikings stun Saints",
            "Minnesota beat New Orleans in overtime of the wild-card playoff game at the Superdome.",
        ),
        (
            "Bank of Japan holds rates",
            "The Bank of Japan kept interest rates unchanged and said Tokyo inflation was cooling.",
        ),
        (
            "Wildfire near Valparaiso",
            "Firefighters in Chile fought a wildfire on the hills above Valparaiso as winds picked up.",
        ),
        (
            "Kenya marathon record",
            "Kenyan runners swept the Nairobi marathon, with a course record in the women's race.",
        ),
        (
            "Airbus wins order",
            "Airbus won an order for forty jets from an Indian airline at the Delhi air show.",
        ),
    ];

    fn clusterer() -> StoryClusterer {
        StoryClusterer::with_params(Params {
            archive_days: 30.0,
            archive_quiet: 2,
            ..Params::default()
        })
    }

    /// January quake story, then May filler: the January story is archived.
    fn stream(c: &mut StoryClusterer) -> String {
        let s = c.process(
            &art("q1", "2024-01-02", "Earthquake shakes Lima", QUAKE),
            &[],
        );
        let s2 = c.process(
            &art("q2", "2024-01-03", "Strong quake hits Lima", QUAKE),
            &[],
        );
        assert_eq!(s, s2);
        for (i, (t, x)) in FILLER.iter().enumerate() {
            c.process(&art(&format!("f{i}"), "2024-05-10", t, x), &[]);
        }
        s
    }

    #[test]
    fn stories_out_of_the_window_are_archived_and_stop_taking_articles() {
        let mut c = clusterer();
        let jan = stream(&mut c);
        assert_eq!(
            c.archive_sweep(),
            1,
            "only the January story is old and quiet"
        );
        assert_eq!((c.archived(), c.active()), (1, 5));
        // An archived story keeps its record and its thread links …
        let rec = c.record(&jan).unwrap();
        assert_eq!(rec.article_count, 2);
        assert!(rec.headline.contains("Lima"), "{}", rec.headline);
        // … but a new article on the same subject founds a new story.
        let may = c.process(
            &art("q3", "2024-05-11", "Lima quake: buildings damaged", QUAKE),
            &[],
        );
        assert_ne!(may, jan);
        let threads = c.threads();
        let t = threads.iter().find(|t| t.stories.contains(&jan)).unwrap();
        assert!(
            t.stories.contains(&may),
            "January and May stories share a thread: {t:?}"
        );
        // A relation to an archived article does not reopen its story.
        let mut copy = art("q4", "2024-05-12", "Earthquake shakes Lima", QUAKE);
        copy.relations.push(herald_core::Relation {
            kind: herald_core::RelationType::Exact,
            article: "q1".into(),
            score: 1.0,
            origin: None,
            evidence: Vec::new(),
        });
        assert_ne!(c.process(&copy, &[]), jan);
    }

    #[test]
    fn archiving_survives_a_restart() {
        let mut c = clusterer();
        let jan = stream(&mut c);
        c.archive_sweep();
        let bytes = herald_core::state::encode(*b"TST1", &c.state()).unwrap();
        let mut back =
            StoryClusterer::from_state(herald_core::state::decode(*b"TST1", &bytes).unwrap());
        assert_eq!(back.archived(), 1);
        let may = back.process(&art("q3", "2024-05-11", "Lima quake", QUAKE), &[]);
        assert_ne!(may, jan, "an archived story is not re-indexed on load");
    }

    #[test]
    fn one_wrong_future_date_does_not_move_the_clock() {
        let mut c = clusterer();
        c.process(
            &art("q1", "2024-01-02", "Earthquake shakes Lima", QUAKE),
            &[],
        );
        c.process(
            &art("x", "2099-01-01", "Bank of Japan holds rates", FILLER[1].1),
            &[],
        );
        for (i, (t, x)) in FILLER.iter().enumerate() {
            c.process(&art(&format!("f{i}"), "2024-01-05", t, x), &[]);
        }
        assert_eq!(c.archive_sweep(), 0);
        assert_eq!(c.archived(), 0);
    }

    #[test]
    fn a_backfill_still_adding_to_a_story_does_not_archive_it() {
        let mut c = StoryClusterer::with_params(Params {
            archive_days: 30.0,
            archive_quiet: 50,
            ..Params::default()
        });
        stream(&mut c);
        assert_eq!(c.archive_sweep(), 0, "old but not quiet: kept open");
    }
}

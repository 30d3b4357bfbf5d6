//! One event, however many articles report it: mentions of the same action
//! (same story, date, source, target, CAMEO code and polarity) are grouped,
//! with how often and by whom — what the GDELT export calls NumMentions,
//! NumSources and NumArticles. `herald events`, `/api/events` and the GDELT
//! export all list groups, so an exact copy's events are one row everywhere.

use std::collections::{BTreeSet, HashMap};

use herald_core::Event;
use serde::Serialize;

/// Where an article sits: its story (or itself, alone) and its site (or
/// itself, when unnamed).
pub struct Placement {
    pub story: String,
    pub site: String,
}

/// Mentions of one event across the articles of a story.
#[derive(Debug, Clone)]
pub struct EventGroup {
    /// The first mention (in the order given), which names the group.
    pub first: Event,
    /// `(event id, article id)` of every mention, the first included.
    pub mentions: Vec<(String, String)>,
    pub articles: BTreeSet<String>,
    pub sources: BTreeSet<String>,
}

/// What a grouped event record adds to the event's own fields.
#[derive(Debug, Serialize)]
pub struct Mentions<'a> {
    pub num_mentions: usize,
    pub num_sources: usize,
    pub num_articles: usize,
    /// The other mentions' event ids.
    #[serde(skip_serializing_if = "<[&str]>::is_empty")]
    pub also: Vec<&'a str>,
}

/// An event record with its mention counts: a row of an event list.
#[derive(Debug, Serialize)]
pub struct GroupedEventRecord<'a> {
    #[serde(flatten)]
    pub event: crate::records::EventRecord<'a>,
    #[serde(flatten)]
    pub mentions: Mentions<'a>,
}

impl EventGroup {
    /// The list row: the first mention's record (`text`: its article's
    /// clean text) with the counts.
    pub fn record<'a>(&'a self, text: &'a str) -> GroupedEventRecord<'a> {
        GroupedEventRecord {
            event: crate::records::EventRecord::new(&self.first, text),
            mentions: self.counts(),
        }
    }

    pub fn counts(&self) -> Mentions<'_> {
        Mentions {
            num_mentions: self.mentions.len(),
            num_sources: self.sources.len(),
            num_articles: self.articles.len(),
            also: self.mentions.iter().skip(1).map(|m| m.0.as_str()).collect(),
        }
    }
}

/// Groups `events` in order of first mention; `place` tells an article's
/// story and site (`None`: an article no longer stored, alone).
pub fn group_events<E>(
    events: impl IntoIterator<Item = Event>,
    mut place: impl FnMut(&str) -> Result<Option<Placement>, E>,
) -> Result<Vec<EventGroup>, E> {
    type Key = (String, String, String, String, String, bool);
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut placed: HashMap<String, (String, String)> = HashMap::new();
    let mut groups: Vec<EventGroup> = Vec::new();
    for e in events {
        if !placed.contains_key(&e.article) {
            let p = place(&e.article)?.map_or_else(
                || (e.article.clone(), e.article.clone()),
                |p| (p.story, p.site),
            );
            placed.insert(e.article.clone(), p);
        }
        let (story, site) = &placed[&e.article];
        let key = (
            story.clone(),
            e.date.clone().unwrap_or_default(),
            e.source.code.clone(),
            e.target.code.clone(),
            e.cameo.clone(),
            e.negated,
        );
        let i = *index.entry(key).or_insert_with(|| {
            groups.push(EventGroup {
                first: e.clone(),
                mentions: Vec::new(),
                articles: BTreeSet::new(),
                sources: BTreeSet::new(),
            });
            groups.len() - 1
        });
        let g = &mut groups[i];
        g.mentions.push((e.id.clone(), e.article.clone()));
        g.articles.insert(e.article.clone());
        g.sources.insert(site.clone());
    }
    Ok(groups)
}

/// [`group_events`] over the store's articles.
pub fn group_stored(
    store: &herald_store::Store,
    events: Vec<Event>,
) -> Result<Vec<EventGroup>, herald_store::StoreError> {
    group_events(events, |id| {
        Ok(store.placement(id)?.map(|(story, site)| Placement {
            story: story.unwrap_or_else(|| id.to_string()),
            site: site.unwrap_or_else(|| id.to_string()),
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(id: &str, article: &str, cameo: &str) -> Event {
        let actor = |code: &str| herald_core::Actor {
            text: code.into(),
            code: code.into(),
            ..Default::default()
        };
        Event {
            id: id.into(),
            article: article.into(),
            sentence: 1,
            span: herald_core::Span::new(0, 0),
            date: Some("2025-03-03".into()),
            source: actor("TCD"),
            target: actor("CAF"),
            cameo: cameo.into(),
            plover: String::new(),
            quad_class: 1,
            goldstein: 0.0,
            negated: false,
            place: None,
            pattern: String::new(),
            confidence: 1.0,
        }
    }

    #[test]
    fn copies_in_one_story_are_one_event_with_counts() {
        let events = vec![
            ev("a:1:0", "a", "057"),
            ev("b:1:0", "b", "057"),
            ev("b:2:0", "b", "190"),
            ev("c:1:0", "c", "057"),
        ];
        let groups = group_events::<()>(events, |id| {
            Ok(Some(Placement {
                story: if id == "c" { "s-2" } else { "s-1" }.into(),
                site: format!("site-{id}"),
            }))
        })
        .unwrap();
        let ids: Vec<(&str, usize)> = groups
            .iter()
            .map(|g| (g.first.id.as_str(), g.mentions.len()))
            .collect();
        assert_eq!(ids, [("a:1:0", 2), ("b:2:0", 1), ("c:1:0", 1)]);
        let c = groups[0].counts();
        assert_eq!((c.num_mentions, c.num_sources, c.num_articles), (2, 2, 2));
        assert_eq!(c.also, ["b:1:0"]);
    }
}

//! Public JSON records: the JSONL schemas documented in README.md.
//! These are an interface: add fields, never rename or remove them.

use herald_core::{Actor, Article, Event, Relation, RemovedLine, Story};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ArticleRecord<'a> {
    pub id: &'a str,
    pub input: &'a str,
    pub url: Option<&'a str>,
    pub site: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub authors: &'a [String],
    pub language: Option<&'a str>,
    pub text: &'a str,
    pub removed: &'a [RemovedLine],
    pub cites: &'a [String],
    pub story: Option<&'a str>,
    pub relations: Vec<RelationRecord<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RelationRecord<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub article: &'a str,
    pub score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<&'a str>,
}

impl<'a> ArticleRecord<'a> {
    pub fn new(a: &'a Article) -> Self {
        ArticleRecord {
            id: &a.id,
            input: &a.input,
            url: a.url.as_deref(),
            site: a.site.as_deref(),
            title: a.title.as_deref(),
            published: a.published.as_deref(),
            authors: &a.authors,
            language: a.language.as_deref(),
            text: &a.text,
            removed: &a.removed,
            cites: &a.cites,
            story: a.story.as_deref(),
            relations: a.relations.iter().map(RelationRecord::new).collect(),
        }
    }
}

impl<'a> RelationRecord<'a> {
    pub fn new(r: &'a Relation) -> Self {
        RelationRecord {
            kind: r.kind.as_str(),
            article: &r.article,
            score: (r.score * 1000.0).round() / 1000.0,
            origin: r.origin.as_deref(),
        }
    }
}

/// The `herald extract` record.
#[derive(Debug, Serialize)]
pub struct ExtractRecord<'a> {
    pub input: &'a str,
    pub id: &'a str,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub published: Option<&'a str>,
    pub authors: &'a [String],
    pub site: Option<&'a str>,
    pub language: Option<&'a str>,
    pub text: &'a str,
    pub removed: &'a [RemovedLine],
    pub cites: &'a [String],
}

impl<'a> ExtractRecord<'a> {
    pub fn new(a: &'a Article) -> Self {
        ExtractRecord {
            input: &a.input,
            id: &a.id,
            url: a.url.as_deref(),
            title: a.title.as_deref(),
            published: a.published.as_deref(),
            authors: &a.authors,
            site: a.site.as_deref(),
            language: a.language.as_deref(),
            text: &a.text,
            removed: &a.removed,
            cites: &a.cites,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ActorRecord<'a> {
    pub text: &'a str,
    pub code: &'a str,
}

/// An event with its span in **characters** of the article text.
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    pub id: &'a str,
    pub article: &'a str,
    pub sentence: usize,
    pub span: [usize; 2],
    pub text: &'a str,
    pub date: Option<&'a str>,
    pub source: ActorRecord<'a>,
    pub target: ActorRecord<'a>,
    pub cameo: &'a str,
    pub plover: &'a str,
    pub quad_class: u8,
    pub goldstein: f64,
    pub negated: bool,
    pub place: Option<&'a str>,
    pub pattern: &'a str,
}

fn actor(a: &Actor) -> ActorRecord<'_> {
    ActorRecord {
        text: &a.text,
        code: &a.code,
    }
}

impl<'a> EventRecord<'a> {
    /// `article_text` is the clean text the event's byte span points into.
    pub fn new(e: &'a Event, article_text: &'a str) -> Self {
        let chars = e.span.to_chars(article_text);
        EventRecord {
            id: &e.id,
            article: &e.article,
            sentence: e.sentence,
            span: [chars.start, chars.end],
            text: e.span.slice(article_text),
            date: e.date.as_deref(),
            source: actor(&e.source),
            target: actor(&e.target),
            cameo: &e.cameo,
            plover: &e.plover,
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            negated: e.negated,
            place: e.place.as_deref(),
            pattern: &e.pattern,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StoryRecord<'a> {
    #[serde(flatten)]
    pub story: &'a Story,
    pub size: usize,
}

impl<'a> StoryRecord<'a> {
    pub fn new(s: &'a Story) -> Self {
        StoryRecord {
            story: s,
            size: s.articles.len(),
        }
    }
}

//! Public JSON records: the same shapes `herald show --json`, `herald events
//! --json` and the JSONL exports print (README.md documents them); the binary
//! re-exports them, so CLI and API cannot drift apart. These are an
//! interface: add fields, never rename or remove them.

use herald_core::{Actor, Article, Event, Relation, RemovedLine, Story, Thread};
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

pub use herald_core::article_label as label;

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
    /// 1 for a lexicon pattern, the trigger model's probability for `model:…`.
    pub confidence: f32,
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
            confidence: e.confidence,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StoryRecord<'a> {
    #[serde(flatten)]
    pub story: &'a Story,
    pub size: usize,
    /// The thread of two or more stories this one belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<String>,
}

impl<'a> StoryRecord<'a> {
    pub fn new(s: &'a Story) -> Self {
        StoryRecord {
            story: s,
            size: s.articles.len(),
            thread: None,
        }
    }

    /// The record with its thread (from `Store::thread_of_story`).
    pub fn with_thread(mut self, thread: Option<String>) -> Self {
        self.thread = thread;
        self
    }
}

/// A thread: stories linked over months by shared names and topics.
#[derive(Debug, Serialize)]
pub struct ThreadRecord<'a> {
    #[serde(flatten)]
    pub thread: &'a Thread,
    /// Number of stories.
    pub size: usize,
}

impl<'a> ThreadRecord<'a> {
    pub fn new(t: &'a Thread) -> Self {
        ThreadRecord {
            thread: t,
            size: t.stories.len(),
        }
    }
}

// ---- Server views: a public record plus what a page needs beside it. ----

/// `GET /api/articles/{id}`: the article record and its events.
#[derive(Debug, Serialize)]
pub struct ArticlePage<'a> {
    #[serde(flatten)]
    pub article: ArticleRecord<'a>,
    pub events: Vec<EventRecord<'a>>,
}

/// A story member, enough to list it.
#[derive(Debug, Serialize)]
pub struct MemberRecord {
    pub id: String,
    pub title: Option<String>,
    /// What to call it: the title, or `(untitled)` and its first words.
    pub label: String,
    pub published: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    /// False when the story lists an article the store no longer holds.
    pub found: bool,
}

/// `GET /api/stories/{id}`: the story record, its members and their events.
#[derive(Debug, Serialize)]
pub struct StoryPage<'a> {
    #[serde(flatten)]
    pub story: StoryRecord<'a>,
    /// The id asked for when it was merged into this story.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirected_from: Option<&'a str>,
    /// The first members, in arrival order.
    pub members: Vec<MemberRecord>,
    /// True when `members` (and so `events`) covers only the first members.
    pub members_truncated: bool,
    pub events: Vec<EventRecord<'a>>,
    /// True when `events` was cut at the page cap.
    pub events_truncated: bool,
}

/// A thread member, enough to list it.
#[derive(Debug, Serialize)]
pub struct ThreadMember {
    pub id: String,
    pub title: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub size: usize,
    /// False when the thread lists a story the store no longer holds.
    pub found: bool,
}

/// `GET /api/threads/{id}`: the thread record and its stories, earliest
/// first.
#[derive(Debug, Serialize)]
pub struct ThreadPage<'a> {
    #[serde(flatten)]
    pub thread: ThreadRecord<'a>,
    pub members: Vec<ThreadMember>,
}

/// `GET /api/events/{id}`: the event record with where it was read.
#[derive(Debug, Serialize)]
pub struct EventPage<'a> {
    #[serde(flatten)]
    pub event: EventRecord<'a>,
    pub provenance: Provenance<'a>,
}

#[derive(Debug, Serialize)]
pub struct Provenance<'a> {
    pub article: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub site: Option<&'a str>,
    pub published: Option<&'a str>,
    pub story: Option<&'a str>,
    pub sentence: usize,
    /// Character span, as in the event record.
    pub span: [usize; 2],
    pub pattern: &'a str,
    /// The paragraph around the span (cut to a window), for reading it in place.
    pub context: &'a str,
    /// Where the event's words are in `context`, in characters.
    pub context_span: Option<[usize; 2]>,
}

/// The paragraph of `text` holding the byte span `[start, end)`, trimmed to at
/// most `window` bytes either side of the span (on char boundaries), with the
/// span in characters of that paragraph when it lies inside it.
pub fn context_with_span(
    text: &str,
    start: usize,
    end: usize,
    window: usize,
) -> (&str, Option<[usize; 2]>) {
    let ctx = context(text, start, end, window);
    // `ctx` is a slice of `text`: its offset is the pointer difference.
    let lo = (ctx.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let span = (start >= lo && end <= lo + ctx.len() && start <= end).then(|| {
        let c = herald_core::Span::new(start - lo, end - lo).to_chars(ctx);
        [c.start, c.end]
    });
    (ctx, span)
}

/// The paragraph of `text` holding the byte span `[start, end)`, trimmed to at
/// most `window` bytes either side of the span (on char boundaries).
pub fn context(text: &str, start: usize, end: usize, window: usize) -> &str {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.clamp(start, text.len()));
    let para_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let para_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let lo = floor_boundary(text, para_start.max(start.saturating_sub(window)));
    let hi = floor_boundary(text, para_end.min(end.saturating_add(window)));
    text[lo..hi].trim()
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_paragraph_around_the_span() {
        let text = "First para.\nChina offered aid to Iraq on Tuesday.\nLast.";
        let s = text.find("offered").unwrap_or(0);
        assert_eq!(
            context(text, s, s + 7, 200),
            "China offered aid to Iraq on Tuesday."
        );
    }

    #[test]
    fn context_span_points_at_the_words_in_characters() {
        let text = "Intro.\n  Zürich’s mayor offered aid to Bern.\nEnd.";
        let s = text.find("offered").unwrap_or(0);
        let (ctx, span) = context_with_span(text, s, s + 7, 200);
        assert_eq!(ctx, "Zürich’s mayor offered aid to Bern.");
        let [a, b] = span.unwrap_or_default();
        assert_eq!(
            ctx.chars().skip(a).take(b - a).collect::<String>(),
            "offered"
        );
        assert_eq!(context_with_span(text, 100, 120, 10).1, None);
    }

    #[test]
    fn context_never_panics_on_bad_spans() {
        let text = "Zürich — Genève";
        for (a, b) in [(0, 100), (2, 3), (100, 200), (5, 1), (3, 4)] {
            let _ = context(text, a, b, 3);
        }
        assert_eq!(context("", 0, 5, 10), "");
    }

    #[test]
    fn context_window_cuts_long_paragraphs() {
        let text = format!("{}China offered aid.{}", "x".repeat(500), "y".repeat(500));
        let s = text.find("China").unwrap_or(0);
        let c = context(&text, s, s + 5, 20);
        assert!(c.contains("China offered aid.") && c.len() <= 45, "{c}");
    }
}

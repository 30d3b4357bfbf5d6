//! Human-readable tables and `--json` output for the query commands.

use anyhow::Result;
use herald_core::Reject;
use herald_store::{EventFilter, Store};

use crate::export::ArticleCache;
use crate::records::{ArticleRecord, EventRecord, StoryRecord, ThreadRecord};

/// Cuts `s` to at most `n` characters, with an ellipsis.
pub fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn day(s: &Option<String>) -> String {
    s.as_deref()
        .map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("-")
        .to_string()
}

pub fn stories(store: &Store, limit: usize, json: bool) -> Result<()> {
    let stories = store.stories(Some(limit))?;
    if json {
        for s in &stories {
            let thread = store.thread_of_story(&s.id)?;
            outln!(
                "{}",
                serde_json::to_string(&StoryRecord::new(s).with_thread(thread))?
            );
        }
        return Ok(());
    }
    outln!(
        "{:<20} {:>4}  {:<10}  {:<10}  TITLE",
        "STORY",
        "ARTS",
        "FIRST",
        "LAST"
    );
    for s in &stories {
        outln!(
            "{:<20} {:>4}  {:<10}  {:<10}  {}",
            trunc(&s.id, 20),
            s.articles.len(),
            day(&s.first_seen),
            day(&s.last_seen),
            trunc(&s.title, 70)
        );
    }
    Ok(())
}

/// Threads of two or more stories, most articles first.
pub fn threads(store: &Store, limit: usize, json: bool) -> Result<()> {
    let threads = store.threads_page(2, 0, Some(limit))?;
    if json {
        for t in &threads {
            outln!("{}", serde_json::to_string(&ThreadRecord::new(t))?);
        }
        return Ok(());
    }
    outln!(
        "{:<16} {:>4} {:>5}  {:<10}  {:<10}  FIRST STORY",
        "THREAD",
        "STOR",
        "ARTS",
        "FIRST",
        "LAST"
    );
    for t in &threads {
        let first = match t.stories.first() {
            Some(id) => store.story(id)?.map(|s| s.title).unwrap_or_default(),
            None => String::new(),
        };
        outln!(
            "{:<16} {:>4} {:>5}  {:<10}  {:<10}  {}",
            trunc(&t.id, 16),
            t.stories.len(),
            t.article_count,
            day(&t.first_seen),
            day(&t.last_seen),
            trunc(&first, 60)
        );
    }
    Ok(())
}

/// Prints whatever `id` names; false when nothing does.
pub fn show(store: &Store, id: &str, json: bool) -> Result<bool> {
    if let Some(a) = store.article(id)? {
        if json {
            outln!("{}", serde_json::to_string_pretty(&ArticleRecord::new(&a))?);
            return Ok(true);
        }
        outln!("article   {}", a.id);
        outln!(
            "title     {}",
            herald_core::article_label(a.title.as_deref(), &a.text)
        );
        outln!("published {}", a.published.as_deref().unwrap_or("unknown"));
        outln!("site      {}", a.site.as_deref().unwrap_or("-"));
        if let Some(u) = &a.url {
            outln!("url       {u}");
        }
        outln!("input     {}", a.input);
        if !a.authors.is_empty() {
            outln!("authors   {}", a.authors.join(", "));
        }
        if !a.cites.is_empty() {
            outln!("cites     {}", a.cites.join(", "));
        }
        outln!("story     {}", a.story.as_deref().unwrap_or("-"));
        for r in &a.relations {
            outln!(
                "relation  {} of {} (score {:.2})",
                r.kind.as_str(),
                r.article,
                r.score
            );
        }
        outln!("removed   {} lines", a.removed.len());
        for r in &a.removed {
            outln!("  - [{}] {}", r.reason, trunc(&r.text, 90));
        }
        let events = store.events(&EventFilter {
            article: Some(a.id.clone()),
            include_negated: true,
            ..Default::default()
        })?;
        outln!("events    {}", events.len());
        for e in &events {
            outln!(
                "  - {} {} → {} {} {}{}",
                e.id,
                e.source.code,
                e.target.code,
                e.cameo,
                e.plover,
                if e.negated { " (negated)" } else { "" }
            );
        }
        outln!();
        outln!("{}", a.text);
        return Ok(true);
    }
    if let Some(s) = store.story(id)? {
        let thread = store.thread_of_story(&s.id)?;
        if json {
            outln!(
                "{}",
                serde_json::to_string_pretty(&StoryRecord::new(&s).with_thread(thread))?
            );
            return Ok(true);
        }
        outln!("story     {}", s.id);
        outln!("title     {}", s.title);
        outln!("seen      {} … {}", day(&s.first_seen), day(&s.last_seen));
        if let Some(t) = &thread {
            outln!("thread    {t}");
        }
        if let Some(o) = &s.origin {
            outln!("origin    {o}");
        }
        if !s.sources.is_empty() {
            outln!("sources   {}", s.sources.join(", "));
        }
        outln!("articles  {}", s.articles.len());
        for aid in &s.articles {
            let t = store
                .article(aid)?
                .map(|a| herald_core::article_label(a.title.as_deref(), &a.text))
                .unwrap_or_else(|| "(deleted)".into());
            outln!("  - {aid}  {}", trunc(&t, 70));
        }
        return Ok(true);
    }
    if let Some(t) = store.thread(id)? {
        if json {
            outln!("{}", serde_json::to_string_pretty(&ThreadRecord::new(&t))?);
            return Ok(true);
        }
        outln!("thread    {}", t.id);
        outln!("seen      {} … {}", day(&t.first_seen), day(&t.last_seen));
        outln!("articles  {}", t.article_count);
        if !t.top_terms.is_empty() {
            outln!("terms     {}", t.top_terms.join(", "));
        }
        outln!("stories   {}", t.stories.len());
        for sid in &t.stories {
            match store.story(sid)? {
                Some(s) => outln!(
                    "  - {sid}  {} … {}  {:>3} art.  {}",
                    day(&s.first_seen),
                    day(&s.last_seen),
                    s.articles.len(),
                    trunc(&s.title, 60)
                ),
                None => outln!("  - {sid}  (not in the store)"),
            }
        }
        for r in &t.related {
            let gap = r.gap_days.map_or("-".to_string(), |g| format!("{g} days"));
            outln!("related   {}  score {:.2}, {gap} apart", r.thread, r.score);
        }
        return Ok(true);
    }
    if let Some(e) = store.event(id)? {
        let text = store
            .article(&e.article)?
            .map(|a| a.text)
            .unwrap_or_default();
        if json {
            outln!(
                "{}",
                serde_json::to_string_pretty(&EventRecord::new(&e, &text))?
            );
            return Ok(true);
        }
        outln!("event     {}", e.id);
        outln!("source    {} ({})", e.source.code, e.source.text);
        outln!("target    {} ({})", e.target.code, e.target.text);
        outln!(
            "action    CAMEO {} / PLOVER {} / QuadClass {} / Goldstein {:+.1}",
            e.cameo,
            e.plover,
            e.quad_class,
            e.goldstein
        );
        outln!("negated   {}", e.negated);
        outln!("date      {}", e.date.as_deref().unwrap_or("unknown"));
        outln!("place     {}", e.place.as_deref().unwrap_or("-"));
        outln!(
            "from      article {} sentence {} span {}..{}",
            e.article,
            e.sentence,
            e.span.start,
            e.span.end
        );
        outln!("pattern   {}", e.pattern);
        outln!("coded by  {}", herald_events::explain_pattern(&e.pattern));
        outln!("confidence {:.2}", e.confidence);
        outln!("text      {}", e.span.slice(&text));
        return Ok(true);
    }
    Ok(false)
}

pub fn search(store: &Store, query: &str, limit: usize, json: bool) -> Result<()> {
    let hits = store.search(query, limit)?;
    if json {
        for h in &hits {
            outln!("{}", serde_json::to_string(h)?);
        }
        return Ok(());
    }
    if hits.is_empty() {
        outln!("no matches for {query:?}");
    }
    for h in &hits {
        outln!("{}  {}  {}", h.id, day(&h.published), trunc(&h.label, 70));
        outln!("    {}", trunc(&h.snippet.replace('\n', " "), 110));
    }
    Ok(())
}

/// The events `filter` matches, one row per event however many articles
/// report it (with the mention, source and article counts), at most `limit`.
pub fn events(store: &Store, filter: &EventFilter, limit: usize, json: bool) -> Result<()> {
    let groups = herald_server::groups::group_stored(store, store.events(filter)?)?;
    let mut cache = ArticleCache::new(store);
    if json {
        for g in groups.iter().take(limit) {
            let text = cache
                .get(&g.first.article)?
                .map(|a| a.text.clone())
                .unwrap_or_default();
            outln!("{}", serde_json::to_string(&g.record(&text))?);
        }
        return Ok(());
    }
    outln!(
        "{:<10}  {:<10} {:<10} {:<5} {:<7} {:>5} {:>4}  TEXT",
        "DATE",
        "SOURCE",
        "TARGET",
        "CAMEO",
        "PLOVER",
        "GOLD",
        "MENT"
    );
    for g in groups.iter().take(limit) {
        let e = &g.first;
        let text = cache
            .get(&e.article)?
            .map(|a| e.span.slice(&a.text).to_string())
            .unwrap_or_default();
        outln!(
            "{:<10}  {:<10} {:<10} {:<5} {:<7} {:>+5.1} {:>4}  {}{}",
            day(&e.date),
            trunc(&e.source.code, 10),
            trunc(&e.target.code, 10),
            e.cameo,
            trunc(&e.plover, 7),
            e.goldstein,
            g.mentions.len(),
            if e.negated { "(negated) " } else { "" },
            trunc(&text.replace('\n', " "), 70)
        );
    }
    if groups.len() > limit {
        eprintln!(
            "… {} more events (--limit N shows more)",
            groups.len() - limit
        );
    }
    Ok(())
}

pub fn rejects(rejects: &[Reject], json: bool) -> Result<()> {
    for r in rejects {
        if json {
            outln!("{}", serde_json::to_string(r)?);
        } else {
            outln!("{r}");
        }
    }
    if !json && rejects.is_empty() {
        outln!("no rejects");
    }
    Ok(())
}

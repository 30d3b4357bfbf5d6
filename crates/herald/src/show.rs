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
            println!(
                "{}",
                serde_json::to_string(&StoryRecord::new(s).with_thread(thread))?
            );
        }
        return Ok(());
    }
    println!(
        "{:<20} {:>4}  {:<10}  {:<10}  TITLE",
        "STORY", "ARTS", "FIRST", "LAST"
    );
    for s in &stories {
        println!(
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
            println!("{}", serde_json::to_string(&ThreadRecord::new(t))?);
        }
        return Ok(());
    }
    println!(
        "{:<16} {:>4} {:>5}  {:<10}  {:<10}  FIRST STORY",
        "THREAD", "STOR", "ARTS", "FIRST", "LAST"
    );
    for t in &threads {
        let first = match t.stories.first() {
            Some(id) => store.story(id)?.map(|s| s.title).unwrap_or_default(),
            None => String::new(),
        };
        println!(
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
            println!("{}", serde_json::to_string_pretty(&ArticleRecord::new(&a))?);
            return Ok(true);
        }
        println!("article   {}", a.id);
        println!(
            "title     {}",
            herald_core::article_label(a.title.as_deref(), &a.text)
        );
        println!("published {}", a.published.as_deref().unwrap_or("unknown"));
        println!("site      {}", a.site.as_deref().unwrap_or("-"));
        if let Some(u) = &a.url {
            println!("url       {u}");
        }
        println!("input     {}", a.input);
        if !a.authors.is_empty() {
            println!("authors   {}", a.authors.join(", "));
        }
        if !a.cites.is_empty() {
            println!("cites     {}", a.cites.join(", "));
        }
        println!("story     {}", a.story.as_deref().unwrap_or("-"));
        for r in &a.relations {
            println!(
                "relation  {} of {} (score {:.2})",
                r.kind.as_str(),
                r.article,
                r.score
            );
        }
        println!("removed   {} lines", a.removed.len());
        for r in &a.removed {
            println!("  - [{}] {}", r.reason, trunc(&r.text, 90));
        }
        let events = store.events(&EventFilter {
            article: Some(a.id.clone()),
            include_negated: true,
            ..Default::default()
        })?;
        println!("events    {}", events.len());
        for e in &events {
            println!(
                "  - {} {} → {} {} {}{}",
                e.id,
                e.source.code,
                e.target.code,
                e.cameo,
                e.plover,
                if e.negated { " (negated)" } else { "" }
            );
        }
        println!();
        println!("{}", a.text);
        return Ok(true);
    }
    if let Some(s) = store.story(id)? {
        let thread = store.thread_of_story(&s.id)?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&StoryRecord::new(&s).with_thread(thread))?
            );
            return Ok(true);
        }
        println!("story     {}", s.id);
        println!("title     {}", s.title);
        println!("seen      {} … {}", day(&s.first_seen), day(&s.last_seen));
        if let Some(t) = &thread {
            println!("thread    {t}");
        }
        if let Some(o) = &s.origin {
            println!("origin    {o}");
        }
        if !s.sources.is_empty() {
            println!("sources   {}", s.sources.join(", "));
        }
        println!("articles  {}", s.articles.len());
        for aid in &s.articles {
            let t = store
                .article(aid)?
                .map(|a| herald_core::article_label(a.title.as_deref(), &a.text))
                .unwrap_or_else(|| "(deleted)".into());
            println!("  - {aid}  {}", trunc(&t, 70));
        }
        return Ok(true);
    }
    if let Some(t) = store.thread(id)? {
        if json {
            println!("{}", serde_json::to_string_pretty(&ThreadRecord::new(&t))?);
            return Ok(true);
        }
        println!("thread    {}", t.id);
        println!("seen      {} … {}", day(&t.first_seen), day(&t.last_seen));
        println!("articles  {}", t.article_count);
        if !t.top_terms.is_empty() {
            println!("terms     {}", t.top_terms.join(", "));
        }
        println!("stories   {}", t.stories.len());
        for sid in &t.stories {
            match store.story(sid)? {
                Some(s) => println!(
                    "  - {sid}  {} … {}  {:>3} art.  {}",
                    day(&s.first_seen),
                    day(&s.last_seen),
                    s.articles.len(),
                    trunc(&s.title, 60)
                ),
                None => println!("  - {sid}  (not in the store)"),
            }
        }
        for r in &t.related {
            let gap = r.gap_days.map_or("-".to_string(), |g| format!("{g} days"));
            println!("related   {}  score {:.2}, {gap} apart", r.thread, r.score);
        }
        return Ok(true);
    }
    if let Some(e) = store.event(id)? {
        let text = store
            .article(&e.article)?
            .map(|a| a.text)
            .unwrap_or_default();
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&EventRecord::new(&e, &text))?
            );
            return Ok(true);
        }
        println!("event     {}", e.id);
        println!("source    {} ({})", e.source.code, e.source.text);
        println!("target    {} ({})", e.target.code, e.target.text);
        println!(
            "action    CAMEO {} / PLOVER {} / QuadClass {} / Goldstein {:+.1}",
            e.cameo, e.plover, e.quad_class, e.goldstein
        );
        println!("negated   {}", e.negated);
        println!("date      {}", e.date.as_deref().unwrap_or("unknown"));
        println!("place     {}", e.place.as_deref().unwrap_or("-"));
        println!(
            "from      article {} sentence {} span {}..{}",
            e.article, e.sentence, e.span.start, e.span.end
        );
        println!("pattern   {}", e.pattern);
        println!("coded by  {}", herald_events::explain_pattern(&e.pattern));
        println!("confidence {:.2}", e.confidence);
        println!("text      {}", e.span.slice(&text));
        return Ok(true);
    }
    Ok(false)
}

pub fn search(store: &Store, query: &str, limit: usize, json: bool) -> Result<()> {
    let hits = store.search(query, limit)?;
    if json {
        for h in &hits {
            println!("{}", serde_json::to_string(h)?);
        }
        return Ok(());
    }
    if hits.is_empty() {
        println!("no matches for {query:?}");
    }
    for h in &hits {
        println!("{}  {}  {}", h.id, day(&h.published), trunc(&h.label, 70));
        println!("    {}", trunc(&h.snippet.replace('\n', " "), 110));
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
            println!("{}", serde_json::to_string(&g.record(&text))?);
        }
        return Ok(());
    }
    println!(
        "{:<10}  {:<10} {:<10} {:<5} {:<7} {:>5} {:>4}  TEXT",
        "DATE", "SOURCE", "TARGET", "CAMEO", "PLOVER", "GOLD", "MENT"
    );
    for g in groups.iter().take(limit) {
        let e = &g.first;
        let text = cache
            .get(&e.article)?
            .map(|a| e.span.slice(&a.text).to_string())
            .unwrap_or_default();
        println!(
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
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!("{r}");
        }
    }
    if !json && rejects.is_empty() {
        println!("no rejects");
    }
    Ok(())
}

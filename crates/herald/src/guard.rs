//! Fault isolation for one article's work: a panic in a per-article stage
//! becomes a [`Reject`] for that article (its reason names the stage, its
//! detail the panic message and place) and the batch goes on.
//!
//! The process panic hook is wrapped once: a panic inside a guarded stage is
//! not printed (no message and backtrace per article in a huge batch); the
//! first few are logged in one line each, all are rejects. Every other panic
//! goes to the hook that was installed before.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use herald_core::Reject;

/// Guarded panics logged one by one; later ones are only rejects.
const LOGGED: usize = 10;

thread_local! {
    /// A guarded stage runs on this thread: its panic is caught and recorded.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// `file:line` of the last guarded panic on this thread.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();
static PANICS: AtomicUsize = AtomicUsize::new(0);

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                LOCATION.with(|c| *c.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, the `stage` of the article `id` read from `input`; a panic
/// becomes a fatal reject (reason `panic-<stage>`).
pub fn stage<T>(input: &str, id: &str, stage: &str, f: impl FnOnce() -> T) -> Result<T, Reject> {
    install_hook();
    let outer = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        inject(id, stage);
        f()
    }));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|payload| {
        let at = LOCATION.with(|c| c.borrow_mut().take());
        let mut detail = format!("the {stage} stage panicked");
        if let Some(at) = at {
            detail.push_str(&format!(" at {at}"));
        }
        detail.push_str(&format!(": {} (article {id})", message(&*payload)));
        let n = PANICS.fetch_add(1, Ordering::Relaxed);
        if n < LOGGED {
            tracing::warn!("{input}: {detail}");
        } else if n == LOGGED {
            tracing::warn!("further stage panics are recorded as rejects only");
        }
        Reject::new(input, &format!("panic-{stage}"), detail)
    })
}

fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// Articles (id, stage) whose stage panics on purpose, for tests.
#[cfg(test)]
pub(crate) static FAULTS: std::sync::Mutex<Vec<(String, &'static str)>> =
    std::sync::Mutex::new(Vec::new());

fn inject(id: &str, stage: &str) {
    #[cfg(test)]
    {
        let faults = FAULTS.lock().unwrap_or_else(|p| p.into_inner());
        if faults.iter().any(|(i, s)| i == id && *s == stage) {
            drop(faults);
            panic!("injected fault");
        }
    }
    let _ = (id, stage);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_a_reject_naming_stage_message_and_place() {
        let ok = stage("in.jsonl:3", "a", "events", || 41 + 1);
        assert_eq!(ok, Ok(42));
        let words: Vec<&str> = Vec::new();
        let index = 7;
        let r = stage("in.jsonl:4", "b", "events", || words[index].len()).unwrap_err();
        assert_eq!(r.input, "in.jsonl:4");
        assert_eq!(r.reason, "panic-events");
        assert!(r.fatal);
        assert!(r.detail.starts_with("the events stage panicked at "), "{r}");
        assert!(r.detail.contains("guard.rs:"), "{r}");
        assert!(r.detail.contains("index out of bounds"), "{r}");
        assert!(r.detail.ends_with("(article b)"), "{r}");
        let owned = stage("x", "c", "language", || -> () { panic!("bad {}", 1) });
        assert!(owned.unwrap_err().detail.contains(": bad 1 (article c)"));
    }

    #[test]
    fn nested_guards_restore_the_outer_state() {
        let r = stage("x", "d", "extract", || {
            let inner = stage("x", "d", "language", || panic!("inner"));
            assert!(inner.is_err());
            // Still guarded: this panic is caught by the outer stage too.
            GUARDED.with(Cell::get)
        });
        assert_eq!(r, Ok(true));
        assert!(!GUARDED.with(Cell::get));
    }
}

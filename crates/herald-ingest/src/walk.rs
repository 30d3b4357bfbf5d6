//! Recursive folder walk in a deterministic order: entries sorted by name
//! (byte order), hidden entries (`.name`) skipped, symlinked folders followed
//! once (a link cycle is not walked twice).

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// What the walk found: a file, or a folder that could not be listed.
pub(crate) enum Found<'p> {
    File(&'p Path),
    Error(&'p Path, io::Error),
}

/// Calls `found` for each non-hidden file under `dir`, depth-first in sorted
/// order, and for each folder that can't be listed.
pub(crate) fn walk(dir: &Path, found: &mut dyn FnMut(Found<'_>)) {
    let mut seen = HashSet::new();
    walk_dir(dir, &mut seen, found);
}

fn walk_dir(dir: &Path, seen: &mut HashSet<PathBuf>, found: &mut dyn FnMut(Found<'_>)) {
    // Canonical paths catch symlink cycles; if canonicalising fails, the
    // listing below reports the problem.
    if let Ok(canon) = dir.canonicalize()
        && !seen.insert(canon)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => return found(Found::Error(dir, e)),
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found(Found::Error(dir, e));
                continue;
            }
        };
        if entry.file_name().as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow symlinks; `is_dir` on the path does.
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_symlink() => path.is_dir(),
            Ok(t) => t.is_dir(),
            Err(_) => path.is_dir(),
        };
        paths.push((path, is_dir));
    }
    paths.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    for (path, is_dir) in paths {
        if is_dir {
            walk_dir(&path, seen, found);
        } else {
            found(Found::File(&path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_recursive_without_hidden() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let root = tmp.path();
        for p in [
            "b/2.txt",
            "b/1.txt",
            "a.txt",
            "c/d/e.txt",
            ".hidden/x.txt",
            "b/.x.txt",
        ] {
            let full = root.join(p);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(full, "x")?;
        }
        let mut got = Vec::new();
        walk(root, &mut |f| {
            if let Found::File(p) = f {
                got.push(
                    p.strip_prefix(root)
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
            }
        });
        assert_eq!(got, ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn symlink_cycles_are_walked_once() -> io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let root = tmp.path();
        std::fs::create_dir_all(root.join("a"))?;
        std::fs::write(root.join("a/x.txt"), "x")?;
        std::os::unix::fs::symlink(root, root.join("a/loop"))?;
        let mut n = 0;
        walk(root, &mut |f| {
            if let Found::File(_) = f {
                n += 1;
            }
        });
        assert_eq!(n, 1);
        Ok(())
    }
}

use std::path::PathBuf;

/// The shared data folder (evaluation sets, training data, seeds): env
/// `HERALD_SHARED`; else `../shared` from the working directory (the repo
/// root, as CI runs); else `../shared` beside this source tree (tests and
/// examples run from a crate's folder). The path may not exist: callers say
/// so clearly when they need it.
pub fn shared_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("HERALD_SHARED") {
        return PathBuf::from(p);
    }
    let cwd = PathBuf::from("../shared");
    if cwd.is_dir() {
        return cwd;
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
}

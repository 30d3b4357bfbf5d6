//! A small pool of store connections. A rusqlite connection is `Send` but not
//! `Sync`, so each request takes one, uses it on a blocking thread and puts it
//! back; SQLite in WAL mode lets these readers run beside a writer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use herald_store::Store;

use crate::error::{ApiError, ServeError};

pub struct StorePool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    max_idle: usize,
}

impl StorePool {
    /// Opens one connection to check the database is there and readable.
    pub fn open(path: &Path, max_idle: usize) -> Result<Arc<StorePool>, ServeError> {
        // Store::open would create an empty database: a server over nothing
        // is a typo in --db, not an intent.
        if !path.is_file() {
            return Err(ServeError::NoDatabase(path.display().to_string()));
        }
        let first = Store::open_read_only(path)?;
        Ok(Arc::new(StorePool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
            max_idle: max_idle.max(1),
        }))
    }

    /// Runs `f` with a connection on tokio's blocking pool.
    pub async fn with<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let store = pool.take()?;
            let out = f(&store);
            pool.give(store);
            out
        })
        .await
        .map_err(|e| ApiError::Internal(format!("request task failed: {e}")))?
    }

    fn take(&self) -> Result<Store, ApiError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(s) => Ok(s),
            None => Ok(Store::open_read_only(&self.path)?),
        }
    }

    fn give(&self, store: Store) {
        if let Ok(mut v) = self.idle.lock()
            && v.len() < self.max_idle
        {
            v.push(store);
        }
    }
}

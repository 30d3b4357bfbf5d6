//! `herald serve`: the read-only JSON API and web UI (crate herald-server)
//! over the store named by `--db`.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (use 0.0.0.0:PORT to serve other machines).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Most database connections (concurrent requests) at once.
    #[arg(long, default_value_t = 8)]
    pub connections: usize,
}

pub fn run(db: &Path, args: &ServeArgs, quiet: bool) -> Result<ExitCode> {
    let config = herald_server::Config {
        db: db.to_path_buf(),
        addr: args.addr,
        connections: args.connections.max(1),
    };
    herald_server::run(&config, |addr| {
        if !quiet {
            eprintln!(
                "herald: serving {} at http://{addr}/ (API at /api; Ctrl-C stops)",
                db.display()
            );
        }
    })
    .with_context(|| format!("serving {}", db.display()))?;
    Ok(ExitCode::SUCCESS)
}

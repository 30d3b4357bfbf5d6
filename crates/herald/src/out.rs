//! Standard output that fails cleanly: `println!` panics when stdout cannot
//! be written (`herald status > /dev/full`); these return an error instead,
//! which `main` reports as `herald: error: writing to standard output: …`
//! with exit code 2.

use std::io::Write;

/// Like `println!`, but `?`-returns an error when stdout cannot be written.
macro_rules! outln {
    () => {
        $crate::out::write(format_args!("\n"))?
    };
    ($($arg:tt)*) => {
        $crate::out::write(format_args!("{}\n", format_args!($($arg)*)))?
    };
}

/// Like `print!`, but `?`-returns an error when stdout cannot be written.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::out::write(format_args!($($arg)*))?
    };
}

/// Writes to the locked stdout.
pub(crate) fn write(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    std::io::stdout()
        .lock()
        .write_fmt(args)
        .map_err(|e| anyhow::Error::new(e).context("writing to standard output"))
}

/// Flushes stdout (a last partial line), with the same error.
pub(crate) fn flush() -> anyhow::Result<()> {
    std::io::stdout()
        .lock()
        .flush()
        .map_err(|e| anyhow::Error::new(e).context("writing to standard output"))
}

/// True when `e` is a closed pipe on stdout (`herald export | head` where
/// SIGPIPE is ignored): the reader went away, which is not an error.
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

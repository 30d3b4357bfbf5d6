//! Herald as a library: the pipeline wiring, the public JSON records and the
//! exports, shared by the `herald` binary and the Python package
//! (`crates/herald-py`), so that both run one implementation of every stage.

pub mod embed;
pub mod export;
pub mod guard;
pub mod pipeline;
pub mod records;

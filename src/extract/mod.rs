//! Extract: article text in, typed facts out. Pure: no I/O.

pub mod model;

pub use model::*;

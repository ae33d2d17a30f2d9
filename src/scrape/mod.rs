//! Scrape: page bytes in, title / date / body / links out. Pure: no I/O.

pub mod feed;

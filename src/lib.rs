//! orewatch: fetch metals and markets news, extract facts, store them, brief
//! and alert subscribers. Each stage is a module; `pipeline::run_cycle` runs
//! one cycle of them all.

pub mod alerts;
pub mod extract;
pub mod fetch;
pub mod notify;
pub mod report;
pub mod scrape;
pub mod store;

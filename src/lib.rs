//! orewatch: fetch metals and markets news, extract facts, store them, brief
//! and alert subscribers.
//!
//! The data flow, one module per stage:
//! [`fetch`] (bytes) -> [`scrape`] (title, date, body) -> [`extract`] (facts)
//! -> [`store`] (SQLite; [`alerts`] evaluated in the same transaction) ->
//! [`report`] (the briefing) -> [`notify`] (mail). [`analyze`] joins scrape
//! and extract for one page; [`pipeline`] runs a whole cycle, called by the
//! [`daemon`], by `run --once` and by the tests.

pub mod alerts;
pub mod analyze;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod durable;
pub mod extract;
pub mod fetch;
pub mod notify;
pub mod pipeline;
pub mod report;
pub mod scrape;
pub mod serve;
pub mod store;

//! The commands' work beyond parsing their options, one module each, so `main.rs` stays the
//! parser and the dispatch.

pub mod annotate;

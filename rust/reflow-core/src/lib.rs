//! reflow's native core: the parts of reflow's Python engine that run per
//! character, re-expressed in Rust without any Python in them.
//!
//! The Python modules stay the specification and the oracle:
//! `tests/test_differential.py` checks this crate (through `reflow._native`)
//! against them. Text is a slice of code points (`&[u32]`), which is what a
//! Python `str` is: lone surrogates are ordinary code points, offsets are
//! Python string indices.
//!
//! - [`normalize`]: the text rules of `normalize.py` (`fold_characters`, the
//!   rules `Normalizer` runs per block kind, `changed_characters`).
//! - [`lines`]: the line table of `lines.split_lines`.
//! - [`chars`]: the character classes of `chars.py`, from the generated
//!   `tables.rs` (`python rust/gen_tables.py`).

pub mod chars;
pub mod lines;
pub mod normalize;
pub mod tables;

/// The code points of a Rust string (for tests and Rust callers).
pub fn code_points(text: &str) -> Vec<u32> {
    text.chars().map(|c| c as u32).collect()
}

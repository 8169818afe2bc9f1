//! Layout stages 1-3 (`layout.py`): jump markers split off, line features,
//! the column model. OWNER: the layout port.

use std::collections::HashMap;

use crate::model::{Columns, Features, JumpMarker, Lines, Options};

/// `layout.CHAR`, `layout.HANG`.
pub const CHAR: i64 = 4;
pub const HANG: i64 = 2;

/// `layout.split_markers`.
pub fn split_markers(_t: Lines) -> (Lines, HashMap<usize, JumpMarker>) {
    todo!("layout port")
}

/// `layout.line_features` (with `_split_running_heads`, `_meaningful_gaps`, `_pause_stop`).
pub fn line_features(_t: &Lines, _markers: HashMap<usize, JumpMarker>, _options: &Options) -> Features {
    todo!("layout port")
}

/// `layout.is_terminal`.
pub fn is_terminal(_text: &[u32]) -> bool {
    todo!("layout port")
}

/// `layout.tolerance`.
pub fn tolerance(set_width: i64) -> i64 {
    HANG.max((set_width / 11).min(6))
}

impl Columns {
    /// `Columns.tol`.
    pub fn tol(&self, set_width: i64) -> i64 {
        tolerance(set_width).max(self.spread)
    }
}

/// `layout.segment_columns` (with `_palette`, `_spread`, `_disagreement`, `_emit`, `_refine`, `_indent_style`).
pub fn segment_columns(_t: &Lines, _f: &Features, _options: &Options) -> Columns {
    todo!("layout port")
}

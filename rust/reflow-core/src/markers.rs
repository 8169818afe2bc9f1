//! Jump markers (`markers.py`): 下转A2版①, （上接第一版）, (转4版).
//! OWNER: the grammar port.

use crate::model::JumpMarker;

/// `markers.MAX_MARKER_CHARS`.
pub const MAX_MARKER_CHARS: usize = 40;

/// `markers.parse_marker`: the whole text is one marker.
pub fn parse_marker(_text: &[u32]) -> Option<JumpMarker> {
    todo!("grammar port")
}

/// `markers.split_trailing_marker`: (the text before, the marker) of a line that ends with one.
pub fn split_trailing_marker(_line: &[u32]) -> Option<(Vec<u32>, JumpMarker)> {
    todo!("grammar port")
}

/// `markers.split_leading_marker`: (the marker, the rest) of a line that opens with one.
pub fn split_leading_marker(_line: &[u32]) -> Option<(JumpMarker, Vec<u32>)> {
    todo!("grammar port")
}

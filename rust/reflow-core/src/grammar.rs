//! Line grammars (`patterns.py`): bylines, datelines, running heads, folios,
//! lone names. OWNER: the grammar port. The patterns are Python's own
//! pattern strings (generated, never retyped), compiled once.

/// `patterns.MAX_GRAMMAR_CHARS`.
pub const MAX_GRAMMAR_CHARS: usize = 60;

/// `patterns.is_byline`.
pub fn is_byline(_text: &[u32]) -> bool {
    todo!("grammar port")
}

/// `patterns.dateline_length`: the length (code points) of the dateline opening the text, 0 for none.
pub fn dateline_length(_text: &[u32]) -> usize {
    todo!("grammar port")
}

/// `patterns.is_running_head`.
pub fn is_running_head(_text: &[u32]) -> bool {
    todo!("grammar port")
}

/// `patterns.is_folio`.
pub fn is_folio(_text: &[u32]) -> bool {
    todo!("grammar port")
}

/// `patterns.is_name`.
pub fn is_name(_text: &[u32]) -> bool {
    todo!("grammar port")
}

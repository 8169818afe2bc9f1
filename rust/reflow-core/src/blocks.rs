//! The block table (`blocks.py`): grouping, typing, wrapped headlines.
//! OWNER: the decide/blocks port.

use crate::model::{Layout, Options, RawBlock};

/// `blocks.join_texts`.
pub fn join_texts(_parts: &[&[u32]]) -> Vec<u32> {
    todo!("blocks port")
}

/// `blocks.group`.
pub fn group(_layout: &Layout) -> Vec<RawBlock> {
    todo!("blocks port")
}

/// `blocks.classify`.
pub fn classify(_blocks: &mut [RawBlock], _layout: &Layout, _options: &Options) {
    todo!("blocks port")
}

/// `blocks.is_headline_text`.
pub fn is_headline_text(_text: &[u32], _options: &Options) -> bool {
    todo!("blocks port")
}

/// `blocks.merge_wrapped_headlines`.
pub fn merge_wrapped_headlines(_blocks: Vec<RawBlock>, _layout: &Layout, _options: &Options) -> Vec<RawBlock> {
    todo!("blocks port")
}

//! Layout stage 4 (`layout.decide` and its helpers): the rule at every
//! boundary. OWNER: the decide/blocks port.

use crate::model::{Columns, Features, Lines, Options, Rule};

/// `layout.decide`.
pub fn decide(_t: &Lines, _f: &Features, _cols: &Columns, _options: &Options) -> Vec<Rule> {
    todo!("decide port")
}

//! Numbers stated in sentences, mapped to `legacy.*` ids.

use std::collections::BTreeMap;

use super::{FieldValue, Flag};
use crate::value::Span;

#[derive(Debug, Default)]
pub struct ProseFound {
    pub fields: BTreeMap<String, FieldValue>,
    pub flags: Vec<Flag>,
    pub all_answered: Option<Span>,
}

pub fn extract(_text: &str) -> ProseFound {
    ProseFound::default()
}

/// The template field a prose quantity restates, for the `N-*` cross-check.
pub fn template_equivalent(id: &str) -> Option<&'static str> {
    match id {
        "legacy.requests.received" => Some("t3.new.total"),
        _ => None,
    }
}

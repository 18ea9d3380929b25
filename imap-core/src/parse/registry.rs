//! The registration point through which extensions add parsers for their own response
//! keywords, response codes and FETCH items.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use super::cursor::{Cursor, CursorError};
use crate::response::ExtensionValue;

/// Parses an untagged response's data after its keyword; gets the number that preceded the
/// keyword (`* 5 KEYWORD`), if any.
pub type UntaggedParser = dyn Fn(&mut Cursor<'_>, Option<u32>) -> Result<ExtensionValue, CursorError> + Send + Sync;

/// Parses a response code's arguments (after the code name, up to the closing `]`), or a FETCH
/// item's value (after the item name and its space).
pub type ItemParser = dyn Fn(&mut Cursor<'_>) -> Result<ExtensionValue, CursorError> + Send + Sync;

/// Parsers that extensions registered, by upper-cased keyword. The core consults it only for
/// keywords it does not know itself, so an extension can never change how core responses parse.
#[derive(Clone, Default)]
pub struct ParserRegistry {
    untagged: HashMap<String, Arc<UntaggedParser>>,
    codes: HashMap<String, Arc<ItemParser>>,
    fetch_items: HashMap<String, Arc<ItemParser>>,
}

impl ParserRegistry {
    /// Registers the parser for untagged responses with `keyword` (`* QUOTA ...`).
    pub fn register_untagged(
        &mut self,
        keyword: &str,
        parser: impl Fn(&mut Cursor<'_>, Option<u32>) -> Result<ExtensionValue, CursorError> + Send + Sync + 'static,
    ) {
        self.untagged.insert(keyword.to_ascii_uppercase(), Arc::new(parser));
    }

    /// Registers the parser for the response code `name` (`[NAME args]`).
    pub fn register_code(
        &mut self,
        name: &str,
        parser: impl Fn(&mut Cursor<'_>) -> Result<ExtensionValue, CursorError> + Send + Sync + 'static,
    ) {
        self.codes.insert(name.to_ascii_uppercase(), Arc::new(parser));
    }

    /// Registers the parser for the FETCH item `name` (`X-GM-LABELS (...)`).
    pub fn register_fetch_item(
        &mut self,
        name: &str,
        parser: impl Fn(&mut Cursor<'_>) -> Result<ExtensionValue, CursorError> + Send + Sync + 'static,
    ) {
        self.fetch_items.insert(name.to_ascii_uppercase(), Arc::new(parser));
    }

    /// Adds every parser of `other` (later registrations win).
    pub fn merge(&mut self, other: &ParserRegistry) {
        self.untagged.extend(other.untagged.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.codes.extend(other.codes.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.fetch_items.extend(other.fetch_items.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    pub(crate) fn untagged(&self, keyword: &[u8]) -> Option<&Arc<UntaggedParser>> {
        lookup(&self.untagged, keyword)
    }

    pub(crate) fn code(&self, name: &[u8]) -> Option<&Arc<ItemParser>> {
        lookup(&self.codes, name)
    }

    pub(crate) fn fetch_item(&self, name: &[u8]) -> Option<&Arc<ItemParser>> {
        lookup(&self.fetch_items, name)
    }
}

fn lookup<'r, T: ?Sized>(map: &'r HashMap<String, Arc<T>>, keyword: &[u8]) -> Option<&'r Arc<T>> {
    if map.is_empty() {
        return None;
    }
    let key = std::str::from_utf8(keyword).ok()?.to_ascii_uppercase();
    map.get(&key)
}

impl fmt::Debug for ParserRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParserRegistry")
            .field("untagged", &sorted_keys(&self.untagged))
            .field("codes", &sorted_keys(&self.codes))
            .field("fetch_items", &sorted_keys(&self.fetch_items))
            .finish()
    }
}

fn sorted_keys<T: ?Sized>(map: &HashMap<String, Arc<T>>) -> Vec<&str> {
    let mut keys: Vec<_> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

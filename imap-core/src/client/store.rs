//! The untagged-response store: what the server said that no method consumed, filed by keyword
//! like imaplib's `untagged_responses`, and read (and cleared) with `response(keyword)`.

use std::collections::{HashMap, VecDeque};

use crate::response::{Code, Data, Status};

/// One stored untagged item.
#[derive(Debug, Clone, PartialEq)]
pub enum Untagged {
    /// Untagged data (`* 3 EXISTS`, `* QUOTA ...`).
    Data(Data),
    /// An untagged status response (`* OK ...`, `* NO ...`, `* BYE ...`), filed under its kind.
    Status(Status),
    /// A response code, filed under its name (`UIDNEXT`, `READ-WRITE`, `ALERT`, ...).
    Code(Code),
}

/// Unclaimed untagged responses by upper-case keyword, oldest first.
#[derive(Debug)]
pub(crate) struct UntaggedStore {
    map: HashMap<String, VecDeque<Untagged>>,
    limit: usize,
}

impl UntaggedStore {
    pub(crate) fn new(limit: usize) -> Self {
        UntaggedStore { map: HashMap::new(), limit: limit.max(1) }
    }

    pub(crate) fn push(&mut self, keyword: &str, item: Untagged) {
        let list = self.map.entry(keyword.to_ascii_uppercase()).or_default();
        if list.len() == self.limit {
            list.pop_front();
            tracing::warn!(keyword, limit = self.limit, "untagged response store full: dropped the oldest entry");
        }
        list.push_back(item);
    }

    /// Takes every item filed under `keyword` (ASCII case ignored).
    pub(crate) fn take(&mut self, keyword: &str) -> Vec<Untagged> {
        self.map.remove(&keyword.to_ascii_uppercase()).map(Vec::from).unwrap_or_default()
    }

    /// The items filed under `keyword`, left in place.
    #[cfg(test)]
    pub(crate) fn peek(&self, keyword: &str) -> impl Iterator<Item = &Untagged> {
        self.map.get(&keyword.to_ascii_uppercase()).into_iter().flatten()
    }

    /// The keywords with items.
    pub(crate) fn keywords(&self) -> Vec<String> {
        let mut keys: Vec<_> = self.map.keys().cloned().collect();
        keys.sort();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_by_keyword_and_takes_once() {
        let mut store = UntaggedStore::new(2);
        store.push("exists", Untagged::Data(Data::Exists(1)));
        store.push("EXISTS", Untagged::Data(Data::Exists(2)));
        store.push("Exists", Untagged::Data(Data::Exists(3)));
        assert_eq!(store.peek("EXISTS").count(), 2, "bounded");
        assert_eq!(store.take("exists"), [Untagged::Data(Data::Exists(2)), Untagged::Data(Data::Exists(3))]);
        assert!(store.take("EXISTS").is_empty());
    }
}

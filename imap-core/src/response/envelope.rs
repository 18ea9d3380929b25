//! ENVELOPE (RFC 3501 section 7.4.2): the parsed top-level header fields of a message.

use crate::types::{IString, NString};

/// A message's envelope. Strings are as the server sent them: RFC 2047 encoded words are not
/// decoded here.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Envelope {
    /// `Date:`.
    pub date: NString,
    /// `Subject:`.
    pub subject: NString,
    /// `From:`.
    pub from: Vec<Address>,
    /// `Sender:` (servers fill in `From:` when it is absent).
    pub sender: Vec<Address>,
    /// `Reply-To:` (servers fill in `From:` when it is absent).
    pub reply_to: Vec<Address>,
    /// `To:`.
    pub to: Vec<Address>,
    /// `Cc:`.
    pub cc: Vec<Address>,
    /// `Bcc:`.
    pub bcc: Vec<Address>,
    /// `In-Reply-To:`.
    pub in_reply_to: NString,
    /// `Message-ID:`.
    pub message_id: NString,
}

/// One address of an envelope address list. Group syntax (RFC 2822 `group: a, b;`) is sent as a
/// start marker (no host, `mailbox` holds the group name), the members, and an end marker (no
/// mailbox, no host); [`Address::is_group_start`] / [`Address::is_group_end`] tell them apart and
/// [`groups`] folds a list into groups.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Address {
    /// Display name (`addr-name`).
    pub name: NString,
    /// Source route (`addr-adl`), obsolete.
    pub adl: NString,
    /// Local part, or the group name of a group start marker (`addr-mailbox`).
    pub mailbox: NString,
    /// Domain (`addr-host`); NIL in group markers.
    pub host: NString,
}

impl Address {
    /// True for the marker that opens a group (`host` is NIL, `mailbox` names the group).
    pub fn is_group_start(&self) -> bool {
        self.host.is_none() && self.mailbox.is_some()
    }

    /// True for the marker that closes a group (`mailbox` and `host` are NIL).
    pub fn is_group_end(&self) -> bool {
        self.host.is_none() && self.mailbox.is_none()
    }
}

/// An address list entry with group syntax folded in.
#[derive(Debug, Clone, PartialEq)]
pub enum AddressEntry<'a> {
    /// A plain address.
    Single(&'a Address),
    /// A named group and its members (possibly none: `undisclosed-recipients:;`).
    Group {
        /// The group's display name.
        name: &'a IString,
        /// The members.
        members: Vec<&'a Address>,
    },
}

/// Folds an address list's group markers into [`AddressEntry::Group`]s. An unterminated group
/// ends with the list; a stray end marker is skipped.
pub fn groups(addresses: &[Address]) -> Vec<AddressEntry<'_>> {
    let mut out = Vec::new();
    let mut open: Option<(&IString, Vec<&Address>)> = None;
    for address in addresses {
        match (&address.mailbox, address.host.is_none()) {
            (Some(name), true) => {
                if let Some((name, members)) = open.take() {
                    out.push(AddressEntry::Group { name, members });
                }
                open = Some((name, Vec::new()));
            }
            (None, true) => {
                if let Some((name, members)) = open.take() {
                    out.push(AddressEntry::Group { name, members });
                }
            }
            _ => match &mut open {
                Some((_, members)) => members.push(address),
                None => out.push(AddressEntry::Single(address)),
            },
        }
    }
    if let Some((name, members)) = open {
        out.push(AddressEntry::Group { name, members });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(mailbox: Option<&str>, host: Option<&str>) -> Address {
        Address { mailbox: mailbox.map(IString::from), host: host.map(IString::from), ..Default::default() }
    }

    #[test]
    fn folds_groups() {
        let list = vec![
            addr(Some("a"), Some("x.org")),
            addr(Some("team"), None),
            addr(Some("b"), Some("y.org")),
            addr(Some("c"), Some("y.org")),
            addr(None, None),
            addr(Some("undisclosed-recipients"), None),
            addr(None, None),
        ];
        let entries = groups(&list);
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0], AddressEntry::Single(&list[0]));
        match &entries[1] {
            AddressEntry::Group { name, members } => {
                assert_eq!(*name, "team");
                assert_eq!(members.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&entries[2], AddressEntry::Group { members, .. } if members.is_empty()));
        assert!(list[1].is_group_start() && list[4].is_group_end());
    }
}

//! ENVELOPE (RFC 3501 section 7.4.2): the parsed top-level header fields of a message.

use std::fmt;

use crate::types::{IString, NString};

/// A message's envelope. Strings are as the server sent them: RFC 2047 encoded words are not
/// decoded here.
///
/// The six address lists share one buffer (one allocation instead of six); read them with
/// [`Envelope::from`], [`Envelope::to`], ... An address list the server sent as NIL is empty.
#[derive(Clone, PartialEq, Default)]
pub struct Envelope {
    /// `Date:`.
    pub date: NString,
    /// `Subject:`.
    pub subject: NString,
    /// `In-Reply-To:`.
    pub in_reply_to: NString,
    /// `Message-ID:`.
    pub message_id: NString,
    addresses: Vec<Address>,
    /// Where each of the six lists ends in `addresses`.
    ends: [u32; 6],
}

/// The address lists of an envelope, in the order ENVELOPE sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressField {
    /// `From:`.
    From = 0,
    /// `Sender:`.
    Sender = 1,
    /// `Reply-To:`.
    ReplyTo = 2,
    /// `To:`.
    To = 3,
    /// `Cc:`.
    Cc = 4,
    /// `Bcc:`.
    Bcc = 5,
}

impl AddressField {
    /// All six, in wire order.
    pub const ALL: [AddressField; 6] = [
        AddressField::From,
        AddressField::Sender,
        AddressField::ReplyTo,
        AddressField::To,
        AddressField::Cc,
        AddressField::Bcc,
    ];
}

impl Envelope {
    /// An envelope from its fields; `lists` holds From, Sender, Reply-To, To, Cc and Bcc.
    pub fn new(
        date: NString,
        subject: NString,
        lists: [Vec<Address>; 6],
        in_reply_to: NString,
        message_id: NString,
    ) -> Self {
        let mut envelope = Envelope { date, subject, in_reply_to, message_id, ..Default::default() };
        for (i, list) in lists.into_iter().enumerate() {
            envelope.addresses.extend(list);
            envelope.end_list(i);
        }
        envelope
    }

    /// Where the parser appends addresses, list after list.
    pub(crate) fn addresses_mut(&mut self) -> &mut Vec<Address> {
        &mut self.addresses
    }

    /// Closes list `list` (0 for From up to 5 for Bcc): it holds the addresses appended since
    /// the list before it was closed. Lists are closed in order, each once.
    pub(crate) fn end_list(&mut self, list: usize) {
        let end = u32::try_from(self.addresses.len()).unwrap_or(u32::MAX);
        if let Some(slot) = self.ends.get_mut(list) {
            *slot = end;
        }
    }

    /// One address list.
    pub fn addresses(&self, field: AddressField) -> &[Address] {
        let i = field as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.addresses[start..self.ends[i] as usize]
    }

    /// `From:`.
    pub fn from(&self) -> &[Address] {
        self.addresses(AddressField::From)
    }

    /// `Sender:` (servers fill in `From:` when it is absent).
    pub fn sender(&self) -> &[Address] {
        self.addresses(AddressField::Sender)
    }

    /// `Reply-To:` (servers fill in `From:` when it is absent).
    pub fn reply_to(&self) -> &[Address] {
        self.addresses(AddressField::ReplyTo)
    }

    /// `To:`.
    pub fn to(&self) -> &[Address] {
        self.addresses(AddressField::To)
    }

    /// `Cc:`.
    pub fn cc(&self) -> &[Address] {
        self.addresses(AddressField::Cc)
    }

    /// `Bcc:`.
    pub fn bcc(&self) -> &[Address] {
        self.addresses(AddressField::Bcc)
    }
}

impl fmt::Debug for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Envelope")
            .field("date", &self.date)
            .field("subject", &self.subject)
            .field("from", &self.from())
            .field("sender", &self.sender())
            .field("reply_to", &self.reply_to())
            .field("to", &self.to())
            .field("cc", &self.cc())
            .field("bcc", &self.bcc())
            .field("in_reply_to", &self.in_reply_to)
            .field("message_id", &self.message_id)
            .finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Envelope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Envelope", 10)?;
        s.serialize_field("date", &self.date)?;
        s.serialize_field("subject", &self.subject)?;
        s.serialize_field("from", self.from())?;
        s.serialize_field("sender", self.sender())?;
        s.serialize_field("reply_to", self.reply_to())?;
        s.serialize_field("to", self.to())?;
        s.serialize_field("cc", self.cc())?;
        s.serialize_field("bcc", self.bcc())?;
        s.serialize_field("in_reply_to", &self.in_reply_to)?;
        s.serialize_field("message_id", &self.message_id)?;
        s.end()
    }
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

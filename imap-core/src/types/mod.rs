//! Protocol value types that cannot hold invalid values.
//!
//! Values built by a caller are checked on construction (an [`Atom`] has no space, a
//! [`Quoted`] has no CR or LF, a [`Tag`] has no `+`), so the encoder never has to refuse them
//! later and nothing a caller passes can break the framing of a command.

pub(crate) mod chars;

mod atom;
mod capability;
mod datetime;
mod error;
mod flag;
mod mailbox;
mod secret;
mod sequence;
pub(crate) mod string;
mod tag;
pub mod utf7;

pub use atom::Atom;
pub use capability::{Capability, CapabilitySet};
pub use datetime::InternalDate;
pub use error::ValueError;
pub use flag::{Flag, FlagPerm};
pub use mailbox::Mailbox;
pub use secret::Secret;
pub use sequence::{SeqBound, SeqRange, SequenceSet};
pub use string::{AString, IString, Literal, Literal8, LiteralMode, NString, Quoted};
pub use tag::{Tag, TagGenerator};

//! Random FETCH flag lists (RFC 3501 `flag-fetch`).

use crate::rng::Rng;

/// Flags with the chance (per mille) that a message carries each one.
///
/// Order is fixed so output is deterministic; servers list flags in a
/// stable order too. `\Recent` is only valid in FETCH responses
/// (`flag-fetch`), which is the only place these lists go.
const FLAGS: &[(&str, u64)] = &[
    ("\\Seen", 780),
    ("\\Answered", 140),
    ("\\Flagged", 70),
    ("\\Deleted", 15),
    ("\\Draft", 8),
    ("\\Recent", 30),
    ("$Forwarded", 50),
    ("$MDNSent", 25),
    ("$Junk", 15),
    ("$NotJunk", 90),
    ("NonJunk", 110),
    ("Junk", 5),
    ("project-x", 30),
    ("$label1", 20),
    ("$Phishing", 3),
];

/// Appends `(flag flag ...)`; about one list in eight is empty `()`.
pub(crate) fn write_flags(out: &mut Vec<u8>, rng: &mut Rng) {
    out.push(b'(');
    let mut first = true;
    for &(flag, per_mille) in FLAGS {
        if rng.chance(per_mille) {
            if !first {
                out.push(b' ');
            }
            first = false;
            out.extend_from_slice(flag.as_bytes());
        }
    }
    out.push(b')');
}

//! The plain-text script format.
//!
//! One line of the conversation per script line:
//!
//! | line | meaning |
//! |---|---|
//! | `S: text` | the server sends `text` and a line end |
//! | `C: text` | the client must send a line matching `text` |
//! | `R: bytes` | the server sends exactly these bytes, no line end added (`\r`, `\n`, `\t`, `\\`, `\xNN` escapes; `$name` captures filled in) |
//! | `# ...`, blank | comments |
//! | `! unordered` ... `! end` | the `C:`/`S:` pairs inside may come in any order |
//! | `! delay 50ms` | wait (`ms` or `s`) |
//! | `! drop` | close the connection |
//! | `! hang` | stop answering; the connection stays open |
//! | `! starttls` | run the TLS handshake (after the `S:` line that answers STARTTLS) |
//! | `! output whole`, `! output byte-at-a-time`, `! output chunked SEED MAX` | split the server's writes like this from here on |
//!
//! Consecutive `C:` lines are messages the client may pipeline: the server reads all of them
//! before it sends what follows. A line that ends with a literal announcement (`{5}`, `{5+}`)
//! is followed by the literal's content, written as the next lines (they are joined with CRLF,
//! exactly as on the wire). Before a synchronizing client literal the server sends `+ Ready for
//! literal data`, or the text of an `S: + ...` line written right after the announcing `C:`
//! line. Captured conversations therefore paste in as they are. A `C:` line announcing a
//! synchronizing literal followed directly by an `S:` line that is not a continuation is a
//! *refused* literal: the server reads the line, does not send `+`, and answers with that
//! `S:` line (`S: A1 NO [TOOBIG] too large`). In client lines `{5$*}` accepts the literal
//! announced either way (`{5}` or `{5+}`), for clients that choose by capability.
//!
//! In `C:` lines:
//! - a plain first word followed by more (`C: A1 LOGIN ...`) stands for whatever tag the client
//!   uses; `S:` lines starting with that word get the client's real tag;
//! - `$name` (a name starting with a lower-case letter or `_`) matches a token (no space, CR,
//!   LF or parentheses) and binds it on first use; later uses must match the same bytes, and
//!   `S:` and `R:` lines may use `$name` to echo it. Keywords such as `$Forwarded` stay text;
//! - `$*` matches any bytes; `$$` is a literal `$`.
//!
//! [`MockOptions`](crate::MockOptions) adds faults that apply to a whole conversation: bare LF
//! line ends, split output, a connection cut after N bytes (`drop_after`), and case-insensitive
//! matching of exact parts (`ignore_case`).

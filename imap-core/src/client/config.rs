//! Client settings.

use std::sync::Arc;
use std::time::Duration;

use crate::decode::Limits;
use crate::parse::ParserRegistry;

/// Settings for a connection; the defaults suit most servers.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a command may take before it fails with [`Error::Timeout`](super::Error::Timeout)
    /// and the connection is marked unusable. Default: 60 s. `None`: wait forever.
    pub command_timeout: Option<Duration>,
    /// How long to wait for the greeting. Default: 30 s.
    pub greeting_timeout: Option<Duration>,
    /// Letters that start every tag (the counter follows). Default: four letters from the
    /// process id and the clock, as imaplib does.
    pub tag_prefix: Option<String>,
    /// Limits on what the server may make the decoder hold.
    pub limits: Limits,
    /// Parsers that extensions registered for their response keywords, codes and FETCH items.
    pub parsers: Arc<ParserRegistry>,
    /// How many unclaimed untagged responses to keep per keyword before the oldest are
    /// dropped (with a warning in the log). Default: 10,000.
    pub max_stored_per_keyword: usize,
    /// How many server events a slow [`events`](super::Connection::events) subscriber may fall
    /// behind before it is told it lagged. Default: 1,024.
    pub event_capacity: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            command_timeout: Some(Duration::from_secs(60)),
            greeting_timeout: Some(Duration::from_secs(30)),
            tag_prefix: None,
            limits: Limits::default(),
            parsers: Arc::new(ParserRegistry::default()),
            max_stored_per_keyword: 10_000,
            event_capacity: 1024,
        }
    }
}

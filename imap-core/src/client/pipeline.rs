//! Pipelining: several commands sent before the first reply, their completions matched to
//! their tags.

use super::driver::{Completion, Driver};
use super::error::{Error, Result};
use crate::encode::Command;
use crate::response::{Response, Status};
use crate::types::Tag;

/// Commands queued to be sent together. [`Pipeline::run`] writes them all, then reads until
/// each has completed.
///
/// Untagged responses cannot be attributed to one command with certainty (the server may
/// interleave them), so they are returned together, in arrival order.
#[derive(Debug)]
pub struct Pipeline<'a> {
    driver: &'a mut Driver,
    commands: Vec<Command>,
}

/// The outcome of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineResult {
    /// Each command's tagged status (OK, NO or BAD), in the order the commands were queued.
    pub statuses: Vec<Status>,
    /// Every untagged response received meanwhile, in arrival order.
    pub untagged: Vec<Response>,
}

impl PipelineResult {
    /// Fails with the first command that did not complete with OK.
    pub fn all_ok(&self, what: &str) -> Result<()> {
        match self.statuses.iter().find(|s| s.kind != crate::response::StatusKind::Ok) {
            Some(status) => Err(Error::from_status(what, status.clone())),
            None => Ok(()),
        }
    }
}

impl<'a> Pipeline<'a> {
    pub(crate) fn new(driver: &'a mut Driver) -> Self {
        Pipeline { driver, commands: Vec::new() }
    }

    /// Queues a command; returns its index in the result.
    pub fn push(&mut self, command: Command) -> usize {
        self.commands.push(command);
        self.commands.len() - 1
    }

    /// Sends every queued command, then waits for all completions. A synchronizing literal
    /// still waits for its `+` (commands after it are sent once it is through).
    pub async fn run(self) -> Result<PipelineResult> {
        let Pipeline { driver, commands } = self;
        let timeout = driver.config.command_timeout;
        let work = async {
            driver.prepare().await?;
            let mut tags: Vec<Tag> = Vec::with_capacity(commands.len());
            for command in &commands {
                tags.push(driver.send(command).await?);
            }
            let mut statuses = Vec::with_capacity(tags.len());
            let mut untagged = Vec::new();
            for tag in &tags {
                let Completion { status, untagged: more } = driver.complete(tag).await?;
                untagged.extend(more);
                statuses.push(status);
            }
            Ok(PipelineResult { statuses, untagged })
        };
        let result = match timeout {
            Some(limit) => tokio::time::timeout(limit, work)
                .await
                .unwrap_or_else(|_| Err(Error::Timeout { command: "pipeline".into(), after: limit })),
            None => work.await,
        };
        if let Err(e @ Error::Timeout { .. }) = &result {
            let _ = driver.fail::<()>(e.to_string());
        }
        result
    }
}

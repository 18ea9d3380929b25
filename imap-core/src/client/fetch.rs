//! FETCH results while the server sends them: a [`FetchStream`] of parsed messages, and a
//! message section streamed into a writer without being held in memory.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::AsyncWriteExt;

use super::driver::Driver;
use super::error::{Error, Result};
use crate::decode::Event;
use crate::encode::Command;
use crate::response::{Data, Fetch, Response, StatusKind};
use crate::types::Tag;

type Step<'a> = Pin<Box<dyn Future<Output = (Option<Result<Fetch>>, &'a mut Driver)> + Send + 'a>>;

/// FETCH data as it arrives. Use [`FetchStream::next`] in a loop, or the
/// [`futures_core::Stream`] impl. The stream ends after the command's completion; a NO or BAD
/// completion is its last item, as an error. Dropping the stream early is safe: the next command
/// first reads the rest of this one's responses.
pub struct FetchStream<'a> {
    tag: Tag,
    name: String,
    driver: Option<&'a mut Driver>,
    step: Option<Step<'a>>,
}

impl std::fmt::Debug for FetchStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchStream").field("tag", &self.tag).field("done", &self.driver.is_none()).finish()
    }
}

impl<'a> FetchStream<'a> {
    pub(crate) async fn start(driver: &'a mut Driver, command: &Command) -> Result<Self> {
        let name = command.name();
        let sent = match driver.config.command_timeout {
            Some(limit) => tokio::time::timeout(limit, driver_send(driver, command))
                .await
                .unwrap_or_else(|_| Err(Error::Timeout { command: name.clone(), after: limit })),
            None => driver_send(driver, command).await,
        };
        let tag = match sent {
            Ok(tag) => tag,
            Err(e @ Error::Timeout { .. }) => {
                let _ = driver.fail::<()>(e.to_string());
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        Ok(FetchStream { tag, name, driver: Some(driver), step: None })
    }

    /// The next message's data; `None` once the command has completed.
    pub async fn next(&mut self) -> Option<Result<Fetch>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_item(cx)).await
    }

    fn poll_next_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Fetch>>> {
        if self.step.is_none() {
            let Some(driver) = self.driver.take() else { return Poll::Ready(None) };
            let tag = self.tag.clone();
            let name = self.name.clone();
            self.step = Some(Box::pin(async move {
                let item = next_fetch(driver, &tag, &name).await;
                (item, driver)
            }));
        }
        let Some(step) = self.step.as_mut() else { return Poll::Ready(None) };
        match step.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((item, driver)) => {
                self.step = None;
                if item.as_ref().is_some_and(Result::is_ok) {
                    self.driver = Some(driver);
                }
                Poll::Ready(item)
            }
        }
    }
}

impl futures_core::Stream for FetchStream<'_> {
    type Item = Result<Fetch>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Fetch>>> {
        self.get_mut().poll_next_item(cx)
    }
}

async fn driver_send(driver: &mut Driver, command: &Command) -> Result<Tag> {
    driver.prepare().await?;
    driver.send(command).await
}

/// Reads until the next FETCH response of the command `tag`, or its completion.
async fn next_fetch(driver: &mut Driver, tag: &Tag, name: &str) -> Option<Result<Fetch>> {
    let timeout = driver.config.command_timeout;
    let read = async {
        loop {
            if let Some(status) = driver.take_finished(tag) {
                return match status.kind {
                    StatusKind::Ok => None,
                    _ => Some(Err(Error::from_status(name, status))),
                };
            }
            let response = match driver.read_response().await {
                Ok(response) => response,
                Err(e) => return Some(Err(e)),
            };
            match driver.route(response) {
                Ok(Some(Response::Data(Data::Fetch(fetch)))) => return Some(Ok(fetch)),
                Ok(Some(other)) => driver.file_unclaimed(vec![other]),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    };
    match timeout {
        Some(limit) => match tokio::time::timeout(limit, read).await {
            Ok(item) => item,
            Err(_) => {
                let _ = driver.fail::<()>(format!("{name} timed out"));
                Some(Err(Error::Timeout { command: name.to_owned(), after: limit }))
            }
        },
        None => read.await,
    }
}

/// Literals bigger than this are streamed into the writer rather than kept.
const STREAM_THRESHOLD: u64 = 64 * 1024;

/// Runs a FETCH of one section and writes the section's bytes into `writer` as they arrive.
pub(crate) async fn fetch_to_writer<W>(driver: &mut Driver, command: &Command, writer: &mut W) -> Result<u64>
where
    W: tokio::io::AsyncWrite + Unpin + Send,
{
    let name = command.name();
    let timeout = driver.config.command_timeout;
    let work = async {
        driver.prepare().await?;
        let tag = driver.send(command).await?;
        driver.decoder_mut().set_literal_streaming(Some(STREAM_THRESHOLD));
        let mut written = 0u64;
        let outcome = loop {
            if let Some(status) = driver.take_finished(&tag) {
                break match status.kind {
                    StatusKind::Ok => Ok(written),
                    _ => Err(Error::from_status(&name, status)),
                };
            }
            match driver.read_event().await {
                Ok(Event::LiteralChunk(chunk)) => {
                    writer.write_all(&chunk).await?;
                    written += chunk.len() as u64;
                }
                Ok(Event::LiteralStart { .. } | Event::LiteralEnd) => {}
                Ok(Event::Response(response)) => match driver.route(response) {
                    // A section small enough to be kept arrives inside the FETCH response.
                    Ok(Some(Response::Data(Data::Fetch(fetch)))) => {
                        for item in &fetch.items {
                            if let crate::response::FetchItem::BodySection { data: Some(payload), .. } = item {
                                if let Some(bytes) = payload.bytes() {
                                    writer.write_all(bytes).await?;
                                    written += bytes.len() as u64;
                                }
                            }
                        }
                    }
                    Ok(Some(other)) => driver.file_unclaimed(vec![other]),
                    Ok(None) => {}
                    Err(e) => break Err(e),
                },
                Err(e) => break Err(e),
            }
        };
        driver.decoder_mut().set_literal_streaming(None);
        writer.flush().await?;
        outcome
    };
    match timeout {
        Some(limit) => tokio::time::timeout(limit, work).await.unwrap_or_else(|_| {
            let _ = driver.fail::<()>(format!("{name} timed out"));
            Err(Error::Timeout { command: name.clone(), after: limit })
        }),
        None => work.await,
    }
}

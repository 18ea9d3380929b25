//! RFC 5322 message headers as a receiving mail server stores them: trace
//! fields (Received, Authentication-Results), long folded signature
//! fields (DKIM-Signature, ARC-Seal), then the author's own fields.

use crate::date::DateTime;
use crate::envelope::{Entry, Envelope};
use crate::mime::push_base64;
use crate::rng::Rng;
use crate::vocab::MAILERS;
use crate::wire::push_num;

/// The mailbox owner: every message was delivered to this address.
const OWNER: &str = "me@example.org";

/// Appends `n` random alphanumerics (queue ids, SMTP ids).
fn push_id(out: &mut Vec<u8>, rng: &mut Rng, n: usize) {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for _ in 0..n {
        out.push(*rng.pick(ALNUM));
    }
}

/// Appends base64 of `len` random bytes, folded into lines of `width`
/// characters, each continuation line starting with `indent`.
fn push_folded_base64(out: &mut Vec<u8>, rng: &mut Rng, len: usize, width: usize, indent: &[u8]) {
    let mut raw = vec![0u8; len];
    rng.fill(&mut raw);
    let mut encoded = Vec::with_capacity(len * 4 / 3 + 4);
    push_base64(&mut encoded, &raw);
    for (i, line) in encoded.chunks(width).enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(indent);
        }
        out.extend_from_slice(line);
    }
}

fn from_domain(envelope: &Envelope) -> &str {
    match envelope.from.first() {
        Some(Entry::Mailbox(m)) => &m.host,
        _ => "example.com",
    }
}

fn push_return_path(out: &mut Vec<u8>, envelope: &Envelope) {
    out.extend_from_slice(b"Return-Path: <");
    if let Some(Entry::Mailbox(m)) = envelope.sender.first() {
        out.extend_from_slice(m.local.as_bytes());
        out.push(b'@');
        out.extend_from_slice(m.host.as_bytes());
    }
    out.extend_from_slice(b">\r\n");
}

fn push_received(out: &mut Vec<u8>, rng: &mut Rng, domain: &str, date: &str) {
    // Local delivery stamp (Dovecot/Cyrus LMTP); not every setup adds one.
    if rng.chance(500) {
        out.extend_from_slice(b"Received: from mx.example.org\r\n\tby imap.example.org with LMTP\r\n\tid ");
        push_id(out, rng, 22);
        out.extend_from_slice(b"\r\n\t(envelope-from <bounces@");
        out.extend_from_slice(domain.as_bytes());
        out.extend_from_slice(b">)\r\n\tfor <");
        out.extend_from_slice(OWNER.as_bytes());
        out.extend_from_slice(b">; ");
        out.extend_from_slice(date.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"Received: from mail-");
    push_id(out, rng, 6);
    out.push(b'.');
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b" (mail.");
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b" [203.0.113.");
    push_num(out, rng.range(1, 254));
    out.extend_from_slice(b"])\r\n\t");
    if rng.chance(500) {
        out.extend_from_slice(
            b"(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n\t \
              key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\r\n\t\
              (No client certificate requested)\r\n\t",
        );
    }
    out.extend_from_slice(b"by mx.example.org (Postfix) with ESMTPS id ");
    push_id(out, rng, 15);
    out.extend_from_slice(b"\r\n\tfor <");
    out.extend_from_slice(OWNER.as_bytes());
    out.extend_from_slice(b">; ");
    out.extend_from_slice(date.as_bytes());
    out.extend_from_slice(b"\r\n");
    if rng.chance(400) {
        out.extend_from_slice(b"Received: by mail-");
        push_id(out, rng, 8);
        out.extend_from_slice(b".internal with SMTP id ");
        push_id(out, rng, 20);
        out.extend_from_slice(b";\r\n        ");
        out.extend_from_slice(date.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
}

fn push_auth_results(out: &mut Vec<u8>, rng: &mut Rng, domain: &str) {
    out.extend_from_slice(
        b"Authentication-Results: mx.example.org;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=",
    );
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b" header.i=@");
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b" header.a=rsa-sha256 header.s=20230601 header.b=");
    push_id(out, rng, 8);
    out.extend_from_slice(b";\r\n\tdmarc=pass (p=none dis=none) header.from=");
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b";\r\n\tspf=pass smtp.mailfrom=");
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b"\r\n");
}

fn push_dkim(out: &mut Vec<u8>, rng: &mut Rng, domain: &str, t: u64) {
    out.extend_from_slice(b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n        d=");
    out.extend_from_slice(domain.as_bytes());
    out.extend_from_slice(b"; s=20230601; t=");
    push_num(out, t);
    out.extend_from_slice(b"; x=");
    push_num(out, t + 604_800);
    out.extend_from_slice(
        b"; darn=example.org;\r\n        h=to:subject:message-id:date:from:mime-version:from:to:cc:subject\r\n         \
          :date:message-id:reply-to;\r\n        bh=",
    );
    push_folded_base64(out, rng, 32, 80, b"");
    out.extend_from_slice(b";\r\n        b=");
    // RSA-2048 signatures dominate; some senders still use 1024-bit keys.
    let signature_len = if rng.chance(300) { 128 } else { 256 };
    push_folded_base64(out, rng, signature_len, 70, b"         ");
    out.extend_from_slice(b"\r\n");
}

fn push_arc_seal(out: &mut Vec<u8>, rng: &mut Rng, t: u64) {
    out.extend_from_slice(b"ARC-Seal: i=1; a=rsa-sha256; t=");
    push_num(out, t);
    out.extend_from_slice(b"; cv=none;\r\n        d=google.com; s=arc-20160816;\r\n        b=");
    push_folded_base64(out, rng, 256, 70, b"         ");
    out.extend_from_slice(b"\r\n");
}

/// Writes a complete header block (ending with the empty line) for a
/// message described by `envelope`, received at `received`, whose body
/// has the given `Content-Type`.
pub(crate) fn write_header(
    out: &mut Vec<u8>,
    rng: &mut Rng,
    envelope: &Envelope,
    received: DateTime,
    content_type: &str,
) {
    let domain = from_domain(envelope).to_owned();
    let date = received.rfc5322(true);
    let t = received.unix();
    push_return_path(out, envelope);
    out.extend_from_slice(b"Delivered-To: ");
    out.extend_from_slice(OWNER.as_bytes());
    out.extend_from_slice(b"\r\n");
    push_received(out, rng, &domain, &date);
    if rng.chance(250) {
        out.extend_from_slice(b"X-Received: by 2002:a05:6512:3d1a:b0:4fe:1f2d:8d9c with SMTP id ");
        push_id(out, rng, 24);
        out.extend_from_slice(b";\r\n        ");
        out.extend_from_slice(date.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if rng.chance(700) {
        push_auth_results(out, rng, &domain);
    }
    if rng.chance(100) {
        push_arc_seal(out, rng, t);
    }
    if rng.chance(650) {
        push_dkim(out, rng, &domain, t);
    }
    out.extend_from_slice(b"MIME-Version: 1.0\r\n");
    envelope.write_header(out);
    out.extend_from_slice(b"Content-Type: ");
    // Multipart types carry a boundary parameter that mailers fold onto
    // its own line.
    match content_type.split_once("; ") {
        Some((ty, params)) if ty.starts_with("multipart/") => {
            out.extend_from_slice(ty.as_bytes());
            out.extend_from_slice(b";\r\n\t");
            out.extend_from_slice(params.as_bytes());
        }
        _ => out.extend_from_slice(content_type.as_bytes()),
    }
    out.extend_from_slice(b"\r\n");
    if rng.chance(600) {
        out.extend_from_slice(b"X-Mailer: ");
        out.extend_from_slice(rng.pick(MAILERS).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if rng.chance(300) {
        out.extend_from_slice(b"X-Spam-Status: No, score=-2.1 required=5.0 tests=BAYES_00,DKIM_SIGNED,\r\n\tDKIM_VALID,SPF_PASS autolearn=ham version=3.4.6\r\n");
    }
    out.extend_from_slice(b"\r\n");
}

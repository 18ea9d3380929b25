//! `imap-mock SCRIPT [--port N] [--tls] [--cert-out FILE] [--lf] [--byte-at-a-time] [--once]`:
//! serves a script on 127.0.0.1 so that clients in any language can be tested against it.
//! Prints the port on the first line of stdout; each conversation's outcome goes to stderr.
//! With `--once` it exits after the first conversation: status 0 when the client followed the
//! script, 1 when it did not.

use std::process::ExitCode;

use imap_mock::{LineEnds, MockOptions, MockServer, OutputMode, Script, TestCertificate};

const USAGE: &str = "usage: imap-mock SCRIPT [--port N] [--tls] [--cert-out FILE] [--lf] [--byte-at-a-time] [--once]";

struct Args {
    script: String,
    port: u16,
    tls: bool,
    cert_out: Option<String>,
    lf: bool,
    byte_at_a_time: bool,
    once: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut parsed = Args {
        script: String::new(),
        port: 0,
        tls: false,
        cert_out: None,
        lf: false,
        byte_at_a_time: false,
        once: false,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => parsed.port = args.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?,
            "--tls" => parsed.tls = true,
            "--cert-out" => parsed.cert_out = Some(args.next().ok_or("--cert-out needs a file")?),
            "--lf" => parsed.lf = true,
            "--byte-at-a-time" => parsed.byte_at_a_time = true,
            "--once" => parsed.once = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}\n{USAGE}")),
            other if parsed.script.is_empty() => parsed.script = other.to_owned(),
            _ => return Err(USAGE.into()),
        }
    }
    if parsed.script.is_empty() {
        return Err(USAGE.into());
    }
    Ok(parsed)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("imap-mock: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    let script = Script::from_file(&args.script).map_err(|e| format!("{}: {e}", args.script))?;
    let mut options = MockOptions {
        line_ends: if args.lf { LineEnds::Lf } else { LineEnds::Crlf },
        output: if args.byte_at_a_time { OutputMode::ByteAtATime } else { OutputMode::Whole },
        ..MockOptions::default()
    };
    if args.tls || args.cert_out.is_some() {
        let certificate = TestCertificate::generate().map_err(|e| e.to_string())?;
        if let Some(path) = &args.cert_out {
            std::fs::write(path, certificate.ca_pem()).map_err(|e| format!("{path}: {e}"))?;
        }
        options.tls = Some(certificate);
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await.map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    println!("{port}");
    use std::io::Write;
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut failed = false;
    MockServer::serve(listener, script, options, args.tls, args.once, |outcome| match outcome {
        Ok(transcript) => eprintln!("imap-mock: conversation followed the script\n{transcript}"),
        Err(error) => {
            failed = true;
            eprintln!("imap-mock: {error}");
        }
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

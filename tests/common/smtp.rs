//! A real SMTP server for tests: mailin-embedded on 127.0.0.1, recording
//! what it accepts, able to refuse on demand.
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use mailin_embedded::{Handler, Response, Server, response};

/// Accepted messages: envelope recipients and the message text.
pub type Inbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// What the server answers to RCPT TO. (mailin keeps its DATA state after an
/// error reply at the end of DATA, so refusals are given at RCPT.)
#[derive(Clone, Copy)]
pub enum Mode {
    /// 451 for the first `n` messages, then 250.
    TempFailFirst(usize),
    /// 550 always.
    Reject,
    /// 550 for this one address, 250 for the others.
    RejectTo(&'static str),
}

#[derive(Clone)]
struct Recorder {
    mode: Mode,
    seen: Arc<AtomicUsize>,
    accepted: Inbox,
    to: Vec<String>,
    buf: Vec<u8>,
}

impl Handler for Recorder {
    fn rcpt(&mut self, to: &str) -> Response {
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        match self.mode {
            Mode::TempFailFirst(k) if n < k => response::INTERNAL_ERROR,
            Mode::Reject => response::NO_MAILBOX,
            Mode::RejectTo(addr) if to.trim_matches(['<', '>']).eq_ignore_ascii_case(addr) => {
                response::NO_MAILBOX
            }
            _ => response::OK,
        }
    }
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.buf.clear();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        let text = String::from_utf8_lossy(&self.buf).into_owned();
        self.accepted.lock().unwrap().push((self.to.clone(), text));
        response::OK
    }
}

pub struct Smtp {
    pub port: u16,
    pub seen: Arc<AtomicUsize>,
    pub accepted: Inbox,
}

pub fn start_server(mode: Mode) -> Smtp {
    start(mode, false)
}

/// A server that requires AUTH PLAIN, which it offers only over TLS (and it has
/// no TLS): a client gets 530 at MAIL, or finds no mechanism to log in with.
pub fn start_server_requiring_auth() -> Smtp {
    start(Mode::TempFailFirst(0), true)
}

fn start(mode: Mode, auth: bool) -> Smtp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let handler = Recorder {
        mode,
        seen: seen.clone(),
        accepted: accepted.clone(),
        to: vec![],
        buf: vec![],
    };
    let mut server = Server::new(handler);
    server.with_name("mx.test").with_tcp_listener(listener);
    if auth {
        server.with_auth(mailin_embedded::AuthMechanism::Plain);
    }
    std::thread::spawn(move || {
        if let Err(e) = server.serve() {
            eprintln!("test SMTP server stopped: {e}");
        }
    });
    Smtp {
        port,
        seen,
        accepted,
    }
}

/// A mailer sending to the test server on `port`: plain SMTP, no retry wait.
pub fn mailer(port: u16) -> orewatch::notify::Mailer {
    use orewatch::notify::{Mailer, SmtpSettings, TlsMode, Transport};
    Mailer::new(Transport::Smtp(SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: TlsMode::None,
        user: None,
        password: None,
        timeout: std::time::Duration::from_secs(20),
    }))
    .unwrap()
    .with_backoff(std::time::Duration::ZERO, std::time::Duration::ZERO)
}

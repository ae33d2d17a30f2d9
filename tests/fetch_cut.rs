//! A body cut short by the server: the error says what happened (how many bytes arrived
//! of how many announced) instead of reqwest's "error decoding response body", and the
//! fetch is retried like any broken connection.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use orewatch::fetch::{FetchError, FetchOptions, Fetcher};

/// A loopback server announcing `announced` bytes, sending `sent`, then closing.
fn cutting_server(announced: usize, sent: usize) -> (url::Url, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(conn.try_clone().expect("clone"));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {announced}\r\nConnection: close\r\n\r\n"
            );
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(&vec![b'a'; sent]);
            let _ = conn.flush();
            // Dropping the stream closes the connection mid-body.
        }
    });
    let url = url::Url::parse(&format!("http://127.0.0.1:{port}/story")).expect("url");
    (url, hits)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cut_body_is_named_and_retried() {
    let (url, hits) = cutting_server(1000, 100);
    let f = Fetcher::new(FetchOptions {
        per_host_delay: Duration::ZERO,
        backoff: Duration::from_millis(10),
        respect_robots: false,
        max_retries: 1,
        timeout: Duration::from_secs(5),
        ..Default::default()
    })
    .expect("client");
    let err = f.fetch(&url, None).await.expect_err("cut body");
    let msg = err.to_string();
    assert!(
        matches!(
            err,
            FetchError::BodyCut {
                received: 100,
                expected: Some(1000),
                attempts: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        msg.contains("closed before the page was complete")
            && msg.contains("100 bytes received of 1000"),
        "{msg}"
    );
    assert!(!msg.contains("error decoding"), "{msg}");
    assert_eq!(hits.load(Ordering::SeqCst), 2, "retried once");
}

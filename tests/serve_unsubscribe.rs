//! One-click unsubscribe (RFC 8058) against the real server and database:
//! the headers in composed mail, a valid token, and tampered, forged and
//! expired ones that must change nothing.

mod serve_support;

use chrono::{Duration, NaiveDate, Utc};
use orewatch::notify::unsubscribe::{UnsubscribeKey, UnsubscribeLink};
use orewatch::notify::{MailContext, compose};
use orewatch::store::{NewSubscriber, Store};
use serve_support::{client, fixture};

fn subscribe(email: &str) {
    let mut store = Store::open(&fixture().db).unwrap();
    store
        .add_subscriber(&NewSubscriber {
            email: email.into(),
            name: None,
            briefing: true,
            alerts: true,
        })
        .unwrap();
}

/// (briefing, alerts, unsubscribed) of `email`'s row.
fn row(email: &str) -> (bool, bool, bool) {
    let store = Store::open(&fixture().db).unwrap();
    let s = store
        .list_subscribers()
        .unwrap()
        .into_iter()
        .find(|s| s.email == email)
        .expect("subscriber row");
    (s.briefing, s.alerts, s.unsubscribed_at.is_some())
}

async fn post(token: &str) -> (u16, String) {
    let r = client()
        .post(format!("{}/unsubscribe?t={token}", fixture().base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_tokens_change_nothing_and_a_valid_one_unsubscribes_at_once() {
    let f = fixture();
    let email = "leaver@example.com";
    subscribe(email);
    let good = f.key.token(email, Utc::now() + Duration::days(1));

    // tampered: another address under the same signature, a changed signature
    let other = f
        .key
        .token("other@example.com", Utc::now() + Duration::days(1));
    let (_, other_addr, _) = split(&other);
    let (at, _, mac) = split(&good);
    let swapped = format!("{at}.{other_addr}.{mac}");
    let mut flipped = good.clone();
    let last = flipped.pop().unwrap();
    flipped.push(if last == '0' { '1' } else { '0' });
    let forged = UnsubscribeKey::new(b"not-the-server-secret!!")
        .unwrap()
        .token(email, Utc::now() + Duration::days(1));
    let expired = f.key.token(email, Utc::now() - Duration::minutes(1));
    for (what, t) in [
        ("swapped address", swapped.as_str()),
        ("flipped MAC", flipped.as_str()),
        ("forged", forged.as_str()),
        ("expired", expired.as_str()),
        ("garbage", "not-a-token"),
    ] {
        let (status, body) = post(t).await;
        assert_eq!(status, 400, "{what}: {body}");
        assert!(
            body.contains("nothing was changed") || body.contains("malformed"),
            "{what}: {body}"
        );
        assert_eq!(row(email), (true, true, false), "{what} changed the row");
    }
    let (status, body) = post(&expired).await;
    assert!(status == 400 && body.contains("expired"), "{body}");

    // GET only asks
    let r = client()
        .get(format!("{}/unsubscribe?t={good}", f.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("<form id=\"confirm\" method=\"post\""),
        "{page}"
    );
    assert!(page.contains(email));
    assert_eq!(row(email), (true, true, false), "GET changed the row");

    let (status, body) = post(&good).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(row(email), (false, false, true));
    // once more: still fine, still unsubscribed
    assert_eq!(post(&good).await.0, 200);

    // a later briefing is not queued for the address
    assert_no_briefing_for(email);
}

/// A briefing enqueued now goes to the fixture's reader but not to `email`.
fn assert_no_briefing_for(email: &str) {
    let mut store = Store::open(&fixture().db).unwrap();
    let ctx = MailContext {
        from: "orewatch <b@orewatch.test>".parse().unwrap(),
        subject_prefix: "[t]".into(),
        archive_url: None,
        unsubscribe: None,
    };
    let day = NaiveDate::from_ymd_opt(2020, 1, 2).unwrap();
    assert!(
        store
            .save_briefing(day, "<p>x</p>", "x", true, &ctx)
            .unwrap()
    );
    let to: Vec<String> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|o| o.subject.contains("2020-01-02"))
        .map(|o| o.recipient)
        .collect();
    assert!(to.contains(&"reader@example.com".to_string()), "{to:?}");
    assert!(!to.iter().any(|r| r.eq_ignore_ascii_case(email)), "{to:?}");
}

fn split(t: &str) -> (String, String, String) {
    let p: Vec<&str> = t.split('.').collect();
    (p[0].into(), p[1].into(), p[2].into())
}

/// The unfolded value of header `name` in a raw message.
fn header(raw: &str, name: &str) -> Option<String> {
    let head = raw.split("\r\n\r\n").next()?;
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(String::from))
}

#[tokio::test(flavor = "multi_thread")]
async fn mail_carries_the_one_click_headers_and_its_link_works() {
    let f = fixture();
    let email = "clicker@example.com";
    subscribe(email);
    let base = url::Url::parse("https://briefs.example.test/").unwrap();
    let mut ctx = MailContext {
        from: "orewatch <b@orewatch.test>".parse().unwrap(),
        subject_prefix: "[t]".into(),
        archive_url: None,
        unsubscribe: Some(UnsubscribeLink {
            base,
            key: f.key.clone(),
        }),
    };
    let mail = orewatch::notify::Rendered {
        subject: "Daily".into(),
        text: "plain".into(),
        html: "<p>html</p>".into(),
        images: Vec::new(),
    };
    let to = email.parse().unwrap();
    let out = compose::compose(&ctx, &to, "briefing:2026-01-02", &mail, Utc::now()).unwrap();
    let raw = String::from_utf8(out.raw).unwrap();
    let list = header(&raw, "List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        header(&raw, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let (https, mailto) = list.split_once(", ").expect("two URIs");
    assert_eq!(mailto, "<mailto:b@orewatch.test?subject=unsubscribe>");
    let url = https.trim_matches(['<', '>']);
    let token = url
        .strip_prefix("https://briefs.example.test/unsubscribe?t=")
        .unwrap_or_else(|| panic!("{url}"));
    assert_eq!(f.key.verify(token, Utc::now()).as_deref(), Ok(email));
    // the mail client's one-click POST, sent to our server instead of the public name
    assert_eq!(post(token).await.0, 200);
    assert_eq!(row(email), (false, false, true));

    // without a secret (or public https URL): only mailto, no one-click POST
    ctx.unsubscribe = None;
    let out = compose::compose(&ctx, &to, "briefing:2026-01-02", &mail, Utc::now()).unwrap();
    let raw = String::from_utf8(out.raw).unwrap();
    assert_eq!(
        header(&raw, "List-Unsubscribe").as_deref(),
        Some("<mailto:b@orewatch.test?subject=unsubscribe>")
    );
    assert_eq!(header(&raw, "List-Unsubscribe-Post"), None);
}

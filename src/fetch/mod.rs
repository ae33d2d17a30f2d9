//! Fetch: HTTP(S) and local pages, politely.

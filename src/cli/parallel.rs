//! Work on many inputs across the machine's cores, with results handed on in
//! input order: `extract` on a folder of pages is one process using every core.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::Result;

/// Apply `work` to every item on up to `available_parallelism` threads and
/// pass each result to `sink` in the items' order, as soon as it and every
/// result before it are done. The first error (of `work` or `sink`) stops it.
pub(super) fn in_order<T, R, W, S>(items: &[T], work: W, mut sink: S) -> Result<()>
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> Result<R> + Sync,
    S: FnMut(R) -> Result<()>,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().try_for_each(|item| sink(work(item)?));
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // results wait in `waiting` only while an earlier item is still being worked on
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<R>)>(threads * 4);
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= items.len() || tx.send((k, work(&items[k]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (k, r) in rx {
            waiting.insert(k, r);
            while let Some(r) = waiting.remove(&due) {
                if let Err(e) = r.and_then(&mut sink) {
                    // let the workers stop: they see the closed channel
                    next.store(items.len(), Ordering::Relaxed);
                    return Err(e);
                }
                due += 1;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            |&n| {
                // later items finish first now and then
                std::thread::sleep(std::time::Duration::from_micros((200 - n) % 7 * 50));
                Ok(n * 2)
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn an_error_stops_the_run() {
        let items: Vec<u64> = (0..100).collect();
        let mut seen = 0;
        let r = in_order(
            &items,
            |&n| {
                if n == 10 {
                    anyhow::bail!("item 10")
                } else {
                    Ok(n)
                }
            },
            |_| {
                seen += 1;
                Ok(())
            },
        );
        assert!(r.is_err());
        assert_eq!(seen, 10);
    }
}

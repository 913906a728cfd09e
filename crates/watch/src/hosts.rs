//! Per-host politeness: at most `cap` requests in flight to one host, and at least `delay`
//! between the starts of two requests to it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How often a waiting request looks at the stop flag.
const STOP_CHECK: Duration = Duration::from_millis(50);

#[derive(Debug)]
struct Slot {
    active: usize,
    next_start: Instant,
}

/// The gate every request passes through, shared by the fetching threads.
#[derive(Debug)]
pub(crate) struct Hosts {
    slots: Mutex<HashMap<String, Slot>>,
    changed: Condvar,
    delay: Duration,
    cap: usize,
}

/// A request's turn at a host; dropping it frees the place.
pub(crate) struct Permit<'a> {
    hosts: &'a Hosts,
    host: String,
}

impl Hosts {
    pub fn new(delay: Duration, cap: usize) -> Hosts {
        Hosts {
            slots: Mutex::new(HashMap::new()),
            changed: Condvar::new(),
            delay,
            cap: cap.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a turn at `host`; `None` if `stop` was raised while waiting.
    pub fn acquire(&self, host: &str, stop: &AtomicBool) -> Option<Permit<'_>> {
        let mut slots = self.lock();
        loop {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let now = Instant::now();
            // Idle hosts past their delay need no slot: the map stays as small as the hosts
            // being fetched.
            slots.retain(|_, s| s.active > 0 || s.next_start > now);
            let slot = slots.entry(host.to_string()).or_insert(Slot {
                active: 0,
                next_start: now,
            });
            if slot.active < self.cap && now >= slot.next_start {
                slot.active += 1;
                slot.next_start = now + self.delay;
                return Some(Permit {
                    hosts: self,
                    host: host.to_string(),
                });
            }
            let wait = if slot.active >= self.cap {
                STOP_CHECK
            } else {
                (slot.next_start - now).min(STOP_CHECK)
            };
            slots = self
                .changed
                .wait_timeout(slots, wait)
                .map(|(guard, _)| guard)
                .unwrap_or_else(|e| e.into_inner().0);
        }
    }

    /// Hosts with a slot (in flight, or within their delay): for tests of memory bounds.
    #[cfg(test)]
    pub fn tracked(&self) -> usize {
        self.lock().len()
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut slots = self.hosts.lock();
        if let Some(slot) = slots.get_mut(&self.host) {
            slot.active = slot.active.saturating_sub(1);
            if slot.active == 0 && slot.next_start <= Instant::now() {
                slots.remove(&self.host);
            }
        }
        drop(slots);
        self.hosts.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    #[test]
    fn spaces_requests_and_caps_concurrency() {
        let hosts = Arc::new(Hosts::new(Duration::from_millis(40), 1));
        let stop = Arc::new(AtomicBool::new(false));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (hosts, stop, in_flight, most) =
                    (hosts.clone(), stop.clone(), in_flight.clone(), most.clone());
                std::thread::spawn(move || {
                    let _permit = hosts.acquire("example.org", &stop).unwrap();
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(5));
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
        // Four starts, 40 ms apart: at least 120 ms.
        assert!(started.elapsed() >= Duration::from_millis(120));
        std::thread::sleep(Duration::from_millis(50));
        // Another host is not held up, and idle hosts are forgotten.
        let p = hosts.acquire("other.org", &stop).unwrap();
        drop(p);
        std::thread::sleep(Duration::from_millis(50));
        let p = hosts.acquire("third.org", &stop).unwrap();
        drop(p);
        assert!(hosts.tracked() <= 2, "{}", hosts.tracked());
    }

    #[test]
    fn stop_ends_the_wait() {
        let hosts = Hosts::new(Duration::from_secs(60), 1);
        let stop = AtomicBool::new(false);
        let first = hosts.acquire("slow.org", &stop);
        assert!(first.is_some());
        stop.store(true, Ordering::SeqCst);
        let started = Instant::now();
        assert!(hosts.acquire("slow.org", &stop).is_none());
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}

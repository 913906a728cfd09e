//! The HTTP JSON API and web UI over the store.

//! Notify: compose mail, keep it in the outbox, deliver it.

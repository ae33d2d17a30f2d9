//! RSS and Atom feeds: item links out of a feed document.

//! Provenance: each figure's sentence and article, numbered once per briefing.
//! The archive page links a figure to its note (an anchor); mail links it to
//! the article with the sentence as title text, and lists the notes at the end.

use super::Target;
use crate::report::format::safe_link;
use crate::store::Provenance;

/// A numbered source note: the sentence a figure came from, in its article.
#[derive(Debug, Clone)]
pub struct Note {
    pub n: usize,
    pub sentence: String,
    pub title: String,
    pub url: Option<String>,
}

/// Where a figure links: its note number, the link and the title text.
#[derive(Debug, Clone, Default)]
pub struct Src {
    pub n: usize,
    pub href: String,
    pub tip: String,
}

pub(super) struct Notes {
    target: Target,
    list: Vec<Note>,
}

impl Notes {
    pub(super) fn new(target: Target) -> Notes {
        Notes {
            target,
            list: Vec::new(),
        }
    }

    /// The note of `p` (the same sentence of the same article shares one).
    pub(super) fn add(&mut self, p: &Provenance) -> Src {
        let url = safe_link(Some(&p.article_url));
        let sentence = p.sentence.trim().to_string();
        let n = match self
            .list
            .iter()
            .find(|n| n.sentence == sentence && n.url == url)
        {
            Some(n) => n.n,
            None => {
                let n = self.list.len() + 1;
                self.list.push(Note {
                    n,
                    sentence: sentence.clone(),
                    title: p.article_title.clone(),
                    url: url.clone(),
                });
                n
            }
        };
        let href = match self.target {
            Target::Archive => format!("#note-{n}"),
            Target::Mail => url.unwrap_or_default(),
        };
        Src {
            n,
            href,
            tip: sentence,
        }
    }

    pub(super) fn into_list(self) -> Vec<Note> {
        self.list
    }
}

//! The bounded HTML parse: html5ever behind a tree sink that counts nesting depth and nodes.
//!
//! html5ever checks element scopes by scanning its stack of open elements, so a start tag
//! costs time in proportion to the nesting depth and a page of 100k nested `<div>`s takes
//! minutes. The sink here wraps scraper's and raises a flag when a node would go deeper than
//! [`MAX_DEPTH`] or the document grows past [`MAX_NODES`]; from then on it drops what the
//! tree builder adds, and the parse stops at the end of the current chunk. The rest of the
//! page is cut, and the page says so in [`Truncation`].

use std::borrow::Cow;
use std::cell::Cell;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

/// Deepest nesting kept (browsers stop nesting at 512; real articles stay under 100).
pub const MAX_DEPTH: usize = 256;

/// Most nodes (elements, text runs, comments) kept from one page. News pages have a few
/// thousand (the 181 pages of the body benchmark: at most about 6,500); the cap bounds
/// hostile pages.
pub const MAX_NODES: usize = 50_000;

/// Attributes kept per element (the rest are dropped): real markup has a handful, and the
/// survey reads each one.
pub const MAX_ATTRS: usize = 32;

/// Bytes fed to the parser between checks of the limits.
const CHUNK: usize = 4096;

/// Why the end of a page was not analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truncation {
    /// Elements nested deeper than [`MAX_DEPTH`]: the page was cut at the first one.
    Depth,
    /// More than [`MAX_NODES`] nodes: the page was cut there.
    Nodes,
}

impl Truncation {
    /// A short note for logs and the `extract` output.
    pub fn note(self) -> String {
        match self {
            Truncation::Depth => {
                format!("page cut where elements nest deeper than {MAX_DEPTH} levels")
            }
            Truncation::Nodes => format!("page cut after {MAX_NODES} nodes"),
        }
    }
}

/// Parse a document under the depth and node limits.
pub(crate) fn parse_bounded(html: &str) -> (Html, Option<Truncation>) {
    let sink = BoundedSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        nodes: Cell::new(0),
        cut: Cell::new(None),
    };
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() && parser.tokenizer.sink.sink.cut.get().is_none() {
        let mut at = rest.len().min(CHUNK);
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        let (chunk, tail) = rest.split_at(at);
        parser.process(StrTendril::from_slice(chunk));
        rest = tail;
    }
    let cut = parser.tokenizer.sink.sink.cut.get();
    (parser.finish(), cut)
}

/// scraper's sink, with limits.
struct BoundedSink {
    inner: HtmlTreeSink,
    nodes: Cell<usize>,
    cut: Cell<Option<Truncation>>,
}

impl BoundedSink {
    /// May a node go under `parent`? Counts it; raises the flag when a limit is passed.
    fn admit(&self, parent: NodeId) -> bool {
        if self.cut.get().is_some() {
            return false;
        }
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > MAX_NODES {
            self.cut.set(Some(Truncation::Nodes));
            return false;
        }
        let html = self.inner.0.borrow();
        let depth = html
            .tree
            .get(parent)
            .map_or(0, |p| p.ancestors().take(MAX_DEPTH).count());
        if depth >= MAX_DEPTH {
            self.cut.set(Some(Truncation::Depth));
            return false;
        }
        true
    }

    /// The node a new sibling of `sibling` would hang under.
    fn parent_of(&self, sibling: NodeId) -> Option<NodeId> {
        let html = self.inner.0.borrow();
        html.tree
            .get(sibling)
            .and_then(|s| s.parent())
            .map(|p| p.id())
    }
}

impl TreeSink for BoundedSink {
    type Output = Html;
    type Handle = NodeId;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(
        &self,
        name: QualName,
        mut attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> NodeId {
        attrs.truncate(MAX_ATTRS);
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        if self.admit(*parent) {
            self.inner.append(parent, child)
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let parent = self.parent_of(*element).unwrap_or(*prev_element);
        if self.admit(parent) {
            self.inner
                .append_based_on_parent_node(element, prev_element, child)
        }
    }

    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system)
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let Some(parent) = self.parent_of(*sibling) else {
            return;
        };
        if self.admit(parent) {
            self.inner.append_before_sibling(sibling, new_node)
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line: u64) {
        self.inner.set_current_line(line)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of_deepest(doc: &Html) -> usize {
        doc.tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit() {
        let html = "<div>".repeat(10_000) + "deep text";
        let (doc, cut) = parse_bounded(&html);
        assert_eq!(cut, Some(Truncation::Depth));
        assert!(depth_of_deepest(&doc) <= MAX_DEPTH);
        assert!(!doc.root_element().text().any(|t| t.contains("deep text")));
    }

    #[test]
    fn too_many_nodes_are_cut() {
        let html = "<p>x</p>".repeat(MAX_NODES);
        let (doc, cut) = parse_bounded(&html);
        assert_eq!(cut, Some(Truncation::Nodes));
        assert!(doc.tree.root().descendants().count() <= MAX_NODES + 8);
    }

    #[test]
    fn attributes_past_the_cap_are_dropped() {
        let attrs: String = (0..100).map(|i| format!(" a{i}=\"v\"")).collect();
        let (doc, cut) = parse_bounded(&format!("<p{attrs}>x</p>"));
        assert_eq!(cut, None);
        let p = doc
            .tree
            .nodes()
            .filter_map(|n| n.value().as_element())
            .find(|e| e.name() == "p")
            .expect("a p element");
        assert_eq!(p.attrs().count(), MAX_ATTRS);
        assert_eq!(p.attr("a0"), Some("v"));
    }

    #[test]
    fn an_ordinary_page_parses_as_scraper_would() {
        let html = format!(
            "<!doctype html><html><head><title>T</title></head><body><table><tr><td>a<td>b</table>\
             <p>one<p>two <b>bold <i>both</b> italic</i>{}<ul><li>é<li>ü</ul></body></html>",
            "<span>filler text</span>".repeat(500)
        );
        let (doc, cut) = parse_bounded(&html);
        assert_eq!(cut, None);
        assert_eq!(doc.html(), Html::parse_document(&html).html());
    }
}

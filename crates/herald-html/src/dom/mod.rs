// Port of go-trafilatura/internal/etree/

mod fastparse;
mod query;
mod tree;

pub use ego_tree::NodeId;
pub use tree::Walk;

use scraper::Node;
pub(crate) use tree::MAX_TREE_DEPTH;

/// A parsed HTML document backed by an ego-tree.
///
/// Wraps `ego_tree::Tree<scraper::Node>` and adds text/tail semantics
/// (from Python's ElementTree / Go's etree package), mutable tree operations,
/// and CSS selector queries.
///
/// NodeId handles are stable as long as the node is not detached.
/// Detached nodes remain in the backing store (they're never freed), so
/// previously captured NodeIds remain valid but the node has no parent.
pub struct Document {
    pub(crate) tree: ego_tree::Tree<Node>,
}

impl Document {
    /// Parse an HTML string into a mutable Document.
    /// Uses html5ever's browser-grade HTML parser (same as scraper).
    pub fn parse(html: &str) -> Self {
        // A byte-level tokenizer feeding html5ever's tree builder (same
        // tree, ~4x cheaper tokenising); html5ever's own tokenizer takes
        // the rare inputs the fast one leaves to it.
        let tree =
            fastparse::parse(html).unwrap_or_else(|| scraper::Html::parse_document(html).tree);
        Self { tree }
    }

    /// Parse with html5ever's own tokenizer (the reference for [`Document::parse`]).
    pub fn parse_html5ever(html: &str) -> Self {
        Self {
            tree: scraper::Html::parse_document(html).tree,
        }
    }

    /// The whole tree as text (names, attributes, text, comments, doctype),
    /// to compare parses.
    #[doc(hidden)]
    pub fn debug_tree(&self) -> String {
        fastparse::dump(&self.tree)
    }

    /// Whether the byte-level tokenizer handles `html` itself (else
    /// [`Document::parse`] falls back to html5ever's).
    #[doc(hidden)]
    pub fn fast_parse_applies(html: &str) -> bool {
        fastparse::parse(html).is_some()
    }

    /// Return the NodeId of the tree root (a Document node, not an Element).
    pub fn root(&self) -> NodeId {
        self.tree.root().id()
    }

    /// Return the NodeId of the `<body>` element, if present.
    pub fn body(&self) -> Option<NodeId> {
        // Walk: root → html → body
        let html_id = self
            .tree
            .root()
            .children()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name.local.as_ref() == "html"))?
            .id();

        self.tree
            .get(html_id)?
            .children()
            .find(|n| matches!(n.value(), Node::Element(e) if e.name.local.as_ref() == "body"))
            .map(|n| n.id())
    }
}

//! Bounding the work a hostile page can make the HTML parser do.
//!
//! html5ever walks its stack of open elements for most tags (scope checks), and compares each
//! attribute with the tag's earlier ones: 100,000 nested elements or one tag with 100,000
//! attributes cost time quadratic in the page (`<ul><li>` × 100,000, 800 KB, took 156 s). No
//! report nests anywhere near [`MAX_DEPTH`] elements, so before parsing, a linear scan follows
//! the page's nesting as the parser will build it (the HTML standard's implied end tags,
//! scopes, raw text, comments) and removes the start tags that would open an element deeper
//! than that, and the attributes of a tag beyond [`MAX_ATTRIBUTES`]. Their text is kept; it
//! lands in the deepest element allowed, as browsers flatten too-deep trees. A page within
//! the limits is parsed exactly as written.
//!
//! The scan errs towards thinking the page deeper than the parser will: where it cannot tell
//! whether an end tag closes an element (misnested formatting elements), it keeps the
//! element open.

use std::borrow::Cow;

/// The deepest nesting of elements parsed as written. Browsers cap at 512; the scope checks
/// cost a walk of this many elements per tag at worst.
pub const MAX_DEPTH: usize = 200;
/// Attributes of one tag kept; the rest are dropped before parsing.
pub const MAX_ATTRIBUTES: usize = 256;

/// `html` with the start tags past [`MAX_DEPTH`] and the attributes past [`MAX_ATTRIBUTES`]
/// removed; borrowed unchanged when there are none.
pub fn bound(html: &str) -> Cow<'_, str> {
    let mut scan = HtmlScan {
        src: html,
        out: String::new(),
        copied: 0,
        stack: Stack::default(),
    };
    scan.run();
    if scan.copied == 0 {
        return Cow::Borrowed(html);
    }
    scan.out.push_str(&html[scan.copied..]);
    Cow::Owned(scan.out)
}

/// An open element as the parser will hold it: its name, and whether it is SVG or MathML.
struct Open {
    name: String,
    foreign: bool,
}

/// Kinds of open elements the parser's checks look for, each with the places in the stack
/// of the elements of that kind, so that "the nearest one" is a lookup, not a walk.
#[derive(Clone, Copy)]
enum Group {
    Special,
    /// Special but not `address`, `div` or `p`: what stops a new `<li>` closing the open one.
    SpecialButAdp,
    DefaultScope,
    ButtonScope,
    ListItemScope,
    TableScope,
    Html,
}

const GROUPS: usize = 7;

/// The stack of open elements, with the places of each name and each group in it.
#[derive(Default)]
struct Stack {
    open: Vec<Open>,
    by_name: std::collections::HashMap<String, Vec<usize>>,
    groups: [Vec<usize>; GROUPS],
}

impl Stack {
    fn len(&self) -> usize {
        self.open.len()
    }

    fn top(&self) -> Option<&Open> {
        self.open.last()
    }

    fn groups_of(name: &str, foreign: bool) -> impl Iterator<Item = Group> {
        let html = !foreign;
        [
            (Group::Special, html && is_special(name)),
            (
                Group::SpecialButAdp,
                html && is_special(name) && !matches!(name, "address" | "div" | "p"),
            ),
            (Group::DefaultScope, html && DEFAULT_SCOPE.contains(&name)),
            (Group::ButtonScope, html && BUTTON_SCOPE.contains(&name)),
            (
                Group::ListItemScope,
                html && LIST_ITEM_SCOPE.contains(&name),
            ),
            (Group::TableScope, html && TABLE_SCOPE.contains(&name)),
            (Group::Html, html),
        ]
        .into_iter()
        .filter_map(|(g, member)| member.then_some(g))
    }

    fn push(&mut self, name: &str, foreign: bool) {
        let at = self.open.len();
        self.by_name.entry(name.to_owned()).or_default().push(at);
        for g in Stack::groups_of(name, foreign) {
            self.groups[g as usize].push(at);
        }
        self.open.push(Open {
            name: name.to_owned(),
            foreign,
        });
    }

    /// Closes the elements from place `len` up.
    fn truncate(&mut self, len: usize) {
        while self.open.len() > len {
            let Some(open) = self.open.pop() else { break };
            if let Some(places) = self.by_name.get_mut(&open.name) {
                places.pop();
            }
            for g in Stack::groups_of(&open.name, open.foreign) {
                self.groups[g as usize].pop();
            }
        }
    }

    fn pop(&mut self) {
        self.truncate(self.len().saturating_sub(1));
    }

    /// The place of the nearest open element named one of `names`.
    fn nearest(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .filter_map(|n| self.by_name.get(*n).and_then(|p| p.last().copied()))
            .max()
    }

    fn nearest_in(&self, group: Group) -> Option<usize> {
        self.groups[group as usize].last().copied()
    }
}

struct HtmlScan<'a> {
    src: &'a str,
    /// The bounded page up to `copied`, once something has been removed.
    out: String,
    copied: usize,
    stack: Stack,
}

/// A tag as the tokenizer reads it.
struct Tag {
    name: String,
    /// Where the first attribute past the limit starts, when there is one.
    cut: Option<usize>,
    /// Just past the closing `>` (the end of the page when it has none).
    end: usize,
    self_closing: bool,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl HtmlScan<'_> {
    fn bytes(&self) -> &[u8] {
        self.src.as_bytes()
    }

    /// Leaves `start..end` of the source out of the page.
    fn remove(&mut self, start: usize, end: usize) {
        self.out.push_str(&self.src[self.copied..start]);
        self.copied = end;
    }

    fn run(&mut self) {
        let mut i = 0;
        let len = self.src.len();
        while let Some(off) = self.bytes()[i..].iter().position(|&b| b == b'<') {
            let lt = i + off;
            let next = self.bytes().get(lt + 1).copied();
            let after = self.bytes().get(lt + 2).copied();
            i = match next {
                Some(b'!') => self.declaration(lt),
                Some(b'?') => self.to_gt(lt),
                Some(b'/') if after.is_some_and(|b| b.is_ascii_alphabetic()) => self.end_tag(lt),
                Some(b'/') => self.to_gt(lt),
                Some(b) if b.is_ascii_alphabetic() => self.start_tag(lt),
                _ => lt + 1,
            };
            if i >= len {
                break;
            }
        }
    }

    /// Past the next `>` (a bogus comment, `<?…>`, `</>`), or the end of the page.
    fn to_gt(&self, from: usize) -> usize {
        find(self.bytes(), from, b">").map_or(self.src.len(), |at| at + 1)
    }

    /// `<!--…-->` (also ended by `--!>`, and `<!-->` and `<!--->` are whole comments), or a
    /// doctype or other `<!…>` up to its `>`.
    fn declaration(&self, lt: usize) -> usize {
        let b = self.bytes();
        if !b[lt..].starts_with(b"<!--") {
            return self.to_gt(lt);
        }
        let body = lt + 4;
        if b[body..].starts_with(b">") {
            return body + 1;
        }
        if b[body..].starts_with(b"->") {
            return body + 2;
        }
        let mut i = body;
        while let Some(at) = find(b, i, b"--") {
            match b.get(at + 2) {
                Some(b'>') => return at + 3,
                Some(b'!') if b.get(at + 3) == Some(&b'>') => return at + 4,
                _ => i = at + 1,
            }
        }
        b.len()
    }

    /// Reads the tag whose name starts at `at`, counting its attributes as the tokenizer
    /// does (names end at space, `/`, `>` or `=`; values are quoted or end at space or `>`).
    fn tag(&self, at: usize) -> Tag {
        let b = self.bytes();
        let mut i = at;
        while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = self.src[at..i].to_ascii_lowercase();
        let mut attributes = 0;
        let mut cut = None;
        let mut self_closing = false;
        loop {
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    i += 1;
                    self_closing = b.get(i) == Some(&b'>');
                    continue;
                }
                Some(_) => {}
            }
            attributes += 1;
            if attributes == MAX_ATTRIBUTES + 1 {
                cut = Some(i);
            }
            // The name; a leading `=` belongs to it.
            i += 1;
            while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if b.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| i + 1 + p + 1);
                }
                _ => {
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
        Tag {
            name,
            cut,
            end: i.min(b.len()),
            self_closing,
        }
    }

    /// Drops the attributes past the limit, keeping the tag's `>`.
    fn cut_attributes(&mut self, tag: &Tag) {
        if let Some(cut) = tag.cut {
            let gt = if self.bytes().get(tag.end.wrapping_sub(1)) == Some(&b'>') {
                tag.end - 1
            } else {
                tag.end
            };
            self.remove(cut, gt);
        }
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        let tag = self.tag(lt + 1);
        let name = tag.name.as_str();
        let in_foreign = self.stack.top().is_some_and(|o| o.foreign);
        if in_foreign && breaks_out_of_foreign(name) {
            let html = self.stack.nearest_in(Group::Html).map_or(0, |h| h + 1);
            self.stack.truncate(html);
        }
        let foreign =
            self.stack.top().is_some_and(|o| o.foreign) || name == "svg" || name == "math";
        if !foreign {
            self.implied_ends(name);
        }
        // Void elements, self-closed foreign ones and the merged html/head/body are not
        // pushed.
        let pushed = !(is_void(name)
            || (foreign && tag.self_closing)
            || matches!(name, "html" | "head" | "body"));
        if pushed && self.stack.len() >= MAX_DEPTH {
            self.remove(lt, tag.end);
            return tag.end;
        }
        self.cut_attributes(&tag);
        if !pushed {
            return tag.end;
        }
        if !foreign {
            self.implied_parents(name);
        }
        self.stack.push(&tag.name, foreign);
        if foreign {
            return tag.end;
        }
        match name {
            "plaintext" => self.src.len(),
            "script" | "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript"
            | "textarea" | "title" => self.raw_text_end(tag.end, name),
            _ => tag.end,
        }
    }

    /// Where the raw text of element `name` that starts at `from` ends: at its end tag
    /// (`</name` followed by space, `/` or `>`), which is then read as a tag.
    fn raw_text_end(&self, from: usize, name: &str) -> usize {
        let b = self.bytes();
        let mut i = from;
        while let Some(at) = find(b, i, b"</") {
            let name_end = at + 2 + name.len();
            let matches = b
                .get(at + 2..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
            let ends = b
                .get(name_end)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>');
            if matches && ends {
                return at;
            }
            i = at + 2;
        }
        b.len()
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        let tag = self.tag(lt + 2);
        self.cut_attributes(&tag);
        let name = tag.name.as_str();
        if self.stack.top().is_some_and(|o| o.foreign) {
            // Within the SVG or MathML run at the top, the nearest element of that name.
            let html = self.stack.nearest_in(Group::Html);
            if let Some(j) = self.stack.nearest(&[name]).filter(|&j| Some(j) > html) {
                self.stack.truncate(j);
            }
            return tag.end;
        }
        match name {
            // The parser keeps these open (or merges them); `</br>` is a `<br>`.
            "html" | "body" | "head" | "form" | "template" | "br" => {}
            "p" => self.close_in_scope(&["p"], Group::ButtonScope),
            "li" => self.close_in_scope(&["li"], Group::ListItemScope),
            "dd" | "dt" => self.close_in_scope(&[name], Group::DefaultScope),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_in_scope(&HEADINGS, Group::DefaultScope)
            }
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption" => {
                self.close_in_scope(&[name], Group::TableScope)
            }
            _ if is_formatting(name) => self.close_formatting(name),
            _ if is_special(name) => self.close_in_scope(&[name], Group::DefaultScope),
            _ => {
                // Any other end tag closes the nearest element of its name, unless a
                // special element comes first.
                let special = self.stack.nearest_in(Group::Special);
                if let Some(j) = self.stack.nearest(&[name]).filter(|&j| Some(j) > special) {
                    self.stack.truncate(j);
                }
            }
        }
        tag.end
    }

    /// The elements a start tag closes first, as the parser closes them.
    fn implied_ends(&mut self, name: &str) {
        match name {
            "li" => self.close_list_item(&["li"]),
            "dd" | "dt" => self.close_list_item(&["dd", "dt"]),
            "td" | "th" => self.close_in_scope(&["td", "th"], Group::TableScope),
            "tr" => self.close_in_scope(&["tr"], Group::TableScope),
            "tbody" | "thead" | "tfoot" => {
                self.close_in_scope(&["tbody", "thead", "tfoot"], Group::TableScope)
            }
            "table" => {
                // A table directly in a table (not in a cell) closes it.
                let table = self.stack.nearest(&["table"]);
                if table.is_some() && table > self.stack.nearest(&["td", "th", "caption"]) {
                    self.stack.truncate(table.unwrap_or(0));
                }
            }
            "option" | "optgroup" => {
                if self.stack.top().is_some_and(|o| o.name == "option") {
                    self.stack.pop();
                }
                if name == "optgroup" && self.stack.top().is_some_and(|o| o.name == "optgroup") {
                    self.stack.pop();
                }
            }
            "a" | "nobr" => self.close_formatting(name),
            "button" => self.close_in_scope(&["button"], Group::DefaultScope),
            _ => {}
        }
        if closes_p(name) {
            self.close_in_scope(&["p"], Group::ButtonScope);
        }
        if HEADINGS.contains(&name)
            && self
                .stack
                .top()
                .is_some_and(|o| HEADINGS.contains(&o.name.as_str()))
        {
            self.stack.pop();
        }
    }

    /// The elements the parser opens around a row or a cell written straight in a table.
    fn implied_parents(&mut self, name: &str) {
        let top = self.stack.top().map(|o| o.name.as_str());
        let implied: &[&str] = match (name, top) {
            ("tr", Some("table")) => &["tbody"],
            ("td" | "th", Some("table")) => &["tbody", "tr"],
            ("td" | "th", Some("tbody" | "thead" | "tfoot")) => &["tr"],
            _ => &[],
        };
        for parent in implied {
            self.stack.push(parent, false);
        }
    }

    /// Closes the nearest element named one of `names` if no element of the `scope` group
    /// is open above it (the element itself may be one).
    fn close_in_scope(&mut self, names: &[&str], scope: Group) {
        if let Some(j) = self.stack.nearest(names) {
            if self.stack.nearest_in(scope).is_none_or(|b| j >= b) {
                self.stack.truncate(j);
            }
        }
    }

    /// A new `<li>` (or `<dd>`, `<dt>`) closes the open one, unless a special element other
    /// than `address`, `div` or `p` comes first.
    fn close_list_item(&mut self, names: &[&str]) {
        if let Some(j) = self.stack.nearest(names) {
            if self
                .stack
                .nearest_in(Group::SpecialButAdp)
                .is_none_or(|s| j >= s)
            {
                self.stack.truncate(j);
            }
        }
    }

    /// A formatting element's end tag (or a new `<a>`): the parser's adoption agency keeps
    /// the special elements opened inside it open, so it is closed here only when none is.
    fn close_formatting(&mut self, name: &str) {
        if let Some(j) = self.stack.nearest(&[name]) {
            if self.stack.nearest_in(Group::Special).is_none_or(|s| s < j) {
                self.stack.truncate(j);
            }
        }
    }
}

const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

const DEFAULT_SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];
const BUTTON_SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
];
const LIST_ITEM_SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "ol", "ul",
];
const TABLE_SCOPE: &[&str] = &["html", "table", "template"];

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "image"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The HTML standard's "special" elements (html5ever's `special_tag`).
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "base"
            | "basefont"
            | "bgsound"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "frame"
            | "frameset"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "iframe"
            | "img"
            | "input"
            | "isindex"
            | "li"
            | "link"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "meta"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "param"
            | "plaintext"
            | "pre"
            | "script"
            | "section"
            | "select"
            | "source"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "track"
            | "ul"
            | "wbr"
            | "xmp"
    )
}

/// Start tags that close an open `<p>` in button scope.
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "plaintext"
            | "xmp"
            | "hr"
            | "li"
            | "dd"
            | "dt"
    )
}

/// HTML start tags that end SVG or MathML content.
fn breaks_out_of_foreign(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

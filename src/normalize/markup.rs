//! HTML in scraped pages: tags and character references read as the text they stand for.
//!
//! Saved web pages (`.html`) and Markdown converted from them (`<br>` inside table cells,
//! `&nbsp;`) carry markup between the words of a header: `ỦY BAN NHÂN DÂN<br>TỈNH PHÚ THỌ`.
//! A block's edge is a line break, an inline tag is nothing, a script or style is dropped
//! whole, a character reference is its character. Anything that is not well-formed markup
//! of a known tag (`a < b`, `<TÊN CƠ QUAN>` in a form, `AT&T`) stays text.

/// What a piece of markup stands for in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup {
    /// Nothing: an inline tag, a comment, a script or style with its content.
    Nothing,
    /// A line break: `<br>`, the edge of a paragraph, a table cell or row.
    LineBreak,
    /// One character: `&nbsp;` a space, `&#7889;` `ố`.
    Char(char),
}

/// Tags whose edges break a line: blocks, table cells and rows, `<br>`.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Tags that are nothing in the text: inline formatting and links.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "del", "em", "font", "i", "img", "input", "ins",
    "label", "link", "mark", "meta", "o:p", "q", "s", "small", "span", "strike", "strong", "sub",
    "sup", "tt", "u",
];

/// Tags dropped with everything up to their closing tag: no text of the page lies there.
const RAW: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe",
];

/// How far a tag's `>` may lie from its `<`: attributes are short, and a `<` with no `>`
/// near it is text.
const TAG_REACH: usize = 2048;

/// Reads the markup of one text front to back, remembering where each raw element's closing
/// tag was looked for: a page of a thousand unclosed `<script>` tags is searched once, not
/// once for each of them.
#[derive(Debug, Default)]
pub(super) struct Reader {
    /// For each [`RAW`] name: the last search's start and the closing tag it found (`None`:
    /// none from there to the end).
    closers: [Option<(usize, Option<usize>)>; RAW.len()],
    /// The same for the end of a comment (`-->`).
    comment_end: Option<(usize, Option<usize>)>,
}

impl Reader {
    /// The markup starting at byte `i` of `src` (a `<` or `&`) and the byte after it; `None`
    /// when no markup starts there. Calls come with `i` rising through one `src`.
    pub(super) fn at(&mut self, src: &str, i: usize) -> Option<(Markup, usize)> {
        match src.as_bytes().get(i)? {
            b'<' => self.tag(src, i),
            b'&' => reference(src, i),
            _ => None,
        }
    }

    /// Start of the first `</name` at or after `from` (any case, the name ending there: no
    /// `</header` for `</head`), through the remembered search.
    fn closer(&mut self, src: &str, raw: usize, from: usize) -> Option<usize> {
        if let Some(found) = remembered(self.closers[raw], from) {
            return found;
        }
        let closer = format!("</{}", RAW[raw]);
        let found = memchr::memchr_iter(b'<', &src.as_bytes()[from..])
            .map(|k| from + k)
            .find(|&k| {
                src.get(k..k + closer.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(&closer))
                    && matches!(
                        src.as_bytes().get(k + closer.len()),
                        None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
                    )
            });
        self.closers[raw] = Some((from, found));
        found
    }

    /// Start of the first `-->` at or after `from`, through the remembered search.
    fn comment_end(&mut self, src: &str, from: usize) -> Option<usize> {
        if let Some(found) = remembered(self.comment_end, from) {
            return found;
        }
        let found = memchr::memmem::find(&src.as_bytes()[from..], b"-->").map(|k| from + k);
        self.comment_end = Some((from, found));
        found
    }

    fn tag(&mut self, src: &str, i: usize) -> Option<(Markup, usize)> {
        let rest = &src[i..];
        if rest.starts_with("<!--") {
            let end = self.comment_end(src, i + 4)?;
            return Some((Markup::Nothing, end + 3));
        }
        let b = rest.as_bytes();
        // `<!DOCTYPE html>`, `<?xml ...?>`, and Word's `<![if !vml]>`, `<![endif]>`.
        if matches!(b.get(1), Some(b'!' | b'?'))
            && b.get(2)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'[')
        {
            return Some((Markup::Nothing, i + close_of(rest)?));
        }
        let closing = b.get(1) == Some(&b'/');
        let name_start = 1 + closing as usize;
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(**c, b':' | b'-'))
            .count();
        if name_len == 0 || name_len > 24 || !b[name_start].is_ascii_alphabetic() {
            return None;
        }
        // The name ends at white space, `>` or `/>`.
        if !matches!(
            b.get(name_start + name_len),
            Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
        ) {
            return None;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let end = i + close_of(rest)?;
        if BLOCK.contains(&name.as_str()) {
            return Some((Markup::LineBreak, end));
        }
        if INLINE.contains(&name.as_str()) {
            return Some((Markup::Nothing, end));
        }
        if let Some(raw) = RAW.iter().position(|r| *r == name) {
            if closing {
                return Some((Markup::Nothing, end));
            }
            // Up to the closing tag; an unclosed one drops only itself.
            let after = self
                .closer(src, raw, end)
                .and_then(|k| close_of(&src[k..]).map(|n| k + n));
            return Some((Markup::Nothing, after.unwrap_or(end)));
        }
        // Any other tag with an ASCII name and its `>` near is markup too (`<colgroup>`,
        // Word's `<v:line>`, `<o:p>`): nothing in the text. `<TÊN CƠ QUAN>` is no tag.
        Some((Markup::Nothing, end))
    }
}

/// The answer a remembered search `(searched from, found)` gives for a search from `from`:
/// the first hit after `searched` is the first after `from` too when `from` lies between.
fn remembered(last: Option<(usize, Option<usize>)>, from: usize) -> Option<Option<usize>> {
    let (searched, found) = last?;
    (from >= searched && found.is_none_or(|f| from <= f)).then_some(found)
}

/// The length of the tag opening `s` up to its `>`, when the `>` is near and no `<` comes first.
fn close_of(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let reach = b.len().min(TAG_REACH);
    let k = memchr::memchr2(b'>', b'<', &b[1..reach])? + 1;
    (b[k] == b'>').then_some(k + 1)
}

/// Named references a page of Vietnamese text uses: spaces, punctuation, Latin-1 letters.
const NAMED: &[(&str, char)] = &[
    ("nbsp", ' '),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("atilde", 'ã'),
    ("egrave", 'è'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("igrave", 'ì'),
    ("iacute", 'í'),
    ("ograve", 'ò'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("otilde", 'õ'),
    ("ugrave", 'ù'),
    ("uacute", 'ú'),
    ("yacute", 'ý'),
    ("Agrave", 'À'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Atilde", 'Ã'),
    ("Egrave", 'È'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Igrave", 'Ì'),
    ("Iacute", 'Í'),
    ("Ograve", 'Ò'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Otilde", 'Õ'),
    ("Ugrave", 'Ù'),
    ("Uacute", 'Ú'),
    ("Yacute", 'Ý'),
];

fn reference(src: &str, i: usize) -> Option<(Markup, usize)> {
    let rest = &src[i + 1..];
    let semi = rest.as_bytes().iter().take(10).position(|&c| c == b';')?;
    let body = &rest[..semi];
    let end = i + 1 + semi + 1;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))?
    } else {
        NAMED.iter().find(|(n, _)| *n == body)?.1
    };
    Some((Markup::Char(c), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str, i: usize) -> Option<(Markup, usize)> {
        Reader::default().at(src, i)
    }

    #[test]
    fn tags_and_references() {
        assert_eq!(at("<br>", 0), Some((Markup::LineBreak, 4)));
        assert_eq!(at("<BR/>", 0), Some((Markup::LineBreak, 5)));
        assert_eq!(at("<td width=\"50%\">", 0), Some((Markup::LineBreak, 16)));
        assert_eq!(at("</p>", 0), Some((Markup::LineBreak, 4)));
        assert_eq!(at("<b>", 0), Some((Markup::Nothing, 3)));
        assert_eq!(at("<!-- x -->", 0), Some((Markup::Nothing, 10)));
        assert_eq!(
            at("<script>if (a<b) x();</script>z", 0),
            Some((Markup::Nothing, 30))
        );
        assert_eq!(at("&nbsp;", 0), Some((Markup::Char(' '), 6)));
        assert_eq!(at("&#7889;", 0), Some((Markup::Char('ố'), 7)));
        assert_eq!(at("&#x1ED1;", 0), Some((Markup::Char('ố'), 8)));
        // Word's markup: conditionals and tags of its own.
        assert_eq!(at("<![if !vml]>", 0), Some((Markup::Nothing, 12)));
        assert_eq!(at("<v:line from=\"0,0\">", 0), Some((Markup::Nothing, 19)));
        assert_eq!(at("<colgroup>", 0), Some((Markup::Nothing, 10)));
        // `</header>` closes no `<head>`.
        assert_eq!(
            at("<head><title>x</title></header><p>Số", 0),
            Some((Markup::Nothing, 6))
        );
    }

    #[test]
    fn unclosed_comments_are_searched_for_their_end_once() {
        let src = "<!-- ".repeat(20_000) + "x";
        let mut r = Reader::default();
        let mut i = 0;
        while i < src.len() {
            i = r.at(&src, i).map_or(i + 1, |(_, end)| end);
        }
        let mut r = Reader::default();
        let s = "<!-- a --> b <!-- c -->";
        assert_eq!(r.at(s, 0), Some((Markup::Nothing, 10)));
        assert_eq!(r.at(s, 13), Some((Markup::Nothing, 23)));
    }

    #[test]
    fn unclosed_raw_tags_are_searched_for_their_closer_once() {
        // Every `<script>` of the page asks for a closer; the one search answers them all.
        let src = "<script>".repeat(20_000) + "x";
        let mut r = Reader::default();
        let mut i = 0;
        let mut n = 0;
        while let Some((m, end)) = r.at(&src, i) {
            assert_eq!(m, Markup::Nothing);
            i = end;
            n += 1;
        }
        assert_eq!((n, &src[i..]), (20_000, "x"));
        // A closed one drops its content, closer and all.
        let src = "<style>a<b</style>c<style>d</STYLE>e";
        let mut r = Reader::default();
        assert_eq!(r.at(src, 0), Some((Markup::Nothing, 18)));
        assert_eq!(r.at(src, 19), Some((Markup::Nothing, 35)));
    }

    #[test]
    fn what_is_no_markup_stays_text() {
        for s in [
            "< 5",
            "<TÊN CƠ QUAN>",
            "<tên>",
            "<b",
            "&",
            "AT&T",
            "&nosuch;",
            "&#0;",
        ] {
            assert_eq!(at(s, 0), None, "{s}");
        }
    }
}

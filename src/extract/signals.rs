//! Relation signal words: what the words before a reference say the citer does (docs/relations.md).

use crate::model::Relation;
use crate::normalize::is_alnum;
use regex::Regex;
use std::sync::LazyLock;

/// How a signal phrase attaches to the reference after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Heads its clause: counts at any distance, but only where a clause can start.
    Clause,
    /// Counts only where a sentence or a list item starts (`1. Thực hiện theo Công điện số`);
    /// elsewhere the phrase means `cites` (`; thực hiện theo Nghị định số`: follow the rule).
    Opening,
    /// Counts at any distance within the sentence.
    Sentence,
    /// Counts only a few words before the reference (or before a linking `tại`).
    Near,
    /// Counts only directly before the reference (`Xét Tờ trình số`).
    Adjacent,
    /// `tại`: links a head further left (`hướng dẫn của Bộ Y tế tại`) and means `cites` alone.
    Linking,
    /// `kèm theo`: no signal of its own (it is not `theo`); a change further left (`Bãi bỏ`,
    /// `Sửa đổi, bổ sung`) reaches through it, anything else gives `cites`.
    Attached,
}

/// Signal phrases, longest first so that `tiếp theo` wins over `theo`.
const SIGNALS: &[(&str, Relation, Reach)] = &[
    ("kế hoạch triển khai", Relation::Implements, Reach::Sentence),
    ("triển khai thực hiện", Relation::Implements, Reach::Clause),
    ("tổ chức thực hiện", Relation::Implements, Reach::Clause),
    ("tiếp theo", Relation::Implements, Reach::Near),
    // Following a rule is no implementing of the document that lays it down.
    (
        "thực hiện theo đúng quy định",
        Relation::Cites,
        Reach::Sentence,
    ),
    (
        "thực hiện theo các quy định",
        Relation::Cites,
        Reach::Sentence,
    ),
    ("thực hiện theo quy định", Relation::Cites, Reach::Sentence),
    ("thực hiện theo", Relation::Implements, Reach::Opening),
    ("thực hiện đúng", Relation::Implements, Reach::Opening),
    ("thực hiện", Relation::Implements, Reach::Clause),
    ("triển khai", Relation::Implements, Reach::Clause),
    ("căn cứ", Relation::BasedOn, Reach::Sentence),
    ("theo hướng dẫn", Relation::GuidedBy, Reach::Near),
    ("được hướng dẫn", Relation::GuidedBy, Reach::Near),
    ("hướng dẫn của", Relation::GuidedBy, Reach::Near),
    ("hướng dẫn tại", Relation::GuidedBy, Reach::Near),
    ("trả lời", Relation::RespondsTo, Reach::Clause),
    ("phúc đáp", Relation::RespondsTo, Reach::Clause),
    ("nhận được", Relation::RespondsTo, Reach::Near),
    ("theo đề nghị", Relation::ProposedBy, Reach::Sentence),
    ("xét đề nghị", Relation::ProposedBy, Reach::Sentence),
    ("đề nghị của", Relation::ProposedBy, Reach::Near),
    ("xét", Relation::ProposedBy, Reach::Adjacent),
    // Passive: `A được sửa đổi bởi B` tells of A, not of what the document does to B.
    ("được sửa đổi, bổ sung", Relation::Cites, Reach::Near),
    ("được sửa đổi", Relation::Cites, Reach::Near),
    ("được bổ sung", Relation::Cites, Reach::Near),
    ("sửa đổi, bổ sung", Relation::Amends, Reach::Near),
    ("sửa đổi", Relation::Amends, Reach::Near),
    ("bổ sung", Relation::Amends, Reach::Near),
    // Replacing "the provisions of X" in part is amending X.
    (
        "thay thế một phần các quy định",
        Relation::Amends,
        Reach::Near,
    ),
    (
        "thay thế các quy định tương ứng",
        Relation::Amends,
        Reach::Near,
    ),
    ("thay thế các quy định", Relation::Amends, Reach::Near),
    ("thay thế", Relation::Replaces, Reach::Near),
    ("bãi bỏ", Relation::Repeals, Reach::Near),
    ("hủy bỏ", Relation::Repeals, Reach::Near),
    ("đính chính", Relation::Corrects, Reach::Near),
    // `Quy định ban hành kèm theo Thông tư số X` names what is attached to X: a change made
    // to that (`Sửa đổi, bổ sung`, `Bãi bỏ`) is made to X; carrying it out is not carrying
    // out X (`thực hiện Chương trình ... ban hành kèm theo Thông tư số X` cites X).
    ("kèm theo", Relation::Cites, Reach::Attached),
    ("theo", Relation::Cites, Reach::Near),
    ("tại", Relation::Cites, Reach::Linking),
];

/// Words after which an implementing verb opens a clause (`V/v thực hiện`, `về việc triển khai`).
const CLAUSE_OPENERS: &[&str] = &[
    "v/v",
    "về việc",
    "về",
    "để",
    "nhằm",
    "tiếp tục",
    "tổ chức",
    "triển khai",
    "kế hoạch",
    "và",
    "khẩn trương",
    "đồng thời",
    "chỉ đạo",
    "yêu cầu",
    "giao",
    "đề nghị",
    "nghiêm túc",
];

const NEAR_WORDS: usize = 8;

/// Words that make an amending, replacing or repealing signal after them in their clause a
/// plan, not this document's act (`trình Chính phủ Nghị định sửa đổi`, `tham mưu ban hành
/// Quyết định thay thế`, `rà soát việc thay thế`): the document only cites what another,
/// future document is to change. (`việc` counts except in `về việc`, a subject's opening.)
const DRAFTING: &[&str] = &[
    "trình",
    "tham mưu",
    "xây dựng",
    "nghiên cứu",
    "đề xuất",
    "dự thảo",
    "soạn thảo",
    "rà soát",
    "chuẩn bị",
    "kiến nghị",
    "đề nghị",
];

/// True when the clause that ends at `s` in `window` plans a change rather than makes it: a
/// drafting word stands in it, or it names another document of a kind, to be issued, right
/// before the signal (`ban hành Nghị định sửa đổi`).
fn plans_a_change(window: &str, s: usize) -> bool {
    let clause_start = window[..s]
        .rfind([';', ':', '.', '\n', '('])
        .map_or(0, |i| i + 1);
    let clause = crate::normalize::lower(&window[clause_start..s]);
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |phrase: &str| {
        let p: Vec<&str> = phrase.split(' ').collect();
        words.windows(p.len()).any(|w| w == p.as_slice())
    };
    // `việc thay thế`, written straight on (`làm việc, thay thế` is a work's rules).
    let before = window[clause_start..s].trim_end();
    let topic = crate::normalize::lower(before).ends_with("việc")
        && !matches!(words.as_slice(), [.., "về" | "làm" | "công", "việc"]);
    if topic || DRAFTING.iter().any(|d| has(d)) {
        return true;
    }
    // `ban hành Nghị định sửa đổi ...`: the kind written in title case right before the signal
    // is the other document's (this one says `Quyết định này`, and its title is in capitals).
    let tail: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    has("ban hành")
        && (1..=tail.len()).any(|n| {
            let phrase: Vec<&str> = tail[..n].iter().rev().copied().collect();
            let phrase = phrase.join(" ");
            phrase.chars().next().is_some_and(char::is_uppercase)
                && phrase.chars().skip(1).any(char::is_lowercase)
                && crate::model::DocKind::from_word(&phrase).is_some()
        })
}

/// Signals matched only as written: loosened, each is a common phrase of other words
/// (`tại` would be `tai` of `thiên tai` and `tái`; `đính chính` would be the `định chính` of
/// `quy định chính sách`; `được sửa đổi` would be `Cục Quản lý Dược sửa đổi`).
const AS_WRITTEN: &[&str] = &[
    "tại",
    "đính chính",
    "được sửa đổi, bổ sung",
    "được sửa đổi",
    "được bổ sung",
];

/// Vietnamese letters by their base letter: OCR loses or changes marks (`căn cú`, `sửa đôi`,
/// `dề nghị`) but keeps the base letter, so a signal matches with any marks on its vowels.
const LETTER_FAMILIES: &[&str] = &[
    "aàáảãạăằắẳẵặâầấẩẫậ",
    "eèéẻẽẹêềếểễệ",
    "iìíỉĩị",
    "oòóỏõọôồốổỗộơờớởỡợ",
    "uùúủũụưừứửữự",
    "yỳýỷỹỵ",
    "dđ",
];

/// A signal phrase as a pattern that takes any marks on its letters and any white space.
fn loose_pattern(phrase: &str) -> String {
    let mut out = String::new();
    for c in phrase.chars() {
        if c == ' ' {
            out.push_str(r"\s+");
        } else if let Some(family) = LETTER_FAMILIES.iter().find(|f| f.contains(c)) {
            out.push('[');
            out.push_str(family);
            out.push(']');
        } else {
            out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
        }
    }
    out
}

static SIGNAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = SIGNALS
        .iter()
        .map(|(p, _, _)| match AS_WRITTEN.contains(p) {
            true => regex::escape(p).replace(' ', r"\s+"),
            false => loose_pattern(p),
        })
        .collect();
    // No `\b`: Unicode word boundaries keep the regex engine off its DFA; they are checked below.
    super::pattern(&format!(r"(?i)(?:{})", alts.join("|")))
});

static OPENER_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = CLAUSE_OPENERS
        .iter()
        .map(|p| regex::escape(p).replace(' ', r"\s+"))
        .collect();
    super::pattern(&format!(
        r"(?i)(?:^|[.;:,(\-+]|(?:^|[^\p{{L}}\p{{N}}])(?:{}))\s*$",
        alts.join("|")
    ))
});

/// The start of a sentence or of a list item (`1.`, `a)`, `-`), up to the signal.
static ITEM_START_RE: LazyLock<Regex> =
    LazyLock::new(|| super::pattern(r"(?:^|[.!?\n])\s*(?:[-+•*]|\d+(?:\.\d+)*[.)]|\p{Ll}\))?\s*$"));

/// The signals' phrases with marks folded, in [`SIGNALS`]' order.
static FOLDED: LazyLock<Vec<String>> = LazyLock::new(|| {
    SIGNALS
        .iter()
        .map(|(p, _, _)| crate::normalize::fold_ascii(p))
        .collect()
});

fn lookup(found: &str) -> (Relation, Reach) {
    let mut f = crate::normalize::lower(found);
    // Most signals are written with single spaces: squashed only when they are not.
    if !f
        .split(' ')
        .all(|w| !w.is_empty() && !w.contains(char::is_whitespace))
    {
        f = crate::normalize::squash_spaces(&f);
    }
    // As written first; then with marks folded, for the OCR-damaged spellings the pattern takes.
    if let Some((_, r, reach)) = SIGNALS.iter().find(|(p, _, _)| *p == f) {
        return (*r, *reach);
    }
    let folded = crate::normalize::fold_ascii(&f);
    FOLDED
        .iter()
        .zip(SIGNALS)
        .find(|(p, _)| **p == folded)
        .map(|(_, (_, r, reach))| (*r, *reach))
        .unwrap_or((Relation::Cites, Reach::Near))
}

/// True when `s[a..b]` is whole words: no letter or digit touches it on either side.
fn on_word_boundaries(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].chars().next_back().is_none_or(|c| !is_alnum(c));
    let after = s[b..].chars().next().is_none_or(|c| !is_alnum(c));
    before && after
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The relation the subject of an outer reference gives the reference it nests
/// (`về việc ban hành Hướng dẫn thực hiện Nghị quyết số ...`): any signal near it counts.
pub fn relation_in_subject(window: &str) -> Option<Relation> {
    let last = SIGNAL_RE
        .find_iter(window)
        .filter(|m| on_word_boundaries(window, m.start(), m.end()))
        .last()?;
    let (rel, reach) = lookup(last.as_str());
    match reach {
        Reach::Clause | Reach::Opening if word_count(&window[last.end()..]) <= 2 => Some(rel),
        _ => relation_before(window),
    }
}

/// The relation the words in `window` (the text just before a reference) give it, if any signal.
///
/// The signal nearest the reference wins; `tại` defers to a head on its left in the same clause
/// (`theo hướng dẫn của Bộ Y tế tại` is guided_by); an implementing verb counts only where a
/// clause starts (`địa bàn thực hiện Chỉ thị 16` is not an implementation).
pub fn relation_before(window: &str) -> Option<Relation> {
    let hits: Vec<(usize, usize)> = SIGNAL_RE
        .find_iter(window)
        .filter(|m| on_word_boundaries(window, m.start(), m.end()))
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut linked_at: Option<usize> = None;
    let mut attached = false;
    for &(s, e) in hits.iter().rev() {
        let (rel, reach) = lookup(&window[s..e]);
        let anchor = linked_at.unwrap_or(window.len());
        let between = &window[e..anchor];
        // The head of a `tại` must stand in the same clause. A line break alone is no clause's
        // end (OCR'd and wrapped text: `theo hướng dẫn⏎tại Thông tư số ...`); a blank line is.
        if linked_at.is_some()
            && (between.contains([',', ';', ':', '.']) || between.contains("\n\n"))
        {
            break;
        }
        let ok = match reach {
            Reach::Sentence => true,
            // A verb inside a clause (`kinh phí thực hiện quản lý ... quy định tại`) heads a
            // `tại` only near it.
            Reach::Clause => {
                OPENER_RE.is_match(&window[..s])
                    || (linked_at.is_some() && word_count(between) <= NEAR_WORDS)
            }
            Reach::Opening if ITEM_START_RE.is_match(&window[..s]) => true,
            Reach::Opening => return Some(Relation::Cites),
            Reach::Near => word_count(between) <= NEAR_WORDS || linked_at.is_some(),
            Reach::Adjacent => linked_at.is_none() && between.trim().is_empty(),
            Reach::Linking => {
                if linked_at.is_none() && word_count(between) <= NEAR_WORDS {
                    linked_at = Some(s);
                }
                continue;
            }
            Reach::Attached => {
                attached = true;
                continue;
            }
        };
        let changes = matches!(
            rel,
            Relation::Amends | Relation::Replaces | Relation::Repeals | Relation::Corrects
        );
        if ok && attached && !changes {
            return Some(Relation::Cites);
        }
        if ok {
            if matches!(
                rel,
                Relation::Amends | Relation::Replaces | Relation::Repeals
            ) && plans_a_change(window, s)
            {
                return Some(Relation::Cites);
            }
            return Some(rel);
        }
    }
    linked_at.map(|_| Relation::Cites)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relation::*;

    #[test]
    fn a_signal_is_looked_up_whatever_its_case_and_spacing() {
        for (p, r, reach) in SIGNALS {
            let spaced = p.replace(' ', " \n\u{a0}");
            for written in [p.to_string(), p.to_uppercase(), spaced, format!(" {p}\t")] {
                assert_eq!(lookup(&written), (*r, *reach), "{written:?}");
            }
        }
        assert_eq!(lookup("thực  hiện x"), (Cites, Reach::Near));
    }

    fn rel(w: &str) -> Option<Relation> {
        relation_before(w)
    }

    #[test]
    fn implementing_verbs_at_clause_start() {
        assert_eq!(rel("Thực hiện "), Some(Implements));
        assert_eq!(rel("V/v triển khai "), Some(Implements));
        assert_eq!(rel("xã hội. Thực hiện "), Some(Implements));
        assert_eq!(rel(" về việc thực hiện "), Some(Implements));
        assert_eq!(rel("Tiếp theo "), Some(Implements));
        assert_eq!(rel("Kế hoạch triển khai "), Some(Implements));
        assert_eq!(rel("1. Thực hiện theo "), Some(Implements));
    }

    #[test]
    fn following_a_document_is_implementing_it_only_at_an_opening() {
        assert_eq!(rel("Thực hiện theo "), Some(Implements));
        assert_eq!(rel("a) Thực hiện theo "), Some(Implements));
        assert_eq!(rel("Xong.\n- Thực hiện theo "), Some(Implements));
        // Mid-sentence it is following a rule, whatever opened the sentence.
        assert_eq!(
            rel("ban hành kế hoạch triển khai; chỉ đạo thực hiện theo "),
            Some(Cites)
        );
        assert_eq!(
            rel("bố trí đủ công chức cho cấp xã; thực hiện theo "),
            Some(Cites)
        );
        assert_eq!(rel("Công tác nhân sự: thực hiện theo "), Some(Cites));
        assert_eq!(
            rel("chỉ đạo thực hiện theo đúng quy định tại "),
            Some(Cites)
        );
        assert_eq!(
            rel("Việc chứng nhận được thực hiện theo các quy định tại "),
            Some(Cites)
        );
    }

    #[test]
    fn a_change_reaches_through_what_is_attached() {
        assert_eq!(rel("Bãi bỏ Phụ lục II kèm theo "), Some(Repeals));
        assert_eq!(rel("Sửa đổi Quy chế ban hành kèm theo "), Some(Amends));
        // Far from the reference the change says nothing; a clause opening with `Bãi bỏ`
        // repeals its list all the same (the list rule in `refs`).
        assert_eq!(
            rel("Bãi bỏ các thủ tục hành chính số thứ tự 1, 2, 3 Mục A Phần I kèm theo "),
            None
        );
        assert_eq!(
            rel("Tiếp tục thực hiện Chương trình giáo dục phổ thông 2018 ban hành kèm theo "),
            Some(Cites)
        );
        // Alone it is no signal (so `cites`, or what a list's heading says of its items).
        assert_eq!(rel("Quy chế ban hành kèm theo "), None);
        assert_eq!(rel("Về công tác nhân sự: thực hiện đúng "), Some(Cites));
    }

    #[test]
    fn a_verb_inside_a_clause_heads_a_tai_only_near_it() {
        assert_eq!(
            rel("kinh phí thực hiện quản lý học sinh ngoài giờ lên lớp đối với học sinh nội trú được cấp bằng mức hỗ trợ cùng loại quy định tại "),
            Some(Cites)
        );
        assert_eq!(
            rel("Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh tại "),
            Some(Implements)
        );
    }

    #[test]
    fn an_implementing_verb_inside_a_clause_is_not_a_signal() {
        assert_eq!(rel("(địa bàn thực hiện "), None);
        assert_eq!(
            rel("nếu địa bàn nào phải thực hiện giãn cách theo "),
            Some(Cites)
        );
    }

    #[test]
    fn a_passive_amendment_is_no_amending() {
        assert_eq!(rel("được sửa đổi, bổ sung bởi "), Some(Cites));
        assert_eq!(rel("đã được sửa đổi bởi "), Some(Cites));
        assert_eq!(rel("sửa đổi, bổ sung một số điều của "), Some(Amends));
        assert_eq!(rel("Cục Quản lý Dược sửa đổi, bổ sung "), Some(Amends));
    }

    #[test]
    fn a_change_planned_for_another_document_is_no_change_made() {
        for planned in [
            "Giao Sở Tài chính tham mưu UBND tỉnh ban hành Quyết định phân cấp thay thế ",
            "Đề nghị Thủ tướng Chính phủ chỉ đạo; ban hành Nghị định sửa đổi ",
            "a) Khẩn trương trình Chính phủ Nghị định sửa đổi, bổ sung một số điều của ",
            "Rà soát, đánh giá việc thay thế ",
            "nghiên cứu đề xuất bãi bỏ ",
        ] {
            assert_eq!(rel(planned), Some(Cites), "{planned}");
        }
        // The document's own acts stay what they are.
        assert_eq!(rel("Quyết định này thay thế "), Some(Replaces));
        assert_eq!(rel("V/v sửa đổi, bổ sung "), Some(Amends));
        assert_eq!(rel("về việc sửa đổi, bổ sung "), Some(Amends));
        assert_eq!(
            rel("Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc, thay thế "),
            Some(Replaces)
        );
        assert_eq!(rel("được bổ sung tại "), Some(Cites));
    }

    #[test]
    fn a_phrase_of_other_words_is_no_correction() {
        assert_eq!(rel("Đính chính "), Some(Corrects));
        assert_eq!(rel("Nghị định quy định chính sách ưu đãi, "), None);
        assert_eq!(rel("quy định chính thức tại "), Some(Cites));
    }

    #[test]
    fn longest_phrase_wins() {
        assert_eq!(rel("Tiếp theo "), Some(Implements));
        assert_eq!(rel("theo hướng dẫn của Bộ Y tế tại "), Some(GuidedBy));
        assert_eq!(rel("Theo đề nghị của Sở Nội vụ tại "), Some(ProposedBy));
    }

    #[test]
    fn linking_tai_defers_to_its_head() {
        assert_eq!(
            rel("Thực hiện chỉ đạo của Thủ tướng Chính phủ tại "),
            Some(Implements)
        );
        assert_eq!(
            rel("theo chỉ đạo của Thủ tướng Chính phủ (tại "),
            Some(Cites)
        );
        assert_eq!(rel("theo quy định tại "), Some(Cites));
        assert_eq!(rel("bố trí kinh phí theo hướng dẫn\ntại "), Some(GuidedBy));
        assert_eq!(rel("theo hướng dẫn\n\ntại "), Some(Cites));
        assert_eq!(rel("các nội dung nêu tại "), Some(Cites));
    }

    #[test]
    fn each_relation_has_its_words() {
        assert_eq!(rel("Căn cứ "), Some(BasedOn));
        assert_eq!(rel("Trả lời "), Some(RespondsTo));
        assert_eq!(rel("UBND tỉnh nhận được "), Some(RespondsTo));
        assert_eq!(rel("Xét "), Some(ProposedBy));
        assert_eq!(rel("về việc bổ sung nội dung "), Some(Amends));
        assert_eq!(rel("sửa đổi, bổ sung một số điều của "), Some(Amends));
        assert_eq!(rel("Quyết định này thay thế "), Some(Replaces));
        assert_eq!(rel("Bãi bỏ "), Some(Repeals));
        assert_eq!(rel("Đính chính "), Some(Corrects));
        assert_eq!(rel("theo "), Some(Cites));
    }

    #[test]
    fn a_nested_subject_implements_what_it_names() {
        assert_eq!(
            relation_in_subject(" về việc ban hành Hướng dẫn tạm thời chuyên môn y tế thực hiện "),
            Some(Implements)
        );
        assert_eq!(
            relation_in_subject(" về việc bổ sung nội dung "),
            Some(Amends)
        );
    }

    #[test]
    fn xet_is_only_a_signal_right_before_the_reference() {
        assert_eq!(rel("xét nghiệm sàng lọc "), None);
    }

    #[test]
    fn far_weak_words_are_not_signals() {
        assert_eq!(
            rel("theo phương châm bốn tại chỗ, các đơn vị chủ động rà soát lại toàn bộ các nội dung đã nêu trong "),
            None
        );
    }
}

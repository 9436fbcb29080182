//! Diagrams that stay readable at any size (issue 20): the overview of a big corpus, wrapped
//! neighbourhoods, the timeline, Graphviz failures; and the direction words of trees and chains.

mod common;
use common::stdout;

const DISTRICT: &str = "data/001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt";

/// In an ancestors tree each line's document is the one cited, issued before the line above:
/// its delay is negative, a range when a date is only a month.
#[test]
fn ancestors_show_the_ancestor_as_earlier() {
    let t = stdout(&["ancestors", DISTRICT]);
    let line = |key: &str| {
        t.lines()
            .find(|l| l.contains(key))
            .unwrap_or_else(|| panic!("{key} in\n{t}"))
            .to_string()
    };
    assert!(line("21/NQ-CP").ends_with("[cites] -156–186 d"), "{t}");
    assert!(line("1068/CĐ-TTg").ends_with("[implements] -1 d"), "{t}");
    assert!(!t.contains("+156"), "{t}");
    // Descendants keep the sign of time going down the tree.
    let d = stdout(&["descendants", "1068/CĐ-TTg"]);
    assert!(
        d.contains("2405/UBND-KGVX") && d.contains("[implements] +1 d"),
        "{d}"
    );
    // ASCII trees write the range with a hyphen.
    let a = stdout(&["ancestors", DISTRICT, "--charset", "ascii"]);
    assert!(a.contains("[cites] -156-186 d"), "{a}");
}

/// A chain's arrow points at the cited document, as the diagrams' arrows do: down when the
/// next line is the one cited, up when the next line cites the one above.
#[test]
fn path_arrows_point_at_the_cited_document() {
    let up = stdout(&["path", DISTRICT, "1068/CĐ-TTg"]);
    assert_eq!(up.matches("↓ cites [implements]").count(), 2, "{up}");
    assert!(!up.contains('↑'), "{up}");
    let down = stdout(&["path", "1068/CĐ-TTg", DISTRICT]);
    assert_eq!(down.matches("↑ cited by [implements]").count(), 2, "{down}");
    assert!(!down.contains('↓'), "{down}");
}

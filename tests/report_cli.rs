//! End-to-end: research reports, and escaping of hostile titles in every output.

use std::fs;

mod common;
use common::vncite;

/// The report's parts and sections, in the order they must come (issue 20: summary, then
/// findings, then evidence).
const SECTIONS: &[&str] = &[
    "Summary",
    "Findings",
    "Documents per month, by level",
    "Most-cited directives",
    "Cascades of the most-cited directives",
    "Coverage by province",
    "Slowest and fastest provinces",
    "Delay per hop, by level",
    "Implementation chains",
    "Referenced but not in the corpus",
    "Documents lacking a number, date or issuer",
    "Anomalies",
    "Evidence",
    "Every edge and the sentence it came from",
    "Every file",
    "The complete tables (CSV)",
    "The citation graph",
];

/// Asserts that each of `SECTIONS` is a heading of `text` (`prefixes` are the heading marks
/// tried), in order.
fn assert_sections_in_order(text: &str, prefixes: &[&str]) {
    let mut last = 0;
    for s in SECTIONS {
        let at = prefixes
            .iter()
            .filter_map(|p| text.find(&format!("{p}{s}")))
            .min()
            .unwrap_or_else(|| panic!("missing section {s}"));
        assert!(at > last, "section {s} out of order");
        last = at;
    }
}

#[test]
fn html_report_on_the_seeds_is_self_contained_with_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let html = common::seeds_report(dir.path(), "report.html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_sections_in_order(
        &html,
        &[
            "<h2>",
            "<h3>",
            "<h2 id=\"findings\">",
            "<h2 id=\"evidence\">",
        ],
    );
    assert!(
        html.contains("<svg"),
        "the figures and the diagram are inline"
    );
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "no network"
    );
    assert!(!html.contains("<script") && !html.contains("<link"));
    // Delays: exact days, and ranges for month-precision dates.
    assert!(html.contains("[implements] +1 d"));
    assert!(html.contains("[implements] +0–26 d"));
    // What to collect next, and the evidence table with file and line.
    assert!(html.contains("<td>1068/CĐ-TTg</td>"));
    assert!(html.contains("001_bac-yen_ubnd-huyen_cong-van-phong-chong-covid.txt:22</td>"));
    // Same corpus, same bytes (the date comes from SOURCE_DATE_EPOCH).
    let again = tempfile::tempdir().unwrap();
    assert_eq!(html, common::seeds_report(again.path(), "report.html"));
}

#[test]
fn markdown_report_has_every_section() {
    let out = vncite().args(["report", "data"]).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert_sections_in_order(&md, &["## ", "### "]);
    assert!(md.contains("| 1063/CĐ-TTg | Công điện | 2021-07-31 | Thủ tướng Chính phủ | 2 | no |"));
    // The three seeds written `Số: /UBND-...` are counted and flagged.
    assert!(md.contains("3 without a number (60%)"), "{md}");
    assert_eq!(md.matches(" | number |\n").count(), 3);
}

fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nSố: 77/UBND-VP\n\nSơn La, ngày 05 tháng 8 năm 2021\n\n\
V/v <script>alert(\"x\")</script> [x](javascript:alert(1)) `code` ]]> {a|b} \\\"q\\\" =HYPERLINK(\"http://evil\") & <b>\n\n\
Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ về <img src=x onerror=alert(1)> \"trích\" \\n.\n\
Trả lời Công văn số 12/UBND-VP của =cmd|' /C calc'!A0 về việc \"x\".\n";
    fs::write(dir.path().join("hostile.txt"), text).unwrap();
    fs::write(
        dir.path().join("pipe|name.txt"),
        "Số: 78/UBND-VP\nThực hiện Công văn số 77/UBND-VP.\n",
    )
    .unwrap();
    dir
}

#[test]
fn hostile_titles_are_escaped_in_html_and_markdown() {
    let dir = hostile_corpus();
    // The folder: the hostile subject shows in the most-cited table (the second file cites it).
    let html_path = dir.path().join("r.html");
    vncite()
        .env("VNCITE_DOT", "none")
        .arg("report")
        .arg(dir.path())
        .arg("-o")
        .arg(&html_path)
        .assert()
        .success();
    let html = fs::read_to_string(&html_path).unwrap();
    assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("]]&gt;"));
    let md = String::from_utf8(
        vncite()
            .arg("report")
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!md.contains("<script>") && md.contains("&lt;script&gt;"));
    // No link and no code span from a document's words.
    assert!(
        !md.contains("[x](javascript:") && md.contains("\\[x\\](javascript:alert(1))"),
        "{md}"
    );
    assert!(!md.contains(" `code` ") && md.contains("\\`code\\`"));
    assert!(
        md.contains("pipe\\|name.txt"),
        "pipes cannot break a table row"
    );
}

#[test]
fn hostile_titles_are_escaped_in_dot_svg_and_csv() {
    let dir = hostile_corpus();
    let input = dir.path().join("hostile.txt");
    let dot = String::from_utf8(
        vncite()
            .args(["graph", "--format", "dot"])
            .arg(&input)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(dot.contains("\\\"x\\\""), "quotes are escaped: {dot}");
    // Every quoted DOT string closes where it should: Graphviz parses it.
    if let Some(dot_bin) = which_dot() {
        let mut child = std::process::Command::new(dot_bin)
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "dot rejected the file: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install Graphviz to check DOT files"
        );
    }
    let svg_path = dir.path().join("g.svg");
    vncite()
        .env("VNCITE_DOT", "none")
        .args(["graph", "-o"])
        .arg(&svg_path)
        .arg(&input)
        .assert()
        .success();
    let svg = fs::read_to_string(&svg_path).unwrap();
    assert!(!svg.contains("<script") && !svg.contains("<img"));
    let csv = String::from_utf8(
        vncite()
            .args(["ancestors", "77/UBND-VP", "--format", "csv"])
            .arg(&input)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        !csv.lines().any(|l| l
            .split(',')
            .any(|f| f.starts_with('=') || f.starts_with("\"="))),
        "{csv}"
    );
}

#[test]
fn seeds_dot_file_is_accepted_by_graphviz() {
    let dir = tempfile::tempdir().unwrap();
    let dot_path = dir.path().join("seeds.dot");
    vncite()
        .args(["graph", "data", "-o"])
        .arg(&dot_path)
        .assert()
        .success();
    match which_dot() {
        Some(d) => {
            let out = std::process::Command::new(d)
                .arg("-Tsvg")
                .arg(&dot_path)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                String::from_utf8_lossy(&out.stdout).contains("1068/CĐ&#45;TTg")
                    || String::from_utf8_lossy(&out.stdout).contains("1068/CĐ-TTg")
            );
            let png = dir.path().join("seeds.png");
            vncite()
                .args(["graph", "data", "-o"])
                .arg(&png)
                .assert()
                .success();
            assert!(fs::read(&png).unwrap().starts_with(b"\x89PNG"));
        }
        None => assert!(
            std::env::var("CI").is_err(),
            "CI must install Graphviz to check DOT files"
        ),
    }
}

fn which_dot() -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("dot"))
            .find(|p| p.is_file())
    })
}

#[test]
fn an_output_name_near_the_file_system_limit_is_written() {
    // 243 bytes: the temporary name beside it must not grow past 255.
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.md", "r".repeat(240));
    vncite()
        .env("VNCITE_DOT", "none")
        .args(["report", "data", "-o"])
        .arg(dir.path().join(&name))
        .assert()
        .success();
    let md = fs::read_to_string(dir.path().join(&name)).unwrap();
    assert!(md.starts_with("# vncite report"));
    // Its tables and figures beside it, each under a name that fits, and no temporary file
    // left (their temporary names, cut to fit, differ past the cut).
    let stem = "r".repeat(240);
    for e in fs::read_dir(dir.path()).unwrap() {
        let n = e.unwrap().file_name().into_string().unwrap();
        assert!(n.starts_with(&stem) && !n.contains("vncite-"), "{n}");
    }
    assert!(dir.path().join(format!("{stem}.edges.csv")).is_file());
}

#[test]
fn one_corpus_gives_one_report_whatever_the_path_order_or_index_history() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    let mut seeds: Vec<_> = fs::read_dir("data")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for (i, s) in seeds.iter().enumerate() {
        let to = if i < 3 { &a } else { &b };
        fs::copy(s, to.join(s.file_name().unwrap())).unwrap();
    }
    // Everything after the header: the header names the paths or the index and the command.
    let report = |args: &[&std::ffi::OsStr]| {
        let out = vncite()
            .env("VNCITE_DOT", "none")
            .current_dir(dir.path())
            .arg("report")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        let md = String::from_utf8(out.stdout).unwrap();
        let body = md.find("\n## Summary").expect("a summary");
        md[body..].to_string()
    };
    let ab = report(&["a".as_ref(), "b".as_ref()]);
    assert_eq!(ab, report(&["b".as_ref(), "a".as_ref()]));
    // An index built at once and one updated folder by folder, in the other order.
    let index = |db: &str, roots: &[&str]| {
        for r in roots {
            vncite()
                .current_dir(dir.path())
                .args(["index", r, "-o", db])
                .assert()
                .success();
        }
    };
    index("once.db", &["a"]);
    vncite()
        .current_dir(dir.path())
        .args(["index", "a", "b", "-o", "once.db"])
        .assert()
        .success();
    index("steps.db", &["b", "a"]);
    let once = report(&["--index".as_ref(), "once.db".as_ref()]);
    assert_eq!(once, report(&["--index".as_ref(), "steps.db".as_ref()]));
    assert_eq!(once, ab);
}

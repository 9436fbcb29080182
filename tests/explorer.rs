//! The explorer (`vncite graph -o corpus.html`): one self-contained page, the same bytes
//! whatever the thread count, hostile text kept inside its script element; and, when a
//! Chromium is installed, that the page renders and its search finds a document.

mod common;

use common::vncite;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the explorer of `args` to `out` and returns the page.
fn explorer(args: &[&str], out: &Path, threads: Option<&str>) -> String {
    let mut cmd = vncite();
    cmd.arg("graph").args(args).arg("-o").arg(out);
    if let Some(t) = threads {
        cmd.env("RAYON_NUM_THREADS", t);
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

/// The data the page embeds, parsed.
fn data(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"vncite-data\">";
    let at = html.find(open).expect("data element") + open.len();
    let len = html[at..].find("</script>").expect("data element closed");
    serde_json::from_str(&html[at..at + len]).unwrap()
}

/// A letter whose subject, sentence and file name hold markup meant to end the script.
fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a<script>alert(1)<!--.txt"),
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n\
         Số: 12/UBND-VP\n\nSơn La, ngày 06 tháng 8 năm 2021\n\n\
         V/v </script><script>alert('subject')</script><!-- x\n\n\
         Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ </SCRIPT ><img src=x onerror=alert(2)>, UBND tỉnh yêu cầu.\n",
    )
    .unwrap();
    dir
}

#[test]
fn the_page_is_self_contained_and_the_same_bytes_on_one_thread_or_many() {
    let dir = tempfile::tempdir().unwrap();
    let a = explorer(&["data"], &dir.path().join("a.html"), Some("1"));
    let b = explorer(&["data"], &dir.path().join("b.html"), None);
    assert!(a == b, "the explorer differs between 1 thread and many");
    assert!(a.starts_with("<!DOCTYPE html>"));
    // Nothing is fetched: no URL, no external script, style sheet or image.
    for bad in [
        "http://", "https://", " src=", " href=", "<link", "<img", "@import", "url(",
    ] {
        assert!(!a.contains(bad), "the page holds {bad:?}");
    }
    assert_eq!(a.matches("<script").count(), 2, "the data and the code");
    let d = data(&a);
    let nodes = d["nodes"].as_array().unwrap();
    let xy = d["xy"].as_array().unwrap();
    assert_eq!(nodes.len(), xy.len(), "a position for every node");
    // The nodes and edges as `graph --format json` publishes them.
    let json = common::json(&["graph", "--format", "json", "data"]);
    assert_eq!(d["nodes"], json["nodes"]);
    assert_eq!(d["edges"], json["edges"]);
    assert!(nodes.iter().any(|n| n["key"] == "1068/CĐ-TTg"));
}

#[test]
fn hostile_text_stays_inside_the_data_element() {
    let corpus = hostile_corpus();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.html");
    let html = explorer(&[corpus.path().to_str().unwrap()], &out, None);
    // The page's own two script elements, and no other: the document's text cannot end one.
    assert_eq!(html.to_lowercase().matches("<script").count(), 2);
    assert_eq!(html.to_lowercase().matches("</script").count(), 2);
    assert!(!html.contains("<!--"));
    assert!(!html.contains("<img"));
    // The JSON reads the text back exactly.
    let d = data(&html);
    let doc = d["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["key"] == "12/UBND-VP")
        .expect("the hostile letter");
    assert!(doc["subject"]
        .as_str()
        .unwrap()
        .contains("</script><script>alert('subject')</script><!--"));
    assert!(doc["path"]
        .as_str()
        .unwrap()
        .contains("a<script>alert(1)<!--"));
    let sentence = d["edges"][0]["sources"][0]["sentence"].as_str().unwrap();
    assert!(sentence.contains("</SCRIPT ><img src=x onerror=alert(2)>"));
    // In a browser the subject shows as text in the card, not as markup.
    if let Some(dom) = chromium_dom(&out, "q=12/UBND-VP") {
        assert!(
            dom.contains("id=\"card-key\">12/UBND-VP<"),
            "{}",
            tail(&dom)
        );
        assert!(
            dom.contains("&lt;/script&gt;&lt;script&gt;alert('subject')&lt;/script&gt;"),
            "{}",
            tail(&dom)
        );
    }
}

#[test]
fn html_from_the_extension_or_the_flag_a_neighbourhood_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let whole = data(&explorer(&["data"], &dir.path().join("w.htm"), None));
    let flag = vncite()
        .args(["graph", "--format", "html", "data"])
        .output()
        .unwrap();
    assert!(flag.status.success());
    let flag = String::from_utf8(flag.stdout).unwrap();
    assert_eq!(
        data(&flag),
        whole,
        "--format html to stdout is the same page"
    );
    // A neighbourhood: only it, opened on its root.
    let around = data(&explorer(
        &["data", "--root", "1068/CD-TTg", "--depth", "1"],
        &dir.path().join("r.html"),
        None,
    ));
    assert_eq!(around["root"], "1068/CĐ-TTg");
    let n = around["nodes"].as_array().unwrap().len();
    assert!(n > 1 && n < whole["nodes"].as_array().unwrap().len(), "{n}");
    // From an index: the same documents and citations.
    let db = dir.path().join("c.db");
    let o = vncite()
        .args(["index", "data", "-o"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_index = data(&explorer(
        &["--index", db.to_str().unwrap()],
        &dir.path().join("i.html"),
        None,
    ));
    let ids = |v: &Value| {
        let mut ids: Vec<String> = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&from_index), ids(&whole));
    assert_eq!(
        from_index["edges"].as_array().unwrap().len(),
        whole["edges"].as_array().unwrap().len()
    );
    let around_index = data(&explorer(
        &[
            "--index",
            db.to_str().unwrap(),
            "--root",
            "1068/CĐ-TTg",
            "--depth",
            "1",
        ],
        &dir.path().join("ri.html"),
        None,
    ));
    assert_eq!(around_index["root"], "1068/CĐ-TTg");
    assert_eq!(ids(&around_index), ids(&around));
}

/// A Chromium on PATH, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// The DOM of `page#fragment` after its scripts ran in headless Chromium; `None` (said on
/// stderr) when no Chromium is installed.
fn chromium_dom(page: &Path, fragment: &str) -> Option<String> {
    let Some(browser) = chromium() else {
        eprintln!("no chromium on PATH: the explorer is not opened in a browser");
        return None;
    };
    let profile = tempfile::tempdir().unwrap();
    let url = format!(
        "file://{}#{fragment}",
        std::fs::canonicalize(page).unwrap().display()
    );
    let o = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--window-size=1400,900",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Some(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The rendered part of a dumped DOM (the data element is long), for a failure message.
fn tail(dom: &str) -> &str {
    let at = dom.find("<header").unwrap_or(0);
    let end = dom.find("<script").unwrap_or(dom.len()).max(at);
    &dom[at..end]
}

#[test]
fn in_chromium_the_page_renders_and_its_search_folds_diacritics() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("corpus.html");
    explorer(&["data"], &page, None);
    // Typed without the đ and the case: the card of 1068/CĐ-TTg, and who cites it.
    let Some(dom) = chromium_dom(&page, "q=1068/CD-TTg") else {
        return;
    };
    assert!(
        dom.contains("id=\"card-key\">1068/CĐ-TTg<"),
        "{}",
        tail(&dom)
    );
    assert!(dom.contains("Cited by (2)"), "{}", tail(&dom));
    assert!(dom.contains("<mark>Công điện số 1068/CĐ-TTg</mark>"));
    assert!(dom.contains("ready in "), "the first frame was drawn");
    let dom = chromium_dom(&page, "q=cd-ttg").unwrap();
    assert!(dom.contains("id=\"card-key\">"), "{}", tail(&dom));
    assert!(dom.contains("CĐ-TTg<"), "{}", tail(&dom));
    // By the issuer's name, without its diacritics.
    let dom = chromium_dom(&page, "q=bo y te").unwrap();
    assert!(
        dom.contains("id=\"card-key\">6386/BYT-MT<"),
        "{}",
        tail(&dom)
    );
    // Drill-down from the hit: it and its neighbours, one step each way.
    let dom = chromium_dom(&page, "q=1068/cd-ttg&drill=1").unwrap();
    assert!(
        dom.contains("drill-down: 3 shown") && dom.contains("id=\"btn-collapse\""),
        "{}",
        tail(&dom)
    );
    let dom = chromium_dom(&page, "q=no-such-document").unwrap();
    assert!(dom.contains("id=\"no-hit\""), "{}", tail(&dom));
}

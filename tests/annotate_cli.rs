//! End-to-end: `vncite annotate` writes each file as a page holding its text exactly, every
//! reference marked with its key, relation and target and linked to the cited document's
//! page, the same bytes every run; refuses a bad output before reading; and the seed pages
//! committed under docs/annotated are what it writes today.

mod common;

use common::vncite;
use predicates::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A small corpus that exercises every path a page takes: a bundle of two documents (one
/// citing the other), a name and a text full of markup and control characters with CRLF
/// line ends, a UTF-8 file with a byte-order mark and a UTF-16 one, each citing another.
fn hostile_corpus(dir: &Path) {
    let bundle = "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 10/2026/NĐ-CP\nHà Nội, ngày 01 tháng 2 năm 2026\nNGHỊ ĐỊNH\n\nCăn cứ Luật số 63/2025/QH15;\n\nBỘ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 5/2026/TT-BYT\nHà Nội, ngày 03 tháng 3 năm 2026\nTHÔNG TƯ\n\nCăn cứ Nghị định số 10/2026/NĐ-CP;\n";
    std::fs::write(dir.join("bundle.txt"), bundle).unwrap();
    let hostile = "\r\nỦY BAN NHÂN DÂN TỈNH SƠN LA\r\nSố: 12/UBND-VP\r\nSơn La, ngày 05 tháng 8 năm 2026\r\n\r\nV/v <script>alert(1)</script> & \u{1b}[31mđỏ\u{1b}[0m\r\n\r\nThực hiện Thông tư số 5/2026/TT-BYT ngày 03/3/2026 của Bộ Y tế, và Nghị định số 10/2026/NĐ-CP, UBND tỉnh yêu cầu \"các sở\" <b>thực hiện</b> &amp; nghiêm.\u{85}\u{7}\r\rCuối.\r\n";
    std::fs::write(dir.join("x <script>&\"'.txt"), hostile).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend("ỦY BAN NHÂN DÂN HUYỆN BẮC YÊN\nSố: 7/UBND-VP\nBắc Yên, ngày 06 tháng 8 năm 2026\n\nThực hiện Công văn số 12/UBND-VP ngày 05/8/2026 của UBND tỉnh Sơn La.\n".bytes());
    std::fs::write(dir.join("bom.txt"), bom).unwrap();
    let mut u16 = vec![0xFF, 0xFE];
    for unit in "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG LA\nSố: 8/UBND-VP\nMường La, ngày 07 tháng 8 năm 2026\n\nThực hiện Công văn số 12/UBND-VP ngày 05/8/2026 của UBND tỉnh Sơn La.\n".encode_utf16() {
        u16.extend(unit.to_le_bytes());
    }
    std::fs::write(dir.join("u16.txt"), u16).unwrap();
}

/// Runs `vncite annotate ARGS -o OUT` and asserts it succeeded.
fn annotate(args: &[&Path], out: &Path) {
    vncite()
        .arg("annotate")
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success()
        .stderr(predicate::str::contains("page(s) and index.html into"));
}

/// Every file of a folder, by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Parses a page as XML (pages are well-formed: void elements closed, everything escaped).
fn parse(text: &str) -> roxmltree::Document<'_> {
    let opt = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opt)
        .unwrap_or_else(|e| panic!("a page is not well-formed: {e}"))
}

/// The text a `<pre>` shows, each control character's mark read back as the character.
fn shown_text(pre: roxmltree::Node) -> String {
    let mut out = String::new();
    for n in pre.descendants().filter(|n| n.is_text()) {
        let in_ctl = n.ancestors().any(|a| a.attribute("class") == Some("ctl"));
        if in_ctl {
            let title = n.parent().and_then(|p| p.attribute("title")).unwrap();
            let code = title.rsplit("U+").next().unwrap();
            out.push(char::from_u32(u32::from_str_radix(code, 16).unwrap()).unwrap());
        } else {
            out.push_str(n.text().unwrap());
        }
    }
    out
}

/// Elements named `tag` with `class` among their classes.
fn with_class<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    tag: &'static str,
    class: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(move |n| {
        n.has_tag_name(tag)
            && n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|x| x == class))
    })
}

fn page<'a>(pages: &'a BTreeMap<String, Vec<u8>>, name: &str) -> &'a str {
    std::str::from_utf8(&pages[name]).unwrap()
}

#[test]
fn every_file_gets_a_page_showing_its_text_exactly_with_every_reference_marked() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    hostile_corpus(&corpus);
    let out = dir.path().join("pages");
    annotate(&[&corpus], &out);
    let pages = files(&out);
    let names: Vec<&str> = pages.keys().map(String::as_str).collect();
    // One page per file (the bundle's two documents share one), named safely, and the index.
    assert_eq!(
        names,
        [
            "bom.txt.html",
            "bundle.txt.html",
            "index.html",
            "u16.txt.html",
            "x__script____.txt.html"
        ]
    );
    let extracted: serde_json::Value = serde_json::from_slice(
        &vncite()
            .args(["extract", "--format", "json"])
            .arg(&corpus)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for (file, name) in [
        ("bom.txt", "bom.txt.html"),
        ("bundle.txt", "bundle.txt.html"),
        ("u16.txt", "u16.txt.html"),
        ("x <script>&\"'.txt", "x__script____.txt.html"),
    ] {
        let html = page(&pages, name);
        assert!(
            !html.contains("<script"),
            "{name}: markup from the file got through"
        );
        let doc = parse(html);
        let pre = with_class(&doc, "pre", "text").next().unwrap();
        // The file's text (decoded, its byte-order mark off), CRLF and CR as the LF HTML and
        // XML read them as, after the one line break HTML drops after <pre>.
        let bytes = std::fs::read(corpus.join(file)).unwrap();
        let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8(
                bytes
                    .strip_prefix(b"\xEF\xBB\xBF")
                    .unwrap_or(&bytes)
                    .to_vec(),
            )
            .unwrap()
        };
        assert_eq!(
            shown_text(pre),
            format!("\n{}", text.replace("\r\n", "\n").replace('\r', "\n")),
            "{name}"
        );
        // Every reference of the file is marked, its text exactly, with key and relation.
        let refs: Vec<&serde_json::Value> = extracted["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"].as_str().unwrap().ends_with(file))
            .flat_map(|d| d["references"].as_array().unwrap())
            .collect();
        assert!(!refs.is_empty(), "{file}");
        let marks: Vec<roxmltree::Node> = with_class(&doc, "mark", "ref")
            .filter(|m| m.attribute("id").is_some())
            .collect();
        assert_eq!(marks.len(), refs.len(), "{name}: one mark per reference");
        for (m, r) in marks.iter().zip(&refs) {
            let shown: String = m
                .descendants()
                .filter(|n| n.is_text())
                .map(|n| n.text().unwrap())
                .collect();
            assert_eq!(shown, r["text"].as_str().unwrap(), "{name}");
            let title = m.attribute("title").unwrap();
            assert!(
                title.contains(r["key"].as_str().unwrap())
                    && title.contains(r["relation"].as_str().unwrap())
                    && title.contains("→ "),
                "{name}: {title}"
            );
        }
    }
}

#[test]
fn a_reference_links_to_the_cited_documents_page_and_its_identity_is_on_top() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    hostile_corpus(&corpus);
    let out = dir.path().join("pages");
    annotate(&[&corpus], &out);
    let pages = files(&out);
    let letter = page(&pages, "x__script____.txt.html");
    let doc = parse(letter);
    // The two documents of the bundle, each at its own anchor of the bundle's page.
    let links: Vec<(&str, &str)> = with_class(&doc, "mark", "ref")
        .filter_map(|m| {
            let a = m.children().find(|c| c.has_tag_name("a"))?;
            Some((a.attribute("href")?, a.text()?))
        })
        .collect();
    assert_eq!(
        links,
        [
            ("bundle.txt.html#doc-2", "Thông tư số 5/2026/TT-BYT"),
            ("bundle.txt.html#doc-1", "Nghị định số 10/2026/NĐ-CP")
        ]
    );
    let bundle = parse(page(&pages, "bundle.txt.html"));
    for (anchor, number) in [("doc-1", "10/2026/NĐ-CP"), ("doc-2", "5/2026/TT-BYT")] {
        let card = bundle
            .descendants()
            .find(|n| n.attribute("id") == Some(anchor))
            .unwrap();
        let h1: String = card
            .descendants()
            .find(|n| n.has_tag_name("h1"))
            .unwrap()
            .descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap())
            .collect();
        assert!(h1.starts_with(number), "{h1}");
    }
    // The second document of the bundle cites the first: a link on the same page.
    assert!(page(&pages, "bundle.txt.html").contains("href=\"#doc-1\""));
    // The identity on top: number, kind, issuer, date, each with where it was read.
    let card_text: String = with_class(&doc, "section", "card")
        .next()
        .unwrap()
        .descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap())
        .collect();
    for want in [
        "12/UBND-VP",
        "Công văn",
        "Ủy ban nhân dân tỉnh Sơn La",
        "2026-08-05",
        "from the header",
        "Cited by (2)",
    ] {
        assert!(card_text.contains(want), "{want} in {card_text}");
    }
    // The index lists every document with a link to its page.
    let index = page(&pages, "index.html");
    for href in [
        "bundle.txt.html#doc-1",
        "bundle.txt.html#doc-2",
        "x__script____.txt.html#doc-1",
        "bom.txt.html#doc-1",
        "u16.txt.html#doc-1",
    ] {
        assert!(index.contains(&format!("href=\"{href}\"")), "{href}");
    }
    assert!(index.contains("x &lt;script&gt;&amp;&quot;&#39;.txt"));
    parse(index);
}

#[test]
fn pages_are_the_same_bytes_every_run_and_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    hostile_corpus(&corpus);
    let mut runs = Vec::new();
    for threads in ["1", "4"] {
        let out = dir.path().join(format!("pages{threads}"));
        vncite()
            .env("RAYON_NUM_THREADS", threads)
            .arg("annotate")
            .arg(&corpus)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        runs.push(files(&out));
    }
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn an_output_that_is_a_file_or_lies_in_a_missing_folder_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, "x").unwrap();
    for (out, says) in [
        (file.clone(), "is a file"),
        (dir.path().join("nope/pages"), "does not exist"),
    ] {
        vncite()
            .args(["annotate", "data", "-o"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("document(s) read").not());
    }
    // A folder that is not there yet is made, as an output file would be.
    let out = dir.path().join("new");
    annotate(&[Path::new("data")], &out);
    assert!(out.join("index.html").is_file());
}

#[test]
fn pages_written_into_the_corpus_are_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    hostile_corpus(dir.path());
    annotate(&[dir.path()], dir.path());
    vncite()
        .args(["extract", "--strict", "--format", "json"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "5 document(s) read, 5 skipped (5 own output)",
        ));
}

#[test]
fn the_annotated_seeds_in_docs_are_what_annotate_writes_today() {
    let dir = tempfile::tempdir().unwrap();
    annotate(&[Path::new("data")], dir.path());
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/annotated");
    assert!(
        files(dir.path()) == files(&committed),
        "docs/annotated is out of date: run `cargo run -- annotate data -o docs/annotated`"
    );
}

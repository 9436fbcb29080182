//! A synthetic corpus with a known graph: central directives → 63 provinces → districts →
//! communes, each document with a real-looking header and body, references phrased in the ways
//! real documents write them, the noise of docs/conventions.md, unnumbered drafts, `UBND` symbols repeated across
//! provinces, numbers restarting every year. Deterministic for a seed. It writes the documents,
//! `docs.jsonl` (every document's true identity) and `truth.jsonl` (every true citation edge).

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;
use vncite::graph::CitationGraph;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// How many documents (written or only referenced).
    pub docs: usize,
    /// The seed: the same seed gives the same bytes.
    pub seed: u64,
}

/// A generated document's true identity.
#[derive(Debug, Clone)]
pub struct GenDoc {
    /// Canonical key, or none for an unnumbered draft.
    pub key: Option<String>,
    /// Year of issue.
    pub year: u16,
    /// Month and day of issue.
    pub month: u8,
    /// Day of issue.
    pub day: u8,
    /// Level: 0 central, 1 province, 2 district, 3 commune.
    pub level: u8,
    /// Province, district, commune indices (as far as the level goes).
    pub place: (usize, usize, usize),
    /// The file it is written to, relative to the output folder, if written.
    pub path: Option<String>,
    /// Issuer code kind: index into the issuer table of its level.
    issuer: usize,
    kind: usize,
    generic: bool,
}

/// A true citation edge between two generated documents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TruthEdge {
    /// Citing document.
    pub citing: usize,
    /// Cited document.
    pub cited: usize,
    /// Relation.
    pub relation: &'static str,
}

/// Everything generated.
#[derive(Debug, Default)]
pub struct Generated {
    /// Every document.
    pub docs: Vec<GenDoc>,
    /// Every true edge.
    pub edges: Vec<TruthEdge>,
    /// Names of districts and communes, per province.
    names: Vec<Vec<(String, Vec<String>)>>,
}

const SYLLABLES: &[&str] = &[
    "Bắc", "Nam", "Đông", "Tây", "Yên", "Mường", "Phù", "Thuận", "Mai", "Sông", "Quỳnh", "Hòa",
    "Tân", "Phước", "Long", "An", "Lạc", "Thạch", "Vĩnh", "Đức", "Bình", "Minh", "Thanh", "Hưng",
    "Sơn", "Hà", "Kim", "Ngọc", "Chiềng", "Phong", "Lâm", "Trung", "Hải", "Quang", "Tiến", "Xuân",
];

/// (issuer block lines, issuer phrase, place, kind: (type word, code or "" for công văn)).
struct Central {
    block: &'static str,
    phrase: &'static str,
    code: &'static str,
    kinds: &'static [(&'static str, &'static str)],
}

const CENTRAL: &[Central] = &[
    Central {
        block: "THỦ TƯỚNG CHÍNH PHỦ",
        phrase: "Thủ tướng Chính phủ",
        code: "TTg",
        kinds: &[("Công điện", "CĐ"), ("Chỉ thị", "CT"), ("Quyết định", "QĐ")],
    },
    Central {
        block: "CHÍNH PHỦ",
        phrase: "Chính phủ",
        code: "CP",
        kinds: &[("Nghị quyết", "NQ")],
    },
    Central {
        block: "VĂN PHÒNG CHÍNH PHỦ",
        phrase: "Văn phòng Chính phủ",
        code: "VPCP",
        kinds: &[("Công văn", "")],
    },
    Central {
        block: "BỘ Y TẾ",
        phrase: "Bộ Y tế",
        code: "BYT",
        kinds: &[("Công văn", ""), ("Quyết định", "QĐ")],
    },
];

fn title_case_upper(s: &str) -> String {
    s.to_uppercase()
}

impl Generated {
    fn name(&self, d: &GenDoc) -> (String, String, String) {
        // (place name, issuer phrase, upper-case locality line)
        let p = vncite::gazetteer::PROVINCES[d.place.0];
        match d.level {
            0 => (
                "Hà Nội".into(),
                CENTRAL[d.issuer].phrase.into(),
                String::new(),
            ),
            1 => (
                p.into(),
                format!("Ủy ban nhân dân tỉnh {p}"),
                format!("TỈNH {}", title_case_upper(p)),
            ),
            2 => {
                let dn = &self.names[d.place.0][d.place.1].0;
                (
                    dn.clone(),
                    format!("Ủy ban nhân dân huyện {dn}"),
                    format!("HUYỆN {}", title_case_upper(dn)),
                )
            }
            _ => {
                let cn = &self.names[d.place.0][d.place.1].1[d.place.2];
                (
                    cn.clone(),
                    format!("Ủy ban nhân dân xã {cn}"),
                    format!("XÃ {}", title_case_upper(cn)),
                )
            }
        }
    }

    fn type_word(&self, d: &GenDoc) -> &'static str {
        match d.level {
            0 => CENTRAL[d.issuer].kinds[d.kind].0,
            _ => ["Công văn", "Kế hoạch", "Quyết định"][d.kind],
        }
    }
}

/// Builds the documents and the true edges (writing nothing).
pub fn plan(cfg: Config) -> Generated {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let provinces = vncite::gazetteer::PROVINCES.len().min(63);
    let mut g = Generated::default();
    for _ in 0..provinces {
        let mut used = std::collections::HashSet::new();
        let mut dists = Vec::new();
        while dists.len() < 8 {
            let n = format!(
                "{} {}",
                SYLLABLES.choose(&mut rng).unwrap(),
                SYLLABLES.choose(&mut rng).unwrap()
            );
            if used.insert(n.clone()) && !n.split(' ').next().eq(&n.split(' ').nth(1)) {
                let mut communes = Vec::new();
                let mut cu = std::collections::HashSet::new();
                while communes.len() < 10 {
                    let c = format!(
                        "{} {}",
                        SYLLABLES.choose(&mut rng).unwrap(),
                        SYLLABLES.choose(&mut rng).unwrap()
                    );
                    if cu.insert(c.clone()) && c != n {
                        communes.push(c);
                    }
                }
                dists.push((n, communes));
            }
        }
        g.names.push(dists);
    }
    let n = cfg.docs.max(20);
    let n_central = (n / 60).max(4);
    let n_prov = n * 20 / 100;
    let n_dist = n * 35 / 100;
    let n_comm = n - n_central - n_prov - n_dist;
    // Registers: numbers restart every year, per issuer.
    let mut register: HashMap<(u8, usize, usize, usize, usize, u16), u32> = HashMap::new();
    let mut next = |level: u8, place: (usize, usize, usize), issuer: usize, year: u16| {
        let c = register
            .entry((level, place.0, place.1, place.2, issuer, year))
            .or_insert(0);
        *c += 1;
        *c
    };
    let random_date = |rng: &mut ChaCha8Rng| -> (u16, u8, u8) {
        (
            2021 + rng.gen_range(0..2),
            rng.gen_range(1..=12),
            rng.gen_range(1..=28),
        )
    };
    let later = |rng: &mut ChaCha8Rng, (y, m, d): (u16, u8, u8)| -> (u16, u8, u8) {
        let days = (m as u32 - 1) * 28 + d as u32 - 1 + rng.gen_range(1..25);
        if days >= 12 * 28 {
            (y, 12, 28)
        } else {
            (y, (days / 28 + 1) as u8, (days % 28 + 1) as u8)
        }
    };
    let mut by_level: [Vec<usize>; 4] = Default::default();
    let push = |g: &mut Generated, doc: GenDoc| {
        g.docs.push(doc);
        g.docs.len() - 1
    };
    for _ in 0..n_central {
        let issuer = rng.gen_range(0..CENTRAL.len());
        let kind = rng.gen_range(0..CENTRAL[issuer].kinds.len());
        let (year, month, day) = random_date(&mut rng);
        let num = next(0, (0, 0, 0), issuer, year);
        let c = &CENTRAL[issuer];
        let code = c.kinds[kind].1;
        let key = match (c.code, code) {
            ("TTg", "QĐ") if rng.gen_bool(0.5) => format!("{num}/{year}/QĐ-TTg"),
            (ic, "") => format!("{num}/{ic}-{}", ["KGVX", "MT", "KTTH"][rng.gen_range(0..3)]),
            (ic, tc) => format!("{num}/{tc}-{ic}"),
        };
        let written = rng.gen_bool(0.3);
        let i = push(
            &mut g,
            GenDoc {
                key: Some(key),
                year,
                month,
                day,
                level: 0,
                place: (0, 0, 0),
                path: None,
                issuer,
                kind,
                generic: false,
            },
        );
        if written {
            g.docs[i].path = Some(String::new());
        }
        by_level[0].push(i);
    }
    let levels = [(1u8, n_prov), (2, n_dist), (3, n_comm)];
    for (level, count) in levels {
        for _ in 0..count {
            // The parent: a document of the level above in the same place (or central).
            let candidates = &by_level[level as usize - 1];
            let parent = *candidates.choose(&mut rng).unwrap();
            let pp = g.docs[parent].place;
            let place = match level {
                1 => (rng.gen_range(0..provinces), 0, 0),
                2 => (pp.0, rng.gen_range(0..8), 0),
                _ => (pp.0, pp.1, rng.gen_range(0..10)),
            };
            let (year, month, day) = later(
                &mut rng,
                (
                    g.docs[parent].year,
                    g.docs[parent].month,
                    g.docs[parent].day,
                ),
            );
            let kind = *[0usize, 0, 0, 1, 2].choose(&mut rng).unwrap();
            let num = next(level, place, 0, year);
            let unit = ["KGVX", "VP", "KT", "VX"][rng.gen_range(0..4)];
            let key = match kind {
                0 => format!("{num}/UBND-{unit}"),
                1 => format!("{num}/KH-UBND"),
                _ => format!("{num}/QĐ-UBND"),
            };
            let unnumbered = rng.gen_bool(0.04);
            let written = rng.gen_bool(match level {
                1 => 0.9,
                2 => 0.95,
                _ => 1.0,
            });
            let i = push(
                &mut g,
                GenDoc {
                    key: (!unnumbered).then_some(key),
                    year,
                    month,
                    day,
                    level,
                    place,
                    path: (written || unnumbered).then(String::new),
                    issuer: 0,
                    kind,
                    generic: true,
                },
            );
            g.edges.push(TruthEdge {
                citing: i,
                cited: parent,
                relation: "implements",
            });
            // Some documents also implement a central directive directly, or cite one.
            if level > 1 && rng.gen_bool(0.15) {
                let c = *by_level[0].choose(&mut rng).unwrap();
                if (g.docs[c].year, g.docs[c].month, g.docs[c].day) < (year, month, day)
                    && c != parent
                {
                    let rel = *["implements", "cites", "based_on"]
                        .choose(&mut rng)
                        .unwrap();
                    g.edges.push(TruthEdge {
                        citing: i,
                        cited: c,
                        relation: rel,
                    });
                }
            }
            if g.docs[i].key.is_some() {
                by_level[level as usize].push(i);
            }
        }
        if by_level[level as usize].is_empty() {
            break;
        }
    }
    // Paths for written documents: shards of 1000 so no folder holds a million files. About
    // one file in forty is a bundle of two or three documents (scanned together into one
    // PDF); its documents are `file#1`, `file#2`... A separate generator keeps the plan the
    // same for a seed whether or not files are bundled.
    let mut bundling = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x00B0_D1E5);
    let (mut k, mut left, mut part) = (0usize, 0usize, 0usize);
    let mut file = String::new();
    for d in g.docs.iter_mut() {
        if d.path.is_some() {
            if left == 0 {
                file = format!("docs/{:04}/{:07}.txt", k / 1000, k);
                k += 1;
                left = if bundling.gen_bool(0.025) {
                    bundling.gen_range(2..=3)
                } else {
                    1
                };
                part = 0;
            }
            part += 1;
            left -= 1;
            d.path = Some(if part == 1 && left == 0 {
                file.clone()
            } else {
                format!("{file}#{part}")
            });
        }
    }
    // A bundle cut short by the end of the corpus, down to one document, is a plain file.
    if part == 1 && left > 0 {
        if let Some(d) = g.docs.iter_mut().rev().find(|d| d.path.is_some()) {
            d.path = Some(file);
        }
    }
    g.edges.sort();
    g.edges
        .dedup_by(|a, b| a.citing == b.citing && a.cited == b.cited);
    g
}

fn noisy_key(rng: &mut ChaCha8Rng, key: &str) -> String {
    let mut k = key.to_string();
    if rng.gen_bool(0.10) {
        k = k.replace("CĐ", "CD").replace("QĐ", "QD");
    }
    if rng.gen_bool(0.03) {
        k = k.replacen('/', " /", 1);
    }
    if rng.gen_bool(0.03) {
        k = k.replacen('-', "-\n", 1);
    }
    if rng.gen_bool(0.02) {
        k = k.replacen('-', "- ", 1);
    }
    if rng.gen_bool(0.02) && k.starts_with(|c: char| c.is_ascii_digit()) {
        k = format!("0{k}");
    }
    k
}

/// A key as OCR misreads its figures at times: `l` or `I` for a `1`, `O` for a `0` in the
/// number (`2l/2024/QĐ-TTg`, `1O5/UBND-VP`), or a National Assembly term split or damaged
/// (`QH1 5`, `QHl5`). Drawn from the layout generator, so other noise stays as it was.
fn ocr_figures(layout: &mut ChaCha8Rng, key: &str) -> String {
    if !layout.gen_bool(0.02) {
        return key.to_string();
    }
    let slash = key.find('/').unwrap_or(0);
    let (num, rest) = key.split_at(slash);
    let mut out = String::with_capacity(key.len());
    let mut changed = false;
    for (i, c) in num.char_indices() {
        out.push(match c {
            '1' if !changed && i + 1 < num.len() => {
                changed = true;
                'l'
            }
            '0' if !changed && i > 0 => {
                changed = true;
                'O'
            }
            c => c,
        });
    }
    let rest = if rest.contains("/QH15") && layout.gen_bool(0.5) {
        rest.replace(
            "/QH15",
            ["/QH1 5", "/QHl5", "/QH1S"][layout.gen_range(0..3)],
        )
    } else {
        rest.to_string()
    };
    out + &rest
}

fn date_words(rng: &mut ChaCha8Rng, d: &GenDoc) -> String {
    if rng.gen_bool(0.7) {
        format!("ngày {:02}/{}/{}", d.day, d.month, d.year)
    } else {
        format!("ngày {:02} tháng {:02} năm {}", d.day, d.month, d.year)
    }
}

/// The sentence citing `cited` with `relation`, in one of the ways real documents write it.
fn phrase(
    g: &Generated,
    rng: &mut ChaCha8Rng,
    citing: &GenDoc,
    cited: &GenDoc,
    relation: &str,
    nested: Option<&GenDoc>,
) -> String {
    let tw = g.type_word(cited);
    let key = noisy_key(rng, cited.key.as_deref().unwrap_or(""));
    let (_, cited_issuer, _) = g.name(cited);
    // A citing document names a body of its own province by rank only, or in full.
    let issuer = if cited.level == 1 && citing.place.0 == cited.place.0 && rng.gen_bool(0.25) {
        "UBND tỉnh".to_string()
    } else {
        cited_issuer
    };
    let so = if rng.gen_bool(0.85) { "số " } else { "" };
    let date = date_words(rng, cited);
    let head = match relation {
        "implements" => *["Thực hiện", "Triển khai", "Tiếp theo"]
            .choose(rng)
            .unwrap(),
        "based_on" => "Căn cứ",
        "guided_by" => "Theo hướng dẫn của cơ quan chuyên môn tại",
        _ => "Các đơn vị thực hiện các biện pháp theo",
    };
    let mut s = format!("{head} {tw} {so}{key} {date} của {issuer}");
    if let Some(gp) = nested {
        let gkey = noisy_key(rng, gp.key.as_deref().unwrap_or(""));
        let (_, gp_issuer, _) = g.name(gp);
        write!(
            s,
            " về việc thực hiện {} số {gkey} của {gp_issuer}",
            g.type_word(gp)
        )
        .ok();
    } else {
        s.push_str(" về tăng cường công tác phòng, chống dịch bệnh");
    }
    s
}

/// Writes the corpus under `out`: documents, `docs.jsonl`, `truth.jsonl`.
pub fn write(g: &Generated, cfg: Config, out: &Path) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut cites: HashMap<usize, Vec<&TruthEdge>> = HashMap::new();
    for e in &g.edges {
        cites.entry(e.citing).or_default().push(e);
    }
    let parent_of: HashMap<usize, usize> = g
        .edges
        .iter()
        .filter(|e| e.relation == "implements")
        .map(|e| (e.citing, e.cited))
        .collect();
    let mut nested_truth: Vec<TruthEdge> = Vec::new();
    // Real layouts (Căn cứ lists, amendment chains, appendices, scraped pages) draw from a
    // generator of their own, so the rest of a seed's corpus stays as it was without them.
    let mut layout = ChaCha8Rng::seed_from_u64(cfg.seed ^ 0x1A70_u64);
    // Government resolutions by date: the amenders an amendment chain can name.
    let mut resolutions: Vec<usize> = (0..g.docs.len())
        .filter(|&j| {
            let c = &g.docs[j];
            c.level == 0 && CENTRAL[c.issuer].code == "CP" && c.key.is_some()
        })
        .collect();
    resolutions.sort_by_key(|&j| (g.docs[j].year, g.docs[j].month, g.docs[j].day, j));
    let when = |d: &GenDoc| (d.year, d.month, d.day);
    // The file being written and its text so far (a bundle holds several documents).
    let mut open_file: Option<(std::path::PathBuf, String)> = None;
    let flush = |f: Option<(std::path::PathBuf, String)>| -> io::Result<()> {
        match f {
            Some((full, text)) => {
                if let Some(dir) = full.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&full, text)
            }
            None => Ok(()),
        }
    };
    for (i, d) in g.docs.iter().enumerate() {
        let Some(path) = &d.path else { continue };
        let full = out.join(path.split('#').next().unwrap_or(path));
        let (place, _, loc_line) = g.name(d);
        let mut t = String::new();
        let table = rng.gen_bool(0.1);
        let block = match d.level {
            0 => CENTRAL[d.issuer].block.to_string(),
            _ => format!("ỦY BAN NHÂN DÂN\n{loc_line}"),
        };
        let number = match &d.key {
            Some(k) => noisy_key(&mut rng, k).replace('\n', ""),
            None => format!("/UBND-{}", ["VP", "KGVX"][rng.gen_range(0..2)]),
        };
        let day = if d.key.is_none() {
            "   ".to_string()
        } else {
            format!("{:02}", d.day)
        };
        // Old fonts write `nǎm` with a caron; a few headers give the date in figures.
        let date_line = match layout.gen_range(0..40) {
            0 if d.key.is_some() => format!("{place}, ngày {}/{}/{}", d.day, d.month, d.year),
            1 => format!(
                "{place}, ngày {day} tháng {:02} n\u{1CE}m {}",
                d.month, d.year
            ),
            _ => format!("{place}, ngày {day} tháng {:02} năm {}", d.month, d.year),
        };
        // A scraped page's header table flattened to a line a row, bold in the cells, the
        // `V/v` in the number's cell.
        let flat = layout.gen_bool(0.1);
        const SUBJECT: &str = "triển khai công tác phòng, chống dịch bệnh";
        // A stamp above the issuer block (`KHẨN`, `HỎA TỐC`; a draft's `DỰ THẢO`).
        if layout.gen_bool(0.03) {
            let stamp = if d.key.is_none() {
                "DỰ THẢO"
            } else {
                ["KHẨN", "HỎA TỐC"][layout.gen_range(0..2)]
            };
            writeln!(t, "{stamp}\n").ok();
        }
        // OCR of a signed PDF puts the two header columns side by side: the block beside the
        // motto, `Số:` beside the place and the day, the number on the next line beside the
        // rest of the date.
        let two_columns = !flat && layout.gen_bool(0.05);
        if two_columns {
            let mut lines = block.lines();
            let first = lines.next().unwrap_or("");
            let second = lines.collect::<Vec<_>>().join(" ");
            let date_tail = format!("tháng {:02} năm {}", d.month, d.year);
            writeln!(t, "{first}   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{second}   Độc lập - Tự do - Hạnh phúc\n\nSố:      {place}, ngày {day}\n{number}   {date_tail}\n").ok();
        } else if flat {
            writeln!(t, "| **{}** ------- | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc** --------------- |\n| --- | --- |\n| Số: {number} V/v {SUBJECT} | *{date_line}* |\n", block.replace('\n', " ")).ok();
        } else if table {
            writeln!(t, "| {} | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n| Số: {number} | {date_line} |\n", block.replace('\n', " ")).ok();
        } else {
            writeln!(t, "{block}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: {number}\n\n{date_line}\n").ok();
        }
        if rng.gen_bool(0.05) {
            writeln!(
                t,
                "ĐẾN Số: {}\nNgày {:02}/{:02}/{}\n",
                rng.gen_range(100..999),
                d.day,
                d.month,
                d.year
            )
            .ok();
        }
        if !flat {
            writeln!(t, "V/v {SUBJECT}").ok();
        }
        writeln!(
            t,
            "\nKính gửi:\n\n- Các sở, ban, ngành;\n- UBND các huyện, thành phố.\n"
        )
        .ok();
        let mine: &[&TruthEdge] = cites.get(&i).map(|v| v.as_slice()).unwrap_or(&[]);
        // Half the documents that rest on others say so in a `Căn cứ:` list, a law by name
        // first; a government resolution is sometimes cited with the one that amended it.
        let basis: Vec<&TruthEdge> = mine
            .iter()
            .copied()
            .filter(|e| e.relation == "based_on")
            .collect();
        let listed = !basis.is_empty() && layout.gen_bool(0.5);
        if listed {
            writeln!(
                t,
                "Căn cứ:\n- Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"
            )
            .ok();
            for e in &basis {
                let cited = &g.docs[e.cited];
                let (_, cited_issuer, _) = g.name(cited);
                let key = noisy_key(&mut layout, cited.key.as_deref().unwrap_or(""));
                let key = ocr_figures(&mut layout, &key);
                let mut item = format!(
                    "- {} số {key} {} của {cited_issuer}",
                    g.type_word(cited),
                    date_words(&mut layout, cited)
                );
                let amender = resolutions
                    .iter()
                    .copied()
                    .find(|&b| when(&g.docs[b]) > when(cited) && when(&g.docs[b]) < when(d))
                    .filter(|&b| b != e.cited && !mine.iter().any(|x| x.cited == b))
                    .filter(|_| {
                        cited.level == 0
                            && CENTRAL[cited.issuer].code == "CP"
                            && layout.gen_bool(0.4)
                    });
                if let Some(b) = amender {
                    let bd = &g.docs[b];
                    write!(
                        item,
                        " được sửa đổi, bổ sung bởi {} số {} {} của Chính phủ",
                        g.type_word(bd),
                        bd.key.as_deref().unwrap_or(""),
                        date_words(&mut layout, bd)
                    )
                    .ok();
                    nested_truth.push(TruthEdge {
                        citing: i,
                        cited: b,
                        relation: "based_on",
                    });
                    nested_truth.push(TruthEdge {
                        citing: b,
                        cited: e.cited,
                        relation: "amends",
                    });
                }
                writeln!(t, "{item};").ok();
            }
            writeln!(t).ok();
        }
        for e in mine {
            if listed && e.relation == "based_on" {
                continue;
            }
            let cited = &g.docs[e.cited];
            // Sometimes say what the parent itself implements (a nested reference).
            let nested = (e.relation == "implements" && rng.gen_bool(0.3))
                .then(|| parent_of.get(&e.cited).map(|&gp| (gp, &g.docs[gp])))
                .flatten()
                .filter(|(_, gp)| gp.key.is_some());
            if let Some((gp, _)) = nested {
                nested_truth.push(TruthEdge {
                    citing: e.cited,
                    cited: gp,
                    relation: "implements",
                });
            }
            let s = phrase(g, &mut rng, d, cited, e.relation, nested.map(|x| x.1));
            writeln!(
                t,
                "{s}, {} yêu cầu các cơ quan, đơn vị thực hiện nghiêm các nội dung sau:\n",
                g.name(d).1
            )
            .ok();
            if rng.gen_bool(0.2) {
                writeln!(
                    t,
                    "1. Các cơ quan tiếp tục quán triệt {} nêu trên.\n",
                    g.type_word(cited)
                )
                .ok();
            }
        }
        writeln!(t, "2. Tăng cường kiểm tra, giám sát việc thực hiện; báo cáo kết quả trước ngày 15/{}/{}.\n", d.month, d.year).ok();
        if d.level >= 2 && rng.gen_bool(0.6) {
            let p = vncite::gazetteer::PROVINCES[d.place.0];
            writeln!(t, "3. Phối hợp với các sở, ngành của tỉnh {p} trong công tác phòng, chống dịch bệnh.\n").ok();
        }
        writeln!(
            t,
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An"
        )
        .ok();
        let (_, own_issuer, _) = g.name(d);
        let tw = g.type_word(d);
        // A decision's appendix names the decision itself: no citation.
        if let Some(k) = d
            .key
            .as_deref()
            .filter(|_| tw == "Quyết định" && layout.gen_bool(0.3))
        {
            writeln!(
                t,
                "\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n(Kèm theo Quyết định số {k} ngày {:02} tháng {:02} năm {} của {own_issuer})\n\n1. Rà soát, báo cáo kết quả thực hiện.",
                d.day, d.month, d.year
            )
            .ok();
        }
        // One page in twelve is scraped from a publisher: front matter and a metadata table
        // that repeat the document's own number before its header.
        let t = match d.key.as_deref() {
            Some(k) if !path.contains('#') && layout.gen_bool(1.0 / 12.0) => format!(
                "---\nlayout: vanban\ntitle: \"{tw} {k} triển khai công tác phòng, chống dịch bệnh\"\ndate: {}-{:02}-{:02}\n---\n\n# {tw} {k}\n\n## THÔNG TIN VĂN BẢN\n\n| Thuộc tính | Nội dung |\n|---|---|\n| **Số hiệu** | {k} |\n| **Loại văn bản** | {tw} |\n| **Nơi ban hành** | {own_issuer} |\n| **Ngày ban hành** | {:02}/{:02}/{} |\n\n## NỘI DUNG\n\n{t}\n\n---\n\n*{tw} {k}* — [Tải về](#) | [In](#)\n\nBản quyền © Thư viện văn bản. Giấy phép số 27/GP-TTĐT.\n",
                d.year, d.month, d.day, d.day, d.month, d.year
            ),
            _ => t,
        };
        let mut text = t;
        // Datasets store scraped pages with their white space folded: the page on one line.
        if !path.contains('#') && !two_columns && layout.gen_bool(0.03) {
            text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        if rng.gen_bool(0.03) {
            text = text.nfd().collect();
        }
        if rng.gen_bool(0.03) {
            text = text.replace('Đ', "\u{D0}");
        }
        match &mut open_file {
            Some((f, bundle)) if *f == full => {
                bundle.push_str("\n\n\n");
                bundle.push_str(&text);
            }
            _ => flush(open_file.replace((full, text)))?,
        }
    }
    flush(open_file.take())?;
    let mut docs = BufWriter::new(std::fs::File::create(out.join("docs.jsonl"))?);
    for (i, d) in g.docs.iter().enumerate() {
        let (place, issuer, _) = g.name(d);
        let locality = if d.generic { Some(place) } else { None };
        let province = (d.level > 0).then(|| vncite::gazetteer::PROVINCES[d.place.0]);
        writeln!(
            docs,
            "{}",
            serde_json::json!({"gen": i, "key": d.key, "year": d.year, "level": d.level, "locality": locality, "province": province, "issuer": issuer, "path": d.path})
        )?;
    }
    docs.flush()?;
    let mut all: Vec<TruthEdge> = g
        .edges
        .iter()
        .filter(|e| g.docs[e.citing].path.is_some())
        .cloned()
        .collect();
    all.extend(nested_truth);
    all.sort();
    all.dedup();
    let mut truth = BufWriter::new(std::fs::File::create(out.join("truth.jsonl"))?);
    for e in &all {
        writeln!(
            truth,
            "{}",
            serde_json::json!({"citing": e.citing, "cited": e.cited, "relation": e.relation})
        )?;
    }
    truth.flush()
}

/// Precision and recall of a graph's edges against the truth written under `out`.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    /// True edges found, relation included.
    pub true_positives: usize,
    /// Edges found that are not true (or whose documents cannot be told).
    pub false_positives: usize,
    /// True edges not found.
    pub false_negatives: usize,
    /// Edges found with the right ends but another relation.
    pub wrong_relation: usize,
    /// False edges whose ends cannot be told apart among generated documents.
    pub untellable: usize,
    /// Edges to a node vncite marks ambiguous (several documents fit the mention): set
    /// aside, with the true edges they stand for.
    pub ambiguous: usize,
    /// Edges to laws cited by name (outside the generated documents), not scored.
    pub by_name: usize,
}

impl Scores {
    /// Precision, relation included.
    pub fn precision(&self) -> f64 {
        self.true_positives as f64 / (self.true_positives + self.false_positives).max(1) as f64
    }
    /// Recall, relation included.
    pub fn recall(&self) -> f64 {
        self.true_positives as f64 / (self.true_positives + self.false_negatives).max(1) as f64
    }
}

/// Maps every graph node to a generated document and compares edge sets.
pub fn evaluate(out: &Path, graph: &CitationGraph) -> io::Result<Scores> {
    let mut by_path: HashMap<String, usize> = HashMap::new();
    // (key, year, locality) → every generated document with it, and its province.
    type Identity = (String, u16, Option<String>);
    let mut by_key: HashMap<Identity, Vec<(usize, Option<String>)>> = HashMap::new();
    for line in std::fs::read_to_string(out.join("docs.jsonl"))?.lines() {
        let v: serde_json::Value = serde_json::from_str(line).map_err(io::Error::other)?;
        let gen = v["gen"].as_u64().unwrap_or(0) as usize;
        if let Some(p) = v["path"].as_str() {
            by_path.insert(out.join(p).to_string_lossy().into_owned(), gen);
        }
        if let Some(k) = v["key"].as_str() {
            let key = vncite::DocKey::parse(k)
                .map(|k| k.to_string())
                .unwrap_or_else(|_| k.to_string());
            by_key
                .entry((
                    key,
                    v["year"].as_u64().unwrap_or(0) as u16,
                    v["locality"].as_str().map(str::to_string),
                ))
                .or_default()
                .push((gen, v["province"].as_str().map(str::to_string)));
        }
    }
    let mut truth: HashMap<(usize, usize), String> = HashMap::new();
    for line in std::fs::read_to_string(out.join("truth.jsonl"))?.lines() {
        let v: serde_json::Value = serde_json::from_str(line).map_err(io::Error::other)?;
        let (a, b) = (
            v["citing"].as_u64().unwrap_or(0) as usize,
            v["cited"].as_u64().unwrap_or(0) as usize,
        );
        truth.insert((a, b), v["relation"].as_str().unwrap_or("").to_string());
    }
    // The generated documents a node can stand for: its file, or every document of its key,
    // year and locality (and province, when the node knows it).
    let candidates_of = |n: petgraph::graph::NodeIndex| -> Vec<usize> {
        let node = &graph.graph[n];
        if let Some(p) = &node.path {
            return by_path.get(p).copied().into_iter().collect();
        }
        let (Some(key), Some(date)) = (node.key.as_ref(), node.date) else {
            return Vec::new();
        };
        let generic = key
            .issuer_code()
            .is_some_and(vncite::gazetteer::is_generic_code);
        let loc = if generic {
            node.issuer.as_ref().and_then(|i| i.locality.clone())
        } else {
            None
        };
        let province = node.issuer.as_ref().and_then(|i| i.province.clone());
        by_key
            .get(&(key.to_string(), date.year, loc))
            .map(|c| {
                c.iter()
                    .filter(|(_, p)| province.is_none() || *p == province)
                    .map(|(g, _)| *g)
                    .collect()
            })
            .unwrap_or_default()
    };
    // A node that names its document only in part (a district's letter not in the corpus,
    // its province unsaid) stands for the one its citers' true edges agree on, if they do:
    // the node then merges nothing, and says all the text says.
    let mut mapped: HashMap<petgraph::graph::NodeIndex, usize> = HashMap::new();
    let mut partial: std::collections::BTreeMap<petgraph::graph::NodeIndex, Vec<usize>> =
        Default::default();
    for n in graph.graph.node_indices() {
        match candidates_of(n).as_slice() {
            [one] => {
                mapped.insert(n, *one);
            }
            [] => {}
            many => {
                partial.insert(n, many.to_vec());
            }
        }
    }
    for (n, cands) in &partial {
        use petgraph::visit::EdgeRef;
        let mut agreed: std::collections::BTreeSet<Option<usize>> = Default::default();
        for e in graph
            .graph
            .edges_directed(*n, petgraph::Direction::Incoming)
        {
            let a = mapped.get(&e.source()).copied();
            agreed.insert(
                a.and_then(|a| cands.iter().copied().find(|b| truth.contains_key(&(a, *b)))),
            );
        }
        if let [Some(b)] = agreed.into_iter().collect::<Vec<_>>().as_slice() {
            mapped.insert(*n, *b);
        }
    }
    let gen_of = |n: petgraph::graph::NodeIndex| -> Option<usize> { mapped.get(&n).copied() };
    let mut s = Scores {
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
        wrong_relation: 0,
        untellable: 0,
        ambiguous: 0,
        by_name: 0,
    };
    // Mentions vncite declares ambiguous, with the documents each could be.
    let mut ambiguous: HashMap<petgraph::graph::NodeIndex, Vec<usize>> = HashMap::new();
    for a in &graph.anomalies {
        if let vncite::graph::Anomaly::AmbiguousReference { id, candidates, .. } = a {
            if let Some(n) = graph.by_id(id) {
                let gens = candidates
                    .iter()
                    .filter_map(|c| graph.by_id(c))
                    .filter_map(gen_of)
                    .collect();
                ambiguous.insert(n, gens);
            }
        }
    }
    let mut aside: std::collections::HashSet<(usize, usize)> = Default::default();
    // Edges are judged per pair of documents: several mentions of one citation (a later
    // `Công điện nêu trên`) may give it more relations; it is right when one of them is.
    let mut pairs: HashMap<(usize, usize), Vec<&str>> = HashMap::new();
    let debug = std::env::var_os("GEN_DEBUG").is_some();
    for e in graph.graph.edge_references() {
        use petgraph::visit::EdgeRef;
        let rel = e.weight().relation.as_str();
        // Laws cited by name lie outside the generated documents: not scored.
        let target = &graph.graph[e.target()];
        if target.key.is_none() && target.title.is_some() && !target.in_corpus {
            s.by_name += 1;
            continue;
        }
        if let Some(gens) = ambiguous.get(&e.target()) {
            s.ambiguous += 1;
            if let Some(a) = gen_of(e.source()) {
                aside.extend(gens.iter().map(|&b| (a, b)));
            }
            continue;
        }
        match (gen_of(e.source()), gen_of(e.target())) {
            (Some(a), Some(b)) => pairs.entry((a, b)).or_default().push(rel),
            _ => {
                s.false_positives += 1;
                s.untellable += 1;
                if debug {
                    eprintln!(
                        "unmapped: {} -> {} [{rel}]",
                        graph.graph[e.source()].id,
                        graph.graph[e.target()].id
                    );
                }
            }
        }
    }
    for ((a, b), rels) in &pairs {
        match truth.get(&(*a, *b)) {
            Some(r) if rels.contains(&r.as_str()) => s.true_positives += 1,
            Some(r) => {
                s.wrong_relation += 1;
                s.false_positives += 1;
                if debug {
                    eprintln!("wrong relation: {a} -> {b}: {rels:?}, truth {r}");
                }
            }
            None => {
                s.false_positives += 1;
                if debug {
                    eprintln!("not true: {a} -> {b} {rels:?}");
                }
            }
        }
    }
    s.false_negatives = truth
        .keys()
        .filter(|k| !aside.contains(k))
        .filter(|k| pairs.get(k).is_none_or(|r| !r.contains(&truth[k].as_str())))
        .count();
    Ok(s)
}

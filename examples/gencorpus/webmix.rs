//! A mix of scraped web pages shaped like the real corpus of issue 19: page sizes with a
//! median of 7.6 KB, a p90 of 25 KB and a p99 of 131 KB; about 3 % of pages government
//! documents with a header; most of the rest long prose, about half of the bytes in pages with
//! no number/symbol at all; site chrome (menus, dates, footers) around the text.
//!
//! Nothing here is scored: the mix is for measuring speed (`scripts/bench.py`), and the
//! safety test that holds the fast extractor to the plain one.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Page sizes at cumulative shares: interpolated log-linearly between the points, so the
/// median, p90 and p99 are those of the real corpus.
const SIZE_QUANTILES: &[(f64, f64)] = &[
    (0.0, 600.0),
    (0.5, 7_600.0),
    (0.9, 25_000.0),
    (0.99, 131_000.0),
    (1.0, 600_000.0),
];

/// Share of pages that are government documents with a header.
const HEADED: f64 = 0.03;
/// Share of prose pages with no number/symbol, no date in figures and no law by name.
const QUIET: f64 = 0.47;

/// Words of Vietnamese prose (news, blogs, forums), written NFC as sites serve them.
const WORDS: &[&str] = &[
    "người",
    "dân",
    "thành",
    "phố",
    "mùa",
    "hè",
    "năm",
    "nay",
    "khách",
    "du",
    "lịch",
    "đến",
    "biển",
    "đông",
    "hơn",
    "nhiều",
    "so",
    "với",
    "cùng",
    "kỳ",
    "các",
    "cửa",
    "hàng",
    "ăn",
    "uống",
    "đều",
    "kín",
    "chỗ",
    "giá",
    "phòng",
    "khách",
    "sạn",
    "tăng",
    "nhẹ",
    "trong",
    "khi",
    "chất",
    "lượng",
    "dịch",
    "vụ",
    "được",
    "cải",
    "thiện",
    "rõ",
    "rệt",
    "anh",
    "chị",
    "em",
    "gia",
    "đình",
    "tôi",
    "thường",
    "đi",
    "chơi",
    "vào",
    "cuối",
    "tuần",
    "để",
    "nghỉ",
    "ngơi",
    "sau",
    "những",
    "ngày",
    "làm",
    "việc",
    "căng",
    "thẳng",
    "theo",
    "chuyên",
    "gia",
    "kinh",
    "tế",
    "thị",
    "trường",
    "bất",
    "động",
    "sản",
    "đang",
    "dần",
    "phục",
    "hồi",
    "nhờ",
    "lãi",
    "suất",
    "giảm",
    "và",
    "niềm",
    "tin",
    "của",
    "nhà",
    "đầu",
    "tư",
    "trở",
    "lại",
    "học",
    "sinh",
    "trường",
    "mới",
    "khai",
    "giảng",
    "thầy",
    "cô",
    "giáo",
    "chuẩn",
    "bị",
    "bài",
    "giảng",
    "kỹ",
    "lưỡng",
    "món",
    "phở",
    "bò",
    "nóng",
    "hổi",
    "buổi",
    "sáng",
    "là",
    "lựa",
    "chọn",
    "quen",
    "thuộc",
    "một",
    "hai",
    "ba",
    "điều",
    "quan",
    "trọng",
    "nhất",
    "vẫn",
    "sức",
    "khỏe",
    "bác",
    "sĩ",
    "khuyên",
    "nên",
    "ngủ",
    "đủ",
    "giấc",
    "tập",
    "thể",
    "dục",
    "đều",
    "đặn",
    "trên",
    "mạng",
    "xã",
    "hội",
    "nhiều",
    "bạn",
    "trẻ",
    "chia",
    "sẻ",
    "cảm",
    "nhận",
    "số",
    "lượng",
    "lớn",
    "nêu",
    "ý",
    "kiến",
    "về",
    "chuyến",
    "đi",
    "đáng",
    "nhớ",
    "đội",
    "tuyển",
    "bóng",
    "đá",
    "giành",
    "chiến",
    "thắng",
    "trước",
    "đối",
    "thủ",
    "mạnh",
    "cổ",
    "động",
    "viên",
    "ăn",
    "mừng",
    "suốt",
    "đêm",
    "thời",
    "tiết",
    "hôm",
    "nay",
    "có",
    "mưa",
    "rào",
    "vài",
    "nơi",
    "nhiệt",
    "độ",
    "cao",
    "nhất",
    "khoảng",
    "độ",
    "sông",
    "núi",
    "cánh",
    "đồng",
    "lúa",
    "chín",
    "vàng",
    "nông",
    "dân",
    "phấn",
    "khởi",
    "vì",
    "được",
    "mùa",
];

/// Sentences that name a document or a law: what makes a prose page worth extracting.
const CITING: &[&str] = &[
    "Theo Nghị định số {n}/{y}/NĐ-CP của Chính phủ, mức phạt đối với hành vi này được nâng lên",
    "Căn cứ Thông tư {n}/{y}/TT-BTC, các doanh nghiệp phải kê khai thuế điện tử",
    "Luật Đất đai năm 2024 có hiệu lực từ ngày 01/8/2024 đã thay đổi nhiều quy định về bồi thường",
    "Bộ luật Lao động quy định thời giờ làm việc bình thường không quá 8 giờ trong một ngày",
    "Thực hiện Chỉ thị số {n}/CT-TTg của Thủ tướng Chính phủ, các địa phương đã vào cuộc",
    "Quyết định {n}/QĐ-UBND nêu trên được nhiều người dân đồng tình",
    "Công văn số {n}/UBND-KT yêu cầu các sở, ngành báo cáo trước ngày 15/{m}/{y}",
];

/// Site chrome: a menu above the text, a footer below it.
const MENU: &[&str] = &[
    "Trang chủ | Thời sự | Kinh doanh | Giải trí | Thể thao | Pháp luật | Giáo dục | Sức khỏe",
    "[Trang chủ](/) » [Tin tức](/tin-tuc) » [Đời sống](/doi-song)",
    "* Trang chủ\n* Giới thiệu\n* Tin tức\n* Liên hệ",
];
const FOOTER: &[&str] = &[
    "Bản quyền © Báo điện tử. Ghi rõ nguồn khi phát hành lại thông tin từ website này.",
    "Liên hệ quảng cáo | Điều khoản sử dụng | Chính sách bảo mật",
    "Chia sẻ: Facebook | Zalo | Twitter\n\nTin liên quan\n\n* Giá vàng hôm nay tiếp tục tăng\n* Thời tiết cuối tuần nắng nóng",
];

/// A page size in bytes drawn from [`SIZE_QUANTILES`].
fn page_size(rng: &mut ChaCha8Rng) -> usize {
    let u: f64 = rng.gen();
    for w in SIZE_QUANTILES.windows(2) {
        let ((p0, s0), (p1, s1)) = (w[0], w[1]);
        if u <= p1 {
            let f = (u - p0) / (p1 - p0);
            return (s0.ln() + f * (s1.ln() - s0.ln())).exp() as usize;
        }
    }
    600_000
}

/// One sentence of prose, capitalized, 8 to 30 words.
fn sentence(rng: &mut ChaCha8Rng, out: &mut String) {
    let n = rng.gen_range(8..30);
    for i in 0..n {
        let w = WORDS.choose(rng).copied().unwrap_or("và");
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
            if rng.gen_bool(0.06) {
                out.push(',');
            }
        }
    }
    out.push('.');
}

/// A sentence that cites a document, its figures drawn at random.
fn citing(rng: &mut ChaCha8Rng, out: &mut String) {
    let s = CITING.choose(rng).copied().unwrap_or(CITING[0]);
    let s = s
        .replace("{n}", &rng.gen_range(1..3000).to_string())
        .replace("{y}", &rng.gen_range(2005..2027).to_string())
        .replace("{m}", &rng.gen_range(1..13).to_string());
    out.push_str(&s);
    out.push('.');
}

/// A prose page of about `size` bytes; `quiet` pages hold no figures before `/` or `-` and
/// no law by name.
fn prose_page(rng: &mut ChaCha8Rng, size: usize, quiet: bool) -> String {
    let mut t = String::with_capacity(size + 512);
    t.push_str(MENU.choose(rng).copied().unwrap_or(MENU[0]));
    t.push_str("\n\n# ");
    sentence(rng, &mut t);
    t.pop();
    if quiet {
        let _ = write!(
            t,
            "\n\nThứ {}, ngày {} tháng {}\n\n",
            rng.gen_range(2..8),
            rng.gen_range(1..29),
            rng.gen_range(1..13)
        );
    } else {
        let _ = write!(
            t,
            "\n\nCập nhật: {:02}/{:02}/{} {:02}:{:02}\n\n",
            rng.gen_range(1..29),
            rng.gen_range(1..13),
            rng.gen_range(2015..2027),
            rng.gen_range(0..24),
            rng.gen_range(0..60)
        );
    }
    while t.len() < size {
        let sentences = rng.gen_range(2..8);
        for _ in 0..sentences {
            if !quiet && rng.gen_bool(0.04) {
                citing(rng, &mut t);
            } else {
                sentence(rng, &mut t);
            }
            t.push(' ');
        }
        t.pop();
        t.push_str("\n\n");
        if rng.gen_bool(0.08) {
            t.push_str("## ");
            sentence(rng, &mut t);
            t.pop();
            t.push_str("\n\n");
        }
    }
    t.push_str(FOOTER.choose(rng).copied().unwrap_or(FOOTER[0]));
    t.push('\n');
    t
}

/// A government document with a header, `Căn cứ` lines and references, padded with prose to
/// about `size` bytes.
fn headed_page(rng: &mut ChaCha8Rng, size: usize) -> String {
    let n = rng.gen_range(1..5000);
    let y = rng.gen_range(2015..2027);
    let mut t = String::with_capacity(size + 1024);
    let _ = write!(
        t,
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: {n}/QĐ-UBND\n\nBắc Ninh, ngày {} tháng {} năm {y}\n\nQUYẾT ĐỊNH\n\nVề việc ban hành kế hoạch phòng, chống dịch bệnh\n\nCăn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\nCăn cứ Nghị định số {}/{}/NĐ-CP của Chính phủ;\n\nQUYẾT ĐỊNH:\n\n",
        rng.gen_range(1..29),
        rng.gen_range(1..13),
        rng.gen_range(1..200),
        rng.gen_range(2010..y.max(2011)),
    );
    let mut article = 1;
    while t.len() < size {
        let _ = write!(t, "Điều {article}. ");
        article += 1;
        for _ in 0..rng.gen_range(2..6) {
            if rng.gen_bool(0.15) {
                citing(rng, &mut t);
            } else {
                sentence(rng, &mut t);
            }
            t.push(' ');
        }
        t.push_str("\n\n");
    }
    t.push_str("Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n");
    t
}

/// Writes pages under `out/web/` until about `megabytes` MB are written; returns the files
/// and bytes written.
pub fn write(megabytes: usize, seed: u64, out: &Path) -> io::Result<(usize, usize)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x00E1_u64);
    let dir = out.join("web");
    std::fs::create_dir_all(&dir)?;
    let budget = megabytes * 1_000_000;
    let (mut files, mut bytes) = (0, 0);
    while bytes < budget {
        let size = page_size(&mut rng);
        let page = if rng.gen_bool(HEADED) {
            headed_page(&mut rng, size)
        } else {
            let quiet = rng.gen_bool(QUIET);
            prose_page(&mut rng, size, quiet)
        };
        // Sites are stored as Markdown mostly, some as plain text.
        let ext = if rng.gen_bool(0.8) { "md" } else { "txt" };
        std::fs::write(
            dir.join(format!("{:03}/{files:06}.{ext}", files / 1000))
                .as_path(),
            &page,
        )
        .or_else(|_| {
            std::fs::create_dir_all(dir.join(format!("{:03}", files / 1000)))?;
            std::fs::write(
                dir.join(format!("{:03}/{files:06}.{ext}", files / 1000)),
                &page,
            )
        })?;
        files += 1;
        bytes += page.len();
    }
    Ok((files, bytes))
}

//! Reading input: walking files and folders, and decoding bytes to text.

use crate::model::Encoding;
use crate::model::{SkipReason, Skipped};
use crate::own::is_own_report;
use std::collections::HashSet;
use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Extensions read when walking a folder (any file named on the command line is read).
pub const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// How files are read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Decode every file with this encoding instead of detecting it.
    pub encoding: Option<Encoding>,
    /// Files larger than this many bytes are skipped (memory stays bounded).
    pub max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            max_file_size: 64 * 1024 * 1024,
        }
    }
}

/// Decoded text of one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceText {
    /// The file as named or found.
    pub path: String,
    /// Its text as UTF-8.
    pub text: String,
    /// What it was decoded from.
    pub encoding: Encoding,
    /// Bytes before the text in the file (a UTF-8 BOM), so spans are file offsets.
    pub offset: usize,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The operating system refused or failed.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file is empty.
    #[error("empty file")]
    Empty,
    /// The file is larger than the size limit.
    #[error("file of {size} bytes is larger than the limit of {limit} bytes; raise it with --max-file-size")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The bytes are not text.
    #[error("binary file ({0}), not a text document")]
    Binary(&'static str),
    /// The file is a report vncite wrote (into the corpus folder it reads).
    #[error("vncite's own output (a report or an annotated page), not a document")]
    OwnOutput,
    /// The bytes are not valid in any supported encoding.
    #[error("not valid UTF-8 (first bad byte at offset {0}), UTF-16, nor Vietnamese in Windows-1258, TCVN3 or VNI; name its encoding with --encoding")]
    NotUtf8(usize),
    /// UTF-16 with an odd byte count or unpaired surrogates.
    #[error("broken UTF-16 text ({0})")]
    BadUtf16(&'static str),
    /// The encoding named with `--encoding` does not fit the bytes.
    #[error("not valid {0} as --encoding says")]
    Forced(Encoding),
    /// Extraction failed on this text: a bug in vncite, kept to this file so the run goes on.
    #[error("vncite failed on this file ({0}); please report it with the file")]
    Internal(String),
}

impl ReadError {
    /// The category of this error for summaries and counts.
    pub fn category(&self) -> SkipReason {
        match self {
            ReadError::Io(_) => SkipReason::Unreadable,
            ReadError::Empty => SkipReason::Empty,
            ReadError::TooLarge { .. } => SkipReason::TooLarge,
            ReadError::Binary(_) => SkipReason::Binary,
            ReadError::OwnOutput => SkipReason::OwnOutput,
            ReadError::NotUtf8(_) | ReadError::BadUtf16(_) | ReadError::Forced(_) => {
                SkipReason::Encoding
            }
            ReadError::Internal(_) => SkipReason::Internal,
        }
    }
}

/// What a file's first bytes say it is, when it is a known binary format.
fn sniff_binary(b: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive, such as a .docx or .xlsx"),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Microsoft Office document (.doc/.xls)",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"{\\rtf", "an RTF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\x7FELF", "an executable"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| b.starts_with(m))
        .map(|(_, what)| *what)
}

/// UTF-16 text in the byte order `order` names (`Utf16Le`, else big-endian).
fn utf16(b: &[u8], order: Encoding) -> Result<String, ReadError> {
    let le = order == Encoding::Utf16Le;
    if b.len() % 2 != 0 {
        return Err(ReadError::BadUtf16("odd number of bytes"));
    }
    let units = b.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| ReadError::BadUtf16("unpaired surrogate"))
}

/// Decodes a file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or a detected legacy encoding.
pub fn decode(path: &str, bytes: &[u8]) -> Result<SourceText, ReadError> {
    decode_as(path, bytes, None)
}

/// Decodes a file's bytes, with the encoding forced when `forced` names one.
pub fn decode_as(
    path: &str,
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<SourceText, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if is_own_report(bytes) {
        return Err(ReadError::OwnOutput);
    }
    let make = |text: String, encoding, offset| SourceText {
        path: path.to_string(),
        text,
        encoding,
        offset,
    };
    if let Some(enc) = forced {
        return match enc {
            Encoding::Utf8 | Encoding::Utf8Bom => {
                let offset = if bytes.starts_with(b"\xEF\xBB\xBF") {
                    3
                } else {
                    0
                };
                std::str::from_utf8(&bytes[offset..])
                    .map(|s| make(s.to_string(), enc, offset))
                    .map_err(|_| ReadError::Forced(enc))
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                let le = enc == Encoding::Utf16Le;
                let body = bytes
                    .strip_prefix(if le { b"\xFF\xFE" } else { b"\xFE\xFF" })
                    .unwrap_or(bytes);
                utf16(body, enc)
                    .map(|t| make(t, enc, 0))
                    .map_err(|_| ReadError::Forced(enc))
            }
            legacy => match self::legacy(legacy) {
                Some(l) => Ok(make(l.decode(bytes), legacy, 0)),
                None => Err(ReadError::Forced(legacy)),
            },
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, Encoding::Utf16Le).map(|t| make(t, Encoding::Utf16Le, 0));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, Encoding::Utf16Be).map(|t| make(t, Encoding::Utf16Be, 0));
    }
    if let Some(what) = sniff_binary(bytes) {
        return Err(ReadError::Binary(what));
    }
    let (body, encoding, offset) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, Encoding::Utf8Bom, 3),
        None => (bytes, Encoding::Utf8, 0),
    };
    if memchr::memchr(0, body).is_some() {
        return Err(ReadError::Binary("contains NUL bytes"));
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(make(s.to_string(), encoding, offset)),
        // A UTF-8 file cut inside its last character (an interrupted download) is still UTF-8.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            let mut text = String::from_utf8_lossy(&body[..e.valid_up_to()]).into_owned();
            text.push('\u{FFFD}');
            Ok(make(text, encoding, offset))
        }
        Err(e) => {
            let legacy =
                crate::decode::detect(body).ok_or(ReadError::NotUtf8(e.valid_up_to() + offset))?;
            let enc = [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni]
                .into_iter()
                .find(|x| self::legacy(*x) == Some(legacy))
                .unwrap_or(Encoding::Windows1258);
            Ok(make(legacy.decode(body), enc, 0))
        }
    }
}

/// Reads and decodes one file, refusing one larger than the limit before reading it.
pub fn read_file(path: &Path, opt: &ReadOptions) -> Result<SourceText, ReadError> {
    let bytes = read_bytes(path, opt)?;
    decode_owned(&path_name(path), bytes, opt.encoding)
}

/// Reads one file's bytes, refusing one larger than the limit before reading it (an index
/// hashes these and decodes the same bytes: a file is read once).
pub fn read_bytes(path: &Path, opt: &ReadOptions) -> Result<Vec<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    // One open and a stat of the open file: no second path lookup, and the size is the
    // size of what is read.
    let file = fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::Io("not a regular file".into()));
    }
    if meta.len() > opt.max_file_size {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: opt.max_file_size,
        });
    }
    // One byte more than announced, so a file that grew since is read to its end in one call.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, opt.max_file_size + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > opt.max_file_size {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: opt.max_file_size,
        });
    }
    Ok(bytes)
}

/// [`decode_as`] taking the bytes by value: plain UTF-8, the common case, becomes the text
/// without a copy.
pub fn decode_owned(
    path: &str,
    bytes: Vec<u8>,
    forced: Option<Encoding>,
) -> Result<SourceText, ReadError> {
    if is_own_report(&bytes) {
        return Err(ReadError::OwnOutput);
    }
    let plain = forced.is_none()
        && !bytes.is_empty()
        && !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && sniff_binary(&bytes).is_none()
        && memchr::memchr(0, &bytes).is_none();
    if !plain {
        return decode_as(path, &bytes, forced);
    }
    // Validation is a pass over every byte of the corpus: the SIMD validator does it several
    // times faster than the standard library, which then need not check again.
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return decode_as(path, &bytes, forced);
    }
    // SAFETY: `bytes` was just validated as UTF-8 and is not changed in between.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(SourceText {
        path: path.to_string(),
        text,
        encoding: Encoding::Utf8,
        offset: 0,
    })
}

/// The files to read under the given paths, in a stable order, and the paths passed over.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files to read, in the order they were named, folders sorted by name.
    pub files: Vec<PathBuf>,
    /// Paths that are not read, with the reason.
    pub skipped: Vec<Skipped>,
}

fn has_text_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A path as text, one text for each path: a name that is not UTF-8 keeps each of its bad
/// bytes as `\u{FFFD}` and two hex digits (`a\xFF.txt` → `a\u{FFFD}FF.txt`), so two names
/// that differ only there stay two files in an index and in the output.
pub fn path_name(p: &Path) -> String {
    path_name_ref(p).into_owned()
}

/// [`path_name`] borrowed from the path when it is UTF-8, as nearly every one is: an update
/// looks every file up by its name, and making each name anew was a tenth of an unchanged
/// re-index.
pub fn path_name_ref(p: &Path) -> std::borrow::Cow<'_, str> {
    if let Some(s) = p.to_str() {
        return std::borrow::Cow::Borrowed(s);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push('\u{FFFD}');
                out.push_str(&format!("{b:02X}"));
            }
        }
        std::borrow::Cow::Owned(out)
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy()
    }
}

/// The path a name of [`path_name`] stands for: the name itself when such a file exists,
/// else each `\u{FFFD}` and two hex digits taken back to the byte they stand for.
pub fn path_from_name(name: &str) -> PathBuf {
    let plain = PathBuf::from(name);
    if !name.contains('\u{FFFD}') || plain.exists() {
        return plain;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let mut bytes = Vec::with_capacity(name.len());
        let mut rest = name;
        while let Some(i) = rest.find('\u{FFFD}') {
            bytes.extend_from_slice(&rest.as_bytes()[..i]);
            let after = &rest[i + '\u{FFFD}'.len_utf8()..];
            match after.get(..2).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => {
                    bytes.push(b);
                    rest = &after[2..];
                }
                None => {
                    bytes.extend_from_slice('\u{FFFD}'.to_string().as_bytes());
                    rest = after;
                }
            }
        }
        bytes.extend_from_slice(rest.as_bytes());
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        plain
    }
}

/// A path as the user meant it, with no `.` steps: `./seeds/a.txt` and `seeds/./a.txt` are
/// `seeds/a.txt`, so one file has one name in the output and in an index however it was
/// typed. `..` steps stay (a symlink may stand before them); `.` alone stays `.`.
pub fn tidy_path(p: &Path) -> PathBuf {
    use std::path::Component;
    // Rebuilt from the components, which drop inner `.` steps and doubled or trailing
    // slashes themselves; only a leading `.` is left to drop.
    let tidy: PathBuf = p.components().filter(|c| *c != Component::CurDir).collect();
    if tidy.as_os_str() == p.as_os_str() {
        return p.to_path_buf();
    }
    if tidy.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        tidy
    }
}

/// Walks files and folders (recursively, following no symlink loop twice).
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let mut files = Vec::new();
    let skipped = collect_each(paths, &mut |p| {
        files.push(p);
        ControlFlow::Continue(())
    });
    Inputs { files, skipped }
}

/// Walks files and folders as [`collect`] does, handing each file to `file` as soon as it is
/// found (so reading can start before the walk ends) until `file` says to stop. Returns the
/// paths passed over.
pub fn collect_each(
    paths: &[PathBuf],
    file: &mut dyn FnMut(PathBuf) -> ControlFlow<()>,
) -> Vec<Skipped> {
    // A file named on its own may also lie in a folder named beside it: the names of such
    // files, so the walk compares real paths only for a file of one of those names.
    let named: HashSet<std::ffi::OsString> = paths
        .iter()
        .filter(|p| fs::metadata(p).is_ok_and(|m| m.is_file()))
        .filter_map(|p| p.file_name().map(|n| n.to_os_string()))
        .collect();
    let mut sink = Sink {
        file,
        skipped: Vec::new(),
        named,
        emitted: HashSet::new(),
    };
    let mut seen_dirs = HashSet::new();
    for p in paths {
        let go = match fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut sink, &mut seen_dirs),
            Ok(m) if !m.is_file() => sink.skip(
                p,
                "not a regular file (a pipe, socket or device)".into(),
                SkipReason::NotText,
            ),
            Ok(_) => sink.take(p.clone()),
            Err(e) => sink.skip(p, format!("cannot open: {e}"), SkipReason::Unreadable),
        };
        if go.is_break() {
            break;
        }
    }
    sink.skipped
}

/// Where a walk puts what it finds.
struct Sink<'a> {
    file: &'a mut dyn FnMut(PathBuf) -> ControlFlow<()>,
    skipped: Vec<Skipped>,
    /// Names of the files named on their own.
    named: HashSet<std::ffi::OsString>,
    /// Real paths of the files handed on whose name is one of those.
    emitted: HashSet<PathBuf>,
}

impl Sink<'_> {
    /// Hands a file on, unless it was handed on already (named and inside a named folder).
    fn take(&mut self, p: PathBuf) -> ControlFlow<()> {
        let p = tidy_path(&p);
        if p.file_name().is_some_and(|n| self.named.contains(n)) {
            if let Ok(real) = fs::canonicalize(&p) {
                if !self.emitted.insert(real) {
                    return self.skip(
                        &p,
                        "file already read (named again, or inside a folder named too)".into(),
                        SkipReason::RepeatedFile,
                    );
                }
            }
        }
        (self.file)(p)
    }

    fn skip(&mut self, p: &Path, reason: String, category: SkipReason) -> ControlFlow<()> {
        self.skipped.push(Skipped {
            path: path_name(&tidy_path(p)),
            reason,
            category,
        });
        ControlFlow::Continue(())
    }
}

fn walk(dir: &Path, sink: &mut Sink<'_>, seen: &mut HashSet<PathBuf>) -> ControlFlow<()> {
    match fs::canonicalize(dir) {
        Ok(c) => {
            if !seen.insert(c) {
                return sink.skip(
                    dir,
                    "folder already read (symlink loop or repeated path)".into(),
                    SkipReason::RepeatedFolder,
                );
            }
        }
        Err(e) => {
            return sink.skip(
                dir,
                format!("cannot open folder: {e}"),
                SkipReason::Unreadable,
            )
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            return sink.skip(
                dir,
                format!("cannot list folder: {e}"),
                SkipReason::Unreadable,
            )
        }
    };
    // The entry's type comes with the listing: a stat only for symbolic links (and file
    // systems that do not say), so a folder of a million files costs no million stats.
    let mut found: Vec<(std::ffi::OsString, Option<fs::FileType>)> = Vec::new();
    for e in entries {
        match e {
            Ok(e) => {
                let ty = e.file_type().ok().filter(|t| !t.is_symlink());
                found.push((e.file_name(), ty));
            }
            Err(e) => {
                sink.skip(
                    dir,
                    format!("cannot list folder entry: {e}"),
                    SkipReason::Unreadable,
                )?;
            }
        }
    }
    // Names in one folder: byte order is the order of the paths.
    found.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
    for (name, ty) in found {
        let p = dir.join(name);
        let ty = match ty {
            Some(t) => Ok(t),
            None => fs::metadata(&p).map(|m| m.file_type()),
        };
        match ty {
            Ok(t) if t.is_dir() => walk(&p, sink, seen),
            Ok(t) if !t.is_file() => sink.skip(
                &p,
                "not a regular file (a pipe, socket or device)".into(),
                SkipReason::NotText,
            ),
            Ok(_) if has_text_extension(&p) => sink.take(p),
            // A report's tables and figures beside it in the corpus folder.
            Ok(_) if crate::own::is_side_file(&p) => sink.skip(
                &p,
                "a table or figure of vncite's own report".into(),
                SkipReason::OwnOutput,
            ),
            Ok(_) => sink.skip(
                &p,
                "not a .txt, .md or .html file".into(),
                SkipReason::NotText,
            ),
            Err(e) => sink.skip(&p, format!("cannot open: {e}"), SkipReason::Unreadable),
        }?;
    }
    ControlFlow::Continue(())
}

/// The legacy 8-bit table an encoding decodes with, if it is one.
fn legacy(e: Encoding) -> Option<crate::decode::Legacy> {
    use crate::decode::Legacy;
    match e {
        Encoding::Windows1258 => Some(Legacy::Windows1258),
        Encoding::Tcvn3 => Some(Legacy::Tcvn3),
        Encoding::Vni => Some(Legacy::Vni),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_gives_its_path_back() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir
            .path()
            .join(std::ffi::OsStr::from_bytes(b"a\xff\xfe.txt"));
        fs::write(&p, b"x").unwrap();
        let name = path_name(&p);
        assert!(name.ends_with("a\u{FFFD}FF\u{FFFD}FE.txt"), "{name}");
        assert_eq!(path_from_name(&name), p);
        assert_eq!(path_from_name("plain/a.txt"), PathBuf::from("plain/a.txt"));
    }

    #[test]
    fn dot_steps_are_tidied_away() {
        for (given, tidy) in [
            ("./seeds/a.txt", "seeds/a.txt"),
            ("seeds/./a.txt", "seeds/a.txt"),
            ("./", "."),
            (".", "."),
            ("../x/./a.txt", "../x/a.txt"),
            ("/abs/./a.txt", "/abs/a.txt"),
            ("seeds/a.txt", "seeds/a.txt"),
            ("a/./", "a"),
            ("a/.", "a"),
            ("a//b", "a/b"),
        ] {
            // As text: `Path` equality would take `a/./b` for `a/b`.
            let got = tidy_path(Path::new(given));
            assert_eq!(got.to_str(), Some(tidy), "{given}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let t = decode("a", "Số: 1".as_bytes()).unwrap();
        assert_eq!(
            (t.text.as_str(), t.encoding, t.offset),
            ("Số: 1", Encoding::Utf8, 0)
        );
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("Số".as_bytes());
        let t = decode("a", &b).unwrap();
        assert_eq!(
            (t.text.as_str(), t.encoding, t.offset),
            ("Số", Encoding::Utf8Bom, 3)
        );
    }

    #[test]
    fn utf16_both_orders() {
        let s = "Công điện số 1068/CĐ-TTg";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode("a", &le).unwrap().text, s);
        assert_eq!(decode("a", &be).unwrap().text, s);
        assert!(decode("a", &le[..le.len() - 1]).is_err());
    }

    #[test]
    fn binary_and_broken_files_are_refused_with_a_reason() {
        assert_eq!(decode("a", b""), Err(ReadError::Empty));
        assert!(
            matches!(decode("a", b"%PDF-1.7\n"), Err(ReadError::Binary(w)) if w.contains("PDF"))
        );
        assert!(
            matches!(decode("a", b"PK\x03\x04xx"), Err(ReadError::Binary(w)) if w.contains("docx"))
        );
        assert!(matches!(decode("a", b"ab\0cd"), Err(ReadError::Binary(_))));
        assert_eq!(decode("a", b"ab\xFFcd"), Err(ReadError::NotUtf8(2)));
        let cut = &"Số: 1068/CĐ-TTg của".as_bytes()[..22];
        assert_eq!(decode("a", cut).unwrap().encoding, Encoding::Utf8);
        assert_eq!(
            decode("a", b"ab\xFFcd").unwrap_err().category(),
            SkipReason::Encoding
        );
    }

    #[test]
    fn a_walk_hands_files_over_in_order_and_stops_when_told() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", "c.md", "d.pdf"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("e")).unwrap();
        std::fs::write(dir.path().join("e").join("f.txt"), "x").unwrap();
        let root = [dir.path().to_path_buf()];
        let names = |files: &[PathBuf]| -> Vec<String> {
            files
                .iter()
                .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
                .collect()
        };
        let all = collect(&root);
        assert_eq!(names(&all.files), ["a.txt", "b.txt", "c.md", "e/f.txt"]);
        assert_eq!(all.skipped.len(), 1, "{:?}", all.skipped);
        // Stopping after two files: the walk goes no further.
        let mut seen = Vec::new();
        let skipped = collect_each(&root, &mut |p| {
            seen.push(p);
            if seen.len() == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(names(&seen), ["a.txt", "b.txt"]);
        assert!(skipped.is_empty(), "{skipped:?}");
    }
}

//! The encodings a file is decoded from.

use serde::Serialize;
use std::fmt;

/// The encoding a file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian (with a byte-order mark unless forced).
    Utf16Le,
    /// UTF-16, big-endian (with a byte-order mark unless forced).
    Utf16Be,
    /// Windows code page 1258.
    Windows1258,
    /// TCVN3 (ABC fonts).
    Tcvn3,
    /// VNI-Windows fonts.
    Vni,
}

impl Encoding {
    /// The name the JSON output gives the encoding.
    pub fn json_name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf8Bom => "utf8-bom",
            Encoding::Utf16Le => "utf16-le",
            Encoding::Utf16Be => "utf16-be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }

    /// Every encoding, with the name `--encoding` takes.
    pub const NAMES: [(&'static str, Encoding); 7] = [
        ("utf-8", Encoding::Utf8),
        ("utf-8-bom", Encoding::Utf8Bom),
        ("utf-16le", Encoding::Utf16Le),
        ("utf-16be", Encoding::Utf16Be),
        ("windows-1258", Encoding::Windows1258),
        ("tcvn3", Encoding::Tcvn3),
        ("vni", Encoding::Vni),
    ];

    /// Parses an `--encoding` name (case-insensitive; `abc` for TCVN3, `cp1258` for Windows-1258).
    pub fn parse(s: &str) -> Option<Encoding> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        let alias = match s.as_str() {
            "utf8" => "utf-8",
            "abc" | "tcvn" | "tcvn-3" => "tcvn3",
            "cp1258" | "windows1258" => "windows-1258",
            "vni-windows" => "vni",
            "utf16le" | "utf-16-le" => "utf-16le",
            "utf16be" | "utf-16-be" => "utf-16be",
            other => other,
        };
        Encoding::NAMES
            .iter()
            .find(|(n, _)| *n == alias)
            .map(|(_, e)| *e)
    }

    /// True for the legacy 8-bit encodings a file is converted from.
    pub fn is_legacy(self) -> bool {
        matches!(
            self,
            Encoding::Windows1258 | Encoding::Tcvn3 | Encoding::Vni
        )
    }
}

impl Serialize for Encoding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.json_name())
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1258 => "Windows-1258",
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::Vni => "VNI-Windows",
        })
    }
}

//! What a citing document does to the document it cites.

use serde::{Serialize, Serializer};
use std::fmt;

/// What a citing document does to the document it cites (docs/relations.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Carries out the cited directive (Thực hiện, Triển khai, Tiếp theo).
    Implements,
    /// Takes the cited document as its legal basis (Căn cứ).
    BasedOn,
    /// Follows the cited document's guidance (theo hướng dẫn của/tại).
    GuidedBy,
    /// Answers the cited letter (Trả lời, nhận được công văn số).
    RespondsTo,
    /// Acts on a proposal in the cited document (Theo đề nghị, Xét Tờ trình).
    ProposedBy,
    /// Amends or supplements the cited document (sửa đổi, bổ sung).
    Amends,
    /// Replaces the cited document (thay thế).
    Replaces,
    /// Repeals the cited document (bãi bỏ, hủy bỏ).
    Repeals,
    /// Corrects errors in the cited document (đính chính).
    Corrects,
    /// Any other mention (theo, tại).
    Cites,
}

impl Relation {
    /// Every relation; `Cites`, the one without a signal word, last.
    pub const ALL: [Relation; 10] = [
        Relation::Implements,
        Relation::BasedOn,
        Relation::GuidedBy,
        Relation::RespondsTo,
        Relation::ProposedBy,
        Relation::Amends,
        Relation::Replaces,
        Relation::Repeals,
        Relation::Corrects,
        Relation::Cites,
    ];

    /// The snake_case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Implements => "implements",
            Relation::BasedOn => "based_on",
            Relation::GuidedBy => "guided_by",
            Relation::RespondsTo => "responds_to",
            Relation::ProposedBy => "proposed_by",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Repeals => "repeals",
            Relation::Corrects => "corrects",
            Relation::Cites => "cites",
        }
    }

    /// How strongly the relation binds the two documents: when one document names another
    /// several times, the strongest relation stands for the pair. What a document does to
    /// the cited text comes first (replaces, repeals, amends, corrects), then carrying it
    /// out, resting on it, following its guidance, answering it, acting on its proposal,
    /// and a plain mention last.
    pub fn strength(self) -> u8 {
        match self {
            Relation::Replaces => 9,
            Relation::Repeals => 8,
            Relation::Amends => 7,
            Relation::Corrects => 6,
            Relation::Implements => 5,
            Relation::BasedOn => 4,
            Relation::GuidedBy => 3,
            Relation::RespondsTo => 2,
            Relation::ProposedBy => 1,
            Relation::Cites => 0,
        }
    }

    /// Parses a snake_case relation name.
    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

impl Serialize for Relation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_round_trip_their_names() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
        }
    }
}

//! The phrase patterns of each prose quantity. `(?P<n>…)` is the number.

use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// A number: ASCII or full-width digits (a decimal point for money), or a Chinese numeral.
const N: &str = r"(?P<n>[0-9０-９]+(?:[.．][0-9０-９]+)?|[一二两三四五六七八九十百千万〇零]+)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Plain,
    /// The match must not follow one of `not_after` (部分公开 is not 公开; 不予公开 is not 予以公开).
    NotAfter,
}

pub struct Pattern {
    pub field: &'static str,
    /// Words the sentence must contain for the pattern to be tried.
    pub triggers: &'static [&'static str],
    source: &'static str,
    pub kind: Kind,
    pub not_after: &'static [&'static str],
    compiled: OnceLock<Regex>,
}

impl Pattern {
    const fn new(
        field: &'static str,
        triggers: &'static [&'static str],
        source: &'static str,
    ) -> Pattern {
        Pattern {
            field,
            triggers,
            source,
            kind: Kind::Plain,
            not_after: &[],
            compiled: OnceLock::new(),
        }
    }

    const fn not_after(mut self, words: &'static [&'static str]) -> Pattern {
        self.kind = Kind::NotAfter;
        self.not_after = words;
        self
    }

    pub fn regex(&self) -> &Regex {
        self.compiled
            .get_or_init(|| Regex::new(&self.expanded()).expect("prose patterns are valid"))
    }

    fn expanded(&self) -> String {
        self.source.replace("{N}", N)
    }
}

/// All of `PATTERNS` at once: which of them match a sentence, in one scan of it rather than
/// one per pattern.
pub fn pattern_set() -> &'static RegexSet {
    static S: OnceLock<RegexSet> = OnceLock::new();
    S.get_or_init(|| RegexSet::new(PATTERNS.iter().map(Pattern::expanded)).expect("valid"))
}

const REQ: &[&str] = &["申请"];

/// In priority order per field: the first that matches in a sentence wins.
pub static PATTERNS: [Pattern; 38] = [
    Pattern::new(
        "legacy.requests.received",
        REQ,
        r"(?:收到|受理|办理|接到|接收)[^。；，,]{0,24}?申请(?:共|合计|总计|总数)?(?:为)?\s*{N}\s*(?:件|条|个|份|宗)",
    ),
    Pattern::new(
        "legacy.requests.received",
        REQ,
        r"(?:收到|受理|办理|接到)(?:依申请公开|政府信息公开申请)(?:政府)?(?:信息|事项)?\s*{N}\s*(?:件|条|个|份|宗)",
    ),
    Pattern::new(
        "legacy.requests.in_person",
        REQ,
        r"当面(?:提出)?申请\s*{N}\s*件",
    ),
    Pattern::new("legacy.requests.fax", REQ, r"传真(?:方式)?申请\s*{N}\s*件"),
    Pattern::new(
        "legacy.requests.online",
        REQ,
        r"(?:网上|网络|在线|互联网)(?:方式)?申请\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.requests.letter",
        REQ,
        r"信函(?:方式)?申请\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.requests.email",
        REQ,
        r"电子邮件(?:方式)?申请\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.requests.other_channel",
        REQ,
        r"其他(?:形式|方式)申请\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.requests.completed",
        REQ,
        r"办结(?:申请)?\s*{N}\s*件",
    )
    .not_after(&["按时", "延期", "已", "未"]),
    Pattern::new(
        "legacy.requests.on_time",
        REQ,
        r"按(?:时|期)办结\s*{N}\s*件",
    ),
    Pattern::new("legacy.requests.extended", REQ, r"延期办结\s*{N}\s*件"),
    Pattern::new(
        "legacy.replies.total",
        REQ,
        r"(?:答复|回复)(?:申请)?(?:共|总数)?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.already_public",
        REQ,
        r"(?:属于)?已主动公开[^，。；,]{0,8}?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.not_this_agency",
        REQ,
        r"{N}\s*件?\s*(?:属于|为)?(?:非本机关|不属于本(?:行政)?机关)",
    ),
    Pattern::new(
        "legacy.replies.not_this_agency",
        REQ,
        r"(?:非本机关|不属于本(?:行政)?机关)[^，。；,]{0,12}?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.refused.total",
        REQ,
        r"{N}\s*件?\s*(?:属于|为)?(?:不予公开|不同意公开)",
    ),
    Pattern::new(
        "legacy.replies.refused.total",
        REQ,
        r"(?:不予公开|不同意公开)[^，。；,]{0,12}?(?:共计|共)?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.partial",
        REQ,
        r"部分公开[^，。；,]{0,6}?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.partial",
        REQ,
        r"{N}\s*件\s*(?:予以|同意)?部分公开",
    ),
    Pattern::new(
        "legacy.replies.granted",
        REQ,
        r"{N}\s*件\s*(?:通过[^，。；,]{0,8})?(?:予以公开|同意公开|已公开|公开)",
    )
    .not_after(&["部分", "不"]),
    Pattern::new(
        "legacy.replies.granted",
        REQ,
        r"(?:予以公开|同意公开)[^，。；,]{0,6}?\s*{N}\s*件",
    )
    .not_after(&["部分", "不", "不同意"]),
    Pattern::new(
        "legacy.replies.not_exist",
        REQ,
        r"信息不存在[^，。；,]{0,6}?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.not_exist",
        REQ,
        r"{N}\s*件[^，。；,]{0,6}?信息不存在",
    ),
    Pattern::new(
        "legacy.replies.amend",
        REQ,
        r"{N}\s*件\s*(?:需要|需|要求)?(?:补正|更改补充)",
    ),
    Pattern::new(
        "legacy.replies.amend",
        REQ,
        r"(?:补正|更改补充)[^，。；,]{0,8}?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.replies.other_channel",
        REQ,
        r"其他途径[^，。；,]{0,8}?\s*{N}\s*件",
    ),
    Pattern::new(
        "legacy.review.total",
        &["行政复议"],
        r"行政复议[^。；，,]{0,8}?(?:共计|共|合计)\s*{N}\s*(?:件|起|宗)",
    ),
    Pattern::new(
        "legacy.review.total",
        &["行政复议"],
        r"(?:有|发生|收到)\s*{N}\s*(?:件|起)[^。；，,]{0,80}?行政复议",
    ),
    Pattern::new(
        "legacy.suits.total",
        &["行政诉讼"],
        r"行政诉讼[^。；，,]{0,8}?(?:共计|共|合计)\s*{N}\s*(?:件|起|宗)",
    ),
    Pattern::new(
        "legacy.suits.total",
        &["行政诉讼"],
        r"(?:有|发生|收到)\s*{N}\s*(?:件|起)[^。；，,]{0,80}?行政诉讼",
    ),
    Pattern::new(
        "legacy.proactive.total",
        &["主动公开"],
        r"主动公开(?:各类)?(?:政府)?信息(?:共计|共|累计|合计)?\s*{N}\s*条",
    ),
    Pattern::new(
        "legacy.fees",
        &["万元"],
        r"(?:收取|收费)[^。；，,]{0,10}?\s*{N}\s*万元",
    ),
    Pattern::new(
        "legacy.review.total",
        &["行政复议"],
        r"行政复议\s*{N}\s*(?:件|起|宗)",
    ),
    Pattern::new(
        "legacy.suits.total",
        &["行政诉讼"],
        r"行政诉讼\s*{N}\s*(?:件|起|宗)",
    ),
    Pattern::new("legacy.staff.part_time", &["兼职"], r"{N}\s*名兼职"),
    Pattern::new(
        "legacy.staff.part_time",
        &["兼职"],
        r"兼职(?:工作)?人员\s*{N}\s*(?:人|名)",
    ),
    Pattern::new(
        "legacy.staff.full_time",
        &["职"],
        r"(?:专职|全职)(?:工作)?人员\s*{N}\s*(?:人|名)",
    ),
    Pattern::new("legacy.staff.full_time", &["职"], r"{N}\s*名(?:专职|全职)"),
];

/// Review and suit outcomes, tried on the sentence that states the review or suit total.
pub static OUTCOMES: [(&str, &str, &str); 6] = [
    (
        "行政复议",
        "legacy.review.upheld",
        r"维持[^，。；,]{0,14}?\s*{N}\s*(?:件|起)",
    ),
    (
        "行政复议",
        "legacy.review.corrected",
        r"纠错[^，。；,]{0,6}?\s*{N}\s*(?:件|起)",
    ),
    (
        "行政复议",
        "legacy.review.other",
        r"其他(?:情形|结果)[^，。；,]{0,6}?\s*{N}\s*(?:件|起)",
    ),
    (
        "行政诉讼",
        "legacy.suits.upheld",
        r"维持[^，。；,]{0,24}?\s*{N}\s*(?:件|起)",
    ),
    (
        "行政诉讼",
        "legacy.suits.corrected",
        r"纠错[^，。；,]{0,6}?\s*{N}\s*(?:件|起)",
    ),
    (
        "行政诉讼",
        "legacy.suits.other",
        r"其他(?:情形|结果)[^，。；,]{0,6}?\s*{N}\s*(?:件|起)",
    ),
];

pub fn outcome_regexes() -> &'static [(&'static str, &'static str, Regex)] {
    static R: OnceLock<Vec<(&str, &str, Regex)>> = OnceLock::new();
    R.get_or_init(|| {
        OUTCOMES
            .iter()
            .map(|(t, f, s)| (*t, *f, Regex::new(&s.replace("{N}", N)).expect("valid")))
            .collect()
    })
}

/// "There were none" statements, used when no number is stated.
pub struct Zero {
    pub field: &'static str,
    pub triggers: &'static [&'static str],
    source: &'static str,
    compiled: OnceLock<Regex>,
}

impl Zero {
    const fn new(
        field: &'static str,
        triggers: &'static [&'static str],
        source: &'static str,
    ) -> Zero {
        Zero {
            field,
            triggers,
            source,
            compiled: OnceLock::new(),
        }
    }

    pub fn regex(&self) -> &Regex {
        self.compiled
            .get_or_init(|| Regex::new(self.source).expect("zero patterns are valid"))
    }
}

pub static ZERO_STATEMENTS: [Zero; 5] = [
    Zero::new(
        "legacy.requests.received",
        &["申请"],
        r"(?:未接到|未收到|没有收到|没有接到|未发生)[^。；，,]{0,16}?(?:公开)?[^。；，,]{0,8}?申请",
    ),
    Zero::new(
        "legacy.review.total",
        &["行政复议"],
        r"(?:未发生|没有|未有|未收到|无)[^。；]{0,24}?行政复议",
    ),
    Zero::new(
        "legacy.suits.total",
        &["行政诉讼"],
        r"(?:未发生|没有|未有|未收到|无)[^。；]{0,40}?行政诉讼",
    ),
    Zero::new(
        "legacy.staff.full_time",
        &["职"],
        r"(?:没有|无|未配备)[^。；，,]{0,20}?(?:专职|全职)(?:工作)?人员",
    ),
    Zero::new(
        "legacy.fees",
        &["收费"],
        r"(?:未发生|未收取|无)[^。；，,]{0,16}?收费",
    ),
];

/// Every word a sentence must hold for something here to be tried on it: the triggers of
/// the patterns and zero statements, the review and suit words of the outcomes, and 申请 of
/// `all_answered`.
pub fn trigger_words() -> &'static [&'static str] {
    static W: OnceLock<Vec<&str>> = OnceLock::new();
    W.get_or_init(|| {
        let mut words: Vec<&str> = PATTERNS
            .iter()
            .flat_map(|p| p.triggers)
            .chain(ZERO_STATEMENTS.iter().flat_map(|z| z.triggers))
            .copied()
            .chain(OUTCOMES.iter().map(|(t, _, _)| *t))
            .chain(["申请"])
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    })
}

pub fn all_answered() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:已经?全部(?:给予)?(?:答复|回复|办结)|均已(?:按[期时])?(?:答复|回复|办结)|全部(?:予以)?(?:答复|办结))")
            .expect("valid")
    })
}

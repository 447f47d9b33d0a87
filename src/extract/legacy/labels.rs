//! Row labels of the legacy 统计表 → `legacy.*` field ids.
//!
//! Real forms number rows differently (`(一)`, `1.`, `一、`), prefix `其中:`, append bracketed
//! notes (sometimes cut off: `(不包括用于政府公报编`) and reword rows by province, so a label
//! is matched on its key words after those are stripped, in an order where the longer phrase
//! wins (`不同意公开` before `同意公开`, `已主动公开` before `主动公开`).

/// The part of the form a row sits in: `被依法纠错数` and `其他情形数` mean different fields
/// under 行政复议 and under 行政诉讼.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormPart {
    Proactive,
    Responses,
    Requests,
    Review,
    Suits,
    Other,
}

impl FormPart {
    /// The section a heading (`三、依申请公开情况`) opens.
    pub fn of_heading(heading: &str) -> FormPart {
        if heading.contains("行政复议") {
            FormPart::Review
        } else if heading.contains("行政诉讼") {
            FormPart::Suits
        } else if heading.contains("申请") {
            FormPart::Requests
        } else if heading.contains("回应") {
            FormPart::Responses
        } else if heading.contains("主动公开") {
            FormPart::Proactive
        } else {
            FormPart::Other
        }
    }
}

/// Where a key word may be trusted.
#[derive(Clone, Copy)]
enum Scope {
    Anywhere,
    /// Short channel words (`当面`, `网上`) only name a request channel under 依申请公开 or
    /// when the label says 申请.
    Requests,
}

#[derive(Clone, Copy)]
enum Target {
    Field(&'static str),
    /// The same words under 行政复议 and 行政诉讼; outside both they name nothing.
    PerBlock {
        review: &'static str,
        suits: &'static str,
    },
}

struct LabelRule {
    /// Any of these matches; `…` inside a pattern stands for any text in between.
    patterns: &'static [&'static str],
    scope: Scope,
    target: Target,
}

const fn rule(patterns: &'static [&'static str], id: &'static str) -> LabelRule {
    LabelRule {
        patterns,
        scope: Scope::Anywhere,
        target: Target::Field(id),
    }
}

const fn channel(patterns: &'static [&'static str], id: &'static str) -> LabelRule {
    LabelRule {
        patterns,
        scope: Scope::Requests,
        target: Target::Field(id),
    }
}

const fn per_block(
    patterns: &'static [&'static str],
    review: &'static str,
    suits: &'static str,
) -> LabelRule {
    LabelRule {
        patterns,
        scope: Scope::Anywhere,
        target: Target::PerBlock { review, suits },
    }
}

/// First match wins.
const RULES: &[LabelRule] = &[
    rule(
        &["不同意公开", "不予公开", "否决公开"],
        "legacy.replies.refused.total",
    ),
    rule(&["部分公开"], "legacy.replies.partial"),
    rule(&["同意公开"], "legacy.replies.granted"),
    rule(&["已主动公开"], "legacy.replies.already_public"),
    rule(&["主动公开规范性文件"], "legacy.proactive.normative"),
    rule(&["制发规范性文件"], "legacy.proactive.normative_issued"),
    rule(&["公报公开"], "legacy.proactive.gazette"),
    rule(&["网站公开"], "legacy.proactive.website"),
    rule(&["微博公开"], "legacy.proactive.weibo"),
    rule(&["微信公开"], "legacy.proactive.wechat"),
    rule(&["其他方式公开"], "legacy.proactive.other_channel"),
    rule(
        &["主动公开…信息数", "主动公开…信息总数", "主动公开…信息条数"],
        "legacy.proactive.total",
    ),
    rule(&["回应公众关注", "热点…舆情"], "legacy.responses.hotspots"),
    rule(
        &["收到申请", "申请总数", "受理…总数", "受理…申请数"],
        "legacy.requests.received",
    ),
    channel(&["当面"], "legacy.requests.in_person"),
    // Fujian prints one row for 信函、传真: it counts as letters, so the channels still add up.
    channel(&["信函"], "legacy.requests.letter"),
    channel(&["传真"], "legacy.requests.fax"),
    channel(&["网络", "网上"], "legacy.requests.online"),
    channel(&["电子邮件", "电子邮箱"], "legacy.requests.email"),
    channel(&["其他形式", "其它形式"], "legacy.requests.other_channel"),
    rule(&["按时办结"], "legacy.requests.on_time"),
    rule(&["延期办结"], "legacy.requests.extended"),
    rule(&["办结"], "legacy.requests.completed"),
    rule(
        &["申请答复", "答复总数", "申请的答复数"],
        "legacy.replies.total",
    ),
    rule(&["国家秘密"], "legacy.replies.refused.secret"),
    rule(&["商业秘密"], "legacy.replies.refused.commercial"),
    rule(&["个人隐私"], "legacy.replies.refused.privacy"),
    rule(
        &["危及国家安全", "国家安全、公共安全"],
        "legacy.replies.refused.security",
    ),
    rule(
        &["所指政府信息", "不是《条例》"],
        "legacy.replies.refused.not_gov_info",
    ),
    rule(
        &["法律法规规定的其他", "法律、法规规定的其他"],
        "legacy.replies.refused.other_law",
    ),
    rule(
        &["不属于本行政机关", "不属于本机关"],
        "legacy.replies.not_this_agency",
    ),
    rule(&["信息不存在"], "legacy.replies.not_exist"),
    rule(&["更改补充", "更改、补充"], "legacy.replies.amend"),
    rule(&["其他途径"], "legacy.replies.other_channel"),
    rule(&["行政复议"], "legacy.review.total"),
    rule(&["行政诉讼"], "legacy.suits.total"),
    rule(&["驳回原告"], "legacy.suits.upheld"),
    per_block(
        &["维持具体行政行为"],
        "legacy.review.upheld",
        "legacy.suits.upheld",
    ),
    per_block(
        &["纠错"],
        "legacy.review.corrected",
        "legacy.suits.corrected",
    ),
    per_block(&["其他情形"], "legacy.review.other", "legacy.suits.other"),
    rule(&["举报投诉"], "legacy.complaints"),
    rule(&["收取的费用", "收取费用"], "legacy.fees"),
    rule(&["专职"], "legacy.staff.full_time"),
    rule(&["兼职"], "legacy.staff.part_time"),
    rule(&["工作人员数"], "legacy.staff.total"),
    rule(&["专项经费"], "legacy.budget"),
];

/// The field a row label names in `section`, if any.
pub fn field_id(label: &str, section: FormPart) -> Option<&'static str> {
    let key = normalize(label);
    let rule = RULES.iter().find(|r| {
        r.patterns.iter().any(|p| contains_in_order(&key, p))
            && match r.scope {
                Scope::Anywhere => true,
                Scope::Requests => section == FormPart::Requests || key.contains("申请"),
            }
    })?;
    match rule.target {
        Target::Field(id) => Some(id),
        Target::PerBlock { review, suits } => match section {
            FormPart::Review => Some(review),
            FormPart::Suits => Some(suits),
            _ => None,
        },
    }
}

/// Is this a top-level row of the form (`四、行政复议数量`), which opens a section?
pub fn is_top_level(label: &str) -> bool {
    let t = label.trim_start();
    let numeral_len: usize = t
        .chars()
        .take_while(|&c| is_chinese_numeral(c))
        .map(char::len_utf8)
        .sum();
    numeral_len > 0 && t[numeral_len..].starts_with('、')
}

/// The label without spaces, numbering, `其中:` and bracketed notes: the words ids are
/// decided on.
pub fn normalize(label: &str) -> String {
    let flat: String = label
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '．' => '.',
            _ => c,
        })
        .collect();
    let mut rest = flat.as_str();
    while let Some(stripped) = strip_numbering(rest) {
        rest = stripped;
    }
    without_brackets(rest)
}

fn strip_numbering(s: &str) -> Option<&str> {
    for prefix in ["其中:", "其中"] {
        if let Some(r) = s.strip_prefix(prefix) {
            return Some(r);
        }
    }
    if let Some(inner) = s.strip_prefix('(') {
        let close = inner.find(')')?;
        let number = &inner[..close];
        let is_number = !number.is_empty()
            && number
                .chars()
                .all(|c| is_chinese_numeral(c) || c.is_ascii_digit());
        return is_number.then(|| &inner[close + 1..]);
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let numerals = s.len() - s.trim_start_matches(is_chinese_numeral).len();
    let number_len = digits.max(numerals);
    if number_len == 0 {
        return None;
    }
    let after = &s[number_len..];
    ['.', '、']
        .into_iter()
        .find_map(|sep| after.strip_prefix(sep))
}

/// Drops `(…)` notes, and a note left open where the form cut the label short.
fn without_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn contains_in_order(haystack: &str, pattern: &str) -> bool {
    let mut rest = haystack;
    for part in pattern.split('…') {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_notes_and_prefixes_are_stripped() {
        assert_eq!(
            normalize("（一）主动公开政府信息数（同一信息计1条）"),
            "主动公开政府信息数"
        );
        assert_eq!(normalize("2. 兼职人员数"), "兼职人员数");
        assert_eq!(
            normalize("其中：主动公开规范性文件数"),
            "主动公开规范性文件数"
        );
        assert_eq!(normalize("五、行政诉讼数量"), "行政诉讼数量");
        assert_eq!(normalize("(四)专项经费(不包括印刷"), "专项经费");
        assert_eq!(normalize("(甲)备注"), "备注");
    }

    #[test]
    fn canonical_labels_map_to_their_ids() {
        for (id, label) in crate::fields::LEGACY {
            let section = match id {
                _ if id.starts_with("legacy.review.") => FormPart::Review,
                _ if id.starts_with("legacy.suits.") => FormPart::Suits,
                _ if id.starts_with("legacy.requests.") => FormPart::Requests,
                _ => FormPart::Other,
            };
            assert_eq!(field_id(label, section), Some(id), "{label}");
        }
    }

    #[test]
    fn ambiguous_labels_take_the_section_they_are_in() {
        assert_eq!(
            field_id("(二)被依法纠错数", FormPart::Review),
            Some("legacy.review.corrected")
        );
        assert_eq!(
            field_id("(三)其他情形数", FormPart::Suits),
            Some("legacy.suits.other")
        );
        assert_eq!(field_id("(三)其他情形数", FormPart::Other), None);
        assert_eq!(
            field_id("法律法规规定的其他情形", FormPart::Review),
            Some("legacy.replies.refused.other_law")
        );
    }

    #[test]
    fn province_variants_are_recognised() {
        assert_eq!(
            field_id("受理政府信息公开申请总数", FormPart::Requests),
            Some("legacy.requests.received")
        );
        assert_eq!(
            field_id("网上", FormPart::Requests),
            Some("legacy.requests.online")
        );
        assert_eq!(
            field_id("信函、传真", FormPart::Requests),
            Some("legacy.requests.letter")
        );
        assert_eq!(
            field_id("其他形式", FormPart::Requests),
            Some("legacy.requests.other_channel")
        );
        assert_eq!(
            field_id("否决公开", FormPart::Requests),
            Some("legacy.replies.refused.total")
        );
        assert_eq!(
            field_id("主动公开信息数", FormPart::Proactive),
            Some("legacy.proactive.total")
        );
    }

    #[test]
    fn channel_words_outside_requests_name_nothing() {
        assert_eq!(field_id("网上直播场次", FormPart::Responses), None);
        assert_eq!(
            field_id("参加或举办新闻发布会总次数", FormPart::Responses),
            None
        );
        assert_eq!(field_id("政府网站在线访谈次数", FormPart::Responses), None);
        assert_eq!(field_id("接受培训人员数", FormPart::Other), None);
    }

    #[test]
    fn top_level_rows_are_told_from_sub_rows() {
        assert!(is_top_level("四、行政复议数量"));
        assert!(!is_top_level("(一)维持具体行政行为数"));
        assert!(!is_top_level("1.当面申请数"));
        assert!(!is_top_level("、"));
    }

    #[test]
    fn sections_follow_their_headings() {
        assert_eq!(
            FormPart::of_heading("三、依申请公开情况"),
            FormPart::Requests
        );
        assert_eq!(FormPart::of_heading("四、行政复议数量"), FormPart::Review);
        assert_eq!(
            FormPart::of_heading("二、回应解读情况"),
            FormPart::Responses
        );
        assert_eq!(FormPart::of_heading("八、机构建设"), FormPart::Other);
    }
}

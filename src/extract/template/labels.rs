//! Row labels of the template tables → row keys, tolerant of numbering, spacing, punctuation
//! width and quote styles.

/// Which table a labelled row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    T2,
    T3,
    Unmapped,
}

/// A label without whitespace, with ASCII parentheses and without leading item numbering
/// (`（一）`, `一、`, `1.`, `1、`, `1．`, `(七)`).
pub fn normalize(label: &str) -> String {
    let mut s: String = label
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '“' | '”' | '＂' | '「' | '」' => '"',
            c => crate::text::numbers::normalize_char(c),
        })
        .collect();
    loop {
        let before = s.len();
        if s.starts_with('(') {
            if let Some(close) = s.find(')') {
                let inner = &s[1..close];
                if !inner.is_empty() && inner.chars().all(is_numeral) {
                    s = s[close + 1..].to_owned();
                }
            }
        }
        let numeral_end = s
            .char_indices()
            .find(|(_, c)| !is_numeral(*c))
            .map_or(s.len(), |(i, _)| i);
        if numeral_end > 0 {
            let rest = &s[numeral_end..];
            if let Some(r) = rest
                .strip_prefix('、')
                .or_else(|| rest.strip_prefix('.'))
                .or_else(|| rest.strip_prefix('．'))
            {
                s = r.to_owned();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
}

const T3_KEYS: [(&str, &str); 25] = [
    ("本年新收", "new"),
    ("上年结转", "carried_over"),
    ("结转下年度", "carried_forward"),
    ("部分公开", "partial"),
    ("予以公开", "granted"),
    ("国家秘密", "withheld.secret"),
    ("禁止公开", "withheld.law"),
    ("三安全一稳定", "withheld.security"),
    ("第三方合法权益", "withheld.third_party"),
    ("内部事务", "withheld.internal"),
    ("过程性信息", "withheld.process"),
    ("行政执法案卷", "withheld.enforcement"),
    ("行政查询事项", "withheld.query"),
    ("不掌握", "unable.not_held"),
    ("另行制作", "unable.needs_creation"),
    ("仍不明确", "unable.unclear"),
    ("信访举报投诉", "rejected.petition"),
    ("重复申请", "rejected.repeat"),
    ("公开出版物", "rejected.publication"),
    ("大量反复", "rejected.excessive"),
    ("确认或重新出具", "rejected.confirm"),
    ("逾期不补正", "other.overdue_correction"),
    ("缴纳费用", "other.overdue_fee"),
    ("其他处理", "other"),
    ("总计", "total"),
];

const T2_KEYS: [(&str, &str); 9] = [
    ("规章", "rules"),
    ("规范性文件", "normative"),
    ("行政规范性文件", "normative"),
    ("行政许可", "licensing"),
    ("其他对外管理服务事项", "other_services"),
    ("行政处罚", "punishment"),
    ("行政强制", "coercion"),
    ("行政事业性收费", "fees"),
    ("政府集中采购", "procurement"),
];

/// The row a label starts, if any. `in_other_group`: after （六）其他处理, where `3.其他` is a row.
pub fn row_key(raw: &str, norm: &str, in_other_group: bool) -> Option<(Table, &'static str)> {
    if let Some((_, key)) = T2_KEYS.iter().find(|(label, _)| norm == *label) {
        return Some((Table::T2, key));
    }
    if norm == "其他"
        && in_other_group
        && raw
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '３')
    {
        return Some((Table::T3, "other.misc"));
    }
    // "危及“三安全一稳定”" with any quotes, or none.
    let unquoted: String = norm.chars().filter(|c| *c != '"').collect();
    T3_KEYS
        .iter()
        .find(|(phrase, _)| unquoted.contains(phrase))
        .map(|(_, key)| (Table::T3, *key))
}

pub fn is_2021_header(norm: &str) -> bool {
    [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "本年处理决定数量",
    ]
    .iter()
    .any(|h| norm.contains(h))
}

pub fn is_2019_header(norm: &str) -> bool {
    [
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "采购项目数量",
        "上一年项目数量",
    ]
    .iter()
    .any(|h| norm.contains(h))
}

/// Column headings and group labels: not rows of their own.
pub fn is_header(norm: &str) -> bool {
    norm.len() <= 3
        || [
            "申请人情况",
            "自然人",
            "法人或其他组织",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
            "本年度办理结果",
            "不予公开",
            "无法提供",
            "不予处理",
            "信息内容",
            "第二十条",
            "勾稽关系",
            "数量",
            "件数",
            "金额",
            "本年增/减",
        ]
        .iter()
        .any(|h| norm.contains(h))
}

/// The heading or header that opens 表四.
pub fn starts_t4(norm: &str) -> bool {
    norm == "行政复议" || (norm.contains("行政复议") && norm.contains("行政诉讼"))
}

/// A heading after 表四's numbers.
pub fn ends_t4(norm: &str) -> bool {
    norm.contains("存在") || norm.contains("其他需要报告") || norm.contains("改进")
}

pub fn ends_other_group(norm: &str) -> bool {
    norm.contains("总计") || norm.contains("结转")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_and_widths_are_normalised() {
        assert_eq!(normalize("（一）予以公开"), "予以公开");
        assert_eq!(
            normalize("(二)部分公开（区分处理的）"),
            "部分公开(区分处理的)"
        );
        assert_eq!(normalize("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(normalize("3、危及“三安全一稳定”"), "危及\"三安全一稳定\"");
        assert_eq!(normalize("三、本 年 度 办 理 结 果"), "本年度办理结果");
        assert_eq!(normalize("四、结转下年度继续办理"), "结转下年度继续办理");
        assert_eq!(normalize("１．重复申请"), "重复申请");
    }

    #[test]
    fn row_keys() {
        let key = |raw: &str, other| row_key(raw, &normalize(raw), other).map(|(_, k)| k);
        assert_eq!(key("一、本年新收政府信息公开申请数量", false), Some("new"));
        assert_eq!(
            key(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                false
            ),
            Some("partial")
        );
        assert_eq!(
            key("3.危及‘三安全一稳定’", false),
            Some("withheld.security")
        );
        assert_eq!(key("3.危及三安全一稳定", false), Some("withheld.security"));
        assert_eq!(key("3.其他", true), Some("other.misc"));
        assert_eq!(key("其他", true), None);
        assert_eq!(key("（七）总计", false), Some("total"));
        assert_eq!(key("行政规范性文件", false), Some("normative"));
        assert_eq!(key("规章制度建设情况良好", false), None);
    }
}

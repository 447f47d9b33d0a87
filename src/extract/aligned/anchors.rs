//! Where each row of the template tables is printed: its label found on its Han characters
//! ([`HanStream`]), widened to the label as printed (item number included), in table order.

use super::stream::{HanStream, Hit};

/// A 表三 row and the phrases that find its label, most specific first.
pub struct RowPhrases {
    pub key: &'static str,
    pub phrases: &'static [&'static str],
}

const fn row(key: &'static str, phrases: &'static [&'static str]) -> RowPhrases {
    RowPhrases { key, phrases }
}

/// 表三's rows before （六）, in table order.
pub const T3_HEAD: [RowPhrases; 20] = [
    row("new", &["本年新收政府信息公开申请数量", "本年新收"]),
    row(
        "carried_over",
        &["上年结转政府信息公开申请数量", "上年结转"],
    ),
    row("granted", &["予以公开"]),
    row("partial", &["部分公开区分处理的", "部分公开"]),
    row("withheld.secret", &["属于国家秘密", "国家秘密"]),
    row("withheld.law", &["其他法律行政法规禁止公开", "禁止公开"]),
    row("withheld.security", &["危及三安全一稳定", "三安全一稳定"]),
    row(
        "withheld.third_party",
        &["保护第三方合法权益", "第三方合法权益"],
    ),
    row("withheld.internal", &["属于三类内部事务信息", "内部事务"]),
    row("withheld.process", &["属于四类过程性信息", "过程性信息"]),
    row(
        "withheld.enforcement",
        &["属于行政执法案卷", "行政执法案卷"],
    ),
    row("withheld.query", &["属于行政查询事项", "行政查询事项"]),
    row("unable.not_held", &["本机关不掌握相关政府信息", "不掌握"]),
    row(
        "unable.needs_creation",
        &["没有现成信息需要另行制作", "另行制作"],
    ),
    row("unable.unclear", &["补正后申请内容仍不明确", "仍不明确"]),
    row("rejected.petition", &["信访举报投诉类申请", "信访举报投诉"]),
    row("rejected.repeat", &["重复申请"]),
    row(
        "rejected.publication",
        &["要求提供公开出版物", "公开出版物"],
    ),
    row(
        "rejected.excessive",
        &["无正当理由大量反复申请", "大量反复"],
    ),
    row(
        "rejected.confirm",
        &["要求行政机关确认或重新出具已获取信息", "确认或重新出具"],
    ),
];

/// The 2021 form's sub-rows of （六）其他处理 (the third, `3.其他`, is found after them).
pub const T3_OTHER_2021: [RowPhrases; 2] = [
    row(
        "other.overdue_correction",
        &["申请人无正当理由逾期不补正", "逾期不补正"],
    ),
    row(
        "other.overdue_fee",
        &["逾期未按收费通知要求缴纳费用", "缴纳费用"],
    ),
];

pub const T3_TAIL: [RowPhrases; 2] = [
    row("total", &["总计"]),
    row("carried_forward", &["结转下年度继续办理", "结转下年度"]),
];

/// 表二's rows, each found anywhere in the 表二 section (converters reorder them).
pub const T2_ROWS: [RowPhrases; 8] = [
    row("rules", &["规章"]),
    row("normative", &["规范性文件"]),
    row("licensing", &["行政许可"]),
    row("other_services", &["其他对外管理服务事项"]),
    row("punishment", &["行政处罚"]),
    row("coercion", &["行政强制"]),
    row("fees", &["行政事业性收费"]),
    row("procurement", &["政府集中采购"]),
];

/// How far past the previous row a row's label may be, in Han characters: a wrapped label
/// with a vertical group label woven through it stays well within this.
pub const WINDOW: usize = 320;

/// A row's label where it is printed.
#[derive(Clone, Copy, Debug)]
pub struct Anchor {
    pub key: &'static str,
    pub hit: Hit,
    /// Byte where the printed label starts: its item number (`2.`, `（一）`, `一、`) included.
    pub label_start: usize,
}

impl Anchor {
    pub fn new(text: &str, key: &'static str, hit: Hit) -> Anchor {
        Anchor {
            key,
            hit,
            label_start: label_start(text, hit.start),
        }
    }

    /// The label as printed: from its start past the matched phrase to where its line of
    /// label text ends (`（二）部分公开（区分处理的，只计这一情形，不计其他情形）`).
    pub fn label<'a>(&self, text: &'a str) -> &'a str {
        let rest = text.get(self.hit.end..).unwrap_or("");
        let end = rest
            .char_indices()
            .find(|&(i, c)| !is_label_char(c) || i > 240)
            .map_or(text.len(), |(i, _)| self.hit.end + i);
        text.get(self.label_start..end).unwrap_or("").trim()
    }
}

/// The first label of `row` within [`WINDOW`] after stream position `from`, before `limit`.
pub fn find(stream: &HanStream, row: &RowPhrases, from: usize, limit: usize) -> Option<Hit> {
    let to = from.saturating_add(WINDOW).min(limit);
    row.phrases
        .iter()
        .find_map(|p| stream.find_near(p, from, to))
}

fn is_label_char(c: char) -> bool {
    !(c.is_whitespace()
        || c == '\u{3000}'
        || c == '|'
        || crate::text::numbers::is_digit(c)
        || matches!(c, '-' | '—' | '－' | '/' | '／'))
}

/// The start of the printed label around byte `at`: back over the label's own characters,
/// then over one item-number digit before `.`, `、` or `．` — a digit glued to the values of
/// the row before (`00000002.其他法律…`) belongs to this label, not to those values.
fn label_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let mut start = at;
    for (i, c) in before.char_indices().rev() {
        if !is_label_char(c) || at - i > 240 {
            break;
        }
        start = i;
    }
    let label = &text[start..at];
    if label.starts_with(['.', '、', '．']) {
        if let Some((i, c)) = text[..start].char_indices().next_back() {
            if crate::text::numbers::is_digit(c) {
                return i;
            }
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_number_glued_to_values_belongs_to_the_label() {
        let text = "内部事务信息 10000016.属于四类过程性信息";
        let at = text.find("属于四类").unwrap();
        assert_eq!(&text[label_start(text, at)..at], "6.");
        let text = "0000000（四）无法提供1.本机关不掌握";
        let at = text.find("本机关").unwrap();
        assert_eq!(&text[label_start(text, at)..at], "1.");
    }
}

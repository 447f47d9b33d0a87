//! The field catalog of `FIELDS.md` §3: every field id, its label and kind, and the grids the
//! tables are laid out in. Field ids are public interface: they are spelled here exactly once.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The report formats of `FIELDS.md` §1. Its names in JSON, on the command line and in the
/// `meta.format` editor are one spelling, so serde and strum are given the same one.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
    strum::EnumCount,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Format {
    #[serde(rename = "template-2021")]
    #[strum(serialize = "template-2021")]
    Template2021,
    #[serde(rename = "template-2019")]
    #[strum(serialize = "template-2019")]
    Template2019,
    LegacyTable,
    Prose,
}

impl Format {
    pub fn is_template(self) -> bool {
        matches!(self, Format::Template2019 | Format::Template2021)
    }
}

/// What kind of number a field holds (`INT` rule of §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A non-negative integer.
    Count,
    /// An integer that may be negative (`t2.*.change`).
    Signed,
    /// A decimal amount of money (万元).
    Money,
}

#[derive(Clone, Debug)]
pub struct FieldDef {
    pub id: String,
    /// The label as the official form prints it.
    pub label: String,
    pub kind: FieldKind,
}

/// 表三 columns: applicant types.
pub const T3_COLUMNS: [(&str, &str); 7] = [
    ("person", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("law_firm", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
];

const T3_HEAD_ROWS: [(&str, &str); 2] = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
];

const T3_OUTCOME_ROWS: [(&str, &str); 18] = [
    ("granted", "（一）予以公开"),
    ("partial", "（二）部分公开"),
    ("withheld.secret", "（三）不予公开 1.属于国家秘密"),
    ("withheld.law", "（三）不予公开 2.其他法律行政法规禁止公开"),
    ("withheld.security", "（三）不予公开 3.危及“三安全一稳定”"),
    (
        "withheld.third_party",
        "（三）不予公开 4.保护第三方合法权益",
    ),
    ("withheld.internal", "（三）不予公开 5.属于三类内部事务信息"),
    ("withheld.process", "（三）不予公开 6.属于四类过程性信息"),
    ("withheld.enforcement", "（三）不予公开 7.属于行政执法案卷"),
    ("withheld.query", "（三）不予公开 8.属于行政查询事项"),
    (
        "unable.not_held",
        "（四）无法提供 1.本机关不掌握相关政府信息",
    ),
    (
        "unable.needs_creation",
        "（四）无法提供 2.没有现成信息需要另行制作",
    ),
    ("unable.unclear", "（四）无法提供 3.补正后申请内容仍不明确"),
    ("rejected.petition", "（五）不予处理 1.信访举报投诉类申请"),
    ("rejected.repeat", "（五）不予处理 2.重复申请"),
    (
        "rejected.publication",
        "（五）不予处理 3.要求提供公开出版物",
    ),
    (
        "rejected.excessive",
        "（五）不予处理 4.无正当理由大量反复申请",
    ),
    (
        "rejected.confirm",
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    ),
];

const T3_OTHER_2019: [(&str, &str); 1] = [("other", "（六）其他处理")];

const T3_OTHER_2021: [(&str, &str); 3] = [
    (
        "other.overdue_correction",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "other.overdue_fee",
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("other.misc", "（六）其他处理 3.其他"),
];

const T3_TAIL_ROWS: [(&str, &str); 2] = [
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
];

/// 表四 blocks and columns.
pub const T4_BLOCKS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼·未经复议直接起诉"),
    ("suit_after_review", "行政诉讼·复议后起诉"),
];

pub const T4_COLUMNS: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

const T2_2021: [(&str, &str); 10] = [
    ("t2.rules.issued", "规章 本年制发件数"),
    ("t2.rules.repealed", "规章 本年废止件数"),
    ("t2.rules.in_force", "规章 现行有效件数"),
    ("t2.normative.issued", "行政规范性文件 本年制发件数"),
    ("t2.normative.repealed", "行政规范性文件 本年废止件数"),
    ("t2.normative.in_force", "行政规范性文件 现行有效件数"),
    ("t2.licensing.decisions", "行政许可 本年处理决定数量"),
    ("t2.punishment.decisions", "行政处罚 本年处理决定数量"),
    ("t2.coercion.decisions", "行政强制 本年处理决定数量"),
    ("t2.fees.amount", "行政事业性收费 本年收费金额（万元）"),
];

const T2_2019: [(&str, &str); 22] = [
    ("t2.rules.made", "规章 本年新制作数量"),
    ("t2.rules.published", "规章 本年新公开数量"),
    ("t2.rules.total", "规章 对外公开总数量"),
    ("t2.normative.made", "规范性文件 本年新制作数量"),
    ("t2.normative.published", "规范性文件 本年新公开数量"),
    ("t2.normative.total", "规范性文件 对外公开总数量"),
    ("t2.licensing.prev", "行政许可 上一年项目数量"),
    ("t2.licensing.change", "行政许可 本年增/减"),
    ("t2.licensing.decisions", "行政许可 处理决定数量"),
    (
        "t2.other_services.prev",
        "其他对外管理服务事项 上一年项目数量",
    ),
    ("t2.other_services.change", "其他对外管理服务事项 本年增/减"),
    (
        "t2.other_services.decisions",
        "其他对外管理服务事项 处理决定数量",
    ),
    ("t2.punishment.prev", "行政处罚 上一年项目数量"),
    ("t2.punishment.change", "行政处罚 本年增/减"),
    ("t2.punishment.decisions", "行政处罚 处理决定数量"),
    ("t2.coercion.prev", "行政强制 上一年项目数量"),
    ("t2.coercion.change", "行政强制 本年增/减"),
    ("t2.coercion.decisions", "行政强制 处理决定数量"),
    ("t2.fees.prev", "行政事业性收费 上一年项目数量"),
    ("t2.fees.change", "行政事业性收费 本年增/减"),
    ("t2.procurement.count", "政府集中采购 采购项目数量"),
    ("t2.procurement.amount", "政府集中采购 采购总金额"),
];

/// Legacy 统计表 and legacy prose fields, in the form's order.
pub const LEGACY: [(&str, &str); 48] = [
    ("legacy.proactive.total", "主动公开政府信息数"),
    ("legacy.proactive.normative", "其中：主动公开规范性文件数"),
    ("legacy.proactive.normative_issued", "制发规范性文件总数"),
    ("legacy.proactive.gazette", "政府公报公开政府信息数"),
    ("legacy.proactive.website", "政府网站公开政府信息数"),
    ("legacy.proactive.weibo", "政务微博公开政府信息数"),
    ("legacy.proactive.wechat", "政务微信公开政府信息数"),
    ("legacy.proactive.other_channel", "其他方式公开政府信息数"),
    ("legacy.responses.hotspots", "回应公众关注热点或重大舆情数"),
    ("legacy.requests.received", "收到申请数"),
    ("legacy.requests.in_person", "当面申请数"),
    ("legacy.requests.fax", "传真申请数"),
    ("legacy.requests.online", "网络申请数"),
    ("legacy.requests.letter", "信函申请数"),
    ("legacy.requests.email", "电子邮件申请数"),
    ("legacy.requests.other_channel", "其他形式申请数"),
    ("legacy.requests.completed", "申请办结数"),
    ("legacy.requests.on_time", "按时办结数"),
    ("legacy.requests.extended", "延期办结数"),
    ("legacy.replies.total", "申请答复数"),
    ("legacy.replies.already_public", "属于已主动公开范围数"),
    ("legacy.replies.granted", "同意公开答复数"),
    ("legacy.replies.partial", "同意部分公开答复数"),
    ("legacy.replies.refused.total", "不同意公开答复数"),
    ("legacy.replies.refused.secret", "涉及国家秘密"),
    ("legacy.replies.refused.commercial", "涉及商业秘密"),
    ("legacy.replies.refused.privacy", "涉及个人隐私"),
    (
        "legacy.replies.refused.security",
        "危及国家安全、公共安全、经济安全和社会稳定",
    ),
    (
        "legacy.replies.refused.not_gov_info",
        "不是《条例》所指政府信息",
    ),
    ("legacy.replies.refused.other_law", "法律法规规定的其他情形"),
    ("legacy.replies.not_this_agency", "不属于本行政机关公开数"),
    ("legacy.replies.not_exist", "申请信息不存在数"),
    ("legacy.replies.amend", "告知作出更改补充数"),
    ("legacy.replies.other_channel", "告知通过其他途径办理数"),
    ("legacy.review.total", "行政复议数量"),
    ("legacy.review.upheld", "维持具体行政行为数"),
    ("legacy.review.corrected", "被依法纠错数"),
    ("legacy.review.other", "其他情形数"),
    ("legacy.suits.total", "行政诉讼数量"),
    (
        "legacy.suits.upheld",
        "维持具体行政行为或者驳回原告诉讼请求数",
    ),
    ("legacy.suits.corrected", "被依法纠错数"),
    ("legacy.suits.other", "其他情形数"),
    ("legacy.complaints", "举报投诉数量"),
    ("legacy.fees", "依申请公开信息收取的费用（万元）"),
    ("legacy.staff.total", "从事政府信息公开工作人员数"),
    ("legacy.staff.full_time", "专职人员数"),
    ("legacy.staff.part_time", "兼职人员数"),
    ("legacy.budget", "政府信息公开专项经费（万元）"),
];

const MONEY_FIELDS: [&str; 4] = [
    "t2.fees.amount",
    "t2.procurement.amount",
    "legacy.fees",
    "legacy.budget",
];

/// 表三's rows for a template format, in table order (23 for 2019, 25 for 2021).
pub fn t3_rows(format: Format) -> Vec<(&'static str, &'static str)> {
    let other: &[(&str, &str)] = match format {
        Format::Template2021 => &T3_OTHER_2021,
        _ => &T3_OTHER_2019,
    };
    T3_HEAD_ROWS
        .iter()
        .chain(T3_OUTCOME_ROWS.iter())
        .chain(other)
        .chain(T3_TAIL_ROWS.iter())
        .copied()
        .collect()
}

/// 表三's outcome rows whose sum is `total` (`T3-SUM`).
pub fn t3_outcome_rows(format: Format) -> Vec<&'static str> {
    t3_rows(format)
        .into_iter()
        .map(|(row, _)| row)
        .filter(|row| !matches!(*row, "new" | "carried_over" | "total" | "carried_forward"))
        .collect()
}

/// 表二's fields for a template format, in reading order.
pub fn t2_fields(format: Format) -> &'static [(&'static str, &'static str)] {
    match format {
        Format::Template2021 => &T2_2021,
        _ => &T2_2019,
    }
}

pub fn t3_id(row: &str, col: &str) -> String {
    format!("t3.{row}.{col}")
}

pub fn t4_id(block: &str, col: &str) -> String {
    format!("t4.{block}.{col}")
}

/// Every field id of every format with its label and kind.
pub fn catalog() -> &'static [FieldDef] {
    static CATALOG: OnceLock<Vec<FieldDef>> = OnceLock::new();
    CATALOG.get_or_init(build_catalog)
}

fn build_catalog() -> Vec<FieldDef> {
    let mut defs: Vec<FieldDef> = Vec::new();
    let mut push = |id: String, label: String| {
        if defs.iter().any(|d| d.id == id) {
            return;
        }
        let kind = if MONEY_FIELDS.contains(&id.as_str()) {
            FieldKind::Money
        } else if id.ends_with(".change") {
            FieldKind::Signed
        } else {
            FieldKind::Count
        };
        defs.push(FieldDef { id, label, kind });
    };
    for format in [Format::Template2021, Format::Template2019] {
        for (id, label) in t2_fields(format) {
            push((*id).to_owned(), (*label).to_owned());
        }
        for (row, row_label) in t3_rows(format) {
            for (col, col_label) in T3_COLUMNS {
                push(t3_id(row, col), format!("{row_label} × {col_label}"));
            }
        }
    }
    for (block, block_label) in T4_BLOCKS {
        for (col, col_label) in T4_COLUMNS {
            push(t4_id(block, col), format!("{block_label} × {col_label}"));
        }
    }
    for (id, label) in LEGACY {
        push(id.to_owned(), label.to_owned());
    }
    defs
}

/// Looks a field up by id.
pub fn field(id: &str) -> Option<&'static FieldDef> {
    static INDEX: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        catalog()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect()
    });
    index.get(id).map(|&i| &catalog()[i])
}

/// The kind of a field; unknown ids are counts.
pub fn kind(id: &str) -> FieldKind {
    field(id).map_or(FieldKind::Count, |d| d.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t3_has_23_rows_in_2019_and_25_in_2021() {
        assert_eq!(t3_rows(Format::Template2019).len(), 23);
        assert_eq!(t3_rows(Format::Template2021).len(), 25);
        assert_eq!(t3_outcome_rows(Format::Template2019).len(), 19);
        assert_eq!(t3_outcome_rows(Format::Template2021).len(), 21);
    }

    #[test]
    fn catalog_ids_are_unique_and_spelled_as_in_the_spec() {
        let ids: std::collections::HashSet<_> = catalog().iter().map(|d| &d.id).collect();
        assert_eq!(ids.len(), catalog().len());
        for id in [
            "t3.new.total",
            "t3.withheld.third_party.person",
            "t3.carried_forward.total",
            "t3.other.misc.law_firm",
            "t4.suit_after_review.pending",
            "t2.fees.amount",
            "legacy.replies.refused.not_gov_info",
        ] {
            assert!(field(id).is_some(), "{id}");
        }
        assert_eq!(kind("t2.fees.amount"), FieldKind::Money);
        assert_eq!(kind("t2.licensing.change"), FieldKind::Signed);
        assert_eq!(kind("t3.new.person"), FieldKind::Count);
    }

    #[test]
    fn format_names_round_trip() {
        use strum::IntoEnumIterator;
        for f in Format::iter() {
            let name: &str = f.into();
            assert_eq!(name.parse(), Ok(f));
            assert_eq!(serde_json::to_value(f).unwrap(), name);
            assert_eq!(f.to_string(), name);
        }
    }
}

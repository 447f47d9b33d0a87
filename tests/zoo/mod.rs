//! The layout zoo: the values of a report's tables rendered in each layout family that real
//! reports arrive in (pdftotext `-layout` and reading order, flattened web text with glued
//! runs, tab-separated rows with empty cells, broken markdown, OCR text). Every rendering
//! knows the value each field must read back as (`None` where it printed a blank or a
//! placeholder), so a test can say what the reader got wrong.
#![allow(dead_code)]

use std::collections::BTreeMap;

#[path = "../../benches/synth/rng.rs"]
mod rng;

pub use rng::Rng;

pub fn chance(rng: &mut Rng, percent: u64) -> bool {
    rng.below(100) < percent
}

/// A count as tables print them: mostly 0, else small, now and then large.
pub fn count(rng: &mut Rng) -> i64 {
    match rng.below(100) {
        0..=59 => 0,
        60..=89 => 1 + rng.below(9) as i64,
        90..=97 => 10 + rng.below(90) as i64,
        _ => 100 + rng.below(900) as i64,
    }
}

/// 表三's rows of the 2021 form: key, printed label, the group label printed before it.
pub const T3_ROWS: [(&str, &str, Option<&str>); 25] = [
    ("new", "一、本年新收政府信息公开申请数量", None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None),
    ("granted", "（一）予以公开", Some("三、本年度办理结果")),
    (
        "partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        None,
    ),
    ("withheld.secret", "1.属于国家秘密", Some("（三）不予公开")),
    ("withheld.law", "2.其他法律行政法规禁止公开", None),
    ("withheld.security", "3.危及“三安全一稳定”", None),
    ("withheld.third_party", "4.保护第三方合法权益", None),
    ("withheld.internal", "5.属于三类内部事务信息", None),
    ("withheld.process", "6.属于四类过程性信息", None),
    ("withheld.enforcement", "7.属于行政执法案卷", None),
    ("withheld.query", "8.属于行政查询事项", None),
    (
        "unable.not_held",
        "1.本机关不掌握相关政府信息",
        Some("（四）无法提供"),
    ),
    ("unable.needs_creation", "2.没有现成信息需要另行制作", None),
    ("unable.unclear", "3.补正后申请内容仍不明确", None),
    (
        "rejected.petition",
        "1.信访举报投诉类申请",
        Some("（五）不予处理"),
    ),
    ("rejected.repeat", "2.重复申请", None),
    ("rejected.publication", "3.要求提供公开出版物", None),
    ("rejected.excessive", "4.无正当理由大量反复申请", None),
    (
        "rejected.confirm",
        "5.要求行政机关确认或重新出具已获取信息",
        None,
    ),
    (
        "other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Some("（六）其他处理"),
    ),
    (
        "other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        None,
    ),
    ("other.misc", "3.其他", None),
    ("total", "（七）总计", None),
    ("carried_forward", "四、结转下年度继续办理", None),
];

pub const T3_COLUMNS: [&str; 7] = [
    "person",
    "business",
    "research",
    "nonprofit",
    "law_firm",
    "other_org",
    "total",
];

pub const T4_IDS: [&str; 15] = [
    "t4.review.upheld",
    "t4.review.corrected",
    "t4.review.other",
    "t4.review.pending",
    "t4.review.total",
    "t4.suit_direct.upheld",
    "t4.suit_direct.corrected",
    "t4.suit_direct.other",
    "t4.suit_direct.pending",
    "t4.suit_direct.total",
    "t4.suit_after_review.upheld",
    "t4.suit_after_review.corrected",
    "t4.suit_after_review.other",
    "t4.suit_after_review.pending",
    "t4.suit_after_review.total",
];

/// 表二 of the 2021 form: printed label and its fields.
pub const T2_ROWS: [(&str, &[&str]); 6] = [
    (
        "规章",
        &["t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force"],
    ),
    (
        "行政规范性文件",
        &[
            "t2.normative.issued",
            "t2.normative.repealed",
            "t2.normative.in_force",
        ],
    ),
    ("行政许可", &["t2.licensing.decisions"]),
    ("行政处罚", &["t2.punishment.decisions"]),
    ("行政强制", &["t2.coercion.decisions"]),
    ("行政事业性收费", &["t2.fees.amount"]),
];

/// A report's table values: 表三 as rows of seven, 表四 as fifteen, 表二 as printed text.
#[derive(Clone, Debug)]
pub struct Tables {
    pub t3: Vec<[i64; 7]>,
    pub t4: [i64; 15],
    pub t2: Vec<Vec<String>>,
}

/// A valid table: every row adds up to its total, every column's outcomes to 总计, and
/// what came in to what was handled.
pub fn random_tables(rng: &mut Rng) -> Tables {
    let mut t3 = vec![[0i64; 7]; 25];
    for row in t3.iter_mut().take(23).skip(2) {
        for (c, cell) in row.iter_mut().take(6).enumerate() {
            *cell = if c == 0 { count(rng) } else { count(rng) / 3 };
        }
    }
    let total_row = 23;
    // A column index addresses several rows at once here.
    #[allow(clippy::needless_range_loop)]
    for c in 0..6 {
        t3[total_row][c] = (2..23).map(|r| t3[r][c]).sum();
        t3[24][c] = if chance(rng, 20) {
            rng.below(5) as i64
        } else {
            0
        };
        let handled = t3[total_row][c] + t3[24][c];
        t3[1][c] = rng.below(handled as u64 + 1).min(rng.below(4)) as i64;
        t3[0][c] = handled - t3[1][c];
    }
    for row in &mut t3 {
        row[6] = row[..6].iter().sum();
    }
    let mut t4 = [0i64; 15];
    for block in 0..3 {
        for i in 0..4 {
            t4[block * 5 + i] = count(rng) / 2;
        }
        t4[block * 5 + 4] = t4[block * 5..block * 5 + 4].iter().sum();
    }
    let n = |rng: &mut Rng, max: u64| rng.below(max).to_string();
    let fee = if chance(rng, 50) {
        "0".to_owned()
    } else {
        format!("{}.{}", 1 + rng.below(9999), 1 + rng.below(99))
    };
    let t2 = vec![
        vec![n(rng, 4), n(rng, 3), n(rng, 40)],
        vec![n(rng, 30), n(rng, 20), (100 + rng.below(900)).to_string()],
        vec![n(rng, 99_999)],
        vec![n(rng, 9_999)],
        vec![n(rng, 999)],
        vec![fee],
    ];
    Tables { t3, t4, t2 }
}

/// A rendering and the value each field must read back as.
pub struct Rendering {
    pub family: &'static str,
    pub text: String,
    pub expected: BTreeMap<String, Option<String>>,
}

fn t3_id(row: usize, col: usize) -> String {
    format!("t3.{}.{}", T3_ROWS[row].0, T3_COLUMNS[col])
}

/// What each cell prints: its number, or (where a family leaves zeros out) nothing.
struct Printed {
    t3: Vec<[Option<String>; 7]>,
    t4: [Option<String>; 15],
    t2: Vec<Vec<Option<String>>>,
}

impl Printed {
    fn all(tables: &Tables) -> Printed {
        Printed {
            t3: tables
                .t3
                .iter()
                .map(|row| row.map(|v| Some(v.to_string())))
                .collect(),
            t4: tables.t4.map(|v| Some(v.to_string())),
            t2: tables
                .t2
                .iter()
                .map(|row| row.iter().cloned().map(Some).collect())
                .collect(),
        }
    }

    /// Zeros printed as nothing (or a placeholder), each with the given chance.
    fn zeros_left_out(mut self, rng: &mut Rng, percent: u64) -> Printed {
        for row in &mut self.t3 {
            for cell in row.iter_mut() {
                if cell.as_deref() == Some("0") && chance(rng, percent) {
                    *cell = None;
                }
            }
        }
        for cell in self.t4.iter_mut() {
            if cell.as_deref() == Some("0") && chance(rng, percent) {
                *cell = None;
            }
        }
        self
    }

    fn expected(&self) -> BTreeMap<String, Option<String>> {
        let mut out = BTreeMap::new();
        for (r, row) in self.t3.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                out.insert(t3_id(r, c), cell.clone());
            }
        }
        for (id, cell) in T4_IDS.iter().zip(&self.t4) {
            out.insert((*id).to_owned(), cell.clone());
        }
        for ((_, ids), row) in T2_ROWS.iter().zip(&self.t2) {
            for (id, cell) in ids.iter().zip(row) {
                out.insert((*id).to_owned(), cell.clone());
            }
        }
        out
    }
}

const INTRO: &str = "XX县人民政府2023年政府信息公开工作年度报告\n本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n一、总体情况\n全年共收到政府信息公开申请若干件，均已按期答复。\n";
const T2_HEADING: &str = "二、主动公开政府信息情况";
const T3_HEADING: &str = "三、收到和处理政府信息公开申请情况";
const T4_HEADING: &str = "四、政府信息公开行政复议、行政诉讼情况";
const OUTRO: &str = "五、存在的主要问题及改进情况\n政务公开工作仍有不足，下一步将加以改进。\n六、其他需要报告的事项\n无。\n";
const T3_HEADER: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];
const T4_HEADER: &str =
    "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉";

fn spaces(rng: &mut Rng, least: u64) -> String {
    " ".repeat((least + rng.below(5)) as usize)
}

fn cell_text(cell: &Option<String>, blank: &str) -> String {
    cell.clone().unwrap_or_else(|| blank.to_owned())
}

/// `pdftotext -layout`: columns by spaces, long labels wrapped with the numbers on the
/// first, middle or last line, page breaks with page numbers inside the table, header cells
/// split over lines.
pub fn layout(tables: &Tables, rng: &mut Rng) -> Rendering {
    let printed = Printed::all(tables);
    let mut s = String::from(INTRO);
    s += &format!("     {T2_HEADING}\n第二十条 第（一）项\n\n信息内容          本年制发件数     本年废止件数   现行有效件数\n\n");
    for ((label, _), row) in T2_ROWS.iter().zip(&printed.t2) {
        if *label == "行政许可" {
            s += "第二十条 第（五）项\n\n信息内容          本年处理决定数量\n\n";
        }
        if *label == "行政事业性收费" {
            s += "第二十条 第（八）项\n\n信息内容          本年收费金额（单位：万元）\n\n";
        }
        let cells: Vec<String> = row.iter().map(|c| cell_text(c, "")).collect();
        s += &format!(
            "{label}{}{}\n\n",
            spaces(rng, 6),
            cells.join(&spaces(rng, 5))
        );
    }
    s += &format!("\n      {T3_HEADING}\n                              申请人情况\n                     自然\n                     人      商业企      科研机     社会公益     法律服务     其他     总计\n                             业        构       组织       机构\n\n");
    for (r, (_, label, group)) in T3_ROWS.iter().enumerate() {
        if let Some(g) = group {
            s += &format!("      {g}\n");
        }
        let numbers: Vec<String> = printed.t3[r].iter().map(|c| cell_text(c, "")).collect();
        let numbers = numbers.join(&spaces(rng, 4));
        let chars: Vec<char> = label.chars().collect();
        if chars.len() > 14 && chance(rng, 70) {
            let parts = if chars.len() > 26 { 3 } else { 2 };
            let size = chars.len().div_ceil(parts);
            let pieces: Vec<String> = chars.chunks(size).map(|c| c.iter().collect()).collect();
            let on = rng.below(pieces.len() as u64) as usize;
            for (i, piece) in pieces.iter().enumerate() {
                if i == on {
                    s += &format!("        {piece}{}{numbers}\n", spaces(rng, 6));
                } else {
                    s += &format!("        {piece}\n");
                }
            }
        } else {
            s += &format!("        {label}{}{numbers}\n", spaces(rng, 6));
        }
        if chance(rng, 8) {
            s += &format!(
                "\n\n                                          -{}-\n\u{c}",
                2 + rng.below(5)
            );
        }
        s += "\n";
    }
    s += &format!("\n     {T4_HEADING}\n行政复议                          行政诉讼\n结果   结果    其他结    尚未     总计\n维持   纠正    果      审结\n\n");
    let t4: Vec<String> = printed.t4.iter().map(|c| cell_text(c, "")).collect();
    s += &format!("{}\n\n", t4.join(&spaces(rng, 3)));
    s += OUTRO;
    Rendering {
        family: "pdftotext-layout",
        text: s,
        expected: printed.expected(),
    }
}

/// `pdftotext` in reading order: one cell per line, labels in a run of their own, the rows
/// printed across except one group printed down its columns.
pub fn reading_order(tables: &Tables, _rng: &mut Rng) -> Rendering {
    let printed = Printed::all(tables);
    let mut s = String::from(INTRO);
    s += &format!("{T2_HEADING}\n第二十条第（一）项\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n现行有效件数\n\n");
    for ((label, _), row) in T2_ROWS.iter().zip(&printed.t2) {
        s += &format!("{label}\n\n");
        for cell in row {
            s += &format!("{}\n\n", cell_text(cell, ""));
        }
    }
    s += &format!("{T3_HEADING}\n申请人情况\n\n");
    for h in T3_HEADER {
        s += &format!("{h}\n");
    }
    s += "\n";
    let down = 4..13;
    let across = |s: &mut String, r: usize| {
        for cell in &printed.t3[r] {
            *s += &format!("{}\n\n", cell_text(cell, ""));
        }
    };
    for r in 0..down.start {
        across(&mut s, r);
    }
    for col in 0..7 {
        for r in down.clone() {
            s += &format!("{}\n", cell_text(&printed.t3[r][col], ""));
        }
        s += "\n";
    }
    for (_, label, group) in T3_ROWS.iter().take(down.end) {
        if let Some(g) = group {
            s += &format!("{g}\n");
        }
        s += &format!("{label}\n");
    }
    s += "\n";
    for r in down.end..25 {
        across(&mut s, r);
    }
    for (_, label, group) in T3_ROWS.iter().skip(down.end) {
        if let Some(g) = group {
            s += &format!("{g}\n");
        }
        s += &format!("{label}\n");
    }
    s += &format!("\n{T4_HEADING}\n{}\n\n", T4_HEADER.replace(' ', "\n"));
    for cell in &printed.t4 {
        s += &format!("{}\n\n", cell_text(cell, ""));
    }
    s += OUTRO;
    Rendering {
        family: "pdftotext-reading-order",
        text: s,
        expected: printed.expected(),
    }
}

/// Web text flattened into one line: each row's cells glued into one digit run.
pub fn flattened(tables: &Tables, rng: &mut Rng) -> Rendering {
    let printed = Printed::all(tables);
    let mut s = String::from("首页 > 政务公开 > 政府信息公开年报 ");
    s += &INTRO.replace('\n', " ");
    s +=
        &format!("{T2_HEADING}第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 ");
    for ((label, _), row) in T2_ROWS.iter().zip(&printed.t2) {
        let glued: String = row.iter().map(|c| cell_text(c, "")).collect();
        s += &format!("{label}{glued}");
    }
    s += &format!(" {T3_HEADING}（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他 ");
    for (r, (_, label, group)) in T3_ROWS.iter().enumerate() {
        if let Some(g) = group {
            s += g;
        }
        let cells: Vec<String> = printed.t3[r].iter().map(|c| cell_text(c, "")).collect();
        let sep = if chance(rng, 10) { " " } else { "" };
        s += &format!(
            "{label}{}{}",
            if chance(rng, 30) { " " } else { "" },
            cells.join(sep)
        );
    }
    s += &format!(" {T4_HEADING}{} ", T4_HEADER.replace(' ', ""));
    let t4: Vec<String> = printed.t4.iter().map(|c| cell_text(c, "")).collect();
    s += &t4.join(if chance(rng, 50) { " " } else { "" });
    s += " ";
    s += &OUTRO.replace('\n', " ");
    Rendering {
        family: "web-flattened",
        text: s,
        expected: printed.expected(),
    }
}

/// Rows from a saved web page, cells separated by tabs, empty cells kept empty.
pub fn tab_separated(tables: &Tables, rng: &mut Rng) -> Rendering {
    let printed = Printed::all(tables).zeros_left_out(rng, 40);
    let mut s = String::from(INTRO);
    s += &format!("{T2_HEADING}\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n");
    for ((label, _), row) in T2_ROWS.iter().zip(&printed.t2) {
        let cells: Vec<String> = row.iter().map(|c| cell_text(c, "")).collect();
        s += &format!("{label}\t{}\n", cells.join("\t"));
    }
    s += &format!("{T3_HEADING}\n申请人情况\t{}\n", T3_HEADER.join("\t"));
    for (r, (_, label, group)) in T3_ROWS.iter().enumerate() {
        let cells: Vec<String> = printed.t3[r].iter().map(|c| cell_text(c, "")).collect();
        match group {
            Some(g) if chance(rng, 50) => s += &format!("{g}\t{label}\t{}\n", cells.join("\t")),
            Some(g) => s += &format!("{g}\n{label}\t{}\n", cells.join("\t")),
            None => s += &format!("{label}\t{}\n", cells.join("\t")),
        }
    }
    s += &format!("{T4_HEADING}\n{}\n", T4_HEADER.replace(' ', "\t"));
    let t4: Vec<String> = printed.t4.iter().map(|c| cell_text(c, "")).collect();
    s += &format!("{}\n", t4.join("\t"));
    s += OUTRO;
    Rendering {
        family: "tab-separated",
        text: s,
        expected: printed.expected(),
    }
}

/// PDF-to-markdown output: `|` tables broken into pieces, labels detached from their
/// numbers and printed outside the table, stray header rows and a stray lone number.
pub fn broken_markdown(tables: &Tables, rng: &mut Rng) -> Rendering {
    let printed = Printed::all(tables);
    let mut s = String::from(INTRO);
    s += &format!("{T2_HEADING}\n## 表二\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n");
    for ((label, _), row) in T2_ROWS.iter().zip(&printed.t2) {
        let cells: Vec<String> = row.iter().map(|c| cell_text(c, "")).collect();
        s += &format!("| {label} | {} |\n", cells.join(" | "));
    }
    s += &format!("\n{T3_HEADING}\n申请人情况\n## 表三\n| 业 | 构 | 益组织 | 务机构 |  |  |  |\n|---|---|---|---|---|---|---|\n");
    let mut stray = false;
    for (r, (_, label, group)) in T3_ROWS.iter().enumerate() {
        if let Some(g) = group {
            s += &format!("\n{g}\n");
        }
        let cells: Vec<String> = printed.t3[r].iter().map(|c| cell_text(c, "")).collect();
        if r > 1 && chance(rng, 40) {
            s += &format!(
                "{label}\n| {} |\n|---|---|---|---|---|---|---|\n",
                cells.join(" | ")
            );
        } else {
            s += &format!("| {label} | {} |\n", cells.join(" | "));
        }
        if !stray && r > 15 && chance(rng, 30) {
            s += &format!("{}\n", 1 + rng.below(9));
            stray = true;
        }
    }
    s += &format!("\n{T4_HEADING}\n| 维持 | 纠正 | 结果 | 审结 | 总计 |\n|---|---|---|---|---|\n");
    let t4: Vec<String> = printed.t4.iter().map(|c| cell_text(c, "")).collect();
    s += &format!("| {} |\n\n", t4.join(" | "));
    s += OUTRO;
    Rendering {
        family: "markdown-broken",
        text: s,
        expected: printed.expected(),
    }
}

/// OCR output: columns named 数据1…数据7, zeros read as `-`, the header repeated inside the
/// table, look-alike characters in the labels (已 → 己, 未 → 末).
pub fn ocr(tables: &Tables, rng: &mut Rng) -> Rendering {
    let printed = Printed::all(tables).zeros_left_out(rng, 50);
    let header = "项目 数据1 数据2 数据3 数据4 数据5 数据6 数据7";
    let mut s = String::from(INTRO);
    s += &format!("{T2_HEADING}\n信息内容 数据1 数据2 数据3\n");
    for ((label, _), row) in T2_ROWS.iter().zip(&printed.t2) {
        let cells: Vec<String> = row.iter().map(|c| cell_text(c, "-")).collect();
        s += &format!("{label} {}\n", cells.join(" "));
    }
    s += &format!("{T3_HEADING}\n{header}\n");
    let repeat_at = 6 + rng.below(12) as usize;
    for (r, (_, label, group)) in T3_ROWS.iter().enumerate() {
        if r == repeat_at {
            s += &format!("{header}\n");
        }
        if let Some(g) = group {
            s += &format!("{g}\n");
        }
        let label = label.replace('已', "己").replace('未', "末");
        let cells: Vec<String> = printed.t3[r].iter().map(|c| cell_text(c, "-")).collect();
        s += &format!("{label} {}\n", cells.join(" "));
    }
    s += &format!("{T4_HEADING}\n项目 数据1 数据2 数据3 数据4 数据5\n");
    let t4: Vec<String> = printed.t4.iter().map(|c| cell_text(c, "-")).collect();
    for block in t4.chunks(5) {
        s += &format!("{}\n", block.join(" "));
    }
    s += OUTRO;
    Rendering {
        family: "ocr",
        text: s,
        expected: printed.expected(),
    }
}

/// Every family, in one list.
pub const FAMILIES: [fn(&Tables, &mut Rng) -> Rendering; 6] = [
    layout,
    reading_order,
    flattened,
    tab_separated,
    broken_markdown,
    ocr,
];

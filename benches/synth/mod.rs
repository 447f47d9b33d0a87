//! Synthetic reports for benchmarks: our own words and numbers, in the real layouts
//! (flattened template tables, a legacy 统计表, prose), padded to a realistic size.

mod places;
mod rng;

use std::fmt::Write;

use places::PLACES;
pub use rng::Rng;

const BODIES: [&str; 6] = [
    "人民政府办公室",
    "市场监督管理局",
    "自然资源局",
    "住房和城乡建设局",
    "教育局",
    "生态环境局",
];
const FILLER: [&str; 10] = [
    "我单位坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。",
    "围绕群众关切，及时发布政策文件并做好解读，扩大公众参与。",
    "完善信息发布审核机制，所有主动公开信息均经过保密审查。",
    "加强政务新媒体管理，定期检查栏目更新情况，确保内容准确。",
    "组织开展业务培训，提升工作人员依法公开的意识和能力。",
    "下一步将进一步规范依申请公开办理流程，提高答复质量。",
    "推进基层政务公开标准化规范化建设，编制公开事项目录。",
    "优化门户网站栏目设置，方便群众查询和获取政府信息。",
    "做好重点领域信息公开，及时公开财政预决算和重大项目信息。",
    "畅通政民互动渠道，认真办理群众留言和咨询。",
];

fn filler(rng: &mut Rng, out: &mut String, bytes: usize) {
    let start = out.len();
    while out.len() - start < bytes {
        out.push_str(rng.pick(&FILLER));
        if rng.below(4) == 0 {
            out.push('\n');
        }
    }
    out.push('\n');
}

fn cells(out: &mut String, values: &[u64]) {
    for v in values {
        let _ = writeln!(out, "{v} |");
    }
}

/// One synthetic report of about `size` bytes; `index` picks the format and the numbers.
pub fn report(index: u64, size: usize) -> String {
    let mut rng = Rng::new(index + 1);
    let agency = format!("{}{}", rng.pick(&PLACES), rng.pick(&BODIES));
    let mut out = String::with_capacity(size + 4096);
    match index % 4 {
        0 | 1 => template(&mut rng, &mut out, &agency, index % 4 == 0),
        2 => legacy(&mut rng, &mut out, &agency),
        _ => prose(&mut rng, &mut out, &agency),
    }
    let remaining = size.saturating_sub(out.len());
    filler(&mut rng, &mut out, remaining);
    out
}

fn template(rng: &mut Rng, out: &mut String, agency: &str, is_2021: bool) {
    let year = if is_2021 {
        2021 + rng.below(4)
    } else {
        2019 + rng.below(2)
    };
    let _ = writeln!(
        out,
        "{agency}{year}年政府信息公开工作年度报告\n一、总体情况"
    );
    let granted = rng.below(20);
    let not_held = rng.below(10);
    let new = granted + not_held;
    let _ = writeln!(
        out,
        "{year}年，本机关共收到政府信息公开申请{new}件，均已按期答复。"
    );
    filler(rng, out, 3000);
    out.push_str("二、主动公开政府信息情况\n");
    if is_2021 {
        out.push_str("第二十条第（一）项 |\n|||\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n");
        out.push_str("规章 |\n");
        cells(out, &[0, 0, rng.below(5)]);
        out.push_str("行政规范性文件 |\n");
        cells(out, &[rng.below(9), rng.below(3), rng.below(40)]);
    } else {
        out.push_str("第二十条第（一）项 |\n|||\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n");
        out.push_str("规章 |\n");
        cells(out, &[0, 0, 0]);
        out.push_str("规范性文件 |\n");
        let n = rng.below(9);
        cells(out, &[n, n, n + rng.below(30)]);
    }
    out.push_str("三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |\n申请人情况 |\n||||||||\n自 然 人 |\n法人或其他组织 |\n总计 |\n商业 企业 |\n科研 机构 |\n社会公益组织 |\n法律服务机构 |\n其他 |\n");
    let row = |out: &mut String, label: &str, person: u64| {
        let _ = writeln!(out, "{label} |");
        cells(out, &[person, 0, 0, 0, 0, 0, person]);
    };
    row(out, "一、本年新收政府信息公开申请数量", new);
    row(out, "二、上年结转政府信息公开申请数量", 0);
    out.push_str("三、本 年 度 办 理 结 果 |\n");
    row(out, "（一）予以公开", granted);
    row(
        out,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        0,
    );
    let withheld = [
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ];
    out.push_str("（三）不予公开 |\n");
    for (i, label) in withheld.iter().enumerate() {
        row(out, &format!("{}.{label}", i + 1), 0);
    }
    out.push_str("（四）无法提供 |\n");
    row(out, "1.本机关不掌握相关政府信息", not_held);
    row(out, "2.没有现成信息需要另行制作", 0);
    row(out, "3.补正后申请内容仍不明确", 0);
    out.push_str("（五）不予处理 |\n");
    let rejected = [
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ];
    for (i, label) in rejected.iter().enumerate() {
        row(out, &format!("{}.{label}", i + 1), 0);
    }
    if is_2021 {
        out.push_str("（六）其他处理 |\n");
        row(
            out,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            0,
        );
        row(
            out,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            0,
        );
        row(out, "3.其他", 0);
    } else {
        row(out, "（六）其他处理", 0);
    }
    // One report in ten has a total that does not add up.
    let total = if rng.below(10) == 0 { new + 1 } else { new };
    row(out, "（七）总计", total);
    row(out, "四、结转下年度继续办理", 0);
    out.push_str("四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 |\n结果维持 |\n结果纠正 |\n其他结果 |\n尚未审结 |\n总计 |\n未经复议直接起诉 |\n复议后起诉 |\n");
    let r = rng.below(3);
    cells(out, &[r, 0, 0, 0, r, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.push_str("五、存在的主要问题及改进情况\n");
}

fn legacy(rng: &mut Rng, out: &mut String, agency: &str) {
    let year = 2010 + rng.below(8);
    let _ = writeln!(out, "{agency}{year}年度政府信息公开工作年度报告");
    filler(rng, out, 4000);
    let website = rng.below(900);
    let wechat = rng.below(100);
    let _ = writeln!(out, "附件\n政府信息公开情况统计表\n（{year}年度）\n填报单位：{agency} | ||\n统 计 指 标 | 单位 | 统计数 |\n一、主动公开情况 | —— |\n|");
    let _ = writeln!(
        out,
        "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条） | 条 | {} |",
        website + wechat
    );
    let _ = writeln!(out, "1.政府公报公开政府信息数 | 条 |\n|\n2.政府网站公开政府信息数 | 条 | {website} |\n3.政务微博公开政府信息数 | 条 |\n|\n4.政务微信公开政府信息数 | 条 | {wechat} |");
    let received = rng.below(30);
    let _ = writeln!(out, "三、依申请公开情况 | —— |\n|\n（一）收到申请数 | 件 | {received} |\n1.当面申请数 | 件 | {received} |\n（二）申请办结数 | 件 | {received} |\n1.按时办结数 | 件 | {received} |\n2.延期办结数 | 件 | 0 |");
    let _ = writeln!(out, "（三）从事政府信息公开工作人员数 | 人 | 3 |\n1.专职人员数 | 人 | 1 |\n2.兼职人员数 | 人 | 2 |");
}

fn prose(rng: &mut Rng, out: &mut String, agency: &str) {
    let year = 2009 + rng.below(9);
    let _ = writeln!(out, "{agency}{year}年政府信息公开工作年度报告");
    filler(rng, out, 3000);
    let letter = rng.below(20);
    let online = rng.below(20);
    let _ = writeln!(
        out,
        "二、依申请公开情况\n{year}年度，我局共受理政府信息公开申请{}件，其中信函申请{letter}件，网上申请{online}件。上述申请已经全部答复，其中同意公开{letter}件，属于非本机关政府信息{online}件。",
        letter + online
    );
    let _ = writeln!(out, "三、行政复议和行政诉讼情况\n{year}年度，未发生因政府信息公开申请行政复议或提起行政诉讼的情况。");
}

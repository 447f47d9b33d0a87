//! `cargo bench --bench pdf`: PDFs. Time from opening a 6-page PDF report (ruled tables) to
//! its first TUI frame; and `gouji check` over 1,000 PDF reports on one worker thread and on
//! every core, with the CPU time it took (CPU ÷ wall = the cores kept busy).
//!
//! The reports are `samples/layout-tab-separated.txt` typeset with ruled tables by
//! `synth/pdf.rs` under one of 8 county names, with prose padding it to 6 pages, and copies
//! of `samples/pdf-ruled.pdf` and `samples/pdf-layout.pdf` between them.

#[path = "synth/places.rs"]
mod places;
#[path = "synth/session.rs"]
mod session;
#[path = "synth/pdf.rs"]
mod typeset;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use gouji::text::pdf::page_text;
use gouji::tui::app::{App, Msg};
use gouji::tui::loader;
use gouji::tui::locks::Locks;
use gouji::tui::update::update;
use gouji::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const REPORTS: usize = 1000;
const FILLER: &str =
    "我单位坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，\
    围绕群众关切及时发布政策文件并做好解读，完善信息发布审核机制，加强政务新媒体管理。";

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// The tab-separated sample with prose after its tables until it typesets to 6 pages.
fn six_pages() -> String {
    let text = std::fs::read_to_string(sample("layout-tab-separated.txt")).expect("sample");
    let mut padded = text.clone();
    while page_text(&typeset::ruled_pdf(&padded))
        .expect("our own PDF reads")
        .pages
        < 6
    {
        for _ in 0..8 {
            padded.push_str(FILLER);
            padded.push('\n');
        }
    }
    padded
}

/// CPU time of this thread: unlike wall time, not stretched by other work on the machine.
fn thread_cpu() -> Duration {
    // SAFETY: an all-zero timespec is a valid value for clock_gettime to fill in.
    let mut t: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a local.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Open (read the PDF, lay out its pages, extract, check), then draw the first frame: wall
/// and CPU time.
fn first_frame(path: &Path, dir: &Path) -> (Duration, Duration) {
    let options = session::options(dir);
    let cpu = thread_cpu();
    let started = Instant::now();
    let loaded = match loader::open(&Locks::default(), path, &options) {
        Ok(l) => l,
        Err(e) => panic!("{}", e.message),
    };
    let (mut app, effects) = App::new(vec![path.to_owned()], options, (200, 60));
    drop(effects);
    update(&mut app, Msg::Opened(0, Ok(Box::new(loaded))));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("backend");
    terminal.draw(|f| view::render(f, &app)).expect("draw");
    (started.elapsed(), thread_cpu() - cpu)
}

/// CPU time (user and system) of this process's finished children so far, and the largest
/// peak memory of one of them in KiB.
fn children() -> (Duration, i64) {
    // SAFETY: an all-zero rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a local.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (time(usage.ru_utime) + time(usage.ru_stime), usage.ru_maxrss)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.pdf");
    let text = six_pages();
    let bytes = typeset::ruled_pdf(&text);
    std::fs::write(&report, &bytes).expect("write report");
    let pages = page_text(&bytes).expect("reads").pages;
    // The first open compiles the readers' patterns: a one-time cost, shown apart.
    let (cold, cold_cpu) = first_frame(&report, dir.path());
    let (mut wall, mut cpu): (Vec<Duration>, Vec<Duration>) =
        (0..20).map(|_| first_frame(&report, dir.path())).unzip();
    wall.sort();
    cpu.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{pages}-page PDF ({:.0} KB) to its first frame: median {:.1} ms wall, {:.1} ms CPU; \
         worst of 20 {:.1} ms wall; the first time in the process {:.1} ms wall, {:.1} ms CPU",
        bytes.len() as f64 / 1e3,
        ms(wall[wall.len() / 2]),
        ms(cpu[cpu.len() / 2]),
        ms(wall[wall.len() - 1]),
        ms(cold),
        ms(cold_cpu)
    );

    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let ruled = std::fs::read(sample("pdf-ruled.pdf")).expect("sample");
    let layout = std::fs::read(sample("pdf-layout.pdf")).expect("sample");
    let mut total = 0;
    for i in 0..REPORTS {
        let pdf = match i % 4 {
            0 => ruled.clone(),
            1 => layout.clone(),
            // The sample's county, renamed: a report of its own.
            _ => typeset::ruled_pdf(
                &text.replace("柳岸县", places::PLACES[i % places::PLACES.len()]),
            ),
        };
        total += pdf.len();
        std::fs::write(corpus.join(format!("r{i:04}.pdf")), pdf).expect("write report");
    }
    println!(
        "corpus: {REPORTS} PDF reports, {:.1} MB (half 6-page typeset reports, a quarter each \
         samples/pdf-ruled.pdf and samples/pdf-layout.pdf)",
        total as f64 / 1e6
    );
    let gouji = env!("CARGO_BIN_EXE_gouji");
    let corpus_arg = corpus.to_str().expect("UTF-8 path");
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    for jobs in [Some(1), None] {
        let mut cmd = Command::new(gouji);
        cmd.arg("check").stdout(Stdio::null());
        if let Some(j) = jobs {
            cmd.args(["--jobs", &j.to_string()]);
        }
        cmd.arg(corpus_arg);
        let (cpu, _) = children();
        let started = Instant::now();
        let status = cmd.status().expect("run gouji");
        let wall = started.elapsed();
        let (after, rss) = children();
        let cpu = after - cpu;
        assert!(
            status.success(),
            "gouji check failed on the corpus: {status}"
        );
        println!(
            "gouji check {:<9} {:.2} s wall, {:.2} s CPU ({:.1} cores busy), {:.1} ms a report, peak RSS so far {:.1} MB",
            jobs.map_or(format!("({threads} jobs)"), |j| format!("--jobs {j}")),
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            cpu.as_secs_f64() / wall.as_secs_f64(),
            wall.as_secs_f64() * 1e3 / REPORTS as f64,
            rss as f64 / 1024.0
        );
    }
}

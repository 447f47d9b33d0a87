#[test]
fn timing() {
    let p = std::path::Path::new("target/bench-corpus-10000/002/r00212.txt");
    let r = gouji::report::Report::load(p).unwrap();
    for _ in 0..400 {
        let page = gouji::extract::aligned::Page::new(&r.text, false);
        let _ = gouji::extract::aligned::read_anchored(&page);
    }
}

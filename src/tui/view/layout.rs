//! Where each pane goes for a terminal size: one function, used both to draw and to find
//! which pane a mouse click landed in.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Below this the screen says it is too small instead of drawing garbage.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panes {
    pub report: Rect,
    pub fields: Rect,
    pub problems: Rect,
    pub status: Rect,
}

/// `None` when the area is below the minimum size.
pub fn panes(area: Rect) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [main, status] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(1), Constraint::Length(2)])
        .areas(area);
    let [report, right] = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(42), Constraint::Percentage(58)])
        .areas(main);
    let problems_height = (right.height / 3).clamp(4, 12);
    let [fields, problems] = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(3), Constraint::Length(problems_height)])
        .areas(right);
    Some(Panes {
        report,
        fields,
        problems,
        status,
    })
}

/// The inside of a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x.saturating_add(r.width) && y >= r.y && y < r.y.saturating_add(r.height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen_without_overlap() {
        for (w, h) in [
            (60, 16),
            (80, 24),
            (120, 40),
            (121, 41),
            (200, 60),
            (400, 120),
        ] {
            let p = panes(Rect::new(0, 0, w, h)).unwrap();
            let all = [p.report, p.fields, p.problems, p.status];
            for (i, a) in all.iter().enumerate() {
                assert!(a.right() <= w && a.bottom() <= h, "{w}x{h}: {a:?}");
                for b in &all[i + 1..] {
                    assert!(a.intersection(*b).is_empty(), "{w}x{h}: {a:?} {b:?}");
                }
            }
            let covered: u32 = all.iter().map(|r| r.area()).sum();
            assert_eq!(covered, u32::from(w) * u32::from(h));
        }
        assert_eq!(panes(Rect::new(0, 0, 59, 40)), None);
        assert_eq!(panes(Rect::new(0, 0, 120, 15)), None);
    }
}

//! The 2008–2018 政府信息公开情况统计表 (`label | unit | value |` rows).

use super::Found;

pub fn extract(_text: &str) -> Found {
    Found::default()
}

//! County names of our own for synthetic reports' agencies.

pub const PLACES: [&str; 8] = [
    "青川县",
    "东湖区",
    "南岭市",
    "西山县",
    "北塘区",
    "云溪市",
    "石门县",
    "柳江区",
];

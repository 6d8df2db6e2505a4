//! Element ids made valid and unique within one document.
//!
//! XHTML ids must be XML names (`1-gioi-thieu` is not one) and unique in their document. The
//! site's ids are already unique per page, but raw HTML an author wrote may repeat one or use
//! any character, so every id is checked: a bad one is mended (`id-1-gioi-thieu`), a repeated
//! one gets a `-2` suffix. Links keep landing: a fragment names the element that first held it.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;

use super::policy::{is_name_char, is_ncname};

/// The ids of one document: what each element is given, and where each old id now points.
#[derive(Debug, Default)]
pub(crate) struct IdMap {
    by_node: HashMap<NodeId, String>,
    by_old: HashMap<String, String>,
    used: HashSet<String>,
}

impl IdMap {
    /// Gives the element `node`, which had the id `old`, a valid id not used before.
    pub(crate) fn assign(&mut self, node: NodeId, old: &str) -> &str {
        let base = valid_id(old);
        let mut id = base.clone();
        let mut n = 1;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        self.by_old
            .entry(old.to_owned())
            .or_insert_with(|| id.clone());
        self.by_node.entry(node).or_insert(id)
    }

    /// The id given to the element `node`, if it keeps one.
    pub(crate) fn of_node(&self, node: NodeId) -> Option<&str> {
        self.by_node.get(&node).map(String::as_str)
    }

    /// Where a link to the old id `old` now points, if the document still has it.
    pub(crate) fn target(&self, old: &str) -> Option<&str> {
        self.by_old.get(old).map(String::as_str)
    }
}

/// `raw` as a valid XML id: characters a name cannot hold become `-`, and a name that cannot
/// start as it does gets `id-` in front.
pub(crate) fn valid_id(raw: &str) -> String {
    if is_ncname(raw) {
        return raw.to_owned();
    }
    let mended: String = raw
        .chars()
        .map(|c| if is_name_char(c) { c } else { '-' })
        .collect();
    if is_ncname(&mended) {
        mended
    } else {
        format!("id-{mended}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_ids(n: usize) -> Vec<NodeId> {
        let mut tree = ego_tree::Tree::new(0);
        (0..n).map(|i| tree.root_mut().append(i).id()).collect()
    }

    #[test]
    fn mends_ids_that_are_not_xml_names() {
        assert_eq!(valid_id("dong-bo-hoa"), "dong-bo-hoa");
        assert_eq!(valid_id("1-gioi-thieu"), "id-1-gioi-thieu");
        assert_eq!(valid_id("a b:c"), "a-b-c");
        assert_eq!(valid_id(""), "id-");
        assert!(is_ncname(&valid_id("-x")));
    }

    #[test]
    fn repeated_ids_get_a_suffix_and_links_keep_the_first() {
        let nodes = node_ids(3);
        let mut ids = IdMap::default();
        assert_eq!(ids.assign(nodes[0], "x"), "x");
        assert_eq!(ids.assign(nodes[1], "x"), "x-2");
        assert_eq!(ids.assign(nodes[2], "1"), "id-1");
        assert_eq!(ids.target("x"), Some("x"));
        assert_eq!(ids.target("1"), Some("id-1"));
        assert_eq!(ids.of_node(nodes[1]), Some("x-2"));
        assert_eq!(ids.target("missing"), None);
    }

    #[test]
    fn a_mended_id_never_takes_one_already_given() {
        let nodes = node_ids(2);
        let mut ids = IdMap::default();
        assert_eq!(ids.assign(nodes[0], "id-1"), "id-1");
        assert_eq!(ids.assign(nodes[1], "1"), "id-1-2");
    }
}

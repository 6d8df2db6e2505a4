//! The text alternative of a diagram, read from its Mermaid source: what a screen reader
//! announces for the drawing (`aria-label` of its SVG).
//!
//! The author's own words come first: Mermaid's `accTitle:` and `accDescr:`, or a `title`
//! (front matter, or the `title` line of charts). Otherwise the text is a summary of what the
//! diagram shows: a flowchart's nodes and groups, a sequence diagram's participants, in the
//! order the source names them, in the book's language (`diagram_*` of the interface texts).

use crate::ui::Ui;

/// The most items a summary lists; more are cut with "…".
const MAX_ITEMS: usize = 40;

/// The text alternative of the diagram with this source.
pub(crate) fn describe(source: &str, ui: &Ui) -> String {
    let lines: Vec<&str> = body_lines(source);
    let (title, description) = author_text(source, &lines);
    if let Some(description) = description {
        return join_sentences(title.as_deref(), &description);
    }
    let kind = lines.first().map_or("", |l| first_word(l));
    let summary = match kind {
        "graph" | "flowchart" | "flowchart-elk" => {
            summary(&ui.diagram_flowchart, &flowchart_items(&lines[1..]))
        }
        "sequenceDiagram" => summary(&ui.diagram_sequence, &participants(&lines[1..])),
        _ => None,
    };
    let summary = summary.unwrap_or_else(|| ui.diagram_other.clone());
    join_sentences(title.as_deref(), &summary)
}

/// "Title. Summary", or the summary alone.
fn join_sentences(title: Option<&str>, rest: &str) -> String {
    match title {
        Some(title) if !title.is_empty() => {
            let stop = if title.ends_with(['.', '!', '?', ':']) {
                ""
            } else {
                "."
            };
            format!("{title}{stop} {rest}")
        }
        _ => rest.to_owned(),
    }
}

/// `template` (with `{n}` and `{items}`) filled with `items`; `None` when there are none.
fn summary(template: &str, items: &[String]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut listed = items[..items.len().min(MAX_ITEMS)].join("; ");
    if items.len() > MAX_ITEMS {
        listed.push_str("; …");
    }
    Some(
        template
            .replace("{n}", &items.len().to_string())
            .replace("{items}", &listed),
    )
}

/// The source's lines after its front matter, trimmed, without comments and empty lines.
fn body_lines(source: &str) -> Vec<&str> {
    let mut lines = source.lines().map(str::trim).peekable();
    if lines.peek() == Some(&"---") {
        lines.next();
        for line in lines.by_ref() {
            if line == "---" {
                break;
            }
        }
    }
    lines
        .filter(|l| !l.is_empty() && !l.starts_with("%%"))
        .collect()
}

/// The title (`accTitle:`, front matter's or a chart's `title`) and description
/// (`accDescr: …` or `accDescr { … }`) the author gave.
fn author_text(source: &str, lines: &[&str]) -> (Option<String>, Option<String>) {
    let front_title = source
        .trim_start()
        .strip_prefix("---")
        .and_then(|rest| rest.split("\n---").next())
        .and_then(|front| {
            front
                .lines()
                .find_map(|l| l.trim().strip_prefix("title:"))
                .map(|t| unquote(t.trim()).to_owned())
        });
    let mut title = front_title;
    let mut description = None;
    let mut block: Option<Vec<&str>> = None;
    for line in lines {
        if let Some(open) = &mut block {
            match line.strip_suffix('}') {
                Some(last) => {
                    open.push(last);
                    description = Some(open.join(" ").trim().to_owned());
                    block = None;
                }
                None => open.push(line),
            }
        } else if let Some(t) = line.strip_prefix("accTitle") {
            title = Some(t.trim_start_matches([' ', ':']).trim().to_owned());
        } else if let Some(d) = line.strip_prefix("accDescr") {
            let d = d.trim();
            match d.strip_prefix('{') {
                Some(rest) => match rest.strip_suffix('}') {
                    Some(one_line) => description = Some(one_line.trim().to_owned()),
                    None => block = Some(vec![rest]),
                },
                None => description = Some(d.trim_start_matches(':').trim().to_owned()),
            }
        } else if let Some((_, t)) = line.split_once("title ").filter(|(kind, _)| {
            kind.is_empty() || kind.ends_with(' ') && !kind.contains(['[', '(', '"'])
        }) {
            title.get_or_insert_with(|| unquote(t.trim()).to_owned());
        }
    }
    (
        title.filter(|t| !t.is_empty()),
        description.filter(|d| !d.is_empty()),
    )
}

fn first_word(line: &str) -> &str {
    line.split(|c: char| c.is_whitespace() || c == ';')
        .next()
        .unwrap_or("")
}

fn unquote(text: &str) -> &str {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
}

/// The words a label shows: without quotes, Markdown backticks and stars, or HTML tags
/// (`<br/>` is a space).
fn clean_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut in_tag = false;
    for c in unquote(label.trim()).chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            '`' | '*' | '"' if !in_tag => {}
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Mermaid's entity codes in labels: `#gt;`, `#quot;`, `#35;`…
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let code = after.find(';').map(|end| (&after[..end], end));
        let decoded = code.and_then(|(name, end)| {
            let c = match name {
                "gt" => '>',
                "lt" => '<',
                "quot" => '"',
                "amp" => '&',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => char::from_u32(name.parse().ok()?)?,
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A flowchart's groups and nodes, each once, in the order the source first names them (a node
/// by its label where it has one, else by its id).
fn flowchart_items(lines: &[&str]) -> Vec<String> {
    const SKIP: [&str; 9] = [
        "classDef",
        "class",
        "style",
        "linkStyle",
        "click",
        "direction",
        "end",
        "accTitle",
        "accDescr",
    ];
    let mut nodes: Vec<(String, Option<String>)> = Vec::new();
    for statement in lines.iter().flat_map(|l| statements(l)) {
        let statement = statement.trim();
        let word = first_word(statement);
        if statement.is_empty() || SKIP.contains(&word) || word.starts_with("accTitle") {
            continue;
        }
        if let Some(rest) = statement.strip_prefix("subgraph") {
            let title = subgraph_title(rest.trim());
            nodes.push((String::new(), Some(title)));
            continue;
        }
        for (id, label) in flowchart_nodes(statement) {
            match nodes.iter_mut().find(|(known, _)| *known == id) {
                Some((_, known @ None)) => *known = label,
                Some(_) => {}
                None => nodes.push((id, label)),
            }
        }
    }
    nodes
        .into_iter()
        .filter_map(|(id, label)| {
            let shown = label.filter(|l| !l.is_empty()).unwrap_or(id);
            (!shown.is_empty()).then_some(shown)
        })
        .collect()
}

/// The statements of a line: split at `;` outside labels (`A[x #gt; 1]; B` is two).
fn statements(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '[' | '(' | '{' if !quoted => depth += 1,
            ']' | ')' | '}' if !quoted => depth = depth.saturating_sub(1),
            ';' if !quoted && depth == 0 => {
                parts.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    parts
}

/// `subgraph ID [Title]`, `subgraph "Title"` or `subgraph Title` → the title.
fn subgraph_title(rest: &str) -> String {
    match rest.find('[') {
        Some(open) => clean_label(rest[open + 1..].trim_end_matches(']')),
        None => clean_label(rest),
    }
}

/// The nodes one statement names (`A[Start] --> B{Ok?} -->|yes| C & D`): (id, label).
fn flowchart_nodes(statement: &str) -> Vec<(String, Option<String>)> {
    let mut nodes = Vec::new();
    let chars: Vec<char> = statement.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        at = skip_link(&chars, at);
        let start = at;
        while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
            at += 1;
        }
        if at == start {
            at += 1;
            continue;
        }
        let id: String = chars[start..at].iter().collect();
        let (label, next) = node_label(&chars, at);
        at = next;
        // `:::className` after a node.
        while at < chars.len() && (chars[at] == ':' || chars[at].is_alphanumeric()) {
            at += 1;
        }
        nodes.push((id, label));
    }
    nodes
}

/// Past the spaces, `&` and link (`-->`, `-- text -->`, `==>`, `-.->`, `|text|`) at `at`.
fn skip_link(chars: &[char], mut at: usize) -> usize {
    let is_line = |c: char| matches!(c, '-' | '=' | '.');
    loop {
        while at < chars.len() && (chars[at].is_whitespace() || chars[at] == '&') {
            at += 1;
        }
        let arrow_start = at;
        let arrow_head = at < chars.len() && matches!(chars[at], '<' | 'o' | 'x');
        if arrow_head && chars.get(at + 1).is_some_and(|&c| is_line(c)) {
            at += 1;
        }
        let line_start = at;
        while at < chars.len() && is_line(chars[at]) {
            at += 1;
        }
        if at - line_start < 2 {
            return arrow_start;
        }
        let ended = at < chars.len() && matches!(chars[at], '>' | 'x' | 'o');
        if ended {
            at += 1;
        }
        let opens_text = !ended && matches!(chars[line_start..at], ['-', '-'] | ['=', '=']);
        if opens_text && chars.get(at).is_some_and(|c| c.is_whitespace()) {
            // `-- text -->`: the text runs to the next line of dashes.
            while at < chars.len() && !(is_line(chars[at]) && chars.get(at + 1) == Some(&chars[at]))
            {
                at += 1;
            }
            continue;
        }
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        if chars.get(at) == Some(&'|') {
            at += 1;
            while at < chars.len() && chars[at] != '|' {
                at += 1;
            }
            at += 1;
        }
    }
}

/// The label of a node whose id ends at `at`, if a shape follows (`[…]`, `(…)`, `{…}`,
/// `>…]`, `((…))`, `@{ label: "…" }`), and where the node ends.
fn node_label(chars: &[char], at: usize) -> (Option<String>, usize) {
    let opens = |c: char| matches!(c, '[' | '(' | '{' | '>');
    if chars.get(at) == Some(&'@') && chars.get(at + 1) == Some(&'{') {
        let end = (at..chars.len())
            .find(|&i| chars[i] == '}')
            .unwrap_or(chars.len());
        let body: String = chars[at + 2..end].iter().collect();
        let label = body
            .split(',')
            .find_map(|field| field.trim().strip_prefix("label:"))
            .map(clean_label);
        return (label, end + 1);
    }
    if !chars.get(at).is_some_and(|&c| opens(c)) {
        return (None, at);
    }
    let mut start = at;
    let mut closer = ']';
    while start < chars.len() && (opens(chars[start]) || matches!(chars[start], '/' | '\\')) {
        closer = match chars[start] {
            '(' => ')',
            '{' => '}',
            '[' | '>' => ']',
            _ => closer,
        };
        start += 1;
    }
    let mut end = start;
    if chars.get(start) == Some(&'"') {
        end = (start + 1..chars.len())
            .find(|&i| chars[i] == '"')
            .unwrap_or(chars.len());
        let label: String = chars[start + 1..end].iter().collect();
        let close = (end..chars.len())
            .find(|&i| chars[i] == closer)
            .unwrap_or(chars.len());
        return (Some(clean_label(&label)), skip_closers(chars, close));
    }
    while end < chars.len() && chars[end] != closer {
        end += 1;
    }
    let label: String = chars[start..end].iter().collect();
    let label = label.trim_end_matches(['/', '\\']);
    (Some(clean_label(label)), skip_closers(chars, end))
}

fn skip_closers(chars: &[char], mut at: usize) -> usize {
    while at < chars.len() && matches!(chars[at], ']' | ')' | '}') {
        at += 1;
    }
    at
}

/// A sequence diagram's participants and actors, in the order the source first names them
/// (declared, or as the sender or receiver of a message), each by its alias where it has one.
fn participants(lines: &[&str]) -> Vec<String> {
    let mut named: Vec<(String, String)> = Vec::new();
    let mut add = |id: &str, shown: &str| {
        let id = id.trim();
        if !id.is_empty() && !named.iter().any(|(known, _)| known == id) {
            named.push((id.to_owned(), clean_label(shown)));
        }
    };
    for line in lines {
        let line = line.strip_prefix("create ").unwrap_or(line);
        let declared = ["participant ", "actor "]
            .iter()
            .find_map(|k| line.strip_prefix(k));
        if let Some(rest) = declared {
            match rest.split_once(" as ") {
                Some((id, alias)) => add(id, alias),
                None => add(rest, rest),
            }
        } else if let Some((ends, _message)) = line.split_once(':') {
            let arrow = ends.find(['-', '<']).filter(|&i| i > 0);
            if let Some(i) = arrow {
                let to = ends[i..].trim_start_matches(['-', '>', '<', 'x', ')', '+']);
                add(&ends[..i], &ends[..i]);
                add(to, to);
            }
        }
    }
    named.into_iter().map(|(_, shown)| shown).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vi() -> &'static Ui {
        Ui::for_language("vi").unwrap()
    }

    #[test]
    fn flowcharts_list_their_groups_and_nodes_in_order() {
        let source = "graph TD\n    subgraph \"Unstructured (Hiện tại)\"\n        A[main coroutine] --> B{\"asyncio.create_task(task1)\"};\n    end\n    B -- 1. Validate & Sanitize --> C(Web Server / API);\n    C -->|HTTP| D((Kết quả<br/>cuối))\n    D --> A\n    E:::warn --> F[[`multiprocessing.Pool(4)`]]\n";
        let items = flowchart_items(&body_lines(source)[1..]);
        assert_eq!(
            items,
            [
                "Unstructured (Hiện tại)",
                "main coroutine",
                "asyncio.create_task(task1)",
                "Web Server / API",
                "Kết quả cuối",
                "E",
                "multiprocessing.Pool(4)"
            ]
        );
        let entities = "graph TD\n  D{Cần #gt;1000 kết nối #35;1?}; E[Cơ #amp; sở] --> F\n";
        assert_eq!(
            flowchart_items(&body_lines(entities)[1..]),
            ["Cần >1000 kết nối #1?", "Cơ & sở", "F"]
        );
        let text = describe(source, vi());
        assert!(text.starts_with("Lưu đồ (7 mục): Unstructured"), "{text}");
        assert!(
            text.contains("main coroutine; asyncio.create_task(task1)"),
            "{text}"
        );
    }

    #[test]
    fn sequence_diagrams_name_their_participants() {
        let source = "sequenceDiagram\n    participant C as Client\n    actor U\n    C->>+Server: GET /\n    Server-->>-C: 200\n    U-)C: click\n";
        assert_eq!(
            participants(&body_lines(source)[1..]),
            ["Client", "U", "Server"]
        );
        let en = Ui::for_language("en").unwrap();
        assert_eq!(
            describe(source, en),
            "Sequence diagram, 3 participants: Client; U; Server"
        );
    }

    #[test]
    fn the_authors_title_and_description_come_first() {
        let source =
            "graph LR\n  accTitle: Vòng đời\n  accDescr { Từ lúc tạo\n  đến lúc xong }\n  A --> B\n";
        assert_eq!(describe(source, vi()), "Vòng đời. Từ lúc tạo đến lúc xong");
        let titled = "---\ntitle: \"Luồng dữ liệu\"\n---\nflowchart LR\n  A[Vào] --> B[Ra]\n";
        assert_eq!(
            describe(titled, vi()),
            "Luồng dữ liệu. Lưu đồ (2 mục): Vào; Ra"
        );
        let pie = "pie title Thời gian\n  \"Chờ I/O\" : 80\n  \"CPU\" : 20\n";
        assert_eq!(
            describe(pie, vi()),
            format!("Thời gian. {}", vi().diagram_other)
        );
    }

    #[test]
    fn unknown_kinds_and_empty_diagrams_still_have_a_text() {
        assert_eq!(describe("gitGraph\n  commit\n", vi()), vi().diagram_other);
        assert_eq!(describe("graph TD\n", vi()), vi().diagram_other);
        assert_eq!(describe("", vi()), vi().diagram_other);
    }
}

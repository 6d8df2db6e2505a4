//! `handbook repair` on files as they are found: links, read-only files, permissions and
//! owners, old Mac line ends; and the two gates, `repair --check` and `check`, agreeing on
//! what is damaged, on text encoded twice with bytes lost as on text a repair cannot restore.

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::Path;

use handbook::repair::Damage;

use crate::check::check_json;
use crate::support::fixture::{Fixture, Output};
use crate::support::{handbook, project_root};

const CLEAN: &str = "Tiếng Việt có dấu: xin chào các bạn, đây là một đoạn văn bản.\nRồi gửi yêu cầu và nhận kết quả trả về.\n";

fn damaged() -> String {
    Damage::Cp1252Replaced.apply(&CLEAN.repeat(3))
}

/// Runs `handbook repair ARGS… PATH` in `dir`.
fn repair(dir: &Path, args: &[&str], path: &str) -> Output {
    let output = handbook()
        .current_dir(dir)
        .arg("repair")
        .args(args)
        .arg(path)
        .output()
        .expect("cannot run the handbook binary");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn write_repairs_the_file_a_link_points_to_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("that")).unwrap();
    let target = dir.path().join("that/chapter.md");
    std::fs::write(&target, damaged()).unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink("that/chapter.md", &link).unwrap();
    repair(dir.path(), &["--write"], "link.md").assert_success();
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link stays a link"
    );
    assert_eq!(
        read(&target),
        CLEAN.repeat(3),
        "the file it points to is repaired"
    );
}

#[test]
fn write_refuses_a_read_only_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chapter.md");
    let text = damaged();
    std::fs::write(&path, &text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let refused = repair(dir.path(), &["--write"], "chapter.md");
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("chapter.md: the file is read-only"),
        "{}",
        refused.stderr
    );
    assert_eq!(read(&path), text, "left untouched");
    repair(dir.path(), &["--write", "--force"], "chapter.md").assert_success();
    assert_eq!(read(&path), CLEAN.repeat(3));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "still read-only");
    let lonely = repair(dir.path(), &["--force"], "chapter.md");
    assert_eq!(lonely.code, 2, "--force only goes with --write");
}

#[test]
fn write_keeps_permissions_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chapter.md");
    std::fs::write(&path, damaged()).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Another owner, where this process may give one (as the superuser); its own otherwise.
    let other = std::os::unix::fs::chown(&path, Some(4321), Some(4322)).is_ok();
    if !other {
        eprintln!("SKIPPED: the owner part (this process cannot give a file another owner)");
    }
    let before = std::fs::metadata(&path).unwrap();
    repair(dir.path(), &["--write"], "chapter.md").assert_success();
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(read(&path), CLEAN.repeat(3));
    assert_ne!(before.ino(), after.ino(), "replaced through a rename");
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
}

#[test]
fn old_mac_line_ends_are_repaired_line_by_line_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chapter.md");
    std::fs::write(&path, damaged().replace('\n', "\r")).unwrap();
    let check = repair(dir.path(), &["--check", "--report"], "chapter.md");
    assert_eq!(check.code, 1, "{}", check.stderr);
    let lines: Vec<usize> = check
        .stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("chapter.md:")?
                .split(':')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    assert!(
        lines.contains(&6),
        "changes are placed on their lines: {}",
        check.stderr
    );
    repair(dir.path(), &["--write"], "chapter.md").assert_success();
    assert_eq!(read(&path), CLEAN.repeat(3).replace('\n', "\r"));
}

/// What `handbook check` says about one damaged chapter, and what `repair --check` says about
/// its file.
struct Gates {
    check: Output,
    /// check's mojibake places of the chapter, `line:col: message`.
    places: Vec<String>,
    repair: Output,
}

fn gates(fixture: &Fixture, rel: &str) -> Gates {
    let (check, problems) = check_json(fixture);
    let places = problems
        .iter()
        .filter(|p| p.kind == "mojibake" && p.path == rel)
        .map(|p| format!("{}:{}: {}", p.line, p.col, p.message))
        .collect();
    let repair = repair(fixture.root(), &["--check"], rel);
    Gates {
        check,
        places,
        repair,
    }
}

impl Gates {
    /// The places `repair --check` names one by one (those its `--write` cannot restore), as
    /// `line:col: message`.
    fn named_by_repair(&self, rel: &str) -> Vec<String> {
        let prefix = format!("{rel}:");
        let lines = self.repair.stderr.lines();
        lines
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter(|place| place.starts_with(|c: char| c.is_ascii_digit()))
            .map(str::to_owned)
            .collect()
    }
}

#[test]
fn check_and_repair_check_agree_on_text_encoded_twice_with_bytes_lost() {
    let fixture = Fixture::new();
    let chapter = "content/06-production-migration-roadmap/27-recap-decision-matrix.md";
    let clean = std::fs::read_to_string(project_root().join(chapter)).unwrap();
    let rel = "content/01-mot/01-mo-dau.md";
    // And a word restored wrongly by some earlier repair, which no repair can tell.
    let hand = "\nChương trình được sỐ dụng nhiều.\n";
    let text = Damage::Cp1252ReplacedTwice.apply(&clean) + hand;
    fixture.write(rel, &text);
    let before = gates(&fixture, rel);
    assert_eq!(before.check.code, 1, "{}", before.check.stderr);
    assert_eq!(before.repair.code, 1, "{}", before.repair.stderr);
    // Both count every place: check lists the first ones and counts the rest.
    let total = total_places(&before.places);
    let restored = restored_by_repair(&before.repair.stderr);
    assert_eq!(
        total,
        restored + before.named_by_repair(rel).len(),
        "check: {:#?}\nrepair --check: {}",
        before.places,
        before.repair.stderr
    );
    assert!(
        before.places.len() <= 101,
        "check caps what it lists per file"
    );

    let write = repair(fixture.root(), &["--write"], rel);
    write.assert_success();
    let after = gates(&fixture, rel);
    assert_eq!(after.check.code, 1, "the hand-made damage stays");
    assert_eq!(after.repair.code, 1, "{}", after.repair.stderr);
    assert_eq!(
        after.places,
        after.named_by_repair(rel),
        "the same places in the same words"
    );
    assert!(
        after.places.iter().any(|p| p.contains("`sỐ` mixes")),
        "{:#?}",
        after.places
    );
}

/// How many damaged places check found in one file: those it lists, or the count its last
/// warning gives when it caps the list.
fn total_places(places: &[String]) -> usize {
    let counted = places.last().and_then(|p| {
        let (_, rest) = p.split_once(" not listed (")?;
        rest.split(' ').next()?.parse().ok()
    });
    counted.unwrap_or(places.len())
}

/// How many changes `repair --check` says `--write` makes.
fn restored_by_repair(stderr: &str) -> usize {
    let counted = stderr.lines().find_map(|l| {
        let (_, rest) = l.split_once(": needs repair (")?;
        rest.split(' ').next()?.parse().ok()
    });
    counted.unwrap_or(0)
}

#[test]
fn check_lists_the_first_places_of_a_file_garbled_throughout_and_counts_the_rest() {
    let fixture = Fixture::new();
    let rel = "content/01-mot/01-mo-dau.md";
    let line = "Ở đây ta gọi hàm rồi gửi yêu cầu đến máy chủ.\n";
    let body = Damage::Cp1254Dropped.apply(&line.repeat(60));
    let text = format!("---\ntitle: Mở đầu\nslug: 01-mo-dau\n---\n{body}");
    fixture.write(rel, &text);
    let (check, problems) = check_json(&fixture);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let places: Vec<_> = problems.iter().filter(|p| p.kind == "mojibake").collect();
    assert_eq!(places.len(), 101, "100 listed, then a count");
    let last = places.last().unwrap();
    let found = handbook::repair::damaged_places(&text, &handbook::repair::repair(&text));
    let more = found.len() - 100;
    assert!(
        last.message
            .starts_with(&format!("{more} more damaged place(s) from here on")),
        "{}",
        last.message
    );
    assert_eq!((last.line, last.col), (found[100].line, found[100].col));
}

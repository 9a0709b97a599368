//! The shipped course in `content/`: its files as the loader reads them, the course loaded once
//! (for the tests that need its exercises, case file, link targets or search index), and copies
//! of its files into a scratch folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use content_engine::markdown::LinkTargets;
use content_engine::{load, LoadedCourse};

/// One file of the shipped course: its path inside `content/` and its bytes.
#[derive(Debug)]
pub struct ShippedFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl ShippedFile {
    /// The module folder the file is in (`modules/NAME`), for module files.
    pub fn module_folder(&self) -> Option<PathBuf> {
        let mut parts = self.path.components();
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(first), Some(name), Some(_), None) if first.as_os_str() == "modules" => {
                Some(Path::new("modules").join(name))
            }
            _ => None,
        }
    }

    /// Writes `bytes` as this file into the course folder `root`.
    pub fn write_into(&self, root: &Path, bytes: &[u8]) {
        write_file(root, &self.path, bytes);
    }
}

/// Writes `bytes` to `path` inside the course folder `root`, creating its folder.
pub fn write_file(root: &Path, path: &Path, bytes: &[u8]) {
    let target = root.join(path);
    fs::create_dir_all(target.parent().expect("a file in a folder")).expect("a folder");
    fs::write(target, bytes).expect("a writable scratch folder");
}

pub fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// Every TOML and Markdown file of `content/` that the loader reads, sorted by path.
pub fn files() -> &'static [ShippedFile] {
    static FILES: OnceLock<Vec<ShippedFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = content_dir();
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        assert!(files.len() > 50, "the shipped course has its files");
        files
    })
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<ShippedFile>) {
    for entry in fs::read_dir(dir).expect("a readable content folder") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "toml" || e == "md")
            && path != root.join("README.md")
        {
            files.push(ShippedFile {
                bytes: fs::read(&path).expect("a readable file"),
                path: path.strip_prefix(root).expect("inside").to_path_buf(),
            });
        }
    }
}

/// The shipped course, loaded once.
pub fn course() -> &'static LoadedCourse {
    static COURSE: OnceLock<LoadedCourse> = OnceLock::new();
    COURSE.get_or_init(|| load(&content_dir()).unwrap_or_else(|errors| panic!("{errors}")))
}

/// The names links in the shipped course may point at, as the loader gathers them.
pub fn link_targets() -> LinkTargets {
    let course = course();
    LinkTargets {
        glossary: course.glossary.iter().map(|t| t.id.clone()).collect(),
        process_areas: course.process_areas.keys().cloned().collect(),
        practices: course
            .process_areas
            .values()
            .flat_map(|area| &area.goals)
            .flat_map(|goal| &goal.practices)
            .map(|practice| practice.id.clone())
            .collect(),
        modules: course
            .modules
            .iter()
            .map(|m| m.summary.id.clone())
            .collect(),
    }
}

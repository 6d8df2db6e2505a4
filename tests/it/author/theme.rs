//! The theme built into the binary: nothing of the handbook is hard-coded in it, and a book's
//! own templates/ and static/ replace its files one by one.

use super::{book, build, read};

#[test]
fn a_books_own_files_replace_the_built_in_ones_one_by_one() {
    let (dir, root) = book();
    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    std::fs::write(
        root.join("templates/partials/footer.html"),
        "<footer class=\"site-footer\"><p>Chân trang riêng của {{ book.title }}</p></footer>\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static/assets/css")).unwrap();
    std::fs::write(root.join("static/assets/css/search.css"), "/* riêng */\n").unwrap();
    std::fs::write(root.join("static/robots-extra.txt"), "thêm\n").unwrap();
    let out = dir.path().join("public");
    build(&root, &out);
    let page = read(&out, "02-phan-loai.html");
    assert!(
        page.contains("<p>Chân trang riêng của Nhập môn học máy</p>"),
        "the footer is the book's own"
    );
    assert!(
        page.contains("class=\"sidebar\""),
        "the other templates are the built-in ones"
    );
    assert_eq!(read(&out, "assets/css/search.css"), "/* riêng */\n");
    assert!(
        read(&out, "assets/css/handbook.css").contains(".callout"),
        "the other files are built in"
    );
    assert_eq!(read(&out, "robots-extra.txt"), "thêm\n");
}

#[test]
fn nothing_of_the_handbook_is_written_into_another_books_pages() {
    let (dir, root) = book();
    let out = dir.path().join("public");
    build(&root, &out);
    let handbook_only = ["Cẩm nang", "Lập trình đồng bộ", "asyncio"];
    for page in ["index.html", "404.html", "print.html", "loi-noi-dau.html"] {
        let text = read(&out, page);
        for words in handbook_only {
            assert!(!text.contains(words), "{page} mentions `{words}`");
        }
    }
    let config = std::fs::read_to_string(root.join("handbook.yaml")).unwrap();
    std::fs::write(
        root.join("handbook.yaml"),
        config.replace("language: vi", "language: en"),
    )
    .unwrap();
    build(&root, &out);
    // (print.html holds the chapters' own Vietnamese text, so it is left out.)
    for page in ["index.html", "404.html", "02-phan-loai.html"] {
        let text = read(&out, page);
        let vietnamese_interface = [
            "Mục lục",
            "Trang bìa",
            "Bản in",
            "Chương",
            "Phần I",
            "Tìm kiếm",
            "Liên kết tới",
        ];
        for words in vietnamese_interface {
            assert!(
                !text.contains(words),
                "{page}: `{words}` in an English book's interface"
            );
        }
    }
}

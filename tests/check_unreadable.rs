//! `hostplan check DIR` names what stands where a config file should be (a folder, binary
//! data, text in another encoding, a link that leads nowhere, a device), never calling a
//! file that is there missing.

use std::path::Path;

/// Exit code and standard error of `hostplan check out` (with `extra` arguments).
fn check(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let o = crate::common::bin()
        .args([&["check", "out"], extra].concat())
        .current_dir(dir)
        .output()
        .expect("hostplan runs");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn demo_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let o = crate::common::bin()
        .args(["export", "--demo", "--config", "out"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tmp
}

fn replace_with_folder(path: &Path) {
    std::fs::remove_file(path).unwrap();
    std::fs::create_dir(path).unwrap();
}

#[test]
fn what_stands_in_a_files_place_is_named() {
    let tmp = demo_folder();
    let out = tmp.path().join("out");
    replace_with_folder(&out.join("ansible/secrets.yml"));
    std::fs::write(
        out.join("openfn/lightning.env"),
        b"URL_HOST=a\nPORT=4\x0000\n",
    )
    .unwrap();
    let inventory = out.join("ansible/inventory/inventory.yml");
    let mut latin1 = std::fs::read(&inventory).unwrap();
    // "Kalmaría" typed in an editor saving Latin-1, on a new third line.
    let at = latin1.iter().position(|b| *b == b'\n').unwrap() + 1;
    latin1.splice(at..at, b"# Kalmar\xEDa\n".iter().copied());
    std::fs::write(&inventory, latin1).unwrap();

    for args in [&[][..], &["--ready"]] {
        let (code, err) = check(tmp.path(), args);
        assert_eq!(code, Some(1), "{err}");
        for want in [
            "out/ansible/secrets.yml: error: ansible/secrets.yml is a folder, where hostplan wrote a file",
            "out/openfn/lightning.env:2:7: error: openfn/lightning.env holds binary data (a zero byte here), not text",
            "out/ansible/inventory/inventory.yml:2:9: error: ansible/inventory/inventory.yml is not UTF-8 text: byte 0xED here is not part of any character",
            "help: save the file as UTF-8",
        ] {
            assert!(err.contains(want), "missing:\n{want}\nin:\n{err}");
        }
        assert!(!err.contains("is not in the folder"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn links_that_lead_nowhere_and_devices_are_named() {
    use std::os::unix::fs::symlink;
    let tmp = demo_folder();
    let out = tmp.path().join("out");
    let secrets = out.join("openfn/lightning-secrets.env");
    std::fs::remove_file(&secrets).unwrap();
    symlink("lightning-secrets.env", &secrets).unwrap();
    let webhooks = out.join("openfn/webhook-projects.md");
    std::fs::remove_file(&webhooks).unwrap();
    symlink("/dev/null", &webhooks).unwrap();
    let env = out.join("openfn/lightning.env");
    std::fs::remove_file(&env).unwrap();
    symlink("gone.env", &env).unwrap();
    let (code, err) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    for want in [
        "out/openfn/lightning-secrets.env: error: openfn/lightning-secrets.env is a symbolic link that leads back to itself",
        "out/openfn/webhook-projects.md: error: openfn/webhook-projects.md is a device, not a file",
        "out/openfn/lightning.env: error: openfn/lightning.env is a symbolic link to gone.env, which does not exist",
        "help: point the link at the real file, or put the file itself in its place",
    ] {
        assert!(err.contains(want), "missing:\n{want}\nin:\n{err}");
    }
    assert!(!err.contains("is not in the folder"), "{err}");
}

#[test]
fn a_summary_that_is_a_folder_is_not_called_missing() {
    let tmp = demo_folder();
    replace_with_folder(&tmp.path().join("out/hostplan-config.toml"));
    let (code, err) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("out/hostplan-config.toml: error: hostplan-config.toml is a folder"),
        "{err}"
    );
    assert!(!err.contains("holds no hostplan-config.toml"), "{err}");
}

#[test]
fn a_file_truly_gone_is_still_missing() {
    let tmp = demo_folder();
    std::fs::remove_file(tmp.path().join("out/openfn/webhook-projects.md")).unwrap();
    let (code, err) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("openfn/webhook-projects.md is listed here but is not in the folder"),
        "{err}"
    );
}

#[test]
fn a_huge_file_in_a_config_files_place_is_not_read_to_the_end() {
    let tmp = demo_folder();
    // 17 MB of text: more than the 16 MB any file is read up to. (Not the inventory,
    // which ansible-inventory would also be asked to read.)
    let runbook = tmp.path().join("out/RUNBOOK.md");
    std::fs::write(&runbook, "a".repeat(17 * 1024 * 1024)).unwrap();
    let (code, err) = check(tmp.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("RUNBOOK.md is larger than 16 MB"), "{err}");
}

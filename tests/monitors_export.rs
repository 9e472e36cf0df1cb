//! `export` writes what the account holds as a file that plans zero changes; references by name,
//! secrets as `${env:…}` placeholders with a comment; `--groups` / `--tags` narrow it.

mod common;

use common::monitors::*;

#[test]
fn export_then_plan_of_the_export_finds_nothing_to_do() {
    let run = Run::new();
    // Something of every kind besides the seed's hand-made monitors, with secrets.
    let example = format!("{}/examples/monitors.yaml", env!("CARGO_MANIFEST_DIR"));
    run.s247()
        .env("ORDERS_API_TOKEN", "orders-token-value")
        .env("ADMIN_MONITOR_PASSWORD", "admin-password-value")
        .args(["monitors", "apply", "-f", &example])
        .assert()
        .success();

    let exported = run.path("exported.yaml");
    let before = run.stats();
    let out = run
        .s247()
        .args(["monitors", "export", "-o", exported.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        writes(&since(&before, &run.stats())),
        0,
        "export only reads"
    );
    assert!(
        text(&out.stderr).contains("Wrote 24 monitors and 3 groups"),
        "{}",
        text(&out.stderr)
    );
    let yaml = std::fs::read_to_string(&exported).unwrap();
    assert!(
        yaml.contains("threshold_profile: Website default"),
        "{yaml}"
    );
    assert!(yaml.contains("location_profile: Global"), "{yaml}");
    assert!(
        yaml.contains("- managed-by:s247"),
        "ownership is exported: {yaml}"
    );
    assert!(
        yaml.contains("password: ${env:MONITOR_ADMIN_CONSOLE_PASSWORD}  # secret: set MONITOR_ADMIN_CONSOLE_PASSWORD in CI"),
        "{yaml}"
    );
    assert!(
        yaml.contains("Authorization: ${env:MONITOR_ORDERS_API_AUTHORIZATION}"),
        "{yaml}"
    );
    assert!(
        !yaml.contains("admin-password-value") && !yaml.contains("orders-token-value"),
        "{yaml}"
    );

    // Stdout without -o: the same file.
    let out = run
        .s247()
        .args(["monitors", "export"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(text(&out.stdout), yaml);

    let before = run.stats();
    run.s247()
        .env("MONITOR_ADMIN_CONSOLE_PASSWORD", "admin-password-value")
        .env(
            "MONITOR_ORDERS_API_AUTHORIZATION",
            "Bearer orders-token-value",
        )
        .args([
            "monitors",
            "plan",
            "-f",
            exported.to_str().unwrap(),
            "--detailed-exitcode",
            "--prune",
        ])
        .assert()
        .code(0)
        .stdout("[]\n");
    assert_eq!(writes(&since(&before, &run.stats())), 0);
}

#[test]
fn export_of_the_seed_account_plans_zero_changes_and_filters_narrow_it() {
    let run = Run::new();
    let out = run
        .s247()
        .args(["monitors", "export", "--groups", "Backend"])
        .assert()
        .success()
        .get_output()
        .clone();
    let yaml = text(&out.stdout);
    assert!(
        yaml.contains("name: API") && yaml.contains("name: Gateway"),
        "{yaml}"
    );
    assert!(!yaml.contains("name: Homepage"), "{yaml}");
    assert!(
        yaml.contains("- name: Backend") && !yaml.contains("- name: Web"),
        "{yaml}"
    );

    let out = run
        .s247()
        .args(["monitors", "export", "--tags", "team:web"])
        .assert()
        .success()
        .get_output()
        .clone();
    let yaml = text(&out.stdout);
    assert!(
        yaml.contains("name: Homepage") && yaml.contains("name: Checkout"),
        "{yaml}"
    );
    assert!(!yaml.contains("name: Gateway"), "{yaml}");

    let all = run
        .s247()
        .args(["monitors", "export"])
        .assert()
        .success()
        .get_output()
        .clone();
    let file = run.file("seed.yaml", &text(&all.stdout));
    run.s247()
        .args(["monitors", "plan", "-f", &file, "--detailed-exitcode"])
        .assert()
        .code(0);

    let out = run
        .s247()
        .args(["monitors", "export", "--groups", "Nope"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(text(&out.stderr).contains("--groups: unknown monitor group `Nope`"));
}

//! Team plans on a real PostgreSQL server: every command that reads a PLAN
//! gives the same result on `postgres://...?plan=NAME` as on the same plan
//! in a file; import and export carry plans between the two.

use trainyard_pgtest::server;
use trainyard_tests::{example, trainyard, TempPlan};

/// A database with the team schema (made with `trainyard team init`), alice
/// a coordinator, vera a viewer; returns (database, admin url).
fn team_db(hint: &str) -> (String, String) {
    let s = server();
    let db = s.database(hint);
    let admin = s.url("postgres", &db, None);
    trainyard(&["team", "init", &admin]).expect_code(0);
    let again = trainyard(&["team", "init", &admin]);
    again.expect_code(0);
    assert!(
        again.stdout.contains("already has the team schema"),
        "{}",
        again.stdout
    );
    for (login, role) in [("alice", "coordinator"), ("vera", "viewer")] {
        s.login(login);
        trainyard(&["team", "grant", &admin, login, "--role", role]).expect_code(0);
    }
    (db, admin)
}

fn url(db: &str, login: &str, plan: &str) -> String {
    server().url(login, db, Some(plan))
}

#[test]
fn every_reading_command_gives_the_same_answer_on_a_team_plan_as_on_the_file() {
    let (db, _) = team_db("same");
    let file = example("payments-q1.json");
    let file = file.to_str().unwrap();
    let alice = url(&db, "alice", "q1");
    let published = trainyard(&["import", file, "--to", &alice]);
    published.expect_code(0);
    assert!(
        published.stdout.contains("published"),
        "{}",
        published.stdout
    );
    let vera = url(&db, "vera", "q1");

    let cases: Vec<Vec<&str>> = vec![
        vec!["check", "PLAN", "--format", "json"],
        vec!["check", "PLAN"],
        vec![
            "expand",
            "PLAN",
            "--from",
            "2027-01-01T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00Z",
            "--format",
            "json",
        ],
        vec!["suggest", "PLAN", "--deployment", "d1", "--format", "json"],
        vec![
            "gate",
            "PLAN",
            "--service",
            "ledger",
            "--environment",
            "prod",
            "--at",
            "2027-01-06T09:00:00Z",
            "--duration",
            "PT1H",
            "--format",
            "json",
        ],
        vec!["risk", "PLAN", "--release", "r1", "--format", "json"],
        vec![
            "export-ics",
            "PLAN",
            "--generated-at",
            "2027-01-01T00:00:00Z",
            "-o",
            "-",
        ],
        vec!["export-csv", "PLAN", "-o", "-"],
        vec!["export-csv", "PLAN", "--conflicts", "-o", "-"],
    ];
    for case in cases {
        let on = |plan: &str| {
            let args: Vec<&str> = case
                .iter()
                .map(|a| if *a == "PLAN" { plan } else { a })
                .collect();
            trainyard(&args)
        };
        let (a, b) = (on(file), on(&vera));
        assert_eq!(a.code, b.code, "{case:?}\n{}\n{}", a.stderr, b.stderr);
        assert_eq!(a.stdout, b.stdout, "{case:?}");
    }
    // The JSON export is byte-identical to the file's.
    let from_file = std::fs::read_to_string(file).unwrap();
    let exported = trainyard(&["export", &vera, "--to", "-"]);
    exported.expect_code(0);
    let canonical = trainyard(&["check", file]);
    canonical.expect_code(1);
    let t = TempPlan::new(&from_file);
    let store = t.dir().join("p.trainyard");
    trainyard(&["import", file, "--to", store.to_str().unwrap()]).expect_code(0);
    let file_export = trainyard(&["export", store.to_str().unwrap(), "--to", "-"]);
    assert_eq!(exported.stdout, file_export.stdout);
    // The summary report reads it too.
    let pdf = t.dir().join("s.pdf");
    trainyard(&["report", "summary", &vera, "-o", pdf.to_str().unwrap()]).expect_code(0);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // And the audit trail verifies on the server.
    let v = trainyard(&["audit", "verify", &vera, "--format", "json"]);
    v.expect_code(0);
    assert_eq!(v.json()["ok"], true);
}

#[test]
fn a_store_travels_to_the_server_and_back_with_its_history() {
    let (db, _) = team_db("travel");
    let t = TempPlan::new("");
    let store = t.dir().join("p.trainyard");
    let store = store.to_str().unwrap();
    trainyard(&[
        "import",
        example("payments-q1.json").to_str().unwrap(),
        "--to",
        store,
    ])
    .expect_code(0);
    let ics = t.dir().join("h.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:h1\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    trainyard(&[
        "import-ics",
        store,
        ics.to_str().unwrap(),
        "--kind",
        "blackout",
    ])
    .expect_code(0);

    let alice = url(&db, "alice", "travel");
    trainyard(&["import", store, "--to", &alice]).expect_code(0);
    let again = trainyard(&["import", store, "--to", &alice]);
    again.expect_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    // An edit on the server: import-ics as alice, recorded under her login.
    let ics2 = t.dir().join("h2.ics");
    std::fs::write(
        &ics2,
        std::fs::read_to_string(&ics)
            .unwrap()
            .replace("h1", "h2")
            .replace("20270301", "20270401")
            .replace("20270302", "20270402"),
    )
    .unwrap();
    trainyard(&[
        "import-ics",
        &alice,
        ics2.to_str().unwrap(),
        "--kind",
        "blackout",
        "--prefix",
        "b2-",
    ])
    .expect_code(0);

    let back = t.dir().join("back.trainyard");
    let copied = trainyard(&["export", &alice, "--to", back.to_str().unwrap()]);
    copied.expect_code(0);
    let v = trainyard(&[
        "audit",
        "verify",
        back.to_str().unwrap(),
        "--format",
        "json",
    ]);
    v.expect_code(0);
    assert_eq!(
        v.json()["entries"],
        4,
        "import, import-ics, publish, import-ics"
    );
    let server_json = trainyard(&["export", &alice, "--to", "-"]);
    let copy_json = trainyard(&["export", back.to_str().unwrap(), "--to", "-"]);
    assert_eq!(server_json.stdout, copy_json.stdout);
    assert!(server_json.stdout.contains("b2-"));
}

#[test]
fn a_viewer_cannot_change_the_plan_and_bad_addresses_name_the_part() {
    let (db, _) = team_db("viewer");
    let alice = url(&db, "alice", "v");
    trainyard(&[
        "import",
        example("payments-q1.json").to_str().unwrap(),
        "--to",
        &alice,
    ])
    .expect_code(0);
    let t = TempPlan::new("");
    let ics = t.dir().join("h.ics");
    std::fs::write(&ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:h1\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270301\r\nSUMMARY:H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").unwrap();
    let r = trainyard(&[
        "import-ics",
        &url(&db, "vera", "v"),
        ics.to_str().unwrap(),
        "--kind",
        "blackout",
    ]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("read-only")
            || r.stderr.contains("cannot be written")
            || r.stderr.contains("not allowed"),
        "{}",
        r.stderr
    );

    let bad = trainyard(&[
        "check",
        &format!("{}&sslmode=sometimes", url(&db, "vera", "v")),
    ]);
    bad.expect_code(2);
    assert!(
        bad.stderr.contains("sslmode \"sometimes\""),
        "{}",
        bad.stderr
    );
    let none = trainyard(&["check", &url(&db, "vera", "missing")]);
    none.expect_code(2);
    assert!(none.stderr.contains("does not exist"), "{}", none.stderr);
    let grant = trainyard(&[
        "team",
        "grant",
        &server().url("postgres", &db, None),
        "ghost",
        "--role",
        "viewer",
    ]);
    grant.expect_code(2);
    assert!(
        grant.stderr.contains("no database login \"ghost\""),
        "{}",
        grant.stderr
    );
    let role = trainyard(&[
        "team",
        "grant",
        &server().url("postgres", &db, None),
        "alice",
        "--role",
        "boss",
    ]);
    role.expect_code(2);
    assert!(role.stderr.contains("'--role'"), "{}", role.stderr);
}

#[test]
fn the_gate_says_no_with_exit_2_when_the_server_cannot_be_reached() {
    // A port where nothing listens: the socket folder of the test server, another port.
    let s = server();
    let url = format!(
        "postgres://alice@/x?host={}&port=1&plan=p&connect_timeout=2",
        s.socket.display()
    );
    let r = trainyard(&[
        "gate",
        &url,
        "--service",
        "ledger",
        "--environment",
        "prod",
        "--at",
        "2027-01-06T09:00:00Z",
        "--duration",
        "PT1H",
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("cannot reach the server"), "{}", r.stderr);
    assert!(!r.stdout.contains("allowed"), "{}", r.stdout);
    let j = trainyard(&[
        "gate",
        &url,
        "--service",
        "ledger",
        "--environment",
        "prod",
        "--at",
        "2027-01-06T09:00:00Z",
        "--duration",
        "PT1H",
        "--format",
        "json",
    ]);
    j.expect_code(2);
    assert!(j.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot reach the server"));
}

#[test]
fn record_on_a_team_plan_is_one_edit_under_the_login_and_a_viewer_is_refused() {
    let (db, _) = team_db("record");
    let alice = url(&db, "alice", "rec");
    trainyard(&[
        "import",
        example("overrun.json").to_str().unwrap(),
        "--to",
        &alice,
    ])
    .expect_code(0);
    let outcome = [
        "--deployment",
        "d-api-prod",
        "--started",
        "2027-02-03T09:01:00Z",
        "--finished",
        "2027-02-03T09:50:00Z",
        "--result",
        "succeeded",
    ];
    let mut args = vec!["record", alice.as_str()];
    args.extend(outcome);
    trainyard(&args).expect_code(0);
    // The pipeline retries: nothing new is written.
    let again = trainyard(&args);
    again.expect_code(0);
    let v = trainyard(&["audit", "verify", &alice, "--format", "json"]);
    v.expect_code(0);
    assert_eq!(v.json()["entries"], 2, "import and one record");
    let exported = trainyard(&["export", &alice, "--to", "-"]);
    let plan: serde_json::Value = serde_json::from_str(&exported.stdout).unwrap();
    let d = plan["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "d-api-prod")
        .unwrap();
    assert_eq!(d["outcome"]["result"], "succeeded", "{d}");
    // A viewer may read the outcome but not record one.
    let vera = url(&db, "vera", "rec");
    let mut args = vec!["record", vera.as_str()];
    args.extend(
        outcome
            .iter()
            .map(|a| if *a == "succeeded" { "failed" } else { a }),
    );
    let refused = trainyard(&args);
    assert_ne!(refused.code, 0, "{}", refused.stdout);
    let m = trainyard(&[
        "metrics",
        &vera,
        "--from",
        "2027-02-01T00:00:00Z",
        "--to",
        "2027-02-08T00:00:00Z",
        "--format",
        "json",
    ]);
    m.expect_code(0);
    assert_eq!(m.json()["overall"]["deployments"], 3);

    // A gate decision recorded on the server names the login; a viewer's
    // cannot be recorded, which is no answer (exit 2), never "allowed".
    let gate = |plan: &str| {
        trainyard(&[
            "gate",
            plan,
            "--service",
            "api",
            "--environment",
            "prod",
            "--at",
            "2027-03-01T09:00:00Z",
            "--duration",
            "PT30M",
            "--record",
        ])
    };
    let recorded = gate(&alice);
    assert!(
        recorded.code == 0 || recorded.code == 1,
        "{}",
        recorded.stderr
    );
    assert!(
        recorded.stderr.contains("recorded in the audit trail"),
        "{}",
        recorded.stderr
    );
    let v = trainyard(&["audit", "verify", &alice, "--format", "json"]);
    assert_eq!(v.json()["entries"], 3, "import, record, gate");
    let refused = gate(&vera);
    refused.expect_code(2);
    assert!(
        refused.stderr.contains("cannot record the decision"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stdout.contains("allowed"), "{}", refused.stdout);

    // A pipeline's own login records outcomes and gate decisions, and can
    // do nothing else.
    let (s, admin) = (server(), server().url("postgres", &db, None));
    s.login("pia");
    trainyard(&["team", "grant", &admin, "pia", "--role", "pipeline"]).expect_code(0);
    let pia = url(&db, "pia", "rec");
    let mut args = vec!["record", pia.as_str()];
    args.extend(
        outcome
            .iter()
            .map(|a| if *a == "succeeded" { "rolled_back" } else { a }),
    );
    trainyard(&args).expect_code(0);
    let by_pia = gate(&pia);
    assert!(by_pia.code == 0 || by_pia.code == 1, "{}", by_pia.stderr);
    let log = trainyard(&["audit", "verify", &alice, "--format", "json"]);
    assert_eq!(log.json()["entries"], 5, "and pia's record and gate");
    let wrong = trainyard(&[
        "import",
        example("overrun.json").to_str().unwrap(),
        "--to",
        &url(&db, "pia", "other"),
    ]);
    assert_ne!(
        wrong.code, 0,
        "a pipeline may not publish a plan: {}",
        wrong.stdout
    );
}

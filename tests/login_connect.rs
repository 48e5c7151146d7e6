//! `auth::connect`, the library entry the other commands use: resume the
//! stored session, renew once and persist, env credentials, clear errors.
//! One test function: it sets VTELINK_CONFIG_DIR for this process.

#[path = "common/auth_helpers.rs"]
mod helpers;

use helpers::{
    Home, assert_success, login_insecure, password_of, sim, small_config, stored_secrets,
};
use serde_json::json;
use vtelink::auth::{AuthError, ConnectOptions, EnvCredentials, connect};
use vtelink::redact::Secret;

fn stored_session(home: &Home) -> String {
    stored_secrets(home)["session_name"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_resumes_renews_and_persists() {
    let server = sim(small_config()).await;
    let home = Home::new("lib");
    // SAFETY (edition 2024 `set_var`): the only test in this binary, set before any thread reads it.
    unsafe { std::env::set_var("VTELINK_CONFIG_DIR", home.config_dir()) };
    let opts = ConnectOptions {
        profile: home.profile.clone(),
        url: None,
        env: None,
        allow_unsupported_version: false,
        call_timeout: None,
    };

    match connect(&opts).await {
        Err(vtelink::Error::Auth(AuthError::NotLoggedIn { profile })) => {
            assert_eq!(profile, home.profile)
        }
        Err(other) => panic!("expected NotLoggedIn, got {other}"),
        Ok(_) => panic!("expected NotLoggedIn, got a connection"),
    }

    let password = password_of(&server, "admin");
    let out = login_insecure(&home, server.url(), "admin", format!("{password}\n"));
    assert_success(&out);
    let first_session = stored_session(&home);

    // Resuming costs no request.
    let conn = connect(&opts).await.unwrap();
    assert_eq!(conn.client().request_count(), 0);
    assert_eq!(conn.session().session_name.expose(), first_session);
    conn.listtypes().await.unwrap();

    // Lost session: renewed once, retried, and the new one saved.
    server.admin(&json!({"action": "expire_sessions"})).unwrap();
    conn.listtypes().await.unwrap();
    let renewed = conn.session().session_name.expose().to_owned();
    assert_ne!(renewed, first_session);
    assert_eq!(stored_session(&home), renewed);

    // --url of another CRM is refused.
    let other = ConnectOptions {
        url: Some("https://other.example.com".into()),
        ..opts.clone()
    };
    assert!(matches!(
        connect(&other).await,
        Err(vtelink::Error::Auth(AuthError::WrongCrm { .. }))
    ));

    // Env credentials win over the profile and store nothing.
    let env = ConnectOptions {
        env: Some(EnvCredentials {
            url: Some(server.url().to_owned()),
            user: Some("restricted".into()),
            access_key: Secret::new(server.user("restricted").unwrap().access_key.clone()),
        }),
        ..opts.clone()
    };
    let conn = connect(&env).await.unwrap();
    assert_eq!(
        conn.session().user_id,
        server.user("restricted").unwrap().user_id
    );
    assert_eq!(stored_session(&home), renewed);
}

//! TLS against a private CA: vtesim behind a TLS front whose certificate is
//! issued by a throwaway CA (made with the `openssl` CLI; skipped without it).
//! Without `--ca-cert` the login fails with exit 7; with it, it works and the
//! CA is remembered in the profile.

#[path = "common/certs.rs"]
mod certs;
#[path = "common/auth_helpers.rs"]
mod helpers;

use std::path::Path;
use std::sync::Arc;

use helpers::{
    Home, assert_success, error_lines, insecure_login_cmd, login_insecure, password_of, sim,
    small_config, status_json, stderr_of,
};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A TLS front on a free loopback port that forwards to `backend` (host:port).
async fn tls_front(dir: &Path, backend: String) -> String {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let backend = backend.clone();
            tokio::spawn(async move {
                // A client that refuses our certificate ends the handshake: fine.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let Ok(mut upstream) = tokio::net::TcpStream::connect(&backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut upstream).await;
            });
        }
    });
    format!("https://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_ca_needs_ca_cert() {
    let home = Home::new("tls-ca");
    let certs = home.config_dir().join("certs");
    std::fs::create_dir_all(&certs).unwrap();
    if !certs::make_certificates(&certs) {
        eprintln!(
            "SKIPPED private_ca_needs_ca_cert: the `openssl` CLI is missing or failed (install the openssl package)"
        );
        return;
    }
    let server = sim(small_config()).await;
    let url = tls_front(
        &certs,
        server.url().trim_start_matches("http://").to_owned(),
    )
    .await;
    let password = password_of(&server, "admin");

    let out = login_insecure(&home, &url, "admin", format!("{password}\n"));
    assert_eq!(out.status.code(), Some(7), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert_eq!(error_lines(&out).len(), 1, "{stderr}");
    assert!(stderr.to_lowercase().contains("certificate"), "{stderr}");
    assert!(stderr.contains("--ca-cert"), "{stderr}");

    let out = insecure_login_cmd(&home, &url, "admin")
        .arg("--ca-cert")
        .arg(certs.join("ca.pem"))
        .write_stdin(format!("{password}\n"))
        .output()
        .unwrap();
    assert_success(&out);
    let config = std::fs::read_to_string(home.config_file()).unwrap();
    assert!(config.contains("ca.pem"), "CA remembered: {config}");

    // Later commands use the remembered CA.
    assert_eq!(status_json(&home)["session"], "valid");
}

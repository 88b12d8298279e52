//! TLS handshakes for the checks, with a verifier that accepts any certificate: the chain
//! the server presents is judged afterwards by `check_chain`, so an expired or wrong-host
//! certificate is reported as exactly that rather than as a failed handshake.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};
use std::net::TcpStream;
use std::sync::Arc;

/// A TLS session over the TCP stream, whose timeouts bound every read and write.
pub type Tls = StreamOwned<ClientConnection, TcpStream>;

#[derive(Debug)]
struct AcceptAny(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    // The signatures are still checked: the server must hold the key of what it presents.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Why a handshake did not complete, in the words of the TLS library or the system; a
/// finding carries it as a value beside its own catalogue text.
#[derive(Debug, thiserror::Error)]
pub enum HandshakeError {
    #[error("{0}")]
    Tls(#[from] rustls::Error),
    #[error("{0}")]
    Name(#[from] rustls::pki_types::InvalidDnsNameError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn config() -> Result<Arc<ClientConfig>, HandshakeError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAny(provider)))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Completes a TLS handshake over `stream`, naming `host` (SNI); the error in words.
pub fn handshake(stream: TcpStream, host: &str) -> Result<Tls, HandshakeError> {
    let name = ServerName::try_from(host.to_string())?;
    let mut conn = ClientConnection::new(config()?, name)?;
    let mut stream = stream;
    while conn.is_handshaking() {
        let (read, written) = conn.complete_io(&mut stream)?;
        if read == 0 && written == 0 && conn.is_handshaking() {
            return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof).into());
        }
    }
    Ok(StreamOwned::new(conn, stream))
}

/// The certificates the server presented, as PEM text.
pub fn presented_pem(tls: &Tls) -> String {
    tls.conn
        .peer_certificates()
        .unwrap_or_default()
        .iter()
        .map(|der| pem(der.as_ref()))
        .collect()
}

fn pem(der: &[u8]) -> String {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    // PEM lines are 64 characters; base64 is ASCII, so byte chunks are whole characters.
    for line in text.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

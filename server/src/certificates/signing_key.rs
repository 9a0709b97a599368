//! The server's Ed25519 key, which signs the Open Badges credentials (issue 16).
//!
//! The key is made on the first start and kept in the database (table `signing_keys`), so that
//! every server of a deployment signs with the same key and a restart never changes it; or it is
//! read from a file the operator names (64 hexadecimal characters: the 32-byte secret key), for
//! those who keep keys apart from data. The secret never leaves this type: nothing prints it, and
//! the public key is what the issuer's profile and key set publish.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use ed25519_dalek::{Signer, SigningKey};

use crate::storage::Storage;

/// The name the key is stored under in the database.
pub const KEY_NAME: &str = "open-badges";

/// The multicodec prefix of an Ed25519 public key (code 0xed as an unsigned varint), which a
/// Multikey's `publicKeyMultibase` starts with.
pub const ED25519_PUBLIC_KEY_PREFIX: [u8; 2] = [0xed, 0x01];

/// Signs the Open Badges credentials.
pub struct BadgeSigner {
    key: SigningKey,
}

impl BadgeSigner {
    /// The server's key: from `key_file` if one is named, else from the database (made and stored
    /// there on the first start). The error says which file or which row is wrong, never the key.
    pub async fn load(storage: &Storage, key_file: &str) -> Result<BadgeSigner, String> {
        if key_file.is_empty() {
            let mut fresh = [0u8; 32];
            OsRng.fill_bytes(&mut fresh);
            let stored = storage
                .signing_key_hex(KEY_NAME, &to_hex(&fresh))
                .await
                .map_err(|error| {
                    format!(
                        "cannot read or store the Open Badges signing key in the database: {error}"
                    )
                })?;
            let secret = parse_secret(&stored).ok_or_else(|| {
                format!(
                    "the Open Badges signing key in the database (table signing_keys, name \
                     `{KEY_NAME}`) is not 64 hexadecimal characters"
                )
            })?;
            Ok(BadgeSigner::from_secret(secret))
        } else {
            let text = std::fs::read_to_string(key_file).map_err(|error| {
                format!("cannot read the Open Badges signing key file {key_file}: {error}")
            })?;
            let secret = parse_secret(text.trim()).ok_or_else(|| {
                format!(
                    "the Open Badges signing key file {key_file} must hold one Ed25519 secret \
                     key written as 64 hexadecimal characters, and nothing else"
                )
            })?;
            Ok(BadgeSigner::from_secret(secret))
        }
    }

    /// A signer with a given secret key (tests, and the file and database above).
    pub fn from_secret(bytes: [u8; 32]) -> BadgeSigner {
        BadgeSigner {
            key: SigningKey::from_bytes(&bytes),
        }
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The public key as a Multikey writes it: `z` (base58btc) and the base58 of the Ed25519
    /// multicodec prefix followed by the key.
    pub fn public_key_multibase(&self) -> String {
        let mut bytes = Vec::with_capacity(34);
        bytes.extend_from_slice(&ED25519_PUBLIC_KEY_PREFIX);
        bytes.extend_from_slice(&self.public_key());
        format!("z{}", bs58::encode(bytes).into_string())
    }

    /// The Ed25519 signature of `message` (pure EdDSA, deterministic).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

impl std::fmt::Debug for BadgeSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BadgeSigner")
            .field("public_key", &self.public_key_multibase())
            .finish_non_exhaustive()
    }
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// A 32-byte secret key written as exactly 64 hexadecimal characters (either case).
fn parse_secret(text: &str) -> Option<[u8; 32]> {
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut secret = [0u8; 32];
    for (byte, pair) in secret.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
    }
    Some(secret)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of the test vectors of W3C's Data Integrity EdDSA Cryptosuites v1.0 (appendix B):
    /// its `secretKeyMultibase` without the multicodec prefix 0x8026.
    const SPEC_SECRET: &str = "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6";

    fn spec_signer() -> BadgeSigner {
        BadgeSigner::from_secret(parse_secret(SPEC_SECRET).unwrap())
    }

    fn bytes_of(hex: &str) -> Vec<u8> {
        hex.as_bytes()
            .chunks_exact(2)
            .map(|pair| (hex_value(pair[0]).unwrap() << 4) | hex_value(pair[1]).unwrap())
            .collect()
    }

    #[test]
    fn publishes_the_specs_multikey_and_signs_its_vector() {
        let signer = spec_signer();
        assert_eq!(
            signer.public_key_multibase(),
            "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
        );
        // Example 36 (the two hashes joined) and example 37 (its signature).
        let hash_data = bytes_of(
            "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db\
             59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19",
        );
        let signature = bytes_of(
            "407cd12654b33d718ecbb99179a1506daaa849450bf3fc523cce3e1c96f8b803\
             51da3f253d725c6f00b07c9e5448d50b3ef78012b9ab54255116d069c6dd2808",
        );
        assert_eq!(signer.sign(&hash_data).to_vec(), signature);
    }

    #[test]
    fn reads_only_64_hexadecimal_characters() {
        assert_eq!(parse_secret(&"Ab".repeat(32)), Some([0xab; 32]));
        assert_eq!(to_hex(&[0xab; 32]), "ab".repeat(32));
        assert_eq!(parse_secret(&"ab".repeat(31)), None);
        assert_eq!(parse_secret(&"ab".repeat(33)), None);
        assert_eq!(parse_secret(&format!("{}g", "a".repeat(63))), None);
        assert_eq!(parse_secret(&format!("{}é", "a".repeat(62))), None);
    }

    #[test]
    fn never_prints_the_secret() {
        let printed = format!("{:?}", spec_signer());
        assert!(printed.contains("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"));
        assert!(!printed.to_lowercase().contains(&SPEC_SECRET[..16]));
    }

    async fn storage(dir: &tempfile::TempDir) -> Storage {
        let url = format!("sqlite://{}/keys.sqlite", dir.path().display());
        Storage::open(&url).await.unwrap()
    }

    #[tokio::test]
    async fn makes_one_key_in_the_database_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage(&dir).await;
        let first = BadgeSigner::load(&storage, "").await.unwrap();
        let again = BadgeSigner::load(&storage, "").await.unwrap();
        assert_eq!(first.public_key(), again.public_key());
    }

    #[tokio::test]
    async fn reads_a_key_file_and_names_it_when_it_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let storage = storage(&dir).await;
        let path = dir.path().join("badge-key.hex");
        let path_text = path.display().to_string();
        std::fs::write(&path, format!("  {SPEC_SECRET}\n")).unwrap();
        let signer = BadgeSigner::load(&storage, &path_text).await.unwrap();
        assert_eq!(signer.public_key(), spec_signer().public_key());

        std::fs::write(&path, "not a key\n").unwrap();
        let error = BadgeSigner::load(&storage, &path_text).await.unwrap_err();
        assert!(error.contains(&path_text), "{error}");

        let missing = dir.path().join("missing.hex").display().to_string();
        let error = BadgeSigner::load(&storage, &missing).await.unwrap_err();
        assert!(error.contains(&missing), "{error}");
    }
}

//! Certificates' verifiable side (issue 16): the server's signing key, the Open Badges 3.0
//! credential it signs, the QR code of a certificate's verification address, and the issuer's
//! published key. Issuing and revoking are in `offerings`.

pub mod badge;
mod canonical_json;
pub mod qr;
pub mod signing_key;
mod well_known;

pub use signing_key::BadgeSigner;
pub use well_known::routes;

//! Who is on the other end of a request, for the limits: the TCP peer, or behind a trusted proxy
//! the client the proxy names, reduced to the network a person controls (an IPv4 address, or the
//! /64 an IPv6 host is given).
//!
//! `X-Forwarded-For` and `Forwarded` are honoured only when the peer is one of the
//! `TRUSTED_PROXIES`: anyone else could write them to get a fresh address for every guess. The
//! list is read from the right, skipping trusted proxies, so that a client cannot prepend a
//! made-up address either.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::http_error::HttpError;

/// One `address/prefix` range (a lone address is a range of one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    address: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address
            .parse()
            .map_err(|_| format!("`{text}` is not an IP address or CIDR range"))?;
        let longest = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= longest)
                .ok_or_else(|| format!("`{text}` has a prefix length outside 0–{longest}"))?,
            None => longest,
        };
        Ok(Cidr { address, prefix })
    }
}

fn bits(address: IpAddr) -> (u128, u8) {
    match address {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    }
}

impl Cidr {
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = unmapped(address);
        let ((range, width), (candidate, candidate_width)) = (bits(self.address), bits(address));
        if width != candidate_width {
            return false;
        }
        let shift = u32::from(width - self.prefix);
        if shift >= 128 {
            return true;
        }
        (range >> shift) == (candidate >> shift)
    }
}

/// The proxies whose forwarding headers are believed (`TRUSTED_PROXIES`, comma-separated).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(text: &str) -> Result<TrustedProxies, String> {
        text.split(',')
            .filter(|part| !part.trim().is_empty())
            .map(Cidr::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }
}

impl TrustedProxies {
    pub fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(address))
    }

    /// The client's address: the peer, or when the peer is trusted, the right-most address of the
    /// forwarding chain that is not itself a trusted proxy.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return unmapped(peer);
        }
        let chain = forwarded_chain(headers);
        let mut client = unmapped(peer);
        for hop in chain.iter().rev() {
            client = unmapped(*hop);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// The addresses a request passed through, first client first, from `X-Forwarded-For` or else
/// `Forwarded` (`for=` parameters). A chain with anything unreadable is ignored entirely: a
/// garbled header must not let a client choose where it is counted.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    let joined = |name: &str| {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    if let Some(list) = joined("x-forwarded-for") {
        return list
            .split(',')
            .map(|hop| hop.trim().parse::<IpAddr>())
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_default();
    }
    if let Some(list) = joined("forwarded") {
        let hops: Option<Vec<IpAddr>> = list
            .split(',')
            .map(|element| {
                let value = element.split(';').find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.eq_ignore_ascii_case("for").then_some(value)
                })?;
                let value = value.trim_matches('"');
                let value = value
                    .strip_prefix('[')
                    .and_then(|v| v.split_once(']').map(|(ip, _)| ip))
                    .unwrap_or_else(|| value.split(':').next().unwrap_or(value));
                value.parse().ok()
            })
            .collect();
        return hops.unwrap_or_default();
    }
    Vec::new()
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn unmapped(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// What the limits count a client as: an IPv4 address, or the /64 of an IPv6 address (one host
/// is usually given a whole /64, so counting single IPv6 addresses would give it 2^64 fresh
/// starts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network(IpAddr);

impl Network {
    pub fn of(address: IpAddr) -> Network {
        match unmapped(address) {
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                Network(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
            v4 => Network(v4),
        }
    }

    #[cfg(test)]
    pub fn parse_for_test(text: &str) -> Network {
        Network::of(text.parse().unwrap())
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
            v4 => write!(f, "{v4}"),
        }
    }
}

/// The request's client as an extractor: the address (for the log) and its network (for limits).
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress {
    pub address: IpAddr,
    pub network: Network,
}

impl<S> FromRequestParts<S> for ClientAddress
where
    Arc<TrustedProxies>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([127, 0, 0, 1]), |info| info.0.ip());
        let trusted = Arc::<TrustedProxies>::from_ref(state);
        let address = trusted.client_of(peer, &parts.headers);
        Ok(ClientAddress {
            address,
            network: Network::of(address),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn ranges_parse_and_match() {
        let proxies: TrustedProxies = "10.0.0.0/8, 192.168.1.5, fd00::/8".parse().unwrap();
        assert!(proxies.trusts(ip("10.20.30.40")));
        assert!(proxies.trusts(ip("192.168.1.5")));
        assert!(!proxies.trusts(ip("192.168.1.6")));
        assert!(proxies.trusts(ip("fd12::1")));
        assert!(proxies.trusts(ip("::ffff:10.1.1.1")));
        assert!(!proxies.trusts(ip("11.0.0.1")));
        assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains(ip("8.8.8.8")));
        for bad in ["10.0.0.0/33", "nonsense", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
        assert_eq!(
            "".parse::<TrustedProxies>().unwrap(),
            TrustedProxies::default()
        );
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let proxies: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let forwarded = headers("x-forwarded-for", "6.6.6.6, 1.2.3.4, 10.0.0.7");
        // From the proxy: the right-most untrusted hop is the client (6.6.6.6 could be made up).
        assert_eq!(proxies.client_of(ip("10.0.0.1"), &forwarded), ip("1.2.3.4"));
        // From anyone else the header is ignored.
        assert_eq!(proxies.client_of(ip("5.5.5.5"), &forwarded), ip("5.5.5.5"));
        // The standard header, with a port and an IPv6 address.
        let standard = headers("forwarded", "for=\"[2001:db8::1]:4711\";proto=https");
        assert_eq!(
            proxies.client_of(ip("10.0.0.1"), &standard),
            ip("2001:db8::1")
        );
        let with_port = headers("forwarded", "for=7.7.7.7:1234, for=10.0.0.9");
        assert_eq!(proxies.client_of(ip("10.0.0.1"), &with_port), ip("7.7.7.7"));
        // A garbled chain counts as the proxy itself, never as an address the client chose.
        let garbled = headers("x-forwarded-for", "1.2.3.4, not-an-address");
        assert_eq!(proxies.client_of(ip("10.0.0.1"), &garbled), ip("10.0.0.1"));
    }

    #[test]
    fn ipv6_hosts_count_by_their_slash_64() {
        let one = Network::of(ip("2001:db8:1:2:aaaa::1"));
        let same = Network::of(ip("2001:db8:1:2:ffff::9"));
        let other = Network::of(ip("2001:db8:1:3::1"));
        assert_eq!(one, same);
        assert_ne!(one, other);
        assert_eq!(one.to_string(), "2001:db8:1:2::/64");
        assert_eq!(Network::of(ip("::ffff:1.2.3.4")).to_string(), "1.2.3.4");
    }
}

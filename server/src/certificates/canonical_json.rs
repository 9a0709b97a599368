//! The JSON Canonicalization Scheme (JCS, RFC 8785): the one byte sequence a JSON value is signed
//! as, whatever order and spacing a copy of it was written with.
//!
//! Object members are sorted by their names' UTF-16 code units (not by UTF-8 bytes or code
//! points: the two differ for characters above U+FFFF), with no whitespace anywhere. Strings are
//! written as ECMAScript's `JSON.stringify` writes them: only `"`, `\` and the control characters
//! below U+0020 are escaped (as `\b \f \n \r \t`, the others as `\u00xx` in lowercase hex), every
//! other character as its UTF-8 bytes. Numbers are written as ECMAScript writes a double: the
//! shortest digits that read back as the same double, in plain notation from 1e-6 up to 1e21 and
//! in exponent notation (`1e+21`, `1e-7`) outside it.
//!
//! The order of members in `serde_json::Map` is never relied on: it depends on a crate feature
//! (`preserve_order`) that another crate of the build could switch on.

use std::fmt::Write;

use serde_json::{Map, Number, Value};

/// The canonical form of `value`.
pub fn canonicalize(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

/// The canonical form of a JSON object given as its members.
pub fn canonicalize_object(members: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_object(members, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => write_number(number, out),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => write_object(members, out),
    }
}

fn write_object(members: &Map<String, Value>, out: &mut String) {
    let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
    sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    out.push('{');
    for (index, (name, item)) in sorted.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_string(name, out);
        out.push(':');
        write_value(item, out);
    }
    out.push('}');
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The largest integer up to which every integer is exactly a double (2^53).
const EXACT_INTEGERS: u64 = 1 << 53;

fn write_number(number: &Number, out: &mut String) {
    // Integers that are exactly doubles are written as they are; larger ones (and every float)
    // as the double they stand for, which is what ECMAScript would read and write.
    if let Some(integer) = number
        .as_i64()
        .filter(|integer| integer.unsigned_abs() <= EXACT_INTEGERS)
    {
        let _ = write!(out, "{integer}");
        return;
    }
    match number.as_f64() {
        Some(double) if double.is_finite() => write_double(double, out),
        // Not a value JSON can hold; ECMAScript writes `null` for it.
        _ => out.push_str("null"),
    }
}

/// ECMAScript's tie rule: when the double lies exactly halfway between two shortest digit
/// strings that both read back as it, the even one is written. Rust's formatter rounds such a
/// half up, so an odd last digit is checked against the double's exact decimal expansion.
fn even_on_a_tie(value: f64, digits: String, exponent: i32) -> String {
    let Some(last) = digits.bytes().last().filter(|d| (d - b'0') % 2 == 1) else {
        return digits;
    };
    let lower = format!("{}{}", &digits[..digits.len() - 1], (last - 1) as char);
    // Every finite double's decimal expansion ends within 800 significant digits.
    let exact = format!("{value:.800e}");
    let (exact_mantissa, exact_exponent) = exact.split_once('e').unwrap_or((exact.as_str(), "0"));
    let exact_digits: String = exact_mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let halfway = exact_exponent.parse::<i32>().ok() == Some(exponent)
        && exact_digits.starts_with(&lower)
        && exact_digits[lower.len()..].starts_with('5')
        && exact_digits[lower.len() + 1..].bytes().all(|d| d == b'0');
    let reads_back = format!("{}.{}e{exponent}", &lower[..1], &lower[1..])
        .trim_end_matches(".e0")
        .parse::<f64>()
        .is_ok_and(|read| read == value);
    if halfway && reads_back {
        lower
    } else {
        digits
    }
}

/// Writes a finite double as ECMAScript's Number::toString does (ECMA-262, 6.1.6.1.20).
fn write_double(value: f64, out: &mut String) {
    if value == 0.0 {
        // Both zeros are written `0`.
        out.push('0');
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    // Rust writes the shortest digits that read back as the same double, as ECMAScript asks;
    // only their placement differs.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .unwrap_or((scientific.as_str(), "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = even_on_a_tie(value.abs(), digits, exponent);
    // The value is 0.DIGITS × 10^n, with k digits.
    let k = digits.len() as i32;
    let n = exponent + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.push_str(&"0".repeat((n - k) as usize));
    } else if 0 < n && n <= 21 {
        let (whole, fraction) = digits.split_at(n as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-n) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let power = n - 1;
        out.push('e');
        out.push(if power >= 0 { '+' } else { '-' });
        let _ = write!(out, "{}", power.abs());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn double(bits: u64) -> Value {
        Value::Number(Number::from_f64(f64::from_bits(bits)).unwrap())
    }

    #[test]
    fn sorts_members_by_utf16_code_units() {
        // RFC 8785, 3.2.3: the emoji (a surrogate pair, D83D DE00) sorts before U+FB33 in UTF-16,
        // though after it by code point.
        let value = json!({
            "\u{20ac}": "Euro Sign",
            "\r": "Carriage Return",
            "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\u{1f600}": "Emoji: Grinning Face",
            "\u{80}": "Control",
            "\u{f6}": "Latin Small Letter O With Diaeresis"
        });
        assert_eq!(
            canonicalize(&value),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
             \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\
             \"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    #[test]
    fn writes_the_rfc_example() {
        // RFC 8785, 3.2.2 (the numbers given as the doubles the example's text stands for).
        let value = json!({
            "numbers": [double(0x41b3_de43_5555_5555), 1e30, 4.5, 2e-3, 1e-27],
            "string": "\u{20ac}$\u{f}\nA'B\"\\\\\"/",
            "literals": [null, true, false]
        });
        assert_eq!(
            canonicalize(&value),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn escapes_only_quotes_backslashes_and_control_characters() {
        let value = json!("\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}\u{2028}</script>'&");
        assert_eq!(
            canonicalize(&value),
            "\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \u{7f}\u{2028}</script>'&\""
        );
    }

    #[test]
    fn nests_arrays_and_objects_without_whitespace() {
        let value = json!({
            "b": [[], {}, [1, [2, {"z": 0, "a": null, "A": "x"}]]],
            "a": {},
            "aa": [true]
        });
        assert_eq!(
            canonicalize(&value),
            r#"{"a":{},"aa":[true],"b":[[],{},[1,[2,{"A":"x","a":null,"z":0}]]]}"#
        );
        let Value::Object(members) = value else {
            unreachable!()
        };
        assert_eq!(
            canonicalize_object(&members),
            canonicalize(&Value::Object(members.clone()))
        );
    }

    #[test]
    fn writes_numbers_as_ecmascript_does() {
        // RFC 8785, appendix B, as IEEE 754 bit patterns.
        let cases: [(u64, &str); 23] = [
            (0x0000_0000_0000_0000, "0"),
            (0x8000_0000_0000_0000, "0"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            (0xffef_ffff_ffff_ffff, "-1.7976931348623157e+308"),
            (0x4340_0000_0000_0000, "9007199254740992"),
            (0xc340_0000_0000_0000, "-9007199254740992"),
            (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
            (0x44b5_2d02_c7e1_4af6, "1e+23"),
            (0x444b_1ae4_d6e2_ef4e, "999999999999999700000"),
            (0x444b_1ae4_d6e2_ef4f, "999999999999999900000"),
            (0x444b_1ae4_d6e2_ef50, "1e+21"),
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
            (0x41b3_de43_5555_5553, "333333333.3333332"),
            (0x41b3_de43_5555_5554, "333333333.33333325"),
            (0x41b3_de43_5555_5555, "333333333.3333333"),
            (0x41b3_de43_5555_5556, "333333333.3333334"),
            (0x41b3_de43_5555_5557, "333333333.33333343"),
            (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
            (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
        ];
        for (bits, expected) in cases {
            assert_eq!(canonicalize(&double(bits)), expected, "{bits:#018x}");
        }
    }

    #[test]
    fn writes_integers_beyond_two_to_the_53_as_the_doubles_they_become() {
        assert_eq!(
            canonicalize(&json!(9_007_199_254_740_992_u64)),
            "9007199254740992"
        );
        assert_eq!(canonicalize(&json!(-42)), "-42");
        assert_eq!(canonicalize(&json!(u64::MAX)), "18446744073709552000");
        assert_eq!(canonicalize(&json!(i64::MIN)), "-9223372036854776000");
        assert_eq!(canonicalize(&json!(3.0)), "3");
        assert_eq!(canonicalize(&json!(14.75)), "14.75");
    }
}

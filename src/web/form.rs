//! A strict reader for `application/x-www-form-urlencoded` bodies. Unlike a lenient decoder it
//! refuses malformed percent-escapes and bytes that are not UTF-8, so a broken request gets a
//! clear 400 instead of answers silently altered.

/// Why a form body could not be read, in words that finish "The form could not be read: ...".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("the form data has a broken %-escape")]
    BadPercentEscape,
    #[error("the form data is not valid UTF-8 text")]
    NotUtf8,
    #[error("the request body was cut short")]
    CutShort,
}

/// The (name, value) pairs of a form body, in the order sent. Empty pieces (`a=1&&b=2`) are skipped.
pub fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    body.split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (name, value) = match piece.iter().position(|&b| b == b'=') {
                Some(i) => (&piece[..i], &piece[i + 1..]),
                None => (piece, &[][..]),
            };
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn decode(raw: &[u8]) -> Result<String, FormError> {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3).ok_or(FormError::BadPercentEscape)?;
                let high = hex_value(hex[0]).ok_or(FormError::BadPercentEscape)?;
                let low = hex_value(hex[1]).ok_or(FormError::BadPercentEscape)?;
                bytes.push(high << 4 | low);
                i += 2;
            }
            b => bytes.push(b),
        }
        i += 1;
    }
    String::from_utf8(bytes).map_err(|_| FormError::NotUtf8)
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(body: &str) -> Vec<(String, String)> {
        parse_form(body.as_bytes()).unwrap()
    }

    #[test]
    fn repeated_names_keep_every_value_in_order() {
        assert_eq!(
            pairs("a=1&b=x+y&a=%32"),
            [("a", "1"), ("b", "x y"), ("a", "2")].map(|(n, v)| (n.to_string(), v.to_string()))
        );
    }

    #[test]
    fn empty_pieces_and_bare_names_are_read() {
        assert_eq!(
            pairs("&&a&b="),
            [("a".into(), "".into()), ("b".into(), "".into())]
        );
        assert!(pairs("").is_empty());
    }

    #[test]
    fn percent_escapes_decode_to_utf8() {
        assert_eq!(pairs("q=%C3%A9%26")[0].1, "é&");
    }

    #[test]
    fn broken_escapes_are_refused() {
        for body in ["a=%", "a=%4", "a=%zz", "%g1=b"] {
            assert_eq!(
                parse_form(body.as_bytes()),
                Err(FormError::BadPercentEscape),
                "{body}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        assert_eq!(parse_form(b"a=%FF"), Err(FormError::NotUtf8));
        assert_eq!(parse_form(b"a=\xff"), Err(FormError::NotUtf8));
    }
}

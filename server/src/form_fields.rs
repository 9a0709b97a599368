//! Reading the repeated-name forms that exercise and appraisal pages post (`Form<Vec<(String,
//! String)>>`, because their field names depend on the content), and the choice a form's
//! button names (`intent`, `action`) as an enum, whatever the form.

use axum::http::StatusCode;
use domain::ids::ClassId;
use serde::de::value::StrDeserializer;
use serde::de::DeserializeOwned;

use crate::http_error::HttpError;

/// The first value of the field `name`.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The class a form is posted for: `None` when `class_id` is empty (working alone), "not
/// found" when it is not a class number.
pub fn class_id(fields: &[(String, String)]) -> Result<Option<ClassId>, HttpError> {
    match field(fields, "class_id").filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| HttpError::NotFound),
    }
}

/// What a person hears when a form names a choice (its `intent` or `action`) that the server
/// does not know: a page older than the server, or a hand-made request.
pub const UNKNOWN_CHOICE: &str =
    "This form sent an action the server does not know; reload the page.";

/// The field `name` read as one of the values of `T`, an enum deserialized from its kebab-case
/// names (`#[serde(rename_all = "kebab-case")]`): `None` when the form has no such field, 400
/// with [`UNKNOWN_CHOICE`] when it has one that `T` does not name.
pub fn choice<T: DeserializeOwned>(
    fields: &[(String, String)],
    name: &str,
) -> Result<Option<T>, HttpError> {
    field(fields, name).map(parse_choice).transpose()
}

/// The field `name` read as one of the values of `T`, which the form must send: 400 with
/// [`UNKNOWN_CHOICE`] when it sends none or one that `T` does not name.
pub fn required_choice<T: DeserializeOwned>(
    fields: &[(String, String)],
    name: &str,
) -> Result<T, HttpError> {
    choice(fields, name)?.ok_or_else(unknown_choice)
}

fn unknown_choice() -> HttpError {
    HttpError::Refused(StatusCode::BAD_REQUEST, UNKNOWN_CHOICE.into())
}

/// `value` read as one of the values of `T`; 400 with [`UNKNOWN_CHOICE`] when it is none of them.
pub fn parse_choice<T: DeserializeOwned>(value: &str) -> Result<T, HttpError> {
    T::deserialize(StrDeserializer::<serde::de::value::Error>::new(value))
        .map_err(|_| unknown_choice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Intent {
        Save,
        SubmitAll,
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn choices_are_read_by_their_kebab_case_names() {
        let form = fields(&[("intent", "submit-all"), ("other", "save")]);
        assert_eq!(choice(&form, "intent").unwrap(), Some(Intent::SubmitAll));
        assert_eq!(choice::<Intent>(&form, "action").unwrap(), None);
        assert_eq!(parse_choice::<Intent>("save").unwrap(), Intent::Save);
    }

    #[test]
    fn unknown_or_missing_required_choices_are_refused_with_a_sentence() {
        for form in [
            fields(&[("intent", "delete")]),
            fields(&[("intent", "Save")]),
            fields(&[("intent", "")]),
            fields(&[]),
        ] {
            let error = required_choice::<Intent>(&form, "intent").unwrap_err();
            assert!(
                matches!(&error, HttpError::Refused(status, message)
                    if *status == StatusCode::BAD_REQUEST && message == UNKNOWN_CHOICE),
                "{form:?}: {error:?}"
            );
            assert_eq!(error.into_response().status(), StatusCode::BAD_REQUEST);
        }
    }
}

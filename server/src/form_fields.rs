//! Reading the repeated-name forms that exercise and appraisal pages post (`Form<Vec<(String,
//! String)>>`, because their field names depend on the content).

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
pub fn class_id(fields: &[(String, String)]) -> Result<Option<i64>, HttpError> {
    match field(fields, "class_id").filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(value) => value.parse().map(Some).map_err(|_| HttpError::NotFound),
    }
}

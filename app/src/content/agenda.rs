//! The course's two-day agenda: parsing slot times and checking that the days are complete and
//! agree with the modules' own day, order and duration.

use std::collections::HashMap;

use super::error::ContentError;
use super::files::SourceFile;
use super::schema::{CourseFile, ModuleFile};
use crate::course::{AgendaSlot, ClockTime, Day, SlotKind};

/// Every day of the course runs from this time …
pub const DAY_START: ClockTime = ClockTime(8 * 60 + 30);
/// … to this one.
pub const DAY_END: ClockTime = ClockTime(16 * 60 + 30);

/// Builds the agenda and checks it against the modules (given with the file each came from).
pub fn build_days(
    file: &SourceFile,
    course: &CourseFile,
    modules: &[(&SourceFile, &ModuleFile)],
    errors: &mut Vec<ContentError>,
) -> Vec<Day> {
    let by_id: HashMap<&str, &(&SourceFile, &ModuleFile)> = modules
        .iter()
        .map(|entry| (entry.1.id.get_ref().as_str(), entry))
        .collect();
    let mut scheduled: HashMap<String, usize> = HashMap::new();
    let mut days = Vec::new();

    for (day_index, day) in course.days.iter().enumerate() {
        let number = *day.number.get_ref();
        if usize::from(number) != day_index + 1 {
            errors.push(file.error_at(
                &day.number,
                format!("day {number} should be day {}", day_index + 1),
            ));
        }
        let mut slots = Vec::new();
        let mut expected_start = DAY_START;
        for slot in &day.slots {
            let Some(start) = ClockTime::parse(slot.start.get_ref()) else {
                errors.push(file.error_at(
                    &slot.start,
                    format!("start `{}` is not a time like 08:30", slot.start.get_ref()),
                ));
                continue;
            };
            let Some(end) = ClockTime::parse(slot.end.get_ref()) else {
                errors.push(file.error_at(
                    &slot.end,
                    format!("end `{}` is not a time like 10:15", slot.end.get_ref()),
                ));
                continue;
            };
            if start != expected_start {
                let what = if start > expected_start {
                    "leaves a gap after"
                } else {
                    "overlaps"
                };
                errors.push(file.error_at(&slot.start, format!("slot starting {start} {what} the previous one, which ends {expected_start}")));
            }
            if end <= start {
                errors.push(file.error_at(
                    &slot.end,
                    format!("slot ends ({end}) before it starts ({start})"),
                ));
            }
            expected_start = end;
            let kind = match (&slot.module, &slot.kind) {
                (Some(module), None) => {
                    let id = module.get_ref();
                    match by_id.get(id.as_str()) {
                        None => {
                            errors.push(file.error_at(module, format!("unknown module `{id}`")))
                        }
                        Some((module_file, meta)) => {
                            *scheduled.entry(id.clone()).or_default() += 1;
                            let length = u32::from(end.0.saturating_sub(start.0));
                            if *meta.duration_minutes.get_ref() != length {
                                errors.push(module_file.error_at(&meta.duration_minutes, format!(
                                    "duration_minutes is {} but the agenda gives module `{id}` {length} minutes ({start}–{end})",
                                    meta.duration_minutes.get_ref()
                                )));
                            }
                            if *meta.day.get_ref() != number {
                                errors.push(module_file.error_at(&meta.day, format!("module `{id}` says day {} but the agenda puts it on day {number}", meta.day.get_ref())));
                            }
                        }
                    }
                    SlotKind::Module { id: id.clone() }
                }
                (None, Some(kind)) => {
                    let title = slot.title.clone().unwrap_or_else(|| kind.get_ref().clone());
                    match kind.get_ref().as_str() {
                        "break" => SlotKind::Break { title },
                        "lunch" => SlotKind::Lunch { title },
                        other => {
                            errors.push(file.error_at(
                                kind,
                                format!("slot kind `{other}` must be `break` or `lunch`"),
                            ));
                            SlotKind::Break { title }
                        }
                    }
                }
                (Some(module), Some(_)) => {
                    errors.push(
                        file.error_at(module, "a slot has either `module` or `kind`, not both"),
                    );
                    continue;
                }
                (None, None) => {
                    errors.push(file.error_at(&slot.start, "a slot needs `module` or `kind`"));
                    continue;
                }
            };
            slots.push(AgendaSlot { start, end, kind });
        }
        if expected_start != DAY_END {
            errors.push(file.error_at(
                &day.number,
                format!("day {number} ends at {expected_start}; it must run to {DAY_END}"),
            ));
        }
        days.push(Day {
            number,
            title: day.title.clone(),
            slots,
        });
    }
    if course.days.len() != 2 {
        errors.push(file.error(format!(
            "the course has {} days; it must have 2",
            course.days.len()
        )));
    }
    for (module_file, meta) in modules {
        let id = meta.id.get_ref();
        match scheduled.get(id).copied().unwrap_or(0) {
            1 => {}
            0 => errors.push(module_file.error_at(
                &meta.id,
                format!("module `{id}` is not on the agenda in course.toml"),
            )),
            n => errors.push(file.error(format!("module `{id}` appears {n} times on the agenda"))),
        }
    }
    check_order(&days, modules, errors);
    days
}

/// The modules' `order` must follow the agenda.
fn check_order(
    days: &[Day],
    modules: &[(&SourceFile, &ModuleFile)],
    errors: &mut Vec<ContentError>,
) {
    let agenda_order = days
        .iter()
        .flat_map(|day| &day.slots)
        .filter_map(|slot| match &slot.kind {
            SlotKind::Module { id } => Some(id),
            _ => None,
        });
    for (position, id) in agenda_order.enumerate() {
        if let Some((file, meta)) = modules.iter().find(|(_, meta)| meta.id.get_ref() == id) {
            let expected = position as u32 + 1;
            if *meta.order.get_ref() != expected {
                errors.push(file.error_at(
                    &meta.order,
                    format!(
                        "module `{id}` has order {} but is number {expected} on the agenda",
                        meta.order.get_ref()
                    ),
                ));
            }
        }
    }
}

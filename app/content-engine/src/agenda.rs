//! The course's two-day agenda: parsing slot times and checking that the days are complete and
//! agree with the modules' own day, order and duration.

use std::collections::HashMap;

use toml::Spanned;

use super::error::ContentError;
use super::files::SourceFile;
use super::schema::{CourseFile, DayEntry, ModuleFile, SlotEntry};
use domain::course::{AgendaSlot, ClockTime, Day, SlotKind};

/// Every day of the course runs from this time …
pub const DAY_START: ClockTime = ClockTime(8 * 60 + 30);
/// … to this one.
pub const DAY_END: ClockTime = ClockTime(16 * 60 + 30);
/// The longest a class works (modules and plenaries back to back) before a break or lunch.
pub const MAX_MINUTES_WITHOUT_BREAK: u16 = 105;

/// Builds the agenda and checks it against the modules (given with the file each came from).
pub fn build_days(
    file: &SourceFile,
    course: &CourseFile,
    modules: &[(&SourceFile, &ModuleFile)],
    errors: &mut Vec<ContentError>,
) -> Vec<Day> {
    let mut agenda = AgendaCheck {
        file,
        by_id: modules
            .iter()
            .map(|entry| (entry.1.id.get_ref().as_str(), entry))
            .collect(),
        scheduled: HashMap::new(),
    };
    let days: Vec<Day> = course
        .days
        .iter()
        .enumerate()
        .map(|(day_index, day)| agenda.build_day(day_index, day, errors))
        .collect();
    if course.days.len() != 2 {
        errors.push(file.error(format!(
            "the course has {} days; it must have 2",
            course.days.len()
        )));
    }
    agenda.check_scheduled_once(modules, errors);
    check_order(&days, modules, errors);
    days
}

/// What checking the agenda needs at every slot: the course file, the modules by id, and how
/// often each module has been scheduled so far.
struct AgendaCheck<'a> {
    file: &'a SourceFile,
    by_id: HashMap<&'a str, &'a (&'a SourceFile, &'a ModuleFile)>,
    scheduled: HashMap<String, usize>,
}

impl AgendaCheck<'_> {
    /// Builds one day: numbered in order, its slots back to back from `DAY_START` to `DAY_END`.
    fn build_day(
        &mut self,
        day_index: usize,
        day: &DayEntry,
        errors: &mut Vec<ContentError>,
    ) -> Day {
        let file = self.file;
        let number = *day.number.get_ref();
        if usize::from(number) != day_index + 1 {
            errors.push(file.error_at(
                &day.number,
                format!("day {number} should be day {}", day_index + 1),
            ));
        }
        let mut slots = Vec::new();
        let mut expected_start = DAY_START;
        let mut working_since = DAY_START;
        for slot in &day.slots {
            let Some((start, end)) = self.slot_times(slot, expected_start, errors) else {
                continue;
            };
            expected_start = end;
            if let Some(kind) = self.slot_kind(slot, number, (start, end), errors) {
                if matches!(kind, SlotKind::Break { .. } | SlotKind::Lunch { .. }) {
                    working_since = end;
                } else if end.0.saturating_sub(working_since.0) > MAX_MINUTES_WITHOUT_BREAK {
                    errors.push(file.error_at(
                        &slot.end,
                        format!(
                            "the class works from {working_since} to {end} without a break; \
                             put a break in at most every {MAX_MINUTES_WITHOUT_BREAK} minutes"
                        ),
                    ));
                }
                slots.push(AgendaSlot { start, end, kind });
            }
        }
        if expected_start != DAY_END {
            errors.push(file.error_at(
                &day.number,
                format!("day {number} ends at {expected_start}; it must run to {DAY_END}"),
            ));
        }
        Day {
            number,
            title: day.title.clone(),
            slots,
        }
    }

    /// A slot's start and end, which must be times and follow on from the previous slot (which
    /// ended at `expected_start`); `None` when either is not a time.
    fn slot_times(
        &self,
        slot: &SlotEntry,
        expected_start: ClockTime,
        errors: &mut Vec<ContentError>,
    ) -> Option<(ClockTime, ClockTime)> {
        let file = self.file;
        let Some(start) = ClockTime::parse(slot.start.get_ref()) else {
            errors.push(file.error_at(
                &slot.start,
                format!("start `{}` is not a time like 08:30", slot.start.get_ref()),
            ));
            return None;
        };
        let Some(end) = ClockTime::parse(slot.end.get_ref()) else {
            errors.push(file.error_at(
                &slot.end,
                format!("end `{}` is not a time like 10:15", slot.end.get_ref()),
            ));
            return None;
        };
        if start != expected_start {
            let what = if start > expected_start {
                "leaves a gap after"
            } else {
                "overlaps"
            };
            errors.push(file.error_at(
                &slot.start,
                format!(
                    "slot starting {start} {what} the previous one, which ends {expected_start}"
                ),
            ));
        }
        if end <= start {
            errors.push(file.error_at(
                &slot.end,
                format!("slot ends ({end}) before it starts ({start})"),
            ));
        }
        Some((start, end))
    }

    /// What a slot holds: a module, or a break or lunch. `None` when it names both or neither.
    fn slot_kind(
        &mut self,
        slot: &SlotEntry,
        day: u8,
        times: (ClockTime, ClockTime),
        errors: &mut Vec<ContentError>,
    ) -> Option<SlotKind> {
        let file = self.file;
        match (&slot.module, &slot.kind) {
            (Some(module), None) => {
                self.schedule_module(module, day, times, errors);
                Some(SlotKind::Module {
                    id: module.get_ref().clone(),
                })
            }
            (None, Some(kind)) => {
                let title = slot.title.clone().unwrap_or_else(|| kind.get_ref().clone());
                Some(match kind.get_ref().as_str() {
                    "break" => SlotKind::Break { title },
                    "lunch" => SlotKind::Lunch { title },
                    "plenary" => SlotKind::Plenary { title },
                    other => {
                        errors.push(file.error_at(
                            kind,
                            format!("slot kind `{other}` must be `break`, `lunch` or `plenary`"),
                        ));
                        SlotKind::Break { title }
                    }
                })
            }
            (Some(module), Some(_)) => {
                errors
                    .push(file.error_at(module, "a slot has either `module` or `kind`, not both"));
                None
            }
            (None, None) => {
                errors.push(file.error_at(&slot.start, "a slot needs `module` or `kind`"));
                None
            }
        }
    }

    /// Counts a module's slot, and checks that the module's own duration and day agree with it.
    fn schedule_module(
        &mut self,
        module: &Spanned<String>,
        day: u8,
        (start, end): (ClockTime, ClockTime),
        errors: &mut Vec<ContentError>,
    ) {
        let id = module.get_ref();
        let Some((module_file, meta)) = self.by_id.get(id.as_str()) else {
            errors.push(self.file.error_at(module, format!("unknown module `{id}`")));
            return;
        };
        *self.scheduled.entry(id.clone()).or_default() += 1;
        let length = u32::from(end.0.saturating_sub(start.0));
        if *meta.duration_minutes.get_ref() != length {
            errors.push(module_file.error_at(&meta.duration_minutes, format!(
                "duration_minutes is {} but the agenda gives module `{id}` {length} minutes ({start}–{end})",
                meta.duration_minutes.get_ref()
            )));
        }
        if *meta.day.get_ref() != day {
            errors.push(module_file.error_at(
                &meta.day,
                format!(
                    "module `{id}` says day {} but the agenda puts it on day {day}",
                    meta.day.get_ref()
                ),
            ));
        }
    }

    /// Every module must be on the agenda exactly once.
    fn check_scheduled_once(
        &self,
        modules: &[(&SourceFile, &ModuleFile)],
        errors: &mut Vec<ContentError>,
    ) {
        for (module_file, meta) in modules {
            let id = meta.id.get_ref();
            match self.scheduled.get(id).copied().unwrap_or(0) {
                1 => {}
                0 => errors.push(module_file.error_at(
                    &meta.id,
                    format!("module `{id}` is not on the agenda in course.toml"),
                )),
                n => errors.push(
                    self.file
                        .error(format!("module `{id}` appears {n} times on the agenda")),
                ),
            }
        }
    }
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

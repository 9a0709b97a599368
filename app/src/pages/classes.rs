//! Classes: the list of mine (with a form to open a new one), one class (roster, join code and
//! the instructor's actions), and joining with a code. Forms post to server routes
//! (`server::classes`), which apply `domain::policy`; the pages only show what the person may use.

use domain::ids::ClassId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

use super::route_param;
use crate::api::classes::{get_all_users, get_class, get_my_classes};
use crate::api::set_response_status;
use crate::api::Access;
use crate::components::layout::NotFound;
use crate::components::loading::load_page;
use crate::components::notice::{form_error, form_notice};
use domain::notice::NoticePage;
use domain::people::{display_join_code, ClassDetail, ClassSummary, CurrentUser, Membership, Role};

/// Renders an `Access`: the page, or sign in / forbidden / not found with the right status.
pub fn access_view<T, V: IntoView + 'static>(
    access: Access<T>,
    render: impl FnOnce(T) -> V,
) -> AnyView {
    match access {
        Access::Granted(value) => render(value).into_any(),
        Access::SignInRequired => view! { <SignInRequired/> }.into_any(),
        Access::Forbidden => view! { <Forbidden/> }.into_any(),
        Access::NotFound => view! { <NotFound/> }.into_any(),
    }
}

#[component]
fn SignInRequired() -> impl IntoView {
    set_response_status(401);
    let location = use_location();
    let next = location.pathname.get_untracked();
    view! {
        <Title text="Sign in"/>
        <section class="page narrow">
            <h1>"Sign in to continue"</h1>
            <p>"This page belongs to a class, so it needs an account."</p>
            <p><a class="button" href=format!("/sign-in?next={next}")>"Sign in"</a>" "<a href=format!("/sign-up?next={next}")>"or create an account"</a></p>
        </section>
    }
}

#[component]
fn Forbidden() -> impl IntoView {
    set_response_status(403);
    view! {
        <Title text="Not allowed"/>
        <section class="page narrow">
            <h1>"Not allowed"</h1>
            <p>"Your account cannot open this page. If you should be in this class, ask its instructor for the join code."</p>
        </section>
    }
}

#[component]
pub fn ClassesPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_my_classes().await.map(Some) },
        |access| {
            access_view(
                access,
                |page| view! { <ClassList user=page.user classes=page.classes/> },
            )
        },
    )
}

#[component]
fn ClassList(user: CurrentUser, classes: Vec<ClassSummary>) -> impl IntoView {
    let may_create = matches!(user.role, Role::Instructor | Role::Admin);
    let empty = classes.is_empty().then(
        || view! { <p>"You are not in a class yet. Ask your instructor for a join code."</p> },
    );
    let items = classes
        .into_iter()
        .map(|class| {
            let role = match class.membership {
                Some(Membership::Instructor) => "you teach",
                Some(Membership::Learner) => "you learn",
                None => "",
            };
            view! {
                <li class="class-card">
                    <h3><a href=format!("/classes/{}", class.id)>{class.name}</a></h3>
                    <p class="meta">{format!("{} · {} to {} · {} learners · {role}", class.mode.label(), class.starts_on, class.ends_on, class.learner_count)}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text="My classes"/>
        <article class="page">
            <h1>"My classes"</h1>
            <p>{format!("Signed in as {} ({}).", user.display_name, user.username)}" "<a href="/join">"Join a class with a code"</a></p>
            {form_error()}
            {empty}
            <ul class="class-list">{items}</ul>
            {may_create.then(|| view! {
                <p><a class="button secondary" href="/instructor-guide">"Instructor guide"</a>" "<span class="meta">"Timetable to the minute, preparation, cut-lines, room questions and every answer (printable)."</span></p>
                <NewClassForm/>
            })}
        </article>
    }
}

#[component]
fn NewClassForm() -> impl IntoView {
    view! {
        <section aria-labelledby="new-class">
            <h2 id="new-class">"Open a new class"</h2>
            <form class="stacked-form" method="post" action="/classes">
                <label for="class-name">"Name"</label>
                <input id="class-name" name="name" required maxlength="120"/>
                <label for="class-starts">"First day"</label>
                <input id="class-starts" name="starts_on" type="date" required/>
                <label for="class-ends">"Last day"</label>
                <input id="class-ends" name="ends_on" type="date" required/>
                <fieldset>
                    <legend>"How the class runs"</legend>
                    <label><input type="radio" name="mode" value="instructor-led" checked/>" Instructor-led: you drive the slides live"</label>
                    <label><input type="radio" name="mode" value="self-paced"/>" Self-paced: learners work alone"</label>
                </fieldset>
                <button class="button" type="submit">"Open class"</button>
            </form>
        </section>
    }
}

#[component]
pub fn ClassRoute() -> impl IntoView {
    let id = route_param("id");
    load_page(
        move || id().parse::<ClassId>().ok(),
        |id| async move {
            match id {
                Some(id) => get_class(id).await.map(Some),
                None => Ok(Some(Access::NotFound)),
            }
        },
        |access| {
            access_view(
                access,
                |page| view! { <ClassView user=page.user class=page.detail/> },
            )
        },
    )
}

#[component]
fn ClassView(user: CurrentUser, class: ClassDetail) -> impl IntoView {
    let summary = class.summary;
    let id = summary.id;
    let notice = form_notice(NoticePage::Class);
    let self_paced = summary.mode == domain::people::ClassMode::SelfPaced;
    let published = class.code_published;
    let join = class.join_code.map(|code| {
        let shown = display_join_code(&code);
        let publish = self_paced.then(|| {
            let (action, label, state) = if published {
                ("unpublish", "Stop showing the code on the home page", "The code is shown on the home page: anyone may sign up with it.")
            } else {
                ("publish", "Show the code on the home page", "Only people you give the code to can join.")
            };
            view! {
                <p>{state}</p>
                <form method="post" action=format!("/classes/{id}/join-code") class="inline-form">
                    <button class="button secondary" type="submit" name="action" value=action>{label}</button>
                </form>
            }
        });
        view! {
            <section aria-labelledby="join-code">
                <h2 id="join-code">"Join code"</h2>
                <p class="join-code">{shown}</p>
                <p>"Learners join at "<a href=format!("/join/{code}")>{format!("/join/{code}")}</a>", by typing the code on the Join page, or by creating an account with it."</p>
                <form method="post" action=format!("/classes/{id}/join-code") class="inline-form">
                    <button class="button secondary" type="submit" name="action" value="new">"Issue a new code"</button>
                    " "
                    <button class="button secondary" type="submit" name="action" value="revoke">"Revoke the code"</button>
                </form>
                {publish}
            </section>
        }
    });
    let opened_by = class.opened_by;
    let viewer = user.id;
    let removed = (!class.removed.is_empty()).then(|| {
        let rows = class.removed.iter().map(|(learner, name)| {
            let learner = *learner;
            view! {
                <li>
                    {name.clone()}" "
                    <form method="post" action=format!("/classes/{id}/learners/{learner}/readmit") class="inline-form">
                        <button class="button secondary" type="submit">{format!("Re-admit {name}")}</button>
                    </form>
                </li>
            }
        }).collect_view();
        view! {
            <section aria-labelledby="removed">
                <h2 id="removed">"Removed learners"</h2>
                <p>"They cannot rejoin with the code until you re-admit them."</p>
                <ul>{rows}</ul>
            </section>
        }
    });
    let co_instructors = class.roster.is_some().then(|| view! {
        <section aria-labelledby="co-instructors">
            <h2 id="co-instructors">"Co-instructors"</h2>
            <p>"Classes are often taught in pairs. A co-instructor sees and manages this class as you do; an administrator makes their account an instructor first."</p>
            <form method="post" action=format!("/classes/{id}/co-instructors") class="inline-form">
                <label for="co-instructor-username">"Username of the instructor to add"</label>
                <input id="co-instructor-username" name="username" required maxlength="40" autocomplete="off"/>
                <button class="button secondary" type="submit">"Add co-instructor"</button>
            </form>
        </section>
    });
    let roster = class.roster.map(|roster| {
        let rows = roster
            .into_iter()
            .map(|entry| {
                let removable_instructor = entry.membership == Membership::Instructor
                    && Some(entry.user_id) != opened_by
                    && entry.user_id != viewer;
                let remove_instructor = removable_instructor.then(|| {
                    let instructor = entry.user_id;
                    view! {
                        <form method="post" action=format!("/classes/{id}/co-instructors/{instructor}/remove") class="inline-form">
                            <button class="button secondary" type="submit">{format!("Remove co-instructor {}", entry.display_name)}</button>
                        </form>
                    }
                });
                let actions = (entry.membership == Membership::Learner).then(|| {
                    let learner = entry.user_id;
                    view! {
                        <form method="post" action=format!("/classes/{id}/learners/{learner}/remove") class="inline-form">
                            <button class="button secondary" type="submit">{format!("Remove {}", entry.display_name)}</button>
                        </form>
                        <form method="post" action=format!("/classes/{id}/learners/{learner}/password") class="inline-form">
                            <label for=format!("reset-{learner}") class="visually-hidden">{format!("New password for {}", entry.display_name)}</label>
                            <input id=format!("reset-{learner}") name="password" type="password" autocomplete="new-password" minlength="10" maxlength="200" placeholder="New password" required/>
                            <button class="button secondary" type="submit">"Set password"</button>
                        </form>
                    }
                });
                view! {
                    <tr>
                        <td>{entry.display_name.clone()}</td>
                        <td>{entry.username}</td>
                        <td>{entry.membership.as_str()}</td>
                        <td>{actions}{remove_instructor}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="roster">
                <h2 id="roster">"Roster"</h2>
                <table class="roster">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Username"</th><th scope="col">"Role"</th><th scope="col">"Actions"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    });
    view! {
        <Title text=summary.name.clone()/>
        <article class="page">
            <p class="breadcrumb"><a href="/classes">"My classes"</a></p>
            <h1>{summary.name.clone()}</h1>
            <p class="meta">{format!("{} · {} to {} · {} learners", summary.mode.label(), summary.starts_on, summary.ends_on, summary.learner_count)}</p>
            <p>{format!("You are signed in as {}.", user.display_name)}</p>
            <p>
                <a class="button" href=format!("/classes/{id}/live")>"Open the live session"</a>" "
                <a class="button secondary" href=format!("/exercises?class={id}")>"Class exercises"</a>" "
                <a class="button secondary" href=format!("/appraisal?class={id}")>"Appraisal workspace"</a>" "
                <a class="button secondary" href="/materials" download="">"Course materials to take home (zip)"</a>
                {(summary.membership == Some(Membership::Instructor) || user.role == domain::people::Role::Admin).then(|| view! {
                    " "<a class="button secondary" href=format!("/classes/{id}/gradebook")>"Gradebook"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/grading")>"Grading queue"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/appraisal")>"Appraisal heatmap"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/knowledge-check")>"Knowledge check by outcome"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/plans")>"Improvement plans"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/offering")>"Offering and registrations"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/attendance")>"Attendance"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/completion")>"Completion and certificates"</a>
                    " "<a class="button secondary" href="/instructor-guide">"Instructor guide"</a>
                })}
                {(summary.membership == Some(Membership::Learner)).then(|| view! {
                    " "<a class="button secondary" href=format!("/appraisal/plan?class={id}")>"My improvement plan"</a>
                    " "<a class="button secondary" href=format!("/classes/{id}/attendance")>"My attendance"</a>
                    " "<a class="button secondary" href="/certificates">"My certificates"</a>
                })}
            </p>
            {form_error()}
            {notice}
            {join}
            {roster}
            {removed}
            {co_instructors}
        </article>
    }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let code = route_param("code");
    view! {
        <Title text="Join a class"/>
        <article class="page narrow">
            <h1>"Join a class"</h1>
            {form_error()}
            <form class="stacked-form" method="post" action="/join">
                <label for="join-code-input">"Join code from your instructor"</label>
                <input id="join-code-input" name="code" value=code() required maxlength="16" autocomplete="off"/>
                <button class="button" type="submit">"Join"</button>
            </form>
            <p class="note">"You need an account to join; if you are not signed in, you will be asked to sign in first."</p>
        </article>
    }
}

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    load_page(
        || (),
        |_| async { get_all_users().await.map(Some) },
        |access| access_view(access, |users| view! { <UserAdmin users/> }),
    )
}

#[component]
fn UserAdmin(users: Vec<CurrentUser>) -> impl IntoView {
    let rows = users
        .into_iter()
        .map(|user| {
            let id = user.id;
            let options = [Role::Learner, Role::Instructor, Role::Admin]
                .into_iter()
                .map(|role| view! { <option value=role.as_str() selected=role == user.role>{role.as_str()}</option> })
                .collect_view();
            view! {
                <tr>
                    <td>{user.display_name.clone()}</td>
                    <td>{user.username.clone()}</td>
                    <td>
                        <form method="post" action=format!("/admin/users/{id}/role") class="inline-form">
                            <label for=format!("role-{id}") class="visually-hidden">{format!("Role of {}", user.display_name)}</label>
                            <select id=format!("role-{id}") name="role">{options}</select>
                            <button class="button secondary" type="submit">"Change role"</button>
                        </form>
                    </td>
                    <td>
                        <form method="post" action=format!("/admin/users/{id}/password") class="inline-form">
                            <label for=format!("password-{id}") class="visually-hidden">{format!("New password for {}", user.display_name)}</label>
                            <input id=format!("password-{id}") name="password" type="password" autocomplete="new-password" minlength="10" maxlength="200" placeholder="New password" required/>
                            <button class="button secondary" type="submit">"Set password"</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text="Accounts"/>
        <article class="page">
            <h1>"Accounts"</h1>
            <p><a href="/admin/security">"Security log"</a>": sign-ins, password resets, role changes, key reveals and exports."</p>
            {form_error()}
            {form_notice(NoticePage::Accounts)}
            <table class="roster">
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Username"</th><th scope="col">"Role"</th><th scope="col">"Password"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </article>
    }
}

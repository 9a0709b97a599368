//! The account menu in the page header: "Sign in", or the signed-in person with their live
//! classes, their classes and a sign-out button.
//!
//! It is the only personal part of a course page, so it is not rendered with the page. The
//! server renders every page with `ACCOUNT_MENU_SLOT` where the menu goes and writes the menu of
//! the person asking into it as it answers (`server/src/account_menu.rs`). That is what lets a
//! lesson be rendered once and served to every reader, signed in or not. The menu is plain links
//! and a form, so it works without JavaScript; in the browser, hydration leaves the server's menu
//! as it is, and each later in-app navigation asks for it again (a "Re-join live" link appears
//! once a class's session starts).

use leptos::prelude::*;

use super::html_text::escape;
use crate::api::classes::HeaderAccount;

/// Marks where the account menu goes in a rendered page. An HTML comment, so a page sent with it
/// unfilled still shows nothing wrong.
pub const ACCOUNT_MENU_SLOT: &str = "<!--rmm:account-menu-->";

/// The menu's HTML for `account` (`None`: not signed in). Every value from the account is
/// escaped: a display name or class name is text, never markup.
pub fn account_menu_html(account: Option<&HeaderAccount>) -> String {
    let Some(account) = account else {
        return r#"<a href="/sign-in">Sign in</a>"#.to_string();
    };
    let mut html = String::new();
    for class in &account.live_classes {
        html.push_str(&format!(
            r#"<a class="live-now" href="/classes/{}/live">● Re-join live: {}</a>"#,
            class.id,
            escape(&class.name)
        ));
    }
    html.push_str(&format!(
        r#"<a href="/classes">{} · My classes</a>"#,
        escape(&account.user.display_name)
    ));
    if account.user.role == domain::people::Role::Admin {
        html.push_str(r#"<a href="/admin/users">Accounts</a>"#);
    }
    html.push_str(
        r#"<form method="post" action="/sign-out" class="inline-form"><button type="submit">Sign out</button></form>"#,
    );
    html
}

#[component]
pub fn AccountMenu() -> impl IntoView {
    let menu = RwSignal::new(ACCOUNT_MENU_SLOT.to_string());
    #[cfg(feature = "hydrate")]
    {
        let location = leptos_router::hooks::use_location();
        // The first run is the page the server sent, whose menu is already filled in.
        Effect::new(move |previous: Option<String>| {
            let path = location.pathname.get();
            if previous.is_some_and(|p| p != path) {
                leptos::task::spawn_local(async move {
                    if let Ok(account) = crate::api::classes::get_header_account().await {
                        menu.set(account_menu_html(account.as_ref()));
                    }
                });
            }
            path
        });
    }
    view! { <div class="account-menu" inner_html=move || menu.get()></div> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::classes::LiveClass;
    use domain::people::{CurrentUser, Role};

    fn account(name: &str, role: Role, live: &[&str]) -> HeaderAccount {
        HeaderAccount {
            user: CurrentUser {
                id: domain::ids::UserId(7),
                username: "someone".into(),
                display_name: name.into(),
                role,
            },
            live_classes: live
                .iter()
                .enumerate()
                .map(|(i, name)| LiveClass {
                    id: domain::ids::ClassId(i as i64 + 1),
                    name: name.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_reader_not_signed_in_is_offered_sign_in() {
        assert_eq!(account_menu_html(None), r#"<a href="/sign-in">Sign in</a>"#);
    }

    #[test]
    fn names_are_text_never_markup() {
        let hostile = account(
            "<script>alert(1)</script>",
            Role::Learner,
            &["\"><img src=x onerror=alert(2)>"],
        );
        let html = account_menu_html(Some(&hostile));
        assert!(!html.contains("<script>") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; · My classes"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    }

    #[test]
    fn the_menu_shows_live_classes_and_the_accounts_link_to_administrators_only() {
        let learner = account_menu_html(Some(&account("Ana", Role::Learner, &["Day 1"])));
        assert!(learner.contains(r#"href="/classes/1/live">● Re-join live: Day 1</a>"#));
        assert!(learner.contains(r#"action="/sign-out""#));
        assert!(!learner.contains("/admin/users"));
        let admin = account_menu_html(Some(&account("Root", Role::Admin, &[])));
        assert!(admin.contains(r#"<a href="/admin/users">Accounts</a>"#));
        assert!(!admin.contains("live-now"));
    }
}

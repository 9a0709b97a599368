//! Sign-in and sign-up pages. Their forms post to plain server routes (`server::accounts::forms`)
//! and come back here with an error code when refused; they work with JavaScript off.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::classes::{get_sign_up_info, SignUpInfo};
use crate::components::notice::form_error;
use domain::links::urlencode;
use domain::people::{display_join_code, SignUpMode};

fn next_param() -> String {
    use_query_map()
        .read_untracked()
        .get("next")
        .unwrap_or_default()
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let next = next_param();
    view! {
        <Title text="Sign in"/>
        <article class="page narrow">
            <h1>"Sign in"</h1>
            {form_error()}
            <form class="stacked-form" method="post" action="/sign-in">
                <input type="hidden" name="next" value=next.clone()/>
                <label for="sign-in-username">"Username"</label>
                <input id="sign-in-username" name="username" autocomplete="username" required maxlength="40"/>
                <label for="sign-in-password">"Password"</label>
                <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required maxlength="200"/>
                <button class="button" type="submit">"Sign in"</button>
            </form>
            <p>"New here? "<a href=format!("/sign-up?next={}", urlencode(&next))>"Create an account"</a>"."</p>
            <p class="note">"Forgot your password? Ask your instructor or an administrator to set a new one: there is no e-mail."</p>
        </article>
    }
}

/// The join code a sign-up starts with: `?code=`, or the code of a `/join/CODE` page the person
/// was on their way to.
fn code_param(next: &str) -> String {
    use_query_map()
        .read_untracked()
        .get("code")
        .or_else(|| next.strip_prefix("/join/").map(str::to_string))
        .unwrap_or_default()
}

/// What this site asks of a new account, in words.
fn sign_up_rule(info: &SignUpInfo) -> AnyView {
    let published = (!info.published.is_empty()).then(|| {
        let items = info
            .published
            .iter()
            .map(|(name, code)| view! { <li>{name.clone()}": "<code>{display_join_code(code)}</code></li> })
            .collect_view();
        view! {
            <p>"Self-paced classes open to anyone:"</p>
            <ul>{items}</ul>
        }
    });
    match info.mode {
        SignUpMode::Open => view! {
            <p>"Anyone may create an account here. If you have a class join code, enter it too and you join the class at once."</p>
            {published}
        }
        .into_any(),
        SignUpMode::WithCode => view! {
            <p>"Accounts here are created with a class join code: your instructor gives you one, or a self-paced class publishes its code."</p>
            {published}
        }
        .into_any(),
        SignUpMode::Closed => view! {
            <p>"Accounts here are created by an administrator. Ask yours for an account; you can read the course without one."</p>
        }
        .into_any(),
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let next = next_param();
    let code = code_param(&next);
    let info = Resource::new(|| (), |_| get_sign_up_info());
    view! {
        <Title text="Create an account"/>
        <article class="page narrow">
            <h1>"Create an account"</h1>
            <p>"An account keeps your progress and lets you join a class. The course itself is open to everyone."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    info.await.ok().map(|info| sign_up_rule(&info))
                })}
            </Suspense>
            {form_error()}
            <form class="stacked-form" method="post" action="/sign-up">
                <input type="hidden" name="next" value=next.clone()/>
                <label for="sign-up-code">"Class join code"</label>
                <input id="sign-up-code" name="code" value=code autocomplete="off" maxlength="16" aria-describedby="code-help"/>
                <p id="code-help" class="help">"From your instructor, for example ABCD-EFGH. Needed on this site unless it says anyone may create an account."</p>
                <label for="sign-up-username">"Username"</label>
                <input id="sign-up-username" name="username" autocomplete="username" required minlength="3" maxlength="40" aria-describedby="username-help"/>
                <p id="username-help" class="help">"3 to 40 letters, digits, dots, hyphens or underscores."</p>
                <label for="sign-up-display-name">"Your name, as others see it"</label>
                <input id="sign-up-display-name" name="display_name" autocomplete="name" required maxlength="80"/>
                <label for="sign-up-password">"Password"</label>
                <input id="sign-up-password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="200" aria-describedby="password-help"/>
                <p id="password-help" class="help">"At least 10 characters, your own: a few unrelated words make a strong one. Common passwords are refused."</p>
                <button class="button" type="submit">"Create account"</button>
            </form>
            <p>"Have an account? "<a href=format!("/sign-in?next={}", urlencode(&next))>"Sign in"</a>"."</p>
        </article>
    }
}

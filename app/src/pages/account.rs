//! Sign-in and sign-up pages. Their forms post to plain server routes (`server::accounts::forms`)
//! and come back here with an error code when refused; they work with JavaScript off.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::notice::form_error;
use domain::links::urlencode;

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

#[component]
pub fn SignUpPage() -> impl IntoView {
    let next = next_param();
    view! {
        <Title text="Create an account"/>
        <article class="page narrow">
            <h1>"Create an account"</h1>
            <p>"An account keeps your progress and lets you join a class. The course itself is open to everyone."</p>
            {form_error()}
            <form class="stacked-form" method="post" action="/sign-up">
                <input type="hidden" name="next" value=next.clone()/>
                <label for="sign-up-username">"Username"</label>
                <input id="sign-up-username" name="username" autocomplete="username" required minlength="3" maxlength="40" aria-describedby="username-help"/>
                <p id="username-help" class="help">"3 to 40 letters, digits, dots, hyphens or underscores."</p>
                <label for="sign-up-display-name">"Your name, as others see it"</label>
                <input id="sign-up-display-name" name="display_name" autocomplete="name" required maxlength="80"/>
                <label for="sign-up-password">"Password"</label>
                <input id="sign-up-password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="200" aria-describedby="password-help"/>
                <p id="password-help" class="help">"At least 10 characters. A few unrelated words make a strong one."</p>
                <button class="button" type="submit">"Create account"</button>
            </form>
            <p>"Have an account? "<a href=format!("/sign-in?next={}", urlencode(&next))>"Sign in"</a>"."</p>
        </article>
    }
}

//! `/terms`: what registering for an offering means, and how the course records of a learner are
//! kept, who sees them and for how long. The register form links here; the footer too.

use domain::certificate::INDEPENDENCE;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TermsPage() -> impl IntoView {
    view! {
        <Title text="Registration terms and confidentiality"/>
        <article class="page terms prose">
            <h1>"Registration terms and confidentiality of course records"</h1>
            <p class="lead">"What registering for a class means, and what happens to the records a class keeps about you."</p>

            <h2 id="registering">"Registering"</h2>
            <p>
                "Registering for an offering reserves a seat in that class for you. When every seat is taken, \
                 registering puts you on the waitlist instead. The waitlist moves up in order: when someone \
                 cancels, the person who has waited longest takes the free seat, and the offering's page shows \
                 your place until then."
            </p>
            <p>"Registration closes at the end of the offering's registration deadline (in the offering's time zone)."</p>

            <h2 id="cancelling">"Cancelling"</h2>
            <p>
                "You may cancel your registration on the offering's page. Your seat \
                 then goes to the first person on the waitlist. If you cancel a place on the waitlist, the people \
                 behind you move up."
            </p>

            <h2 id="fees">"Fees"</h2>
            <p>
                "Fees are shown for information only. This site takes no payment and stores no payment details. \
                 Registering reserves a seat; any invoice is arranged separately, between you (or your \
                 organization) and the organization that runs the class, under their own terms."
            </p>

            <h2 id="attendance">"Attendance"</h2>
            <p>
                "During a live session, the minutes your live page is open are counted, a minute at a time. Your \
                 instructor may also mark you present, partly present or absent for a day, with a short note. \
                 Attendance can decide whether you complete the course, and the continuing-education (CPE) \
                 hours your certificate states count only your time present during the class's teaching hours."
            </p>

            <h2 id="records">"What is kept"</h2>
            <ul>
                <li>"Your account: your name and username (never your password itself, only a protected form of it)."</li>
                <li>"Your registrations: when you registered, accepted these terms, or cancelled, and your place on a waitlist."</li>
                <li>"Your attendance: the minutes counted and any mark and note from your instructor."</li>
                <li>"Your work: exercise drafts and submissions, grades and comments, your appraisal ratings and notes, and your knowledge-check answers."</li>
                <li>"Your certificates: what each one states, and whether it was revoked."</li>
            </ul>

            <h2 id="who-sees">"Who sees your records"</h2>
            <p>
                "You see your own records. The instructors of your class (and those who grade its work) see the \
                 records of that class. Administrators of this site see them too, to run the site. Other learners \
                 never see your records. The one exception is what you choose to post in a live session's room: \
                 your questions are shown to the other learners, without your name."
            </p>

            <h2 id="certificates">"Certificates and their verification"</h2>
            <p>
                "A certificate carries a code, printed on it with a QR code. Anyone who has the code can open its \
                 verification page, which shows only your name, the course, the class's dates, the CPE hours and \
                 whether the certificate is valid or revoked. It shows nothing else about you or your work. Give \
                 the code only to those you want to be able to check it."
            </p>

            <h2 id="retention">"How long records are kept, and deletion"</h2>
            <p>
                "Records are kept for as long as the organization running this site needs them to answer for the \
                 classes it ran and the certificates it issued, and for no other purpose. To see what is kept \
                 about you, to correct it, or to ask for your account and records to be deleted, contact your \
                 administrator. A certificate already issued can be revoked, so that its verification page no \
                 longer reads as valid."
            </p>

            <h2 id="independence">"Independence"</h2>
            <p>{INDEPENDENCE}</p>
        </article>
    }
}

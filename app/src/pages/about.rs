//! Who makes the course, and the notice that it is independent of the model's owners.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AboutPage() -> impl IntoView {
    view! {
        <Title text="About"/>
        <article class="page about">
            <h1>"About RMM Classroom"</h1>
            <h2>"An independent course"</h2>
            <p>
                "RMM Classroom is an independent course platform. It is not affiliated with, sponsored by or \
                 endorsed by Carnegie Mellon University (CMU) or its Software Engineering Institute (SEI)."
            </p>
            <p>
                "The CERT Resilience Management Model (CERT-RMM) is owned by Carnegie Mellon University and was \
                 developed by the CERT Division of its Software Engineering Institute. CERT® is a registered mark \
                 of Carnegie Mellon University. The model's documents are copyrighted by Carnegie Mellon University."
            </p>
            <h2>"What we wrote, and what we took from the model"</h2>
            <p>
                "Every sentence of this course — lessons, slides, speaker notes, summaries, glossary and exercises — \
                 was written by the RMM Classroom team. From the model we use only facts: the names and \
                 abbreviations of its process areas and the identifiers and short titles of its goals and practices. \
                 Titles we could not confirm against a public source for version 1.2 are marked “reconstructed”."
            </p>
            <p>
                "If you teach from the official model, read it alongside this course: it is the authority, and \
                 where the two differ, the model is right."
            </p>
        </article>
    }
}

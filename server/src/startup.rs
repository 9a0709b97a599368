//! Building the application: load the course, open the database, assemble the HTTP router and
//! bind the listener. `main` and the integration tests both go through [`Application::build`];
//! tests bind port 0 and ask [`Application::port`] which port they got.

use std::future::Future;
use std::sync::Arc;

use app::content::{ContentErrors, LoadedCourse};
use app::{shell, App};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::Method;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::CompressionLevel;

use crate::page_cache::{serve_cached_pages, CachedPages, PageCache};
use crate::personal_parts::{fill_personal_parts, PersonalParts};
use tower_http::trace::TraceLayer;

use app::api::appraisal::AppraisalBackend;
use app::api::classes::ClassesBackend;
use app::api::exercises::ExerciseBackend;
use app::api::live::LiveBackend;
use app::api::progress::ProgressBackend;
use app::api::ssr::SessionBackend;
use app::api::teams::TeamBackend;

use crate::accounts::{csrf, forms, Accounts};
use crate::certificates::signing_key::BadgeSigner;
use crate::config::Settings;
use crate::health::healthz;
use crate::limits::{refuse_oversized_bodies, LiveStreamLimits, MAX_REQUEST_BODY_BYTES};
use crate::live::LiveHub;
use crate::materials::build::Materials;
use crate::security_headers::{add_security_headers, Https};
use crate::state::AppState;
use crate::static_files::StaticFiles;
use crate::storage::{Engine, Storage, StorageError};
use crate::{appraisal, classes, exercises, limits, live};
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("{0}")]
    Content(#[from] ContentErrors),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("cannot read the built site: {0}")]
    StaticFiles(std::io::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot load the key that signs certificates: {0}")]
    SigningKey(String),
    #[error("cannot build the course materials: {0}")]
    Materials(String),
}

/// What certificates and the take-home materials need at start-up: the site's public address
/// (the listening one unless configured), the key that signs credentials (made on first start),
/// and the materials zip built from the content.
async fn certificates_and_materials(
    settings: &Settings,
    storage: &Storage,
    course: &LoadedCourse,
    port: u16,
) -> Result<(String, Arc<BadgeSigner>, Arc<Materials>), StartupError> {
    let public_url = if settings.public_url.trim().is_empty() {
        format!("http://{}:{port}", settings.site_addr.ip())
    } else {
        settings.public_url.trim().trim_end_matches('/').to_string()
    };
    let badge_signer = BadgeSigner::load(storage, &settings.signing_key_file)
        .await
        .map_err(StartupError::SigningKey)?;
    let materials = Materials::build(course).map_err(StartupError::Materials)?;
    tracing::info!(
        bytes = materials.zip.len(),
        build_ms = materials.build_ms,
        "course materials zip built"
    );
    Ok((public_url, Arc::new(badge_signer), Arc::new(materials)))
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    port: u16,
    /// This server's live-session screens, which on PostgreSQL also follow other servers.
    live: Arc<LiveHub>,
    first_module: String,
    header_read_timeout: Duration,
    /// Accounts and their storage, for tests and commands that set up data before serving.
    pub accounts: Accounts,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let course = Arc::new(app::content::load(&settings.content_dir)?);
        for warning in &course.warnings {
            tracing::warn!(%warning, "content warning");
        }
        let storage = Storage::open(&settings.database_url).await?;
        let counts = serde_json::to_string(&course.counts()).expect("counts serialize");
        storage
            .record_start(env!("CARGO_PKG_VERSION"), &counts)
            .await?;
        let static_files =
            StaticFiles::load(&settings.site_root, crate::config::files_are_hashed())
                .map_err(StartupError::StaticFiles)?;
        if static_files.is_empty() {
            tracing::warn!(site_root = %settings.site_root.display(), "no built site found: pages render without styles or interactivity (build with `cargo leptos build`)");
        }
        let listener = TcpListener::bind(settings.site_addr)
            .await
            .map_err(|source| StartupError::Bind {
                addr: settings.site_addr,
                source,
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind {
                addr: settings.site_addr,
                source,
            })?
            .port();
        let (public_url, badge_signer, materials) =
            certificates_and_materials(&settings, &storage, &course, port).await?;
        let accounts = Accounts::new(storage.clone(), settings.accounts());
        let live = Arc::new(LiveHub::default());
        let state = AppState {
            accounts: accounts.clone(),
            course: course.clone(),
            live: live.clone(),
            live_streams: Arc::new(LiveStreamLimits::new(
                settings.limits.live_streams_per_person,
                settings.limits.live_streams_per_server,
            )),
            signal_seconds: settings.signal_seconds.max(1),
            public_url,
            badge_signer,
            materials,
        };
        let request_timeout = Duration::from_secs(settings.limits.request_timeout_secs.max(1));
        let router = build_router(
            settings.leptos_options(),
            state,
            static_files,
            request_timeout,
        );

        tracing::info!(
            port,
            database = storage.engine().name(),
            modules = course.modules.len(),
            "application built"
        );
        let first_module = course
            .modules
            .first()
            .map(|m| m.summary.id.clone())
            .unwrap_or_default();
        Ok(Application {
            listener,
            router,
            port,
            live,
            first_module,
            header_read_timeout: Duration::from_secs(
                settings.limits.header_read_timeout_secs.max(1),
            ),
            accounts,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish and closes the
    /// database.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let storage = self.accounts.storage.clone();
        let follower = (storage.engine() == Engine::Postgres).then(|| {
            tokio::spawn(crate::live::notices::follow_other_servers(
                storage.clone(),
                self.live.clone(),
                self.first_module.clone(),
            ))
        });
        let admissions = tokio::spawn(crate::offerings::admission::admit_every_minute(
            storage.clone(),
        ));
        let result = crate::serve::serve(
            self.listener,
            self.router,
            self.header_read_timeout,
            shutdown,
        )
        .await;
        if let Some(follower) = follower {
            follower.abort();
        }
        admissions.abort();
        storage.close().await;
        result
    }
}

/// The app's routes, generated once per process.
///
/// Generating them renders the app with resource loading suppressed through a flag that is global
/// to the process (`leptos_server`'s `SuppressResourceLoad`); a resource that first polls while
/// another thread generates routes waits forever (leptos-rs/leptos#4773). A server builds its
/// router once, but the integration tests build many applications in one process while others
/// serve pages, and hung about one run in eight before this.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn build_router(
    options: LeptosOptions,
    state: AppState,
    static_files: StaticFiles,
    request_timeout: Duration,
) -> Router {
    let https = Https(state.accounts.secure_cookies);
    let personal = PersonalParts::new(state.clone());
    let features = Router::new()
        .route("/healthz", get(healthz))
        .merge(forms::routes())
        .merge(classes::routes())
        .merge(live::routes())
        .merge(exercises::routes())
        .merge(appraisal::routes())
        .merge(crate::security_log::routes())
        .merge(crate::offerings::routes())
        .merge(crate::certificates::routes())
        .merge(crate::materials::routes())
        .merge(crate::plans::routes())
        .with_state(state.clone());
    pages(options, state, static_files, personal.clone())
        .merge(features)
        .layer(axum::middleware::from_fn(csrf::refuse_cross_site_requests))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        .layer(axum::middleware::from_fn(refuse_oversized_bodies))
        .layer(axum::middleware::from_fn_with_state(
            request_timeout,
            limits::request_timeout,
        ))
        // Pages rendered per request are compressed quickly: brotli's default quality 11 cost
        // more than the render itself. Cached course pages (outside this layer) are compressed
        // once, at a high quality.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(axum::middleware::from_fn_with_state(
            CachedPages {
                pages: PageCache::default(),
                personal,
            },
            serve_cached_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            https,
            add_security_headers,
        ))
        .layer(TraceLayer::new_for_http())
}

/// What every page render and server function finds in its context: the course, and this
/// state behind each feature's backend trait.
fn provide_backends(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let shared = Arc::new(state);
    move || {
        provide_context(shared.course.clone());
        provide_context::<Arc<dyn SessionBackend>>(shared.clone());
        provide_context::<Arc<dyn ClassesBackend>>(shared.clone());
        provide_context::<Arc<dyn LiveBackend>>(shared.clone());
        provide_context::<Arc<dyn app::api::live_room::LiveRoomBackend>>(shared.clone());
        provide_context::<Arc<dyn app::api::live_record::LiveRecordBackend>>(shared.clone());
        provide_context::<Arc<dyn ProgressBackend>>(shared.clone());
        provide_context::<Arc<dyn ExerciseBackend>>(shared.clone());
        provide_context::<Arc<dyn AppraisalBackend>>(shared.clone());
        provide_context::<Arc<dyn TeamBackend>>(shared.clone());
        provide_context::<Arc<dyn app::api::offerings::OfferingsBackend>>(shared.clone());
        provide_context::<Arc<dyn app::api::plans::PlanBackend>>(shared.clone());
    }
}

/// The Leptos pages and server functions, and the static files (with the 404 page for anything
/// else).
fn pages(
    options: LeptosOptions,
    state: AppState,
    static_files: StaticFiles,
    personal: PersonalParts,
) -> Router {
    let provide = provide_backends(state);
    let server_functions = {
        let provide = provide.clone();
        move |request: Request<Body>| handle_server_fns_with_context(provide.clone(), request)
    };
    let fallback = {
        let files = Arc::new(static_files);
        let options = options.clone();
        let not_found_page =
            leptos_axum::render_app_to_stream_with_context(provide.clone(), move || {
                shell(options.clone())
            });
        move |request: Request<Body>| {
            let files = files.clone();
            let not_found_page = not_found_page.clone();
            async move {
                if matches!(*request.method(), Method::GET | Method::HEAD) {
                    if let Some(response) = files.respond(request.uri().path(), request.headers()) {
                        return response;
                    }
                }
                not_found_page(request).await.into_response()
            }
        }
    };
    Router::new()
        .leptos_routes_with_context(&options, route_list(), provide, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route(
            "/api/{*fn_name}",
            post(server_functions.clone()).get(server_functions),
        )
        // Browsers that ignore the page's icon link still ask for this address.
        .route(
            "/favicon.ico",
            get(|| async { axum::response::Redirect::permanent("/favicon.svg") }),
        )
        .fallback(fallback)
        // Every page is rendered with its slots (the account menu, the progress panel) empty;
        // this fills them.
        .layer(axum::middleware::from_fn_with_state(
            personal,
            fill_personal_parts,
        ))
        .with_state(options)
}

/// Completes on Ctrl-C or SIGTERM.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    // The handlers are registered here, when this is called, not when the future is first
    // polled: the caller calls it before announcing that it serves, so that a signal sent right
    // after the announcement is a clean stop and not the default (immediate) exit.
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let wait = |registered: std::io::Result<tokio::signal::unix::Signal>| async move {
                match registered {
                    Ok(mut signal) => {
                        signal.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = wait(interrupt) => {},
                _ = wait(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown requested: finishing requests in flight");
    }
}

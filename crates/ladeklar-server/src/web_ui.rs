//! The built web UI (`--ui-dir`, trunk's dist folder): two builds of the same app. The
//! driver's (the folder's `index.html`, served at every address the API does not answer)
//! and the staff's (`staff/index.html`, the app with the support console, users, audit log,
//! operations, the owner's prices, the technician's day, the service card and the SLA report; its files under `/staff/`), served at the staff screens' addresses, so the
//! driver's download carries none of them. Without a staff build those addresses get the
//! driver's, which says where the staff screens are.

use std::path::Path;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The staff screens' addresses (the app's routes under them are the staff build's).
pub const STAFF_ROUTES: [&str; 11] = [
    "/support",
    "/support/{*screen}",
    "/admin",
    "/admin/{*screen}",
    "/operations",
    "/owner",
    "/owner/{*screen}",
    "/sites/{site}/service-card",
    "/sla-report",
    // The technician's day and work orders (issue 18).
    "/field",
    "/field/{*screen}",
];

/// `app` with the UI in `dir` served where nothing else answers.
pub fn serve<S: Clone + Send + Sync + 'static>(app: Router<S>, dir: &Path) -> Router<S> {
    let index = dir.join("index.html");
    let staff_index = dir.join("staff").join("index.html");
    let mut app = app;
    if staff_index.is_file() {
        for route in STAFF_ROUTES {
            app = app.route_service(route, ServeFile::new(&staff_index));
        }
    }
    app.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serves `dir` on a free port; answers the body at each path.
    async fn bodies(dir: &Path, paths: &[&str]) -> Vec<String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let addr = listener.local_addr().expect("its address");
        let app = serve(Router::new(), dir);
        tokio::spawn(async move { axum::serve(listener, app).await });
        let mut answers = Vec::new();
        for path in paths {
            let answer = reqwest::get(format!("http://{addr}{path}")).await.expect("an answer");
            assert!(answer.status().is_success(), "{path}: {}", answer.status());
            answers.push(answer.text().await.expect("a body"));
        }
        answers
    }

    fn ui_dir(with_staff: bool) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("index.html"), "driver").expect("written");
        std::fs::write(dir.path().join("app.js"), "driver js").expect("written");
        if with_staff {
            std::fs::create_dir(dir.path().join("staff")).expect("made");
            std::fs::write(dir.path().join("staff/index.html"), "staff").expect("written");
            std::fs::write(dir.path().join("staff/app.js"), "staff js").expect("written");
        }
        dir
    }

    #[tokio::test]
    async fn staff_screens_get_the_staff_build_and_the_rest_the_drivers() {
        let dir = ui_dir(true);
        let paths = [
            "/support",
            "/support/cases/C-1?x=1",
            "/admin/users",
            "/operations",
            "/owner/prices/sites/oslo-aker-brygge",
            "/sites/oslo-aker-brygge/service-card",
            "/sla-report?owner=owner-fjordlade",
            "/field/orders/WO-1",
            "/",
            "/chargers/NO-1",
            "/account/payment",
            "/supportive",
            "/app.js",
            "/staff/app.js",
        ];
        let want = [
            "staff",
            "staff",
            "staff",
            "staff",
            "staff",
            "staff",
            "staff",
            "staff",
            "driver",
            "driver",
            "driver",
            "driver",
            "driver js",
            "staff js",
        ];
        assert_eq!(bodies(dir.path(), &paths).await, want);
    }

    #[tokio::test]
    async fn without_a_staff_build_every_screen_gets_the_drivers() {
        let dir = ui_dir(false);
        let answers = bodies(dir.path(), &["/support", "/admin/audit", "/"]).await;
        assert_eq!(answers, ["driver", "driver", "driver"]);
    }
}

//! The pages outside any language: the root chooser and the 404 page.

use super::common::{common, lang_of, word};
use super::ctx::*;
use super::jobs::Job;
use super::render_template;
use crate::diag::Diagnostic;
use crate::site::Site;
use crate::theme::Theme;
use crate::urls;

pub(super) fn root_page(site: &Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
    let default = lang_of(site, &site.config.default_language);
    let job = Job::Root;
    let c = common(
        site,
        theme,
        &job,
        default,
        site.config.title.get(&default.code).to_string(),
        site.config.description.get(&default.code).to_string(),
        "root",
    );
    let choices: Vec<serde_json_like::Choice> = site
        .config
        .languages
        .iter()
        .map(|l| serde_json_like::Choice {
            lang: LangCtx::new(l),
            url: urls::home(&l.code),
            title: site.config.title.get(&l.code).to_string(),
            description: site.config.description.get(&l.code).to_string(),
            enter: word(theme, &l.code, "enter_site"),
            latest: site
                .briefs(&l.code)
                .take(3)
                .filter_map(|d| card(d, &site.config, &site.config.locale(l), ""))
                .collect(),
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert_value("page", c.value(theme));
    context.insert("choices", &choices);
    render_template(theme, "root.html", &context)
}

pub(super) fn not_found(site: &Site, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
    // Served from any path, so links in it are absolute from the host root
    // of base_url.
    let default = lang_of(site, &site.config.default_language);
    let job = Job::NotFound;
    let c = common(
        site,
        theme,
        &job,
        default,
        word(theme, &default.code, "not_found_title"),
        word(theme, &default.code, "not_found_text"),
        "404",
    );
    let base_path = urls::base_path(&site.config.base_url);
    let choices: Vec<serde_json_like::NotFound> = site
        .config
        .languages
        .iter()
        .map(|l| serde_json_like::NotFound {
            lang: LangCtx::new(l),
            title: word(theme, &l.code, "not_found_title"),
            text: word(theme, &l.code, "not_found_text"),
            home: word(theme, &l.code, "home"),
            url: format!("{base_path}/{}", urls::home(&l.code)),
        })
        .collect();
    let mut context = tera::Context::new();
    context.insert_value("page", c.value(theme));
    context.insert("choices", &choices);
    render_template(theme, "404.html", &context)
}

mod serde_json_like {
    use super::{CardCtx, LangCtx};
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Choice {
        pub lang: LangCtx,
        pub url: String,
        pub title: String,
        pub description: String,
        pub enter: String,
        pub latest: Vec<CardCtx>,
    }

    #[derive(Serialize)]
    pub struct NotFound {
        pub lang: LangCtx,
        pub title: String,
        pub text: String,
        pub home: String,
        pub url: String,
    }
}

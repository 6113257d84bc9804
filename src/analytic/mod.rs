//! Analytic briefs: what a briefing report states beyond an article.
//!
//! Takes the front matter's analytic fields (`key_judgments`, `marking`,
//! `revisions`) and the site's `estimative` and `max_marking` settings;
//! returns them validated, ready to show, and the checks `mujaz check`
//! runs over them. Each concern has its own module; other analytic
//! features add their own `pub mod` lines here.

pub mod estimative;
pub mod marking;
pub mod revisions;

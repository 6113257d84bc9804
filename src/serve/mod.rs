//! `mujaz serve`: build the site, serve it on 127.0.0.1, rebuild on change.

pub mod path;
pub mod reload;
pub mod http;
pub mod watch;

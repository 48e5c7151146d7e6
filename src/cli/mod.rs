//! The command line: argument definitions, the shared context handed to every
//! command, and the one place that turns an error into a message and an exit
//! code. Each subcommand lives in its own file with an `Args` struct and a
//! `run(args, ctx)` function.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::{Error, Exit};
use crate::output::{ColorChoice, Output, Stream};

pub mod clock;
pub mod completions;
pub mod demo;
pub mod device_flow;
pub mod examples;
pub mod help;
pub mod link;
pub mod login;
pub mod logout;
pub mod mail_server;
pub mod mailbox;
pub mod modules;
pub mod parse;
pub mod pick;
pub mod replay;
pub mod review;
pub mod search;
pub mod show;
pub mod status;
pub mod suggest;
pub mod targets;
pub mod unlink;
pub mod watch;

/// Link saved emails (.eml / .msg) to records in a vtenext CRM.
#[derive(Debug, Parser)]
#[command(
    name = "vtelink",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = examples::VTELINK
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = help::GLOBAL_HEADING)]
pub struct GlobalArgs {
    /// Profile to use (several CRMs or users side by side)
    #[arg(
        long,
        global = true,
        env = "VTELINK_PROFILE",
        default_value = "default"
    )]
    pub profile: String,
    /// CRM URL, overriding the profile's
    #[arg(long, global = true, env = "VTELINK_URL", value_name = "URL")]
    pub url: Option<String>,
    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only what was asked for (no progress, no hints)
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Log what happens on stderr (-v requests, -vv details); secrets are never logged
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Never prompt; fail with a clear message where input would be needed
    #[arg(long, global = true, env = "VTELINK_NO_INPUT")]
    pub no_input: bool,
    /// When to use colours (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count
    #[arg(long, global = true, env = "VTELINK_TIMEOUT", value_name = "DURATION",
          value_parser = clock::parse_duration)]
    pub timeout: Option<std::time::Duration>,
    /// Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]
    #[arg(long, global = true, env = "VTELINK_CALL_TIMEOUT", value_name = "DURATION",
          value_parser = clock::parse_duration)]
    pub call_timeout: Option<std::time::Duration>,
    /// `--profile` was typed on the command line (not from VTELINK_PROFILE or
    /// the default): it then beats environment credentials.
    #[arg(skip)]
    pub profile_from_flag: bool,
    /// `--url` was typed on the command line (not from VTELINK_URL).
    #[arg(skip)]
    pub url_from_flag: bool,
}

impl GlobalArgs {
    /// Note which options came from the command line itself: precedence
    /// (flags > environment > profile file > defaults) needs to know, and
    /// clap's `env = ...` merges a flag and its variable into one value.
    pub fn note_sources(&mut self, matches: &clap::ArgMatches) {
        let typed = |id: &str| {
            let here = |m: &clap::ArgMatches| {
                m.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
            };
            here(matches) || matches.subcommand().is_some_and(|(_, sub)| here(sub))
        };
        self.profile_from_flag = typed("profile");
        self.url_from_flag = typed("url");
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in to a CRM and keep the session in the OS keyring
    #[command(after_help = examples::LOGIN)]
    Login(login::Args),
    /// Log out and delete local secrets (never changes CRM data)
    #[command(after_help = examples::LOGOUT)]
    Logout(logout::Args),
    /// Show the profile, CRM, user and session state
    #[command(after_help = examples::STATUS)]
    Status(status::Args),
    /// List the CRM modules you may link emails to
    #[command(after_help = examples::MODULES)]
    Modules(modules::Args),
    /// Parse an .eml or .msg file and show what would be linked
    #[command(after_help = examples::PARSE)]
    Parse(parse::Args),
    /// Suggest CRM records for an email, best first, with why
    #[command(after_help = examples::SUGGEST)]
    Suggest(suggest::Args),
    /// Search CRM records by name, e-mail or number
    #[command(after_help = examples::SEARCH)]
    Search(search::Args),
    /// Show a CRM record's card: its fields under the CRM's labels, and what is around it
    #[command(after_help = examples::SHOW)]
    Show(show::Args),
    /// Link emails to CRM records (message, attachments, relations)
    #[command(after_help = examples::LINK)]
    Link(link::Args),
    /// Undo a link: delete the Message and Documents vtelink created for an email
    #[command(after_help = examples::UNLINK)]
    Unlink(unlink::Args),
    /// Replay many links from a manifest, resumably
    #[command(after_help = examples::REPLAY)]
    Replay(replay::Args),
    /// Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one
    #[command(after_help = examples::MAILBOX)]
    Mailbox(mailbox::Args),
    /// Decide the emails --auto left for review: link, skip for now, or ignore
    #[command(after_help = examples::REVIEW)]
    Review(review::Args),
    /// Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)
    #[command(after_help = examples::WATCH)]
    Watch(watch::Args),
    /// Watch vtelink do its job against an embedded CRM simulator
    #[command(after_help = examples::DEMO)]
    Demo(demo::Args),
    /// Print shell completions
    #[command(after_help = examples::COMPLETIONS)]
    Completions(completions::Args),
}

/// What every command gets: how to print, whether it may prompt, and the
/// global options. Commands receive it instead of reading globals.
pub struct Ctx {
    pub global: GlobalArgs,
    pub out: Output,
    /// The whole-command time limit; pause it while waiting for the user.
    pub clock: clock::Clock,
}

impl ColorArg {
    pub fn choice(self) -> ColorChoice {
        match self {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

impl Ctx {
    pub fn new(global: GlobalArgs) -> Self {
        Self::for_command(global, None)
    }

    /// The context for `command`, whose default time limit it knows.
    pub fn for_command(global: GlobalArgs, command: Option<&Command>) -> Self {
        let out = Output::new(global.json, global.quiet, global.color.choice());
        let limit = match global.timeout {
            Some(typed) => clock::limit(typed),
            None => command.and_then(default_timeout),
        };
        Ctx {
            global,
            out,
            clock: clock::Clock::new(limit),
        }
    }

    /// May we ask the user something on the terminal?
    pub fn can_prompt(&self) -> bool {
        use std::io::IsTerminal;
        !self.global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// May a full-screen picker run? Like [`Ctx::can_prompt`], but standard
    /// input may be the email itself (a mail client's "pipe message"): the
    /// picker draws on stderr and reads keys from the controlling terminal.
    pub fn can_pick(&self) -> bool {
        use std::io::IsTerminal;
        if self.global.no_input || !std::io::stderr().is_terminal() {
            return false;
        }
        std::io::stdin().is_terminal() || controlling_terminal()
    }
}

/// Is there a controlling terminal to read keys from (`/dev/tty`)?
fn controlling_terminal() -> bool {
    cfg!(unix)
        && std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
}

pub fn main() -> ExitCode {
    let lang = crate::l10n::init(crate::l10n::from_env());
    let matches = match help::localize(command(), lang).try_get_matches() {
        Ok(matches) => matches,
        Err(e) => match help::error_text(&e, lang) {
            Some(text) => {
                eprint!("{text}");
                return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(Exit::Usage.code()));
            }
            None => e.exit(),
        },
    };
    let mut cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.global.note_sources(&matches);
    init_tracing(
        cli.global.verbose,
        cli.global.color.choice().colors(Stream::Stderr),
    );
    let ctx = Ctx::for_command(cli.global.clone(), Some(&cli.command));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            ctx.out.error(&Error::io(crate::t!("cli-no-runtime"), e));
            return ExitCode::from(Exit::Failure.code());
        }
    };
    // watch stops cleanly on Ctrl-C and SIGTERM itself (links in flight finish).
    let own_signals = matches!(cli.command, Command::Watch(_));
    let result = runtime.block_on(async {
        tokio::select! {
            r = run(cli.command, &ctx) => r,
            _ = tokio::signal::ctrl_c(), if !own_signals => Err(Error::Interrupted),
            _ = ctx.clock.expired() => Err(Error::TimedOut {
                limit: ctx.clock.limit().unwrap_or_default(),
            }),
        }
    });
    // Do not wait for a blocking task stuck on a dead peer (a keyring call).
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            ctx.out.error(&e);
            ExitCode::from(e.exit().code())
        }
    }
}

/// The whole-command limit when none is given: commands that talk to the
/// CRM get [`clock::DEFAULT_TIMEOUT`]; a replay may run for hours (each of
/// its requests has the per-call limit, with retries), and the others do
/// not talk to a CRM.
fn default_timeout(command: &Command) -> Option<std::time::Duration> {
    match command {
        Command::Status(args) if args.offline => None,
        Command::Login(_)
        | Command::Logout(_)
        | Command::Status(_)
        | Command::Modules(_)
        | Command::Suggest(_)
        | Command::Search(_)
        | Command::Show(_)
        | Command::Link(_)
        | Command::Unlink(_) => Some(clock::DEFAULT_TIMEOUT),
        // review waits for the user between its links (each call has its limit).
        Command::Parse(_)
        | Command::Replay(_)
        | Command::Mailbox(_)
        | Command::Review(_)
        | Command::Watch(_)
        | Command::Demo(_)
        | Command::Completions(_) => None,
    }
}

async fn run(command: Command, ctx: &Ctx) -> crate::Result<()> {
    match command {
        Command::Login(args) => login::run(args, ctx).await,
        Command::Logout(args) => logout::run(args, ctx).await,
        Command::Status(args) => status::run(args, ctx).await,
        Command::Modules(args) => modules::run(args, ctx).await,
        Command::Parse(args) => parse::run(args, ctx).await,
        Command::Suggest(args) => suggest::run(args, ctx).await,
        Command::Search(args) => search::run(args, ctx).await,
        Command::Show(args) => show::run(args, ctx).await,
        Command::Link(args) => link::run(args, ctx).await,
        Command::Unlink(args) => unlink::run(args, ctx).await,
        Command::Replay(args) => replay::run(args, ctx).await,
        Command::Mailbox(args) => mailbox::run(args, ctx).await,
        Command::Review(args) => review::run(args, ctx).await,
        Command::Watch(args) => watch::run(args, ctx).await,
        Command::Demo(args) => demo::run(args, ctx).await,
        Command::Completions(args) => completions::run(args, ctx),
    }
}

/// Logs go to stderr, coloured only when stderr itself may have colour:
/// tracing-subscriber's own default colours pipes and files too. A typed
/// `-v` beats `VTELINK_LOG` (flags > environment), which beats the default
/// of warnings only.
fn init_tracing(verbose: u8, ansi: bool) {
    let from_flag = match verbose {
        0 => None,
        1 => Some("vtelink=info"),
        _ => Some("vtelink=debug,vtesim=info"),
    };
    let filter = match from_flag {
        Some(directives) => tracing_subscriber::EnvFilter::new(directives),
        None => tracing_subscriber::EnvFilter::try_from_env("VTELINK_LOG")
            // The TLS verifier logs a refused certificate as an error of its
            // own; the typed error says it once, in the user's language.
            .unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,rustls_platform_verifier=off")
            }),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .without_time()
        .with_target(false)
        .try_init();
}

/// A logged-in connection for the global profile / URL.
pub async fn connect(ctx: &Ctx) -> crate::Result<crate::crm::Connection> {
    crate::auth::connect(&connect_options(&ctx.global)).await
}

/// What `auth::connect` needs, from the global options and the `VTELINK_*`
/// environment. Built here so `auth` never depends on the command line.
///
/// Precedence is flags > environment > profile file > defaults
/// (`docs/auth.md`): environment credentials (`VTELINK_ACCESS_KEY`) beat
/// the stored profile, but a `--profile` typed on the command line beats
/// them — and then `VTELINK_URL`, which belongs to them, is ignored too.
pub fn connect_options(global: &GlobalArgs) -> crate::auth::ConnectOptions {
    let mut opts = crate::auth::ConnectOptions::new(&global.profile, global.url.as_deref());
    opts.call_timeout = global.call_timeout;
    if global.profile_from_flag && opts.env.is_some() {
        tracing::info!(
            "--profile {} given: using its stored login, not VTELINK_ACCESS_KEY",
            global.profile
        );
        opts.env = None;
        if !global.url_from_flag {
            opts.url = None;
        }
    } else if opts.env.is_some() && global.profile != "default" {
        tracing::info!(
            "VTELINK_ACCESS_KEY is set: using the environment credentials, not profile {} (type --profile to use it)",
            global.profile
        );
    }
    opts
}

/// Read and parse an email file (`-` = stdin), keeping the raw bytes.
pub fn read_email(path: &std::path::Path) -> crate::Result<(crate::mail::Email, Vec<u8>)> {
    let raw = crate::mail::read_input(path)?;
    let email = crate::mail::parse_bytes(&raw, path)?;
    Ok((email, raw))
}

/// The logged-in user's own addresses (to tell mail they sent from mail they got).
pub async fn own_addresses(conn: &crate::crm::Connection) -> Vec<String> {
    crate::suggest::own_addresses(conn).await
}

/// The clap command in English, for completions and the man page (the
/// command line itself runs [`help::localize`]d).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Is this answer to a yes/no question a yes (`y`, `yes`; in Italian also
/// `s`, `sì`)? The English answers always count.
pub fn is_yes(answer: &str) -> bool {
    let answer = answer.trim().to_lowercase();
    !answer.is_empty()
        && crate::t!("answer-yes")
            .split_whitespace()
            .chain(["y", "yes"])
            .any(|word| word == answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit_for(args: &[&str]) -> Option<std::time::Duration> {
        let cli = <Cli as clap::Parser>::try_parse_from(args).unwrap();
        Ctx::for_command(cli.global.clone(), Some(&cli.command))
            .clock
            .limit()
    }

    #[test]
    fn the_whole_command_limit_depends_on_the_command() {
        let default = Some(clock::DEFAULT_TIMEOUT);
        assert_eq!(
            limit_for(&["vtelink", "link", "a.eml", "--to", "4x1"]),
            default
        );
        assert_eq!(limit_for(&["vtelink", "status"]), default);
        assert_eq!(limit_for(&["vtelink", "status", "--offline"]), None);
        // A replay may run for hours: its requests have the per-call limit.
        assert_eq!(limit_for(&["vtelink", "replay", "links.csv"]), None);
        assert_eq!(limit_for(&["vtelink", "parse", "a.eml"]), None);
        let typed = Some(std::time::Duration::from_secs(5));
        assert_eq!(
            limit_for(&["vtelink", "replay", "x.csv", "--timeout", "5"]),
            typed
        );
        assert_eq!(
            limit_for(&["vtelink", "--timeout", "0", "link", "a.eml"]),
            None
        );
    }
}

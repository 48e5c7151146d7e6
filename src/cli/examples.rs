//! The examples at the end of each command's `--help` (and man page): real
//! command lines a user can copy, for one file, standard input, several files
//! and CI with environment credentials. `tests/help.rs` checks every command
//! has some. Lines stay under 80 columns: clap wraps longer ones mid-command.

pub const VTELINK: &str = "\
Examples:
  # The whole job against an embedded CRM simulator (needs nothing else)
  vtelink demo
  # Log in once, then link an email to the records it is about
  vtelink login --url https://crm.example.com --user jdoe
  vtelink suggest mail.eml
  vtelink link mail.eml --to 4x143
  # From a mail client: the message arrives on standard input
  vtelink link - --best < mail.eml

Scripts and CI: set VTELINK_URL, VTELINK_USER and VTELINK_ACCESS_KEY, and
pass --json and --no-input. Guides, the JSON contract and the exit codes are
in the README and docs/.";

pub const LOGIN: &str = "\
Examples:
  # Asks for the password (not echoed), then the security code if needed
  vtelink login --url https://crm.example.com --user jdoe
  # Sign in at your organisation's identity provider
  vtelink login --sso
  # No terminal: the password (and code) on standard input
  printf '%s\\n' \"$PASSWORD\" |
    vtelink login --url URL --user jdoe --password-stdin --no-input

In CI, skip login: set VTELINK_URL, VTELINK_USER and VTELINK_ACCESS_KEY.";

pub const LOGOUT: &str = "\
Examples:
  vtelink logout                  # the default profile
  vtelink logout --profile test   # another profile
  vtelink --json logout --all     # every profile, one entry each";

pub const STATUS: &str = "\
Examples:
  # Profile, CRM, user, version, and a live check of the session
  vtelink status
  # Only what is stored locally, for scripts
  vtelink status --offline --json
  # CI: credentials from the environment, nothing stored
  VTELINK_URL=https://crm.example.com VTELINK_USER=ci \\
    VTELINK_ACCESS_KEY=\"$KEY\" vtelink status";

pub const MODULES: &str = "\
Examples:
  vtelink modules
  # The modules suggestions look in (they have e-mail fields)
  vtelink --json modules |
    jq -r '.modules[] | select(.has_email_fields) | .name'";

pub const PARSE: &str = "\
Examples:
  # One file: headers, body preview, attachments
  vtelink parse mail.eml
  # Standard input; save every attachment under a safe, unique name
  vtelink parse - --extract ./files < message.msg
  # Several files
  for f in saved/*.eml; do vtelink --json parse \"$f\" | jq -r .subject; done";

pub const SUGGEST: &str = "\
Examples:
  # Records for the sender (or the recipients of mail you sent), with why
  vtelink suggest mail.eml
  # Standard input, as a mail client pipes the message
  vtelink suggest - < message.msg
  # The best record's id, for a script
  vtelink --json suggest mail.eml | jq -r '.suggestions[0].id'";

pub const SEARCH: &str = "\
Examples:
  vtelink search \"O'Brien\"               # name, e-mail or number, every module
  vtelink search acme --module Accounts   # one module (repeatable)
  vtelink --json search 4x143             # by id";

pub const SHOW: &str = "\
Examples:
  vtelink show 4x143               # a contact: fields, account, tickets
  vtelink show 3x140 --all         # an account, empty fields too
  # The Messages sent from or to the record's e-mail addresses
  vtelink show 4x143 --messages
  # A field's stored value (not its label), for a script
  vtelink --json show 9x150 |
    jq -r '.fields[] | select(.name == \"ticketstatus\") | .value'";

pub const LINK: &str = "\
Examples:
  # One file, related to a contact and an account
  vtelink link mail.eml --to 4x143 --to 3x140
  # Standard input (mutt: <pipe-message>vtelink link - --auto<enter>)
  vtelink link - --auto < mail.eml
  # What would be created; nothing is written
  vtelink link mail.eml --to 4x143 --dry-run
  # Several files in one call, one session (each line says what happened)
  vtelink link saved/*.eml --to 9x150
  # Scripts: only when the top suggestion is clearly ahead (else exit 4)
  vtelink --no-input link - --auto < mail.eml
  # CI: environment credentials, JSON on stdout, never a prompt
  VTELINK_URL=https://crm.example.com VTELINK_USER=ci \\
    VTELINK_ACCESS_KEY=\"$KEY\" vtelink --json --no-input link mail.eml --to 4x143";

pub const REPLAY: &str = "\
Examples:
  # A manifest: CSV with a header `file,to`, paths relative to it
  vtelink replay links.csv
  # CI: environment credentials, JSON events on stdout, never a prompt
  VTELINK_URL=https://crm.example.com VTELINK_USER=ci \\
    VTELINK_ACCESS_KEY=\"$KEY\" vtelink --json --no-input replay links.csv
  # After a failure, the same command resumes: finished entries are skipped
  vtelink replay links.csv";

pub const REVIEW: &str = "\
Examples:
  # On a terminal: each waiting email, its suggestions, then the picker
  vtelink review
  # Scripts: the queue as JSON, then decide one entry
  vtelink --json review | jq -r '.entries[] | [.id, .subject] | @tsv'
  vtelink review 3f2a9c1e07b4 --to 4x143
  vtelink review 3f2a9c1e07b4 --ignore";

pub const WATCH: &str = "\
Examples:
  # Link every new email to its best suggestion; unclear ones wait for review
  vtelink watch --maildir ~/Maildir/INBOX --auto
  # Everything arriving in a shared folder goes to one account
  vtelink watch --maildir ~/Maildir/.Acme --to 3x140
  # A mailbox folder on a mail server (IMAP IDLE)
  VTELINK_IMAP_PASSWORD=... vtelink watch \\
    --imap imaps://support@mail.example.com/INBOX --auto
  # JSON Lines for a log collector
  vtelink --json watch --maildir ~/Maildir/INBOX --auto >> watch.jsonl
As a service: contrib/vtelink-watch@.service (systemctl --user).";

pub const DEMO: &str = "\
Examples:
  # Watch one email get linked end to end
  vtelink demo
  # And log every webservice call to a file
  vtelink -v demo 2>requests.log
  # What the link created, as a script sees it
  vtelink --json demo | jq .link";

pub const COMPLETIONS: &str = "\
Examples:
  vtelink completions bash > ~/.local/share/bash-completion/completions/vtelink
  vtelink completions fish > ~/.config/fish/completions/vtelink.fish
  # zsh: with fpath+=(~/.zfunc) in ~/.zshrc
  vtelink completions zsh > ~/.zfunc/_vtelink";

pub const UNLINK: &str = "\
Examples:
  # Undo a link made to the wrong record (lists what goes, asks first)
  vtelink unlink mail.eml
  # What would be deleted; nothing is
  vtelink unlink --message-id quote-7@acme-example.com --dry-run
  # Scripts: from standard input, without the question
  vtelink --no-input unlink - --yes < mail.eml";

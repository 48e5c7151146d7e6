
use builtin;
use str;

set edit:completion:arg-completer[vtelink] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'vtelink'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'vtelink'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Log in to a CRM and keep the session in the OS keyring'
            cand logout 'Log out and delete local secrets (never changes CRM data)'
            cand status 'Show the profile, CRM, user and session state'
            cand modules 'List the CRM modules you may link emails to'
            cand parse 'Parse an .eml or .msg file and show what would be linked'
            cand suggest 'Suggest CRM records for an email, best first, with why'
            cand search 'Search CRM records by name, e-mail or number'
            cand show 'Show a CRM record''s card: its fields under the CRM''s labels, and what is around it'
            cand link 'Link emails to CRM records (message, attachments, relations)'
            cand unlink 'Undo a link: delete the Message and Documents vtelink created for an email'
            cand replay 'Replay many links from a manifest, resumably'
            cand mailbox 'Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one'
            cand review 'Decide the emails --auto left for review: link, skip for now, or ignore'
            cand watch 'Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)'
            cand demo 'Watch vtelink do its job against an embedded CRM simulator'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vtelink;login'= {
            cand --user 'CRM user name'
            cand --otp 'Second-factor security code, when the CRM asks for one'
            cand --sso-issuer 'OpenID issuer URL for --sso (default: the one the CRM advertises)'
            cand --sso-client-id 'OAuth client id for --sso (default: the one the CRM advertises, else vtelink-cli)'
            cand --ca-cert 'Trust this PEM CA certificate (private CAs); remembered in the profile'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --password-stdin 'Read the password from the first line of standard input (the next line: the security code, read when the CRM asks)'
            cand --sso 'Log in through the organisation''s identity provider (OAuth 2.0 device flow)'
            cand --open-browser 'Open the verification page in a browser during --sso'
            cand --allow-http 'Allow plain http:// to a host that is not loopback; remembered in the profile'
            cand --allow-unsupported-version 'Use a CRM older than the supported minimum (24.08.2) anyway'
            cand --insecure-storage 'Store secrets in a plaintext file (mode 0600) instead of the OS keyring'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;logout'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --all 'Log out of every profile'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;status'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --offline 'Do not contact the CRM; show only what is stored locally'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;modules'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;parse'= {
            cand --extract 'Write the attachments into this directory (safe, unique names)'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;suggest'= {
            cand --limit 'At most this many suggestions'
            cand --min-score 'Judge `link --auto` with this lowest score [default: 85]'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;search'= {
            cand --module 'Only this module (repeatable; default: Contacts, Accounts, Leads, Potentials, HelpDesk, Vendors)'
            cand --limit 'At most this many results per module'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;show'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --all 'Show the empty fields too'
            cand --messages 'Add the Messages sent from or to the record''s e-mail addresses'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;link'= {
            cand --to 'Record ids to relate the message to (e.g. 4x143); repeatable'
            cand --min-score 'With --auto: the lowest score it accepts [default: 85]'
            cand --upload-concurrency 'Attachments uploaded at once, per email'
            cand --concurrency 'Emails linked at once when several files are given'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --best 'Relate to the best suggestion, however close the next one (see `vtelink suggest`)'
            cand --auto 'Relate to the best suggestion only when it is clearly ahead; else link nothing (exit 4)'
            cand --pick 'Choose on the terminal: suggestions first; type to filter or search the CRM'
            cand --dry-run 'Show what would be created without changing the CRM'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;unlink'= {
            cand --message-id 'The Message-ID the email was linked under, with or without <> (`vtelink link --json` shows it)'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --dry-run 'Show what would be deleted without deleting it'
            cand -y 'Delete without asking (scripts)'
            cand --yes 'Delete without asking (scripts)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;replay'= {
            cand --mbox 'An mbox file to replay (Gmail Takeout, Thunderbird); repeatable'
            cand --maildir 'A Maildir (with cur/ and new/) to replay; repeatable'
            cand --imap 'A mailbox folder to replay, read-only: imaps://USER@HOST[:PORT]/FOLDER (imap:// uses STARTTLS); repeatable'
            cand --mailbox 'A mailbox saved with `vtelink mailbox add`: its folders, rule, password and journal'
            cand --since 'Only mailbox messages that arrived on or after this day (YYYY-MM-DD)'
            cand --ca-cert 'A PEM CA certificate that issued the mail server''s certificate (a private CA)'
            cand --oauth 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password'
            cand --oauth-client-id 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]'
            cand --oauth-scope 'What --oauth asks for [default: the issuer''s IMAP scope: Microsoft''s, Google''s, else openid email offline_access]'
            cand --to 'Record ids for mbox/Maildir messages and manifest lines without `to`; repeatable'
            cand --concurrency 'Emails linked at the same time'
            cand --max-rps 'At most this many requests a second, across all workers'
            cand --attempts 'Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)'
            cand --journal 'The journal to write progress to and resume from (default: in the state directory, named after the sources)'
            cand --retry-base-ms 'First wait before a retry, in milliseconds (doubles per attempt)'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --allow-plaintext 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)'
            cand --auto 'Link each email to its best suggestion when it is clearly ahead'
            cand --dry-run 'Check everything (files, ids, auto) and print the plan; change nothing'
            cand --status 'Show the journal''s totals and exit'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;mailbox'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)'
            cand list 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed'
            cand remove 'Forget a saved mailbox and its password (the CRM keeps what was linked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vtelink;mailbox;add'= {
            cand --folder 'A folder to read (default: the URL''s, else INBOX); repeatable'
            cand --to 'Record ids every message is linked to; repeatable'
            cand --ca-cert 'A PEM CA certificate that issued the mail server''s certificate (a private CA)'
            cand --oauth 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password'
            cand --oauth-client-id 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]'
            cand --oauth-scope 'What --oauth asks for [default: the issuer''s IMAP scope: Microsoft''s, Google''s, else openid email offline_access]'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --auto 'Link each message to its best suggestion when it is clearly ahead'
            cand --allow-plaintext 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;mailbox;list'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;mailbox;remove'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;mailbox;help'= {
            cand add 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)'
            cand list 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed'
            cand remove 'Forget a saved mailbox and its password (the CRM keeps what was linked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vtelink;mailbox;help;add'= {
        }
        &'vtelink;mailbox;help;list'= {
        }
        &'vtelink;mailbox;help;remove'= {
        }
        &'vtelink;mailbox;help;help'= {
        }
        &'vtelink;review'= {
            cand --to 'Link it to these records; repeatable'
            cand --journal 'The journal whose queue to review; repeatable (default: every journal of this CRM and user in the state directory)'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --ignore 'Leave it out for good (later runs pass over it)'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;watch'= {
            cand --maildir 'A Maildir (with cur/ and new/) to watch; repeatable'
            cand --imap 'A mailbox folder to watch with IMAP IDLE: imaps://USER@HOST[:PORT]/FOLDER; repeatable (password: VTELINK_IMAP_PASSWORD, or asked)'
            cand --ca-cert 'A PEM CA certificate that issued the mail server''s certificate (a private CA)'
            cand --oauth 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password'
            cand --oauth-client-id 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]'
            cand --oauth-scope 'What --oauth asks for [default: the issuer''s IMAP scope: Microsoft''s, Google''s, else openid email offline_access]'
            cand --to 'Record ids every new email is linked to; repeatable'
            cand --concurrency 'Emails linked at the same time'
            cand --attempts 'Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)'
            cand --journal 'The journal (default: the one `vtelink replay` uses for the same sources and --to/--auto)'
            cand --rescan 'Look at the whole of each source again this often even when nothing changed, e.g. 5m'
            cand --debounce-ms 'Wait this long for the folder to be quiet before linking, in milliseconds'
            cand --retry-base-ms 'First wait before a retry, in milliseconds (doubles per attempt)'
            cand --max-backoff-s 'The longest wait between attempts while the CRM is away, in seconds'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --allow-plaintext 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)'
            cand --auto 'Link each new email to its best suggestion when it is clearly ahead; the others wait for `vtelink review`'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;demo'= {
            cand --seed 'Seed for the simulator''s generated CRM data'
            cand --user 'Log in as this seeded user (admin, restricted)'
            cand --php-workers 'Let the simulator serve at most N calls at once, like a small server''s PHP workers'
            cand --service-time 'How long each call holds a simulator worker: recorded (a real 2-core server), none, or OP=MS,...'
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;completions'= {
            cand --profile 'Profile to use (several CRMs or users side by side)'
            cand --url 'CRM URL, overriding the profile''s'
            cand --color 'When to use colours (NO_COLOR is honoured)'
            cand --timeout 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count'
            cand --call-timeout 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]'
            cand --json 'Print machine-readable JSON on stdout'
            cand -q 'Print only what was asked for (no progress, no hints)'
            cand --quiet 'Print only what was asked for (no progress, no hints)'
            cand -v 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --verbose 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
            cand --no-input 'Never prompt; fail with a clear message where input would be needed'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'vtelink;help'= {
            cand login 'Log in to a CRM and keep the session in the OS keyring'
            cand logout 'Log out and delete local secrets (never changes CRM data)'
            cand status 'Show the profile, CRM, user and session state'
            cand modules 'List the CRM modules you may link emails to'
            cand parse 'Parse an .eml or .msg file and show what would be linked'
            cand suggest 'Suggest CRM records for an email, best first, with why'
            cand search 'Search CRM records by name, e-mail or number'
            cand show 'Show a CRM record''s card: its fields under the CRM''s labels, and what is around it'
            cand link 'Link emails to CRM records (message, attachments, relations)'
            cand unlink 'Undo a link: delete the Message and Documents vtelink created for an email'
            cand replay 'Replay many links from a manifest, resumably'
            cand mailbox 'Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one'
            cand review 'Decide the emails --auto left for review: link, skip for now, or ignore'
            cand watch 'Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)'
            cand demo 'Watch vtelink do its job against an embedded CRM simulator'
            cand completions 'Print shell completions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'vtelink;help;login'= {
        }
        &'vtelink;help;logout'= {
        }
        &'vtelink;help;status'= {
        }
        &'vtelink;help;modules'= {
        }
        &'vtelink;help;parse'= {
        }
        &'vtelink;help;suggest'= {
        }
        &'vtelink;help;search'= {
        }
        &'vtelink;help;show'= {
        }
        &'vtelink;help;link'= {
        }
        &'vtelink;help;unlink'= {
        }
        &'vtelink;help;replay'= {
        }
        &'vtelink;help;mailbox'= {
            cand add 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)'
            cand list 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed'
            cand remove 'Forget a saved mailbox and its password (the CRM keeps what was linked)'
        }
        &'vtelink;help;mailbox;add'= {
        }
        &'vtelink;help;mailbox;list'= {
        }
        &'vtelink;help;mailbox;remove'= {
        }
        &'vtelink;help;review'= {
        }
        &'vtelink;help;watch'= {
        }
        &'vtelink;help;demo'= {
        }
        &'vtelink;help;completions'= {
        }
        &'vtelink;help;help'= {
        }
    ]
    $completions[$command]
}

# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_vtelink_global_optspecs
    string join \n profile= url= json q/quiet v/verbose no-input color= timeout= call-timeout= h/help V/version
end

function __fish_vtelink_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_vtelink_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_vtelink_using_subcommand
    set -l cmd (__fish_vtelink_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c vtelink -n "__fish_vtelink_needs_command" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_needs_command" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_needs_command" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_needs_command" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_needs_command" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_needs_command" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_needs_command" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_needs_command" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_needs_command" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_needs_command" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_needs_command" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "login" -d 'Log in to a CRM and keep the session in the OS keyring'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "logout" -d 'Log out and delete local secrets (never changes CRM data)'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "status" -d 'Show the profile, CRM, user and session state'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "modules" -d 'List the CRM modules you may link emails to'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "parse" -d 'Parse an .eml or .msg file and show what would be linked'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "suggest" -d 'Suggest CRM records for an email, best first, with why'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "search" -d 'Search CRM records by name, e-mail or number'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "show" -d 'Show a CRM record\'s card: its fields under the CRM\'s labels, and what is around it'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "link" -d 'Link emails to CRM records (message, attachments, relations)'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "unlink" -d 'Undo a link: delete the Message and Documents vtelink created for an email'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "replay" -d 'Replay many links from a manifest, resumably'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "mailbox" -d 'Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "review" -d 'Decide the emails --auto left for review: link, skip for now, or ignore'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "watch" -d 'Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "demo" -d 'Watch vtelink do its job against an embedded CRM simulator'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c vtelink -n "__fish_vtelink_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l user -d 'CRM user name' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l otp -d 'Second-factor security code, when the CRM asks for one' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l sso-issuer -d 'OpenID issuer URL for --sso (default: the one the CRM advertises)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l sso-client-id -d 'OAuth client id for --sso (default: the one the CRM advertises, else vtelink-cli)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l ca-cert -d 'Trust this PEM CA certificate (private CAs); remembered in the profile' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input (the next line: the security code, read when the CRM asks)'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l sso -d 'Log in through the organisation\'s identity provider (OAuth 2.0 device flow)'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l open-browser -d 'Open the verification page in a browser during --sso'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l allow-http -d 'Allow plain http:// to a host that is not loopback; remembered in the profile'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l allow-unsupported-version -d 'Use a CRM older than the supported minimum (24.08.2) anyway'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l insecure-storage -d 'Store secrets in a plaintext file (mode 0600) instead of the OS keyring'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand login" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l all -d 'Log out of every profile'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand logout" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l offline -d 'Do not contact the CRM; show only what is stored locally'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand status" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand modules" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l extract -d 'Write the attachments into this directory (safe, unique names)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand parse" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l limit -d 'At most this many suggestions' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l min-score -d 'Judge `link --auto` with this lowest score [default: 85]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand suggest" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l module -d 'Only this module (repeatable; default: Contacts, Accounts, Leads, Potentials, HelpDesk, Vendors)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l limit -d 'At most this many results per module' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand search" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l all -d 'Show the empty fields too'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l messages -d 'Add the Messages sent from or to the record\'s e-mail addresses'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand show" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l to -d 'Record ids to relate the message to (e.g. 4x143); repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l min-score -d 'With --auto: the lowest score it accepts [default: 85]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l upload-concurrency -d 'Attachments uploaded at once, per email' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l concurrency -d 'Emails linked at once when several files are given' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l best -d 'Relate to the best suggestion, however close the next one (see `vtelink suggest`)'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l auto -d 'Relate to the best suggestion only when it is clearly ahead; else link nothing (exit 4)'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l pick -d 'Choose on the terminal: suggestions first; type to filter or search the CRM'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l dry-run -d 'Show what would be created without changing the CRM'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand link" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l message-id -d 'The Message-ID the email was linked under, with or without <> (`vtelink link --json` shows it)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l dry-run -d 'Show what would be deleted without deleting it'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -s y -l yes -d 'Delete without asking (scripts)'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand unlink" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l mbox -d 'An mbox file to replay (Gmail Takeout, Thunderbird); repeatable' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l maildir -d 'A Maildir (with cur/ and new/) to replay; repeatable' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l imap -d 'A mailbox folder to replay, read-only: imaps://USER@HOST[:PORT]/FOLDER (imap:// uses STARTTLS); repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l mailbox -d 'A mailbox saved with `vtelink mailbox add`: its folders, rule, password and journal' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l since -d 'Only mailbox messages that arrived on or after this day (YYYY-MM-DD)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l ca-cert -d 'A PEM CA certificate that issued the mail server\'s certificate (a private CA)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l oauth -d 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l oauth-client-id -d 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l oauth-scope -d 'What --oauth asks for [default: the issuer\'s IMAP scope: Microsoft\'s, Google\'s, else openid email offline_access]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l to -d 'Record ids for mbox/Maildir messages and manifest lines without `to`; repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l concurrency -d 'Emails linked at the same time' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l max-rps -d 'At most this many requests a second, across all workers' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l attempts -d 'Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l journal -d 'The journal to write progress to and resume from (default: in the state directory, named after the sources)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l retry-base-ms -d 'First wait before a retry, in milliseconds (doubles per attempt)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l allow-plaintext -d 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l auto -d 'Link each email to its best suggestion when it is clearly ahead'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l dry-run -d 'Check everything (files, ids, auto) and print the plan; change nothing'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l status -d 'Show the journal\'s totals and exit'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand replay" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Forget a saved mailbox and its password (the CRM keeps what was linked)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l folder -d 'A folder to read (default: the URL\'s, else INBOX); repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l to -d 'Record ids every message is linked to; repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l ca-cert -d 'A PEM CA certificate that issued the mail server\'s certificate (a private CA)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l oauth -d 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l oauth-client-id -d 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l oauth-scope -d 'What --oauth asks for [default: the issuer\'s IMAP scope: Microsoft\'s, Google\'s, else openid email offline_access]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l auto -d 'Link each message to its best suggestion when it is clearly ahead'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l allow-plaintext -d 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from help" -f -a "add" -d 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from help" -f -a "list" -d 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Forget a saved mailbox and its password (the CRM keeps what was linked)'
complete -c vtelink -n "__fish_vtelink_using_subcommand mailbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l to -d 'Link it to these records; repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l journal -d 'The journal whose queue to review; repeatable (default: every journal of this CRM and user in the state directory)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l ignore -d 'Leave it out for good (later runs pass over it)'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand review" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l maildir -d 'A Maildir (with cur/ and new/) to watch; repeatable' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l imap -d 'A mailbox folder to watch with IMAP IDLE: imaps://USER@HOST[:PORT]/FOLDER; repeatable (password: VTELINK_IMAP_PASSWORD, or asked)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l ca-cert -d 'A PEM CA certificate that issued the mail server\'s certificate (a private CA)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l oauth -d 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l oauth-client-id -d 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l oauth-scope -d 'What --oauth asks for [default: the issuer\'s IMAP scope: Microsoft\'s, Google\'s, else openid email offline_access]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l to -d 'Record ids every new email is linked to; repeatable' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l concurrency -d 'Emails linked at the same time' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l attempts -d 'Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l journal -d 'The journal (default: the one `vtelink replay` uses for the same sources and --to/--auto)' -r -F
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l rescan -d 'Look at the whole of each source again this often even when nothing changed, e.g. 5m' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l debounce-ms -d 'Wait this long for the folder to be quiet before linking, in milliseconds' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l retry-base-ms -d 'First wait before a retry, in milliseconds (doubles per attempt)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l max-backoff-s -d 'The longest wait between attempts while the CRM is away, in seconds' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l allow-plaintext -d 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l auto -d 'Link each new email to its best suggestion when it is clearly ahead; the others wait for `vtelink review`'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand watch" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l seed -d 'Seed for the simulator\'s generated CRM data' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l user -d 'Log in as this seeded user (admin, restricted)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l php-workers -d 'Let the simulator serve at most N calls at once, like a small server\'s PHP workers' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l service-time -d 'How long each call holds a simulator worker: recorded (a real 2-core server), none, or OP=MS,...' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand demo" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l profile -d 'Profile to use (several CRMs or users side by side)' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l url -d 'CRM URL, overriding the profile\'s' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l color -d 'When to use colours (NO_COLOR is honoured)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l timeout -d 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l call-timeout -d 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]' -r
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout'
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -s q -l quiet -d 'Print only what was asked for (no progress, no hints)'
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -s v -l verbose -d 'Log what happens on stderr (-v requests, -vv details); secrets are never logged'
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -l no-input -d 'Never prompt; fail with a clear message where input would be needed'
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -s h -l help -d 'Print help'
complete -c vtelink -n "__fish_vtelink_using_subcommand completions" -s V -l version -d 'Print version'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "login" -d 'Log in to a CRM and keep the session in the OS keyring'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "logout" -d 'Log out and delete local secrets (never changes CRM data)'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "status" -d 'Show the profile, CRM, user and session state'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "modules" -d 'List the CRM modules you may link emails to'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "parse" -d 'Parse an .eml or .msg file and show what would be linked'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "suggest" -d 'Suggest CRM records for an email, best first, with why'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "search" -d 'Search CRM records by name, e-mail or number'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "show" -d 'Show a CRM record\'s card: its fields under the CRM\'s labels, and what is around it'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "link" -d 'Link emails to CRM records (message, attachments, relations)'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "unlink" -d 'Undo a link: delete the Message and Documents vtelink created for an email'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "replay" -d 'Replay many links from a manifest, resumably'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "mailbox" -d 'Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "review" -d 'Decide the emails --auto left for review: link, skip for now, or ignore'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "watch" -d 'Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "demo" -d 'Watch vtelink do its job against an embedded CRM simulator'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "completions" -d 'Print shell completions'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and not __fish_seen_subcommand_from login logout status modules parse suggest search show link unlink replay mailbox review watch demo completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and __fish_seen_subcommand_from mailbox" -f -a "add" -d 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and __fish_seen_subcommand_from mailbox" -f -a "list" -d 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed'
complete -c vtelink -n "__fish_vtelink_using_subcommand help; and __fish_seen_subcommand_from mailbox" -f -a "remove" -d 'Forget a saved mailbox and its password (the CRM keeps what was linked)'

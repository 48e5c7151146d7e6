
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'vtelink' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'vtelink'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'vtelink' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a CRM and keep the session in the OS keyring')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out and delete local secrets (never changes CRM data)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the profile, CRM, user and session state')
            [CompletionResult]::new('modules', 'modules', [CompletionResultType]::ParameterValue, 'List the CRM modules you may link emails to')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse an .eml or .msg file and show what would be linked')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Suggest CRM records for an email, best first, with why')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search CRM records by name, e-mail or number')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a CRM record''s card: its fields under the CRM''s labels, and what is around it')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Link emails to CRM records (message, attachments, relations)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Undo a link: delete the Message and Documents vtelink created for an email')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay many links from a manifest, resumably')
            [CompletionResult]::new('mailbox', 'mailbox', [CompletionResultType]::ParameterValue, 'Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Decide the emails --auto left for review: link, skip for now, or ignore')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Watch vtelink do its job against an embedded CRM simulator')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vtelink;login' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'CRM user name')
            [CompletionResult]::new('--otp', '--otp', [CompletionResultType]::ParameterName, 'Second-factor security code, when the CRM asks for one')
            [CompletionResult]::new('--sso-issuer', '--sso-issuer', [CompletionResultType]::ParameterName, 'OpenID issuer URL for --sso (default: the one the CRM advertises)')
            [CompletionResult]::new('--sso-client-id', '--sso-client-id', [CompletionResultType]::ParameterName, 'OAuth client id for --sso (default: the one the CRM advertises, else vtelink-cli)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Trust this PEM CA certificate (private CAs); remembered in the profile')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input (the next line: the security code, read when the CRM asks)')
            [CompletionResult]::new('--sso', '--sso', [CompletionResultType]::ParameterName, 'Log in through the organisation''s identity provider (OAuth 2.0 device flow)')
            [CompletionResult]::new('--open-browser', '--open-browser', [CompletionResultType]::ParameterName, 'Open the verification page in a browser during --sso')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http:// to a host that is not loopback; remembered in the profile')
            [CompletionResult]::new('--allow-unsupported-version', '--allow-unsupported-version', [CompletionResultType]::ParameterName, 'Use a CRM older than the supported minimum (24.08.2) anyway')
            [CompletionResult]::new('--insecure-storage', '--insecure-storage', [CompletionResultType]::ParameterName, 'Store secrets in a plaintext file (mode 0600) instead of the OS keyring')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;logout' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Log out of every profile')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;status' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Do not contact the CRM; show only what is stored locally')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;modules' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;parse' {
            [CompletionResult]::new('--extract', '--extract', [CompletionResultType]::ParameterName, 'Write the attachments into this directory (safe, unique names)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;suggest' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many suggestions')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Judge `link --auto` with this lowest score [default: 85]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;search' {
            [CompletionResult]::new('--module', '--module', [CompletionResultType]::ParameterName, 'Only this module (repeatable; default: Contacts, Accounts, Leads, Potentials, HelpDesk, Vendors)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many results per module')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Show the empty fields too')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'Add the Messages sent from or to the record''s e-mail addresses')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;link' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Record ids to relate the message to (e.g. 4x143); repeatable')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'With --auto: the lowest score it accepts [default: 85]')
            [CompletionResult]::new('--upload-concurrency', '--upload-concurrency', [CompletionResultType]::ParameterName, 'Attachments uploaded at once, per email')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Emails linked at once when several files are given')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--best', '--best', [CompletionResultType]::ParameterName, 'Relate to the best suggestion, however close the next one (see `vtelink suggest`)')
            [CompletionResult]::new('--auto', '--auto', [CompletionResultType]::ParameterName, 'Relate to the best suggestion only when it is clearly ahead; else link nothing (exit 4)')
            [CompletionResult]::new('--pick', '--pick', [CompletionResultType]::ParameterName, 'Choose on the terminal: suggestions first; type to filter or search the CRM')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be created without changing the CRM')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;unlink' {
            [CompletionResult]::new('--message-id', '--message-id', [CompletionResultType]::ParameterName, 'The Message-ID the email was linked under, with or without <> (`vtelink link --json` shows it)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted without deleting it')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (scripts)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (scripts)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;replay' {
            [CompletionResult]::new('--mbox', '--mbox', [CompletionResultType]::ParameterName, 'An mbox file to replay (Gmail Takeout, Thunderbird); repeatable')
            [CompletionResult]::new('--maildir', '--maildir', [CompletionResultType]::ParameterName, 'A Maildir (with cur/ and new/) to replay; repeatable')
            [CompletionResult]::new('--imap', '--imap', [CompletionResultType]::ParameterName, 'A mailbox folder to replay, read-only: imaps://USER@HOST[:PORT]/FOLDER (imap:// uses STARTTLS); repeatable')
            [CompletionResult]::new('--mailbox', '--mailbox', [CompletionResultType]::ParameterName, 'A mailbox saved with `vtelink mailbox add`: its folders, rule, password and journal')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only mailbox messages that arrived on or after this day (YYYY-MM-DD)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM CA certificate that issued the mail server''s certificate (a private CA)')
            [CompletionResult]::new('--oauth', '--oauth', [CompletionResultType]::ParameterName, 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password')
            [CompletionResult]::new('--oauth-client-id', '--oauth-client-id', [CompletionResultType]::ParameterName, 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]')
            [CompletionResult]::new('--oauth-scope', '--oauth-scope', [CompletionResultType]::ParameterName, 'What --oauth asks for [default: the issuer''s IMAP scope: Microsoft''s, Google''s, else openid email offline_access]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Record ids for mbox/Maildir messages and manifest lines without `to`; repeatable')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Emails linked at the same time')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'At most this many requests a second, across all workers')
            [CompletionResult]::new('--attempts', '--attempts', [CompletionResultType]::ParameterName, 'Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The journal to write progress to and resume from (default: in the state directory, named after the sources)')
            [CompletionResult]::new('--retry-base-ms', '--retry-base-ms', [CompletionResultType]::ParameterName, 'First wait before a retry, in milliseconds (doubles per attempt)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--allow-plaintext', '--allow-plaintext', [CompletionResultType]::ParameterName, 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)')
            [CompletionResult]::new('--auto', '--auto', [CompletionResultType]::ParameterName, 'Link each email to its best suggestion when it is clearly ahead')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything (files, ids, auto) and print the plan; change nothing')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Show the journal''s totals and exit')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;mailbox' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a saved mailbox and its password (the CRM keeps what was linked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vtelink;mailbox;add' {
            [CompletionResult]::new('--folder', '--folder', [CompletionResultType]::ParameterName, 'A folder to read (default: the URL''s, else INBOX); repeatable')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Record ids every message is linked to; repeatable')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM CA certificate that issued the mail server''s certificate (a private CA)')
            [CompletionResult]::new('--oauth', '--oauth', [CompletionResultType]::ParameterName, 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password')
            [CompletionResult]::new('--oauth-client-id', '--oauth-client-id', [CompletionResultType]::ParameterName, 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]')
            [CompletionResult]::new('--oauth-scope', '--oauth-scope', [CompletionResultType]::ParameterName, 'What --oauth asks for [default: the issuer''s IMAP scope: Microsoft''s, Google''s, else openid email offline_access]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--auto', '--auto', [CompletionResultType]::ParameterName, 'Link each message to its best suggestion when it is clearly ahead')
            [CompletionResult]::new('--allow-plaintext', '--allow-plaintext', [CompletionResultType]::ParameterName, 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;mailbox;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;mailbox;remove' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;mailbox;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a saved mailbox and its password (the CRM keeps what was linked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vtelink;mailbox;help;add' {
            break
        }
        'vtelink;mailbox;help;list' {
            break
        }
        'vtelink;mailbox;help;remove' {
            break
        }
        'vtelink;mailbox;help;help' {
            break
        }
        'vtelink;review' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Link it to these records; repeatable')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The journal whose queue to review; repeatable (default: every journal of this CRM and user in the state directory)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Leave it out for good (later runs pass over it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;watch' {
            [CompletionResult]::new('--maildir', '--maildir', [CompletionResultType]::ParameterName, 'A Maildir (with cur/ and new/) to watch; repeatable')
            [CompletionResult]::new('--imap', '--imap', [CompletionResultType]::ParameterName, 'A mailbox folder to watch with IMAP IDLE: imaps://USER@HOST[:PORT]/FOLDER; repeatable (password: VTELINK_IMAP_PASSWORD, or asked)')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'A PEM CA certificate that issued the mail server''s certificate (a private CA)')
            [CompletionResult]::new('--oauth', '--oauth', [CompletionResultType]::ParameterName, 'Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password')
            [CompletionResult]::new('--oauth-client-id', '--oauth-client-id', [CompletionResultType]::ParameterName, 'The application (client) id registered at the issuer for --oauth [default: vtelink-cli]')
            [CompletionResult]::new('--oauth-scope', '--oauth-scope', [CompletionResultType]::ParameterName, 'What --oauth asks for [default: the issuer''s IMAP scope: Microsoft''s, Google''s, else openid email offline_access]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Record ids every new email is linked to; repeatable')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Emails linked at the same time')
            [CompletionResult]::new('--attempts', '--attempts', [CompletionResultType]::ParameterName, 'Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The journal (default: the one `vtelink replay` uses for the same sources and --to/--auto)')
            [CompletionResult]::new('--rescan', '--rescan', [CompletionResultType]::ParameterName, 'Look at the whole of each source again this often even when nothing changed, e.g. 5m')
            [CompletionResult]::new('--debounce-ms', '--debounce-ms', [CompletionResultType]::ParameterName, 'Wait this long for the folder to be quiet before linking, in milliseconds')
            [CompletionResult]::new('--retry-base-ms', '--retry-base-ms', [CompletionResultType]::ParameterName, 'First wait before a retry, in milliseconds (doubles per attempt)')
            [CompletionResult]::new('--max-backoff-s', '--max-backoff-s', [CompletionResultType]::ParameterName, 'The longest wait between attempts while the CRM is away, in seconds')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--allow-plaintext', '--allow-plaintext', [CompletionResultType]::ParameterName, 'Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)')
            [CompletionResult]::new('--auto', '--auto', [CompletionResultType]::ParameterName, 'Link each new email to its best suggestion when it is clearly ahead; the others wait for `vtelink review`')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;demo' {
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for the simulator''s generated CRM data')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Log in as this seeded user (admin, restricted)')
            [CompletionResult]::new('--php-workers', '--php-workers', [CompletionResultType]::ParameterName, 'Let the simulator serve at most N calls at once, like a small server''s PHP workers')
            [CompletionResult]::new('--service-time', '--service-time', [CompletionResultType]::ParameterName, 'How long each call holds a simulator worker: recorded (a real 2-core server), none, or OP=MS,...')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use (several CRMs or users side by side)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'CRM URL, overriding the profile''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count')
            [CompletionResult]::new('--call-timeout', '--call-timeout', [CompletionResultType]::ParameterName, 'Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for (no progress, no hints)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what happens on stderr (-v requests, -vv details); secrets are never logged')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a clear message where input would be needed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'vtelink;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a CRM and keep the session in the OS keyring')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out and delete local secrets (never changes CRM data)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the profile, CRM, user and session state')
            [CompletionResult]::new('modules', 'modules', [CompletionResultType]::ParameterValue, 'List the CRM modules you may link emails to')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse an .eml or .msg file and show what would be linked')
            [CompletionResult]::new('suggest', 'suggest', [CompletionResultType]::ParameterValue, 'Suggest CRM records for an email, best first, with why')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search CRM records by name, e-mail or number')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a CRM record''s card: its fields under the CRM''s labels, and what is around it')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Link emails to CRM records (message, attachments, relations)')
            [CompletionResult]::new('unlink', 'unlink', [CompletionResultType]::ParameterValue, 'Undo a link: delete the Message and Documents vtelink created for an email')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Replay many links from a manifest, resumably')
            [CompletionResult]::new('mailbox', 'mailbox', [CompletionResultType]::ParameterValue, 'Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Decide the emails --auto left for review: link, skip for now, or ignore')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Watch vtelink do its job against an embedded CRM simulator')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'vtelink;help;login' {
            break
        }
        'vtelink;help;logout' {
            break
        }
        'vtelink;help;status' {
            break
        }
        'vtelink;help;modules' {
            break
        }
        'vtelink;help;parse' {
            break
        }
        'vtelink;help;suggest' {
            break
        }
        'vtelink;help;search' {
            break
        }
        'vtelink;help;show' {
            break
        }
        'vtelink;help;link' {
            break
        }
        'vtelink;help;unlink' {
            break
        }
        'vtelink;help;replay' {
            break
        }
        'vtelink;help;mailbox' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Forget a saved mailbox and its password (the CRM keeps what was linked)')
            break
        }
        'vtelink;help;mailbox;add' {
            break
        }
        'vtelink;help;mailbox;list' {
            break
        }
        'vtelink;help;mailbox;remove' {
            break
        }
        'vtelink;help;review' {
            break
        }
        'vtelink;help;watch' {
            break
        }
        'vtelink;help;demo' {
            break
        }
        'vtelink;help;completions' {
            break
        }
        'vtelink;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}

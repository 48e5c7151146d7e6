# vtelink's English messages: every sentence a person reads, and the
# fallback for any other language. Keep locales/it.ftl in step: the same
# keys, the same variables (tests/l10n.rs checks both).
#
# Keys: err-… errors (src/error_text.rs), help-… and cmd-…/arg-… the
# --help texts (src/cli/help.rs), then one group per command.
# Values from outside (server messages, file names) arrive cleaned.

## Printer

output-error-prefix = error:
output-warning-prefix = warning:

## Errors

err-text = { $text }
err-io = { $context }: { $detail }
err-interrupted = interrupted
err-timed-out = gave up after { $limit } (the --timeout limit, VTELINK_TIMEOUT): the CRM did not answer in time; it may be down or overloaded
err-partial = { $failed } of { $total } items failed

err-crm-auth-required = authentication required: { $detail }
err-crm-invalid-session = the CRM session is no longer valid: { $detail }
err-crm-session-expired = the CRM session expired: { $detail }
err-crm-invalid-credentials = wrong user name, password or access key: { $detail }
err-crm-invalid-auth-token = the login challenge was refused: { $detail }
err-crm-unknown-user = the CRM has no user named '{ $user }' (it refused the login challenge for that name); check the user name (--user, VTELINK_USER)
err-crm-credentials-in-url = the CRM URL must not hold a user name or password (user:password@); nothing was sent or saved. Log in with `vtelink login --url { $url } --user NAME` (the password is asked for, or read with --password-stdin), or set VTELINK_USER and VTELINK_ACCESS_KEY
err-crm-call-timeout = the CRM did not answer in time: no answer to { $operation } within { $limit } (the per-call limit, --call-timeout)
err-crm-plain-http = cannot reach the CRM: { $url } answers plain HTTP, not HTTPS, on that port: check the URL (http:// instead of https://, or the CRM's HTTPS port)
err-login-refused = wrong user name, password or access key: { $detail } (the CRM answers the same for a locked or inactive user)
err-login-refused-last-try = wrong user name, password or access key: { $detail } ({ $failures } failures in a row for { $user }: one more and vtenext locks the user)
err-login-locked-likely = { $user } is most likely locked: { $failures } logins in a row failed from here, and from the { $lock }th on vtenext refuses even the right password (answering "{ $detail }" as for a wrong one); ask a CRM administrator to unlock the user
err-crm-login-locked = the CRM locked this user after too many failed logins: { $detail }
err-crm-ip-banned = the CRM banned this IP address after too many failed logins: { $detail }
err-crm-auth-failure = authentication failed: { $detail }
err-crm-otp-required = the CRM asks for a security code: { $detail }
err-crm-otp-invalid = wrong security code: { $detail }
err-crm-otp-expired = the security code expired: { $detail }
err-crm-sso-rejected = the CRM refused the identity provider's token: { $detail }

# A stored login that no longer works (only a new login helps).
err-crm-env-key-refused = wrong user name, password or access key: { $detail } (VTELINK_USER / VTELINK_ACCESS_KEY were refused: check them in the CRM under My Preferences → Access Key)
err-relogin-no-key = authentication required: no access key is stored; run `{ $command }` to log in again
err-relogin-key-refused = wrong user name, password or access key: the stored access key was refused ({ $detail }); run `{ $command }` to log in again
err-relogin-login-refused = authentication required: the CRM refused the stored login ({ $detail }); run `{ $command }` to log in again
err-relogin-no-refresh-token = the CRM refused the identity provider's token: no SSO refresh token is stored; run `{ $command }` to sign in again
err-relogin-no-idp = the CRM refused the identity provider's token: the profile has no identity provider; run `{ $command }` to sign in again
err-relogin-idp-failed = the CRM refused the identity provider's token: { $detail }; run `{ $command }` to sign in again
err-relogin-idp-refused = the CRM refused the identity provider's token: the identity provider refused to renew ({ $detail }); run `{ $command }` to sign in again
err-relogin-internal = the CRM refused the identity provider's token: { $detail }; run `{ $command }` to sign in again
err-relogin-sso-refused = the CRM refused the identity provider's token: the CRM refused the renewed token ({ $detail }); run `{ $command }` to sign in again
err-crm-access-denied = permission denied (or the record does not exist): { $detail }
err-crm-not-licensed = the Mail Connector is not licensed on this CRM: { $detail }
err-crm-record-not-found = record not found: { $detail }
err-crm-licence-inactive = the Mail Connector is not licensed on this CRM: the Mail Connector licence is not active on this CRM; ask your vtenext partner to activate it
crm-unrecognised-version = this CRM runs an unrecognised version { $version } but vtelink needs vtenext { $minimum } or newer (--allow-unsupported-version tries anyway)
err-crm-no-version = this CRM does not report a Mail Connector version: it is older than vtenext { $minimum } or the Mail Connector component is not installed (--allow-unsupported-version tries anyway)
err-crm-old-version = this CRM runs version { $version } but vtelink needs vtenext { $minimum } or newer (--allow-unsupported-version tries anyway)
err-crm-query-syntax = the CRM rejected a query: { $detail }
err-crm-mandatory-missing = a mandatory field is missing: { $detail }
err-crm-reference-invalid = invalid reference: { $detail }
err-crm-invalid-id = invalid record id: { $detail }
err-crm-server = the CRM reported an internal error: { $detail }
err-crm-other = the CRM answered { $code }: { $detail }
err-crm-transport = cannot reach the CRM: { $detail }
err-crm-timeout = the CRM did not answer in time: { $detail }
err-crm-http = the CRM answered HTTP { $status } to { $operation }
err-crm-not-vtenext = { $url } does not answer like a vtenext webservice ({ $detail })
err-crm-decode = unexpected answer from the CRM to { $operation }

err-mail-read = { $path }: cannot read: { $detail }
err-mail-invalid = { $path }: { $detail }
err-mail-empty = { $path }: file is empty
err-mail-too-large = { $path }: file is too large ({ $size }; the limit is { $limit })

err-auth-not-logged-in = not logged in to profile '{ $profile }': run `{ $command }`
err-auth-wrong-crm = profile '{ $profile }' is logged in to { $stored }, not { $requested }: run `vtelink login --url { $requested } --profile NEW_NAME` for a second CRM
err-auth-invalid-profile = invalid profile name { $name }: use letters, digits, '-', '_' or '.'
err-auth-no-keyring = no usable OS keyring (Secret Service) ({ $detail }); start and unlock one (gnome-keyring, KWallet), or run `vtelink login --insecure-storage` to keep secrets in a 0600 file, or set VTELINK_URL, VTELINK_USER and VTELINK_ACCESS_KEY
err-auth-keyring-locked = the OS keyring is locked or refused access ({ $detail }); unlock it and try again
err-auth-keyring = keyring: { $detail }
err-auth-config = config: { $detail }
err-auth-missing-input = { $what } is needed but vtelink may not prompt here; { $hint }
err-auth-otp-needed = { $detail } Pass the code with --otp CODE within its validity, or, with --password-stdin, on the line after the password once it has arrived
err-auth-sso-not-configured = the CRM advertises no identity provider for SSO; pass --sso-issuer URL
err-auth-sso = SSO: { $detail }
err-auth-sso-unreachable = cannot reach the identity provider: { $detail }
sso-not-openid = { $issuer } is not an OpenID provider (discovery answered HTTP { $status })
sso-bad-discovery = { $issuer } answered discovery with something that is not OpenID configuration
sso-issuer-mismatch = the provider at { $issuer } calls itself { $name }; check --sso-issuer
sso-no-device-flow = the provider { $issuer } does not offer the device flow (no device_authorization_endpoint)
sso-device-answer-malformed = the provider's device authorization answer is malformed
sso-token-answer-malformed = the provider's token answer is malformed
sso-no-id-token = the provider issued no ID token (is the `openid` scope allowed for this client?)
sso-no-access-token = the provider issued no access token
sso-unknown-client = the provider does not know client id "{ $client }" for the device flow; set --sso-client-id
sso-refused = the provider refused the { $step } request: { $error }{ $description }
sso-error-answer = the provider answered the { $step } request with an error
sso-bad-url = not a valid URL: { $url }
sso-plain-http = refusing plain http:// to { $host } (tokens would travel unencrypted); use https or pass --allow-http
sso-bad-scheme = unsupported URL scheme { $scheme }:
sso-https-setup = cannot set up HTTPS: { $detail }
err-auth-sso-denied = the sign-in was denied at the identity provider
err-auth-sso-expired = the sign-in code expired before it was approved; run `vtelink login --sso` again
err-auth-sso-grant-revoked = the identity provider no longer accepts the stored sign-in (invalid_grant)

err-link-no-targets = no record to link to: pass one or more record ids with --to (see `vtelink suggest`)
err-link-bad-target-id = '{ $id }' is not a CRM record id (expected something like 4x143)
err-link-not-visible = record { $id } not found or not visible to you
err-link-not-a-target = { $id } is a { $module } record: emails are linked to records such as Contacts, Accounts, Leads or tickets
err-link-not-permitted = your CRM user may not create { $module }, so { $what } cannot be stored; ask the CRM administrator for the permission
err-link-bad-message-id = '{ $id }' cannot be a Message-ID (it is empty or has control characters)

err-card-bad-id = '{ $id }' is not a record id (like 4x143; `vtelink search TEXT` finds ids)
err-card-not-visible = record { $id } not found or not visible to you

err-batch-bad-source = { $path }: { $detail }
err-batch-journal = replay journal { $path }: { $detail }
err-batch-other-crm = the replay journal { $path } belongs to { $journal_user } on { $journal_url }, not { $user } on { $url }: leave out --journal (each CRM and user gets its own), or name another journal file
err-batch-no-journal = no replay journal for these sources at { $path } (nothing was replayed yet, or pass --journal FILE)
err-batch-failed-file = cannot write the failed-entries file { $path }: { $detail }
err-batch-journal-busy = another `vtelink replay` is using the journal { $path }; wait for it to end or stop it, then run this again
err-batch-stopped = replay stopped (run the same command again to resume): { $reason }
err-imap-bad-url = '{ $url }' is not a usable mailbox URL: { $detail } (expected imaps://USER@HOST/FOLDER)
err-imap-credentials-in-url = the mailbox URL { $url } holds a password; leave it out (it is asked for, read from VTELINK_IMAP_PASSWORD or the keyring)
err-imap-plaintext = the mail server { $server } offers no STARTTLS: plain imap:// would send the password unencrypted; use imaps://, or pass --allow-plaintext
err-imap-ca-cert = cannot read the CA certificate { $path }: { $detail }
err-imap-unreachable = cannot reach the mail server { $server }: { $detail }
err-imap-tls = TLS with the mail server { $server } failed: { $detail } (a private CA? pass --ca-cert FILE)
err-imap-login-refused = the mail server { $server } refused the login of { $user }: { $detail } (check the password: VTELINK_IMAP_PASSWORD, or the one saved with `vtelink mailbox add`)
err-imap-token-refused = the mail server { $server } refused the OAuth token for { $user }, even a renewed one: { $detail } (is { $user } the address the token is for, and is IMAP on for it?)
err-imap-signed-out = the sign-in for the mailbox { $user } has ended at the identity provider (revoked, expired or the password changed); sign in again: { $hint }
err-imap-no-folder = no folder { $folder } on { $server }: { $detail }
err-imap-protocol = the mail server { $server } failed: { $detail }
err-imap-timeout = the mail server { $server } did not answer within { $seconds } s
imap-url-no-scheme = it does not start with imaps:// or imap://
imap-url-scheme = unsupported scheme { $scheme }:// (use imaps://)
imap-url-no-user = no user (write USER@ before the host)
imap-url-ipv6 = an IPv6 address needs its closing ]
imap-url-no-host = no usable host name
imap-url-port = '{ $port }' is not a port number
imap-url-control = the folder name holds control characters
imap-url-escape = '{ $text }' is not a %XX escape
imap-url-escape-utf8 = a %XX escape is not UTF-8
imap-not-pem = not a PEM certificate: { $detail }
imap-no-pem = no PEM certificate in it
imap-login-disabled = the server takes no password here (LOGINDISABLED)
imap-no-greeting = the server closed the connection before its greeting
imap-no-uidvalidity = no UIDVALIDITY for { $folder }
imap-connection-lost = the connection was lost
imap-no-oauth-mechanism = the server offers neither AUTH=OAUTHBEARER nor AUTH=XOAUTH2

## vtelink modules

modules-matched-by-email = (matched by e-mail)

## vtelink search

search-nothing = nothing to search for
search-no-match = no record matches '{ $text }'
search-no-module = module { $module } does not exist or is not visible to you (see `vtelink modules`)

## vtelink show (the record card)

show-related = Related
show-more-contacts = (only the first { $count } contacts)
show-messages-heading = Messages from or to { $addresses }
show-messages-no-address = (no e-mail address on this record)
show-messages-by-address = found by address: the CRM cannot list the Messages related to a record
show-messages-none = none you may read
show-messages-more = (the newest { $count } only)
show-yes = yes
show-no = no

## vtelink logout

logout-none = No profiles to log out of.
logout-done = Logged out of profile { $profile }.
logout-not-logged-in = Profile { $profile } was not logged in.
logout-timeout = the CRM did not answer in time
logout-session-not-ended = could not end the CRM session of profile { $profile } ({ $reason }); deleting the local secrets anyway

## vtelink unlink

unlink-name-the-email = name the email: a FILE or --message-id ID
unlink-nothing-found = nothing vtelink created for { $id } was found (or it is not visible to you){ $foreign ->
    [0] {""}
    [one] ; 1 Message with that Message-ID was made by something else and is left alone
   *[other] ; { $foreign } Messages with that Message-ID were made by something else and are left alone
}
unlink-needs-yes = unlink deletes CRM records: pass --yes to delete without asking (or --dry-run to look)
unlink-nothing-deleted = nothing was deleted
unlink-deleted = deleted { $ids }
unlink-would-delete = would delete
unlink-delete = delete
unlink-left-alone = left alone (not created by vtelink)
unlink-kind-message = Message
unlink-kind-document = Document
unlink-confirm = Delete these records from the CRM? [y/N]

## Answers to yes/no questions (lower case, separated by spaces)

answer-yes = y yes

## vtelink suggest

suggest-no-address = this email has no sender or recipient address to look up
suggest-no-match = no CRM record matches { $who }; try `vtelink search TEXT`
suggest-looked-up = Looked up: { $who }
suggest-auto-would-link = link --auto would link { $ids }: { $why }
suggest-auto-would-link-nothing = link --auto would link nothing: { $why }
suggest-tie = TIE with { $ids }
suggest-score = score { $score }

## Why a record is suggested (src/suggest): each reason, then --auto's why

reason-address = { $module ->
        [Contacts] Contact
        [Leads] Lead
        [Accounts] Account
        [Vendors] Vendor
        [HelpDesk] Ticket
        [Potentials] Potential
       *[other] { $module }
    } { $field } is { $address }{ $folded }{ $role }
reason-plus-folded = {" "}(+tag folded: the mail has { $address })
reason-role-reply-to = {" "}(Reply-To)
reason-role-cc = {" "}(Cc)
reason-website-exact = account website { $host } is @{ $domain }
reason-website-parent = account website { $host } matches @{ $domain }
reason-website-organisation = account website { $host } is in the same organisation as @{ $domain }
reason-account-email-organisation = account { $field } { $address } is in the organisation { $organisation }
reason-account-of-contact = account of contact { $who }
reason-thread = earlier mail in this thread: { $subject }
reason-open = open { $module ->
        [HelpDesk] ticket
        [Potentials] potential
       *[other] { $module }
    } of { $who } ({ $status })
reason-named-in-subject = the subject names this { $module ->
        [HelpDesk] ticket
        [Potentials] potential
       *[other] { $module }
    }
auto-no-suggestion = no suggestion
auto-tied = { $id } { $label } is tied with { $ids } (same address)
auto-below-minimum = the best suggestion, { $id } { $label }, scores { $score } (below { $minimum })
auto-not-ahead = { $id } { $label } (score { $score }) is not { $margin } ahead of { $next_id } { $next_label } (score { $next_score })
auto-ahead = { $id } { $label } scores { $score }, { $lead } ahead of { $next_id } { $next_label }
auto-alone = { $id } { $label } scores { $score } and nothing competes

## Which records link uses (--to, --best, --auto, the numbered prompt)

targets-pick-needs-terminal = --pick needs a terminal (and no --no-input); use --to ID, --auto or --best
targets-auto-linked-nothing = --auto linked nothing: { $why }
targets-auto = --auto: { $why }
targets-no-match = no CRM record matches this email; pick one with `vtelink search` and pass --to ID
targets-ask = Link to which records? (numbers, e.g. 1 or 1,3; empty to cancel):
targets-not-a-number = '{ $answer }' is not one of the numbers shown
targets-nothing-chosen = nothing chosen; nothing was linked

## The --pick picker

pick-search-entry = search the CRM…
pick-cancelled = cancelled; nothing was linked
pick-terminal-failed = the terminal failed
pick-stopped = the picker stopped
pick-link-to = Link to:
pick-keys = ↑↓ move, space choose, type to filter, enter link, esc cancel
pick-all-modules = All modules
pick-search-in = Search in:
pick-search-for = Search for:
pick-no-match = No record matches '{ $text }'.
pick-found-by-search = found by search: { $matched }
pick-card-entry = open a record's card…
pick-open-card = Open the card of:

## vtelink status

status-profile = Profile:
status-crm = CRM
status-user = User
status-login = Login
status-version = Version
status-session = Session
status-secrets = Secrets
status-config = Config
status-not-logged-in = not logged in (run `{ $command }`)
status-method-password = password (access key)
status-method-sso = SSO (device flow)
status-opened-ago = , opened { $age } ago
status-session-valid = valid
status-session-renewed = renewed
status-session-unchecked = unchecked
status-session-invalid = invalid: { $why }
status-secrets-environment = VTELINK_ACCESS_KEY (environment)
status-age-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}

## vtelink link

link-stdin-once = standard input (-) can be given only once
link-pick-one-file = --pick links one file at a time; with several files use --to ID, --auto or --best
link-several-need-targets = with several files, say where they go: --to ID (repeatable), --auto or --best
link-parsing-stopped = parsing stopped
link-over-max-upload = { $name } ({ $size }) is larger than this CRM accepts ({ $limit }, its maxUploadFileSize); a CRM administrator can raise it
link-upload-truncated = { $name } ({ $size }) was not stored: the CRM kept { $kept } of it, so its upload limit is below this size; a CRM administrator can raise PHP's upload_max_filesize and post_max_size, then run the same command again
link-upload-dropped = { $name } ({ $size }) is too large for this CRM: it dropped the upload without an answer (HTTP 500), as PHP does over post_max_size; a CRM administrator can raise PHP's post_max_size and upload_max_filesize, then run the same command again
link-without-attachment = linked without an attachment: { $problem }
link-attachments-not-stored = { $count } attachments not stored, the rest is linked: { $problems }
link-state-failed = failed
link-state-would-link = would link
link-state-already-in-crm = already in the CRM
link-state-linked = linked
link-state-already-linked = already linked
link-state-partial = partial
link-new = (new)
link-file-line = Message { $message }, { $documents ->
    [one] 1 document
   *[other] { $documents } documents
}, related to { $targets }
link-summary = { $files } files: { $linked } linked, { $partial } partial, { $failed } failed
link-summary-dry-run = { $files } files checked: { $linked } linked, { $partial } partial, { $failed } failed
link-files-not-fully-linked = { $count } of { $files } files not fully linked: { $failures }
link-verb-would-create = would create
link-verb-created = created
link-verb-reused = already linked, reused
link-not-stored = NOT STORED
link-stored-as = , stored as { $name }
link-would-relate = would relate to { $targets }
link-would-relate-with-documents = would relate to { $targets } (the message and its documents)
link-related = related to { $targets }
link-related-with-documents = related to { $targets } (the message and its documents)
link-stored-title = , titled { $title } (the CRM keeps 50 characters of a title)
link-field-cut = { $field } cut by the CRM to { $stored } of its { $length } characters
link-converged = another link stored this email at the same moment: kept the oldest records, removed { $ids }

## vtelink parse

parse-none = (none)
parse-no-name = (no name)
parse-inline = inline
parse-file = File:
parse-subject = Subject:
parse-from = From:
parse-sender = Sender:
parse-reply-to = Reply-To:
parse-to = To:
parse-cc = Cc:
parse-bcc = Bcc:
parse-date = Date:
parse-date-value = { $local } ({ $utc } UTC)
parse-references = References:
parse-messages = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
parse-body = Body:
parse-body-value = text: { $text }, html: { $html }
parse-chars = { $count ->
    [one] 1 char
   *[other] { $count } chars
}
parse-attachments = Attachments:
parse-and-more = { " " }and { $count } more
parse-task-failed = parser task failed
parse-wrote = Wrote { $count ->
    [one] 1 attachment
   *[other] { $count } attachments
} to { $dir }
parse-extracted = extracted: { $path }
parse-cannot-create = cannot create { $path }
parse-cannot-write = cannot write { $path }
parse-no-free-name = no free file name for { $name } in { $dir }

## Reading an email (src/mail): why a file is not an email, warnings for partial damage

mail-unreadable-mime = unreadable MIME structure (parser failure)
mail-no-header-lines = not an email: no header lines found
mail-no-header = not an email: no RFC 5322 or MIME header found
mail-is-directory = is a directory, not an email file
mail-bare-cr = bare CR line endings (read as CRLF)
mail-skipped-blank-lines = skipped { $count } blank line(s) before the first header
mail-bad-date = unreadable Date header { $value } (ignored)
mail-subject-undecodable = subject contains undecodable bytes
mail-header-8bit = raw 8-bit bytes in the header (decoded as UTF-8 where possible)
mail-header-nul = NUL bytes in the header (dropped from the subject)
mail-header-no-colon = header line { $line } has no colon (kept as a continuation)
mail-forward-without-body = a forwarded message ends without a body; parts after it recovered from boundary { $boundary }
mail-part = part { $number }
mail-attachment-damaged-encoding = { $name }: damaged transfer encoding; kept the bytes that could be decoded
mail-tnef = { $name }: Outlook TNEF (winmail.dat) kept as one file; its contents are not unpacked
mail-boundary-not-closed = multipart boundary { $boundary } is never closed (truncated file?); kept what was there
mail-unknown-charset = body part { $part }: unknown charset { $charset }, read as UTF-8
mail-body-damaged-encoding = body part { $part }: damaged transfer encoding
mail-msg-inconsistent = corrupt Outlook .msg file (its compound-file structure is inconsistent)
mail-msg-corrupt = corrupt Outlook .msg file: { $detail }
mail-msg-not-outlook = not an Outlook message: a compound file without MAPI properties
mail-msg-no-properties = no property stream (__properties_version1.0); read what was there
mail-msg-storage-unlisted = cannot list storage { $storage }: { $detail }
mail-msg-properties-unreadable = unreadable property stream in { $storage }
mail-msg-rtf-unreadable = compressed RTF body unreadable: { $detail }
mail-msg-ole-not-copied = { $name }: OLE object could not be copied out: { $detail }
mail-msg-embedded-not-copied = { $name }: embedded message could not be copied out: { $detail }
mail-msg-embedded-missing = { $name }: embedded message storage is missing
mail-msg-attachment-missing = { $name }: attachment data is missing (kept as an empty file)

## vtelink demo

demo-step-start = Start vtesim, a vtenext-compatible CRM, inside this process
demo-cannot-start = cannot start the embedded CRM simulator
demo-listening = CRM listening at { $url } (seed { $seed })
demo-unlimited = unlimited
demo-busy = A busy CRM: { $workers } PHP workers, service times { $times }
demo-done = Done: the email is in the CRM, linked once, with every attachment.
demo-next = Next: `vtelink login --url https://your-crm.example.com` and `vtelink link mail.eml`.
demo-no-user = the simulator has no user '{ $user }'
demo-step-version = Check the CRM's version and Mail Connector licence
demo-yes = yes
demo-no = no
demo-version = { $product } { $version } — Mail Connector licensed: { $licensed } (minimum supported: { $minimum })
demo-step-login = Log in as '{ $user }' (login_pwd → getchallenge → login)
demo-session = session opened for user { $user } (webservice API { $api }); the demo keeps it in memory only
demo-step-parse = Parse the bundled sample email
demo-subject = Subject: { $subject }
demo-from = From:    { $from }
demo-date = Date:    { $date }
demo-attachment = Attachment: { $name } ({ $kind }, { $size }{ $inline })
demo-step-suggest = Suggest CRM records for the sender
demo-step-link = Link the email to { $targets }
demo-calls = { $calls } webservice calls, sent in 3 concurrent waves (3 round trips' worth of waiting)
demo-step-read-back = Read the result back from the CRM
demo-message = Message { $id }: "{ $subject }" from { $from } on { $date }, { $chars } chars of body
demo-document = Document { $id }: { $title } — { $bytes } bytes, { $kind }
demo-related = Related records (simulator's view): { $ids }
demo-step-again = Link the same email again: nothing is duplicated
demo-cannot-query = cannot build the check query
demo-messages-with-id = Messages with Message-ID { $id }: { $count }
demo-step-logout = Log out (the CRM data stays)
demo-session-closed = session closed

## vtelink login

login-sso-no-password = --sso signs in at the identity provider: it takes no --password-stdin or --otp
login-what-url = CRM URL
login-hint-url = pass --url URL (or set VTELINK_URL)
login-what-user = User name
login-hint-user = pass --user NAME (or set VTELINK_USER)
login-what-password = the password
login-hint-password = pipe it with --password-stdin (or set VTELINK_ACCESS_KEY in CI)
login-certificate = { $url } ({ $detail }); if the CRM uses a private CA, pass --ca-cert FILE
login-insecure-storage = secrets are stored unencrypted in the { $place }; anyone who can read that file can use your CRM login
login-old-secrets-not-deleted = could not delete the old secrets: { $detail }
login-done = Logged in to { $url } as { $user } (profile { $profile }).
config-no-dir = cannot find the user's config directory; set VTELINK_CONFIG_DIR
config-cannot-read = cannot read { $path }: { $detail }
config-invalid = { $path } is not a valid vtelink config: { $detail }
config-bad-path = bad config path { $path }
config-cannot-create = cannot create { $path }: { $detail }
config-cannot-encode = cannot encode the config: { $detail }
config-cannot-write-in = cannot write in { $path }: { $detail }
config-cannot-write = cannot write { $path }: { $detail }
config-cannot-delete = cannot delete { $path }: { $detail }
config-ca-unreadable = cannot read CA certificate { $path }: { $detail }
config-ca-not-pem = { $path } is not a PEM certificate
secrets-cannot-encode = cannot encode secrets: { $detail }
tokens-cannot-encode = cannot encode tokens: { $detail }
secrets-bad-path = bad secrets path { $path }
secrets-keyring = OS keyring (service "{ $service }", account "{ $account }")
secrets-plaintext-file = plaintext file { $path }
login-secrets = Secrets: { $place }
login-password-prompt = Password for { $user } at { $url }:
login-otp-prompt = Security code:
login-sso-open = To sign in, open { $url } and enter the code { $code }
login-sso-open-direct = (or open { $url } directly)
login-sso-waiting = Waiting for the sign-in to be approved (Ctrl-C to cancel)…
replay-oauth-needs-imap = --oauth signs in to a mail server: use it with --imap URL
oauth-sign-in-again = run the same command again, and approve its new sign-in code
oauth-code-expired = the sign-in code expired before it was approved; run the same command again to get a new one
oauth-no-refresh = the identity provider gave no refresh token: when the mail token expires, you will be asked to sign in again
login-sso-no-refresh = the identity provider gave no refresh token: when the CRM session expires, run `vtelink login --sso` again
login-browser-opened = Opened the page in your browser.
login-browser-failed = could not open a browser ({ $opener }: { $detail }); open the page by hand
login-cannot-read-stdin = cannot read standard input
login-empty-password = --password-stdin: the first line of standard input (the password) is empty
login-required = { $what } is required
login-cannot-read-terminal = cannot read from the terminal
login-cannot-read-password = cannot read the password

## vtelink review

review-empty = No email waits for review.
review-list-hint = { $count ->
    [one] 1 email waits for review. Decide it on a terminal with `vtelink review`, or with `vtelink review ID --to RECORD` / `--ignore`.
   *[other] { $count } emails wait for review. Decide them on a terminal with `vtelink review`, or with `vtelink review ID --to RECORD` / `--ignore`.
}
review-id-too-short = '{ $id }' is too short to name an entry: give at least { $min } characters of its id (`vtelink review` lists them)
review-no-such-entry = no entry '{ $id }' in the review queue (`vtelink review` lists the waiting emails; pass --journal FILE for a journal kept elsewhere)
review-id-ambiguous = '{ $id }' names { $count } entries: give more characters of the id
review-say-what = say what to do with it: --to RECORD... to link it, or --ignore
review-bad-to = --to: '{ $ids }' is not a list of CRM record ids (expected something like 4x143)
review-partial = { $id } linked without some attachments ({ $names }); it stays in the queue: decide it again once the CRM accepts them
review-linked = Linked { $id } ({ $origin }): Message { $message } → { $to }
review-already-linked = { $id } ({ $origin }) was linked already: Message { $message } → { $to }
review-linked-short = Linked { $id }
review-ignored = Ignored { $id } ({ $origin }) for good
review-not-waiting = { $id } is not waiting for review (it is { $state ->
        [done] linked already
        [ignored] ignored
       *[other] { $state }
    }): nothing done
review-from = from { $from } — { $origin }
review-why = waiting because: { $why }
review-choice-link = Link it… (choose the records)
review-choice-skip = Skip for now
review-choice-ignore = Ignore for good
review-choice-stop = Stop reviewing
review-progress = Email { $n } of { $total }
review-what-now = What to do with this email?
review-summary = { $linked } linked, { $ignored } ignored, { $skipped } skipped; { $left } still waiting for review

## vtelink watch

watch-cannot-watch = cannot watch it for changes: { $detail }
watch-needs-targets = say where new emails go: --to ID... or --auto
watch-ready = Caught up ({ $linked } linked, { $review } waiting for review, { $failed } failed); watching { $sources } for new mail (Ctrl-C or SIGTERM stops)
watch-linked = linked          { $origin }: Message { $message } → { $to }
watch-already-linked = already linked  { $origin }: Message { $message } → { $to }
watch-partial = partial         { $origin }: Message { $message }; not stored: { $names }
watch-failed = failed          { $origin }: { $error }
watch-review = waits for review  { $origin }: { $reason } (vtelink review)
watch-skipped = skipped         { $origin }: { $reason }
watch-outage = the CRM does not answer ({ $error }); trying again in { $wait }
watch-mail-server-away = the mail server { $server } does not answer ({ $error }); connecting again in { $wait }
watch-reconnected = the CRM answers again; watching
watch-stopping = Stopping: the links in flight finish first…
watch-stopped = Stopped.

## vtelink mailbox

mailbox-added = Saved mailbox { $name }: { $url } ({ $folders }), linked into profile { $profile }; its password is in the keyring
mailbox-updated = Mailbox { $name } was saved already: its settings are replaced, its journal is kept (nothing linked is linked again)
mailbox-none = No saved mailboxes (add one with: vtelink mailbox add NAME URL --to ID | --auto)
mailbox-row = { $name }  { $url }  folders: { $folders }  profile: { $profile }  rule: { $rule }  last sync: { $last }  linked: { $linked }, waiting for review: { $review }, failed: { $failed }
mailbox-unknown = no saved mailbox { $name } (see: vtelink mailbox list)
mailbox-removed = Removed mailbox { $name } and its password (the CRM keeps what was linked)
mailbox-no-password = no saved password for mailbox { $name }: add it again with vtelink mailbox add, or set VTELINK_IMAP_PASSWORD

## vtelink replay

replay-bad-to = --to: { $detail }
replay-nothing = nothing to replay: give a manifest, --mbox FILE, --maildir DIR or --imap URL
replay-mbox-needs-targets = --mbox, --maildir and --imap need --to ID... or --auto (where their emails go)
replay-since-needs-imap = --since applies to mailboxes: give --imap URL
replay-imap-no-password = no password for { $account }: set VTELINK_IMAP_PASSWORD (there is no terminal to ask on)
replay-imap-password = Password for { $account }:
replay-max-rps = --max-rps must be a positive number
replay-journal = Journal: { $path } (run the same command again to resume)
# indicatif's template: keep {"{"}bar:30{"}"} {"{"}pos{"}"} {"{"}len{"}"} {"{"}rate{"}"} {"{"}eta{"}"} {"{"}msg{"}"}
replay-progress = {"{"}bar:30{"}"} {"{"}pos{"}"}/{"{"}len{"}"} emails  {"{"}rate{"}"}  ETA {"{"}eta{"}"}  {"{"}msg{"}"}
replay-progress-open = {"{"}spinner{"}"} {"{"}pos{"}"} emails  {"{"}rate{"}"}  {"{"}elapsed{"}"}  {"{"}msg{"}"}
replay-not-stored = not stored: { $names }
replay-state-failed = failed
replay-state-partial = partial
replay-state-skipped = skipped
replay-would-link = would link  { $origin }  → { $to }
replay-failed-file = Failed entries written to { $path }; fix them, then: vtelink replay { $path }
replay-attention = Entries needing attention:
replay-and-more = ... and { $count } more
replay-summary-dry-run = Dry run: { $planned } would be linked, { $failed } failed, { $skipped } skipped (nothing was changed)
replay-summary = { $linked } linked, { $present } already present, { $partial } partial, { $failed } failed, { $skipped } skipped{ $before ->
    [0] {""}
   *[other] { " " }({ $before } done in earlier runs)
}
replay-malformed = { $count } malformed lines or messages are not in that file: fix them in the source (positions above)
replay-totals-journal = Journal: { $path }
replay-totals-crm = For { $user } on { $url }
replay-totals = { $entries } entries: { $linked } linked, { $present } already present, { $partial } partial, { $failed } failed, { $skipped } skipped, { $unfinished } unfinished
replay-review = { $count ->
    [one] 1 email waits for review (auto found no clear winner): vtelink review
   *[other] { $count } emails wait for review (auto found no clear winner): vtelink review
}
replay-review-dry-run = { $count ->
    [one] 1 email would wait for review (auto found no clear winner)
   *[other] { $count } emails would wait for review (auto found no clear winner)
}
replay-totals-review = { $review } waiting for review, { $ignored } ignored
replay-never = never
replay-runs = { $runs ->
    [one] 1 run
   *[other] { $runs } runs
}; last change { $last }

## Replay's sources (src/batch): why a manifest line, an mbox message or a source is not used

batch-bad-id = '{ $id }' is not a CRM record id (expected something like 4x143) or 'auto'
batch-no-ids = no record ids in 'to' (give ids separated by ';', or 'auto')
batch-cannot-read = { $detail }
batch-cannot-open-manifest = cannot open the manifest: { $detail }
batch-no-to = no 'to' for this line (give record ids or 'auto', or pass --to/--auto)
batch-csv-header = cannot read the CSV header: { $detail }
batch-no-file-column = the CSV header has no 'file' column (expected a first line like: file,to)
batch-no-to-column = the CSV header has no 'to' column; add one or pass --to/--auto
batch-manifest-unreadable = cannot read the manifest further: { $detail }
batch-not-utf8 = not valid UTF-8
batch-file-column-empty = the 'file' column is empty
batch-line-unreadable = line { $line }: { $detail }
batch-line-too-long = line longer than { $limit } bytes
batch-json-invalid = not a JSON object: { $detail }
batch-json-not-object = not a JSON object (expected {"{"}"file": ..., "to": ...{"}"})
batch-json-no-file = no "file"
batch-json-file-not-string = "file" must be a string
batch-json-to-not-strings = "to" must list record ids as strings
batch-json-to-bad = "to" must be a list of record ids or "auto"
batch-mbox-junk = text that is not in any message (no From_ line before it)
batch-mbox-too-large = message larger than { $limit } bytes
batch-mbox-empty = empty message
batch-mbox-not-file = not a file (an mbox is one file)
batch-cannot-open-mbox = cannot open the mbox: { $detail }
batch-mbox-unreadable = cannot read the mbox further: { $detail }
batch-maildir-unlisted = cannot list { $folder }/: { $detail }
batch-not-maildir = not a Maildir (no cur/ or new/ folder in it)
batch-no-targets = say where its emails go: --to ID... or --auto
batch-duplicate = the same email and targets as { $origin }
# Text that is already what people read (a file name where a sentence could stand).
verbatim = { $text }
origin-line = { $file } line { $line }
origin-mbox = { $file } byte { $offset } (line { $line })

## The command line

cli-no-runtime = cannot start the async runtime
cli-cannot-read-answer = cannot read the answer

## --help (src/cli/help.rs): clap's own words, then each command and argument

help-usage = Usage:
help-usage-options = [OPTIONS]
help-usage-command = <COMMAND>
help-value-NAME = NAME
help-value-DATE = DATE
help-value-DURATION = DURATION
help-value-FOLDER = FOLDER
help-value-MODULE = MODULE
help-value-SCORE = SCORE
help-value-CODE = CODE
help-value-TEXT = TEXT
help-value-QUERY = QUERY
help-default = [default: { $value }]
help-possible-values = [possible values: { $values }]
# clap's own failures, as clap words them (src/cli/help.rs renders them for other languages)
duration-unknown-unit = unknown unit '{ $unit }' (use s, m, h or ms)
duration-invalid = '{ $text }' is not a duration (seconds, or 90s, 2m, 500ms)
duration-out-of-range = '{ $text }' is not a usable duration
clap-error = error: { $message }
clap-tip = tip: { $tip }
clap-more-info = For more information, try '--help'.
clap-unknown-argument = unexpected argument '{ $arg }' found
clap-similar-argument = a similar argument exists: '{ $arg }'
clap-as-value = to pass '{ $arg }' as a value, use '-- { $arg }'
clap-unknown-subcommand = unrecognized subcommand '{ $name }'
clap-similar-subcommand = a similar subcommand exists: '{ $name }'
clap-value-required = a value is required for '{ $arg }' but none was supplied
clap-invalid-value = invalid value '{ $value }' for '{ $arg }'
clap-similar-value = a similar value exists: '{ $value }'
clap-invalid-value-detail = invalid value '{ $value }' for '{ $arg }': { $detail }
clap-not-in-range = { $value } is not in { $range }
clap-repeated = the argument '{ $arg }' cannot be used multiple times
clap-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
clap-conflict-others = the argument '{ $arg }' cannot be used with one or more of the other specified arguments
clap-missing-required = the following required arguments were not provided:
clap-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
clap-no-equals = equal sign is needed when assigning values to '{ $arg }'
help-commands = Commands
help-options = Options
help-arguments = Arguments
help-global-options = Global options
help-flag-help = Print help
help-flag-version = Print version
help-subcommand = Print this message or the help of the given subcommand(s)
help-subcommand-arg = Print help for the subcommand(s)

cmd-vtelink = Link saved emails (.eml/.msg) to records in a vtenext CRM, from the shell
cmd-vtelink-examples =
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
    in the README and docs/.
arg-vtelink-profile = Profile to use (several CRMs or users side by side)
arg-vtelink-url = CRM URL, overriding the profile's
arg-vtelink-json = Print machine-readable JSON on stdout
arg-vtelink-quiet = Print only what was asked for (no progress, no hints)
arg-vtelink-verbose = Log what happens on stderr (-v requests, -vv details); secrets are never logged
arg-vtelink-no-input = Never prompt; fail with a clear message where input would be needed
arg-vtelink-color = When to use colours (NO_COLOR is honoured)
arg-vtelink-timeout = Give up on the whole command after this long, e.g. 30, 90s, 2m; 0 = no limit [default: 60s for commands that talk to the CRM, none for replay]; time spent waiting for you does not count
arg-vtelink-call-timeout = Give up on one CRM request after this long (retried when safe); 0 = no limit [default: 20s, plus 1 s per 256 KiB uploaded]
cmd-vtelink-login = Log in to a CRM and keep the session in the OS keyring
cmd-vtelink-login-examples =
    Examples:
      # Asks for the password (not echoed), then the security code if needed
      vtelink login --url https://crm.example.com --user jdoe
      # Sign in at your organisation's identity provider
      vtelink login --sso
      # No terminal: the password (and code) on standard input
      printf '%s\n' "$PASSWORD" |
        vtelink login --url URL --user jdoe --password-stdin --no-input

    In CI, skip login: set VTELINK_URL, VTELINK_USER and VTELINK_ACCESS_KEY.
arg-vtelink-login-user = CRM user name
arg-vtelink-login-password-stdin = Read the password from the first line of standard input (the next line: the security code, read when the CRM asks)
arg-vtelink-login-otp = Second-factor security code, when the CRM asks for one
arg-vtelink-login-sso = Log in through the organisation's identity provider (OAuth 2.0 device flow)
arg-vtelink-login-sso-issuer = OpenID issuer URL for --sso (default: the one the CRM advertises)
arg-vtelink-login-sso-client-id = OAuth client id for --sso (default: the one the CRM advertises, else vtelink-cli)
arg-vtelink-login-open-browser = Open the verification page in a browser during --sso
arg-vtelink-login-ca-cert = Trust this PEM CA certificate (private CAs); remembered in the profile
arg-vtelink-login-allow-http = Allow plain http:// to a host that is not loopback; remembered in the profile
arg-vtelink-login-allow-unsupported-version = Use a CRM older than the supported minimum (24.08.2) anyway
arg-vtelink-login-insecure-storage = Store secrets in a plaintext file (mode 0600) instead of the OS keyring
cmd-vtelink-logout = Log out and delete local secrets (never changes CRM data)
cmd-vtelink-logout-examples =
    Examples:
      vtelink logout                  # the default profile
      vtelink logout --profile test   # another profile
      vtelink --json logout --all     # every profile, one entry each
arg-vtelink-logout-all = Log out of every profile
cmd-vtelink-status = Show the profile, CRM, user and session state
cmd-vtelink-status-examples =
    Examples:
      # Profile, CRM, user, version, and a live check of the session
      vtelink status
      # Only what is stored locally, for scripts
      vtelink status --offline --json
      # CI: credentials from the environment, nothing stored
      VTELINK_URL=https://crm.example.com VTELINK_USER=ci \
        VTELINK_ACCESS_KEY="$KEY" vtelink status
arg-vtelink-status-offline = Do not contact the CRM; show only what is stored locally
cmd-vtelink-modules = List the CRM modules you may link emails to
cmd-vtelink-modules-examples =
    Examples:
      vtelink modules
      # The modules suggestions look in (they have e-mail fields)
      vtelink --json modules |
        jq -r '.modules[] | select(.has_email_fields) | .name'
cmd-vtelink-parse = Parse an .eml or .msg file and show what would be linked
cmd-vtelink-parse-examples =
    Examples:
      # One file: headers, body preview, attachments
      vtelink parse mail.eml
      # Standard input; save every attachment under a safe, unique name
      vtelink parse - --extract ./files < message.msg
      # Several files
      for f in saved/*.eml; do vtelink --json parse "$f" | jq -r .subject; done
arg-vtelink-parse-file = The .eml or .msg file, or - for standard input
arg-vtelink-parse-extract = Write the attachments into this directory (safe, unique names)
cmd-vtelink-suggest = Suggest CRM records for an email, best first, with why
cmd-vtelink-suggest-examples =
    Examples:
      # Records for the sender (or the recipients of mail you sent), with why
      vtelink suggest mail.eml
      # Standard input, as a mail client pipes the message
      vtelink suggest - < message.msg
      # The best record's id, for a script
      vtelink --json suggest mail.eml | jq -r '.suggestions[0].id'
arg-vtelink-suggest-file = The .eml or .msg file, or - for standard input
arg-vtelink-suggest-limit = At most this many suggestions
arg-vtelink-suggest-min-score = Judge `link --auto` with this lowest score [default: 85]
cmd-vtelink-search = Search CRM records by name, e-mail or number
cmd-vtelink-search-examples =
    Examples:
      vtelink search "O'Brien"               # name, e-mail or number, every module
      vtelink search acme --module Accounts   # one module (repeatable)
      vtelink --json search 4x143             # by id
arg-vtelink-search-text = Name, e-mail address or record id to look for (% and _ are wildcards)
arg-vtelink-search-modules = Only this module (repeatable; default: Contacts, Accounts, Leads, Potentials, HelpDesk, Vendors)
arg-vtelink-search-limit = At most this many results per module
cmd-vtelink-show = Show a CRM record's card: its fields under the CRM's labels, and what is around it
cmd-vtelink-show-examples =
    Examples:
      vtelink show 4x143               # a contact: fields, account, tickets
      vtelink show 3x140 --all         # an account, empty fields too
      # The Messages sent from or to the record's e-mail addresses
      vtelink show 4x143 --messages
      # A field's stored value (not its label), for a script
      vtelink --json show 9x150 |
        jq -r '.fields[] | select(.name == "ticketstatus") | .value'
arg-vtelink-show-id = The record's id (like 4x143; `vtelink search TEXT` finds ids)
arg-vtelink-show-all = Show the empty fields too
arg-vtelink-show-messages = Add the Messages sent from or to the record's e-mail addresses
cmd-vtelink-link = Link emails to CRM records (message, attachments, relations)
cmd-vtelink-link-examples =
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
      VTELINK_URL=https://crm.example.com VTELINK_USER=ci \
        VTELINK_ACCESS_KEY="$KEY" vtelink --json --no-input link mail.eml --to 4x143
arg-vtelink-link-files = The .eml or .msg files, or - for standard input (once)
arg-vtelink-link-to = Record ids to relate the message to (e.g. 4x143); repeatable
arg-vtelink-link-best = Relate to the best suggestion, however close the next one (see `vtelink suggest`)
arg-vtelink-link-auto = Relate to the best suggestion only when it is clearly ahead; else link nothing (exit 4)
arg-vtelink-link-min-score = With --auto: the lowest score it accepts [default: 85]
arg-vtelink-link-pick = Choose on the terminal: suggestions first; type to filter or search the CRM
arg-vtelink-link-dry-run = Show what would be created without changing the CRM
arg-vtelink-link-upload-concurrency = Attachments uploaded at once, per email
arg-vtelink-link-concurrency = Emails linked at once when several files are given
cmd-vtelink-unlink = Undo a link: delete the Message and Documents vtelink created for an email
cmd-vtelink-unlink-examples =
    Examples:
      # Undo a link made to the wrong record (lists what goes, asks first)
      vtelink unlink mail.eml
      # What would be deleted; nothing is
      vtelink unlink --message-id quote-7@acme-example.com --dry-run
      # Scripts: from standard input, without the question
      vtelink --no-input unlink - --yes < mail.eml
arg-vtelink-unlink-file = The .eml or .msg file that was linked, or - for standard input
arg-vtelink-unlink-message-id = The Message-ID the email was linked under, with or without <> (`vtelink link --json` shows it)
arg-vtelink-unlink-dry-run = Show what would be deleted without deleting it
arg-vtelink-unlink-yes = Delete without asking (scripts)
cmd-vtelink-mailbox = Saved mailboxes: add one (its password goes to the OS keyring), list them, remove one
cmd-vtelink-mailbox-examples =
    Examples:
      # Save the help inbox (asks for its password); unclear mail waits for review
      vtelink mailbox add help imaps://help@mx.acme.it/INBOX --auto
      # The Sent folder of a sales mailbox, all linked to one account
      vtelink mailbox add sales imaps://sales@mx.acme.it --folder Sent --to 3x140
      # Where they stand (backfill one with: vtelink replay --mailbox help)
      vtelink mailbox list
cmd-vtelink-mailbox-add = Save a mailbox: its account, folders, and where its mail goes (the password goes to the OS keyring)
arg-vtelink-mailbox-add-name = A name for it (letters, digits, - _ .)
arg-vtelink-mailbox-add-url = The account: imaps://USER@HOST[:PORT][/FOLDER] (imap:// uses STARTTLS)
arg-vtelink-mailbox-add-folder = A folder to read (default: the URL's, else INBOX); repeatable
arg-vtelink-mailbox-add-to = Record ids every message is linked to; repeatable
arg-vtelink-mailbox-add-auto = Link each message to its best suggestion when it is clearly ahead
arg-vtelink-mailbox-add-ca-cert = A PEM CA certificate that issued the mail server's certificate (a private CA)
arg-vtelink-mailbox-add-allow-plaintext = Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)
arg-vtelink-mailbox-add-oauth = Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password
arg-vtelink-mailbox-add-oauth-client-id = The application (client) id registered at the issuer for --oauth [default: vtelink-cli]
arg-vtelink-mailbox-add-oauth-scope = What --oauth asks for [default: the issuer's IMAP scope: Microsoft's, Google's, else openid email offline_access]
cmd-vtelink-mailbox-list = The saved mailboxes: address, folders, CRM profile, rule, last sync, linked / waiting for review / failed
cmd-vtelink-mailbox-remove = Forget a saved mailbox and its password (the CRM keeps what was linked)
arg-vtelink-mailbox-remove-name = The saved mailbox's name
arg-vtelink-replay-mailbox = A mailbox saved with `vtelink mailbox add`: its folders, rule, password and journal
cmd-vtelink-replay = Replay many links from a manifest, resumably
cmd-vtelink-replay-examples =
    Examples:
      # A manifest: CSV with a header `file,to`, paths relative to it
      vtelink replay links.csv
      # CI: environment credentials, JSON events on stdout, never a prompt
      VTELINK_URL=https://crm.example.com VTELINK_USER=ci \
        VTELINK_ACCESS_KEY="$KEY" vtelink --json --no-input replay links.csv
      # After a failure, the same command resumes: finished entries are skipped
      vtelink replay links.csv
arg-vtelink-replay-manifest = Manifest: CSV with a `file,to` header, or JSON Lines {"{"}"file": ..., "to": [...] | "auto"{"}"}
arg-vtelink-replay-mbox = An mbox file to replay (Gmail Takeout, Thunderbird); repeatable
arg-vtelink-replay-maildir = A Maildir (with cur/ and new/) to replay; repeatable
arg-vtelink-replay-imap = A mailbox folder to replay, read-only: imaps://USER@HOST[:PORT]/FOLDER (imap:// uses STARTTLS); repeatable
arg-vtelink-replay-since = Only mailbox messages that arrived on or after this day (YYYY-MM-DD)
arg-vtelink-replay-allow-plaintext = Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)
arg-vtelink-replay-ca-cert = A PEM CA certificate that issued the mail server's certificate (a private CA)
arg-vtelink-replay-oauth = Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password
arg-vtelink-replay-oauth-client-id = The application (client) id registered at the issuer for --oauth [default: vtelink-cli]
arg-vtelink-replay-oauth-scope = What --oauth asks for [default: the issuer's IMAP scope: Microsoft's, Google's, else openid email offline_access]
arg-vtelink-replay-to = Record ids for mbox/Maildir messages and manifest lines without `to`; repeatable
arg-vtelink-replay-auto = Link each email to its best suggestion when it is clearly ahead
arg-vtelink-replay-concurrency = Emails linked at the same time
arg-vtelink-replay-max-rps = At most this many requests a second, across all workers
arg-vtelink-replay-attempts = Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)
arg-vtelink-replay-journal = The journal to write progress to and resume from (default: in the state directory, named after the sources)
arg-vtelink-replay-dry-run = Check everything (files, ids, auto) and print the plan; change nothing
arg-vtelink-replay-status = Show the journal's totals and exit
arg-vtelink-replay-retry-base-ms = First wait before a retry, in milliseconds (doubles per attempt)
cmd-vtelink-review = Decide the emails --auto left for review: link, skip for now, or ignore
cmd-vtelink-review-examples =
    Examples:
      # On a terminal: each waiting email, its suggestions, then the picker
      vtelink review
      # Scripts: the queue as JSON, then decide one entry
      vtelink --json review | jq -r '.entries[] | [.id, .subject] | @tsv'
      vtelink review 3f2a9c1e07b4 --to 4x143
      vtelink review 3f2a9c1e07b4 --ignore
arg-vtelink-review-id = The waiting email to decide (its id in the list; a unique start of it is enough)
arg-vtelink-review-to = Link it to these records; repeatable
arg-vtelink-review-ignore = Leave it out for good (later runs pass over it)
arg-vtelink-review-journal = The journal whose queue to review; repeatable (default: every journal of this CRM and user in the state directory)
cmd-vtelink-watch = Link new mail as it arrives in a Maildir or a mailbox folder (until stopped)
cmd-vtelink-watch-examples =
    Examples:
      # Link every new email to its best suggestion; unclear ones wait for review
      vtelink watch --maildir ~/Maildir/INBOX --auto
      # Everything arriving in a shared folder goes to one account
      vtelink watch --maildir ~/Maildir/.Acme --to 3x140
      # A mailbox folder on a mail server (IMAP IDLE)
      VTELINK_IMAP_PASSWORD=... vtelink watch \
        --imap imaps://support@mail.example.com/INBOX --auto
      # JSON Lines for a log collector
      vtelink --json watch --maildir ~/Maildir/INBOX --auto >> watch.jsonl
    As a service: contrib/vtelink-watch@.service (systemctl --user).
arg-vtelink-watch-name = A mailbox saved with `vtelink mailbox add`: its folders, rule, password, CRM profile and journal
arg-vtelink-watch-maildir = A Maildir (with cur/ and new/) to watch; repeatable
arg-vtelink-watch-imap = A mailbox folder to watch with IMAP IDLE: imaps://USER@HOST[:PORT]/FOLDER; repeatable (password: VTELINK_IMAP_PASSWORD, or asked)
arg-vtelink-watch-allow-plaintext = Allow imap:// without STARTTLS to a mail server that is not this machine (the password travels unencrypted)
arg-vtelink-watch-ca-cert = A PEM CA certificate that issued the mail server's certificate (a private CA)
arg-vtelink-watch-oauth = Sign in to the mail server with an OAuth 2.0 token from this OpenID issuer (device flow; XOAUTH2/OAUTHBEARER), not a password
arg-vtelink-watch-oauth-client-id = The application (client) id registered at the issuer for --oauth [default: vtelink-cli]
arg-vtelink-watch-oauth-scope = What --oauth asks for [default: the issuer's IMAP scope: Microsoft's, Google's, else openid email offline_access]
arg-vtelink-watch-to = Record ids every new email is linked to; repeatable
arg-vtelink-watch-auto = Link each new email to its best suggestion when it is clearly ahead; the others wait for `vtelink review`
arg-vtelink-watch-concurrency = Emails linked at the same time
arg-vtelink-watch-attempts = Attempts per email when the CRM fails transiently (HTTP 5xx, timeouts, resets)
arg-vtelink-watch-journal = The journal (default: the one `vtelink replay` uses for the same sources and --to/--auto)
arg-vtelink-watch-rescan = Look at the whole of each source again this often even when nothing changed, e.g. 5m
arg-vtelink-watch-debounce-ms = Wait this long for the folder to be quiet before linking, in milliseconds
arg-vtelink-watch-retry-base-ms = First wait before a retry, in milliseconds (doubles per attempt)
arg-vtelink-watch-max-backoff-s = The longest wait between attempts while the CRM is away, in seconds
cmd-vtelink-demo = Watch vtelink do its job against an embedded CRM simulator
cmd-vtelink-demo-examples =
    Examples:
      # Watch one email get linked end to end
      vtelink demo
      # And log every webservice call to a file
      vtelink -v demo 2>requests.log
      # What the link created, as a script sees it
      vtelink --json demo | jq .link
arg-vtelink-demo-seed = Seed for the simulator's generated CRM data
arg-vtelink-demo-user = Log in as this seeded user (admin, restricted)
arg-vtelink-demo-php-workers = Let the simulator serve at most N calls at once, like a small server's PHP workers
arg-vtelink-demo-service-time = How long each call holds a simulator worker: recorded (a real 2-core server), none, or OP=MS,...
cmd-vtelink-completions = Print shell completions
cmd-vtelink-completions-examples =
    Examples:
      vtelink completions bash > ~/.local/share/bash-completion/completions/vtelink
      vtelink completions fish > ~/.config/fish/completions/vtelink.fish
      # zsh: with fpath+=(~/.zfunc) in ~/.zshrc
      vtelink completions zsh > ~/.zfunc/_vtelink
arg-vtelink-completions-shell = The shell to generate completions for

## Secrets and time limits

login-otp-waiting-on-stdin = { $detail } Waiting for it on standard input (the line after the password)…
err-parse-extract-not-a-dir = --extract { $path }: that is an existing file, not a directory; name a directory (it is created if missing)

# I messaggi italiani di vtelink: le stesse chiavi e le stesse variabili di
# locales/en.ftl (tests/l10n.rs lo verifica). Termini del manuale del Mail
# Connector: collegare, Messaggi, Documenti, allegati.

## Stampa

output-error-prefix = errore:
output-warning-prefix = attenzione:

## Errori

err-text = { $text }
err-io = { $context }: { $detail }
err-interrupted = interrotto
err-timed-out = rinuncio dopo { $limit } (il limite di --timeout, VTELINK_TIMEOUT): il CRM non ha risposto in tempo; potrebbe essere fermo o sovraccarico
err-partial = { $failed } elementi su { $total } non riusciti

err-crm-auth-required = autenticazione richiesta: { $detail }
err-crm-invalid-session = la sessione del CRM non è più valida: { $detail }
err-crm-session-expired = la sessione del CRM è scaduta: { $detail }
err-crm-invalid-credentials = nome utente, password o chiave di accesso errati: { $detail }
err-crm-invalid-auth-token = il CRM ha rifiutato la richiesta di accesso: { $detail }
err-crm-unknown-user = il CRM non ha un utente di nome '{ $user }' (ha rifiutato la richiesta di accesso per quel nome); controlla il nome utente (--user, VTELINK_USER)
err-crm-credentials-in-url = l'URL del CRM non deve contenere un nome utente o una password (utente:password@); non è stato inviato né salvato nulla. Accedi con `vtelink login --url { $url } --user NOME` (la password viene chiesta, o letta con --password-stdin), oppure imposta VTELINK_USER e VTELINK_ACCESS_KEY
err-crm-call-timeout = il CRM non ha risposto in tempo: nessuna risposta a { $operation } entro { $limit } (il limite per chiamata, --call-timeout)
err-crm-plain-http = impossibile raggiungere il CRM: { $url } risponde in HTTP semplice, non in HTTPS, su quella porta: controlla l'URL (http:// invece di https://, o la porta HTTPS del CRM)
err-login-refused = nome utente, password o chiave di accesso errati: { $detail } (il CRM risponde allo stesso modo per un utente bloccato o non attivo)
err-login-refused-last-try = nome utente, password o chiave di accesso errati: { $detail } ({ $failures } fallimenti di fila per { $user }: ancora uno e vtenext blocca l'utente)
err-login-locked-likely = { $user } è molto probabilmente bloccato: { $failures } accessi di fila sono falliti da qui, e dal { $lock }° in poi vtenext rifiuta anche la password giusta (rispondendo "{ $detail }" come per una sbagliata); chiedi a un amministratore del CRM di sbloccare l'utente
err-crm-login-locked = il CRM ha bloccato questo utente dopo troppi accessi falliti: { $detail }
err-crm-ip-banned = il CRM ha bloccato questo indirizzo IP dopo troppi accessi falliti: { $detail }
err-crm-auth-failure = autenticazione non riuscita: { $detail }
err-crm-otp-required = il CRM chiede un codice di sicurezza: { $detail }
err-crm-otp-invalid = codice di sicurezza errato: { $detail }
err-crm-otp-expired = il codice di sicurezza è scaduto: { $detail }
err-crm-sso-rejected = il CRM ha rifiutato il token del provider di identità: { $detail }

# A stored login that no longer works (only a new login helps).
err-crm-env-key-refused = nome utente, password o chiave di accesso errati: { $detail } (VTELINK_USER / VTELINK_ACCESS_KEY sono stati rifiutati: controllali nel CRM in Preferenze → Chiave di accesso)
err-relogin-no-key = autenticazione richiesta: non è salvata alcuna chiave di accesso; esegui `{ $command }` per accedere di nuovo
err-relogin-key-refused = nome utente, password o chiave di accesso errati: la chiave di accesso salvata è stata rifiutata ({ $detail }); esegui `{ $command }` per accedere di nuovo
err-relogin-login-refused = autenticazione richiesta: il CRM ha rifiutato l'accesso salvato ({ $detail }); esegui `{ $command }` per accedere di nuovo
err-relogin-no-refresh-token = il CRM ha rifiutato il token del provider di identità: non è salvato alcun token di rinnovo SSO; esegui `{ $command }` per accedere di nuovo
err-relogin-no-idp = il CRM ha rifiutato il token del provider di identità: il profilo non ha un provider di identità; esegui `{ $command }` per accedere di nuovo
err-relogin-idp-failed = il CRM ha rifiutato il token del provider di identità: { $detail }; esegui `{ $command }` per accedere di nuovo
err-relogin-idp-refused = il CRM ha rifiutato il token del provider di identità: il provider di identità ha rifiutato il rinnovo ({ $detail }); esegui `{ $command }` per accedere di nuovo
err-relogin-internal = il CRM ha rifiutato il token del provider di identità: { $detail }; esegui `{ $command }` per accedere di nuovo
err-relogin-sso-refused = il CRM ha rifiutato il token del provider di identità: il CRM ha rifiutato il token rinnovato ({ $detail }); esegui `{ $command }` per accedere di nuovo
err-crm-access-denied = permesso negato (o il record non esiste): { $detail }
err-crm-not-licensed = il Mail Connector non ha una licenza attiva su questo CRM: { $detail }
err-crm-record-not-found = record non trovato: { $detail }
err-crm-licence-inactive = il Mail Connector non ha una licenza attiva su questo CRM; chiedi al tuo partner vtenext di attivarla
crm-unrecognised-version = questo CRM ha una versione non riconosciuta, { $version }, ma vtelink richiede vtenext { $minimum } o più recente (--allow-unsupported-version prova comunque)
err-crm-no-version = questo CRM non indica una versione del Mail Connector: è più vecchio di vtenext { $minimum } o il componente Mail Connector non è installato (--allow-unsupported-version prova comunque)
err-crm-old-version = questo CRM ha la versione { $version } ma vtelink richiede vtenext { $minimum } o più recente (--allow-unsupported-version prova comunque)
err-crm-query-syntax = il CRM ha rifiutato una query: { $detail }
err-crm-mandatory-missing = manca un campo obbligatorio: { $detail }
err-crm-reference-invalid = riferimento non valido: { $detail }
err-crm-invalid-id = id di record non valido: { $detail }
err-crm-server = il CRM ha segnalato un errore interno: { $detail }
err-crm-other = il CRM ha risposto { $code }: { $detail }
err-crm-transport = impossibile raggiungere il CRM: { $detail }
err-crm-timeout = il CRM non ha risposto in tempo: { $detail }
err-crm-http = il CRM ha risposto HTTP { $status } a { $operation }
err-crm-not-vtenext = { $url } non risponde come un webservice vtenext ({ $detail })
err-crm-decode = risposta inattesa del CRM a { $operation }

err-mail-read = { $path }: impossibile leggere: { $detail }
err-mail-invalid = { $path }: { $detail }
err-mail-empty = { $path }: il file è vuoto
err-mail-too-large = { $path }: il file è troppo grande ({ $size }; il limite è { $limit })

err-auth-not-logged-in = accesso non effettuato per il profilo '{ $profile }': esegui `{ $command }`
err-auth-wrong-crm = il profilo '{ $profile }' ha effettuato l'accesso a { $stored }, non a { $requested }: esegui `vtelink login --url { $requested } --profile NUOVO_NOME` per un secondo CRM
err-auth-invalid-profile = nome di profilo non valido { $name }: usa lettere, cifre, '-', '_' o '.'
err-auth-no-keyring = nessun portachiavi del sistema utilizzabile (Secret Service) ({ $detail }); avviane e sbloccane uno (gnome-keyring, KWallet), oppure esegui `vtelink login --insecure-storage` per tenere i segreti in un file 0600, oppure imposta VTELINK_URL, VTELINK_USER e VTELINK_ACCESS_KEY
err-auth-keyring-locked = il portachiavi del sistema è bloccato o ha negato l'accesso ({ $detail }); sbloccalo e riprova
err-auth-keyring = portachiavi: { $detail }
err-auth-config = configurazione: { $detail }
err-auth-missing-input = serve { $what } ma vtelink non può chiederlo qui; { $hint }
err-auth-otp-needed = { $detail } Passa il codice con --otp CODICE finché è valido, oppure, con --password-stdin, sulla riga dopo la password quando è arrivato
err-auth-sso-not-configured = il CRM non indica alcun provider di identità per l'SSO; passa --sso-issuer URL
err-auth-sso = SSO: { $detail }
err-auth-sso-unreachable = impossibile raggiungere il provider di identità: { $detail }
sso-not-openid = { $issuer } non è un provider OpenID (la discovery ha risposto HTTP { $status })
sso-bad-discovery = { $issuer } ha risposto alla discovery con qualcosa che non è una configurazione OpenID
sso-issuer-mismatch = il provider su { $issuer } si presenta come { $name }; controlla --sso-issuer
sso-no-device-flow = il provider { $issuer } non offre il device flow (manca device_authorization_endpoint)
sso-device-answer-malformed = la risposta del provider all'autorizzazione del dispositivo non è valida
sso-token-answer-malformed = la risposta del provider con il token non è valida
sso-no-id-token = il provider non ha emesso un ID token (lo scope `openid` è consentito per questo client?)
sso-no-access-token = il provider non ha emesso un access token
sso-unknown-client = il provider non conosce il client id "{ $client }" per il device flow; imposta --sso-client-id
sso-refused = il provider ha rifiutato la richiesta { $step ->
        [token] del token
        [refresh] di rinnovo
       *[other] di autorizzazione del dispositivo
    }: { $error }{ $description }
sso-error-answer = il provider ha risposto con un errore alla richiesta { $step ->
        [token] del token
        [refresh] di rinnovo
       *[other] di autorizzazione del dispositivo
    }
sso-bad-url = non è un URL valido: { $url }
sso-plain-http = rifiuto http:// in chiaro verso { $host } (i token viaggerebbero non cifrati); usa https o passa --allow-http
sso-bad-scheme = schema di URL non supportato { $scheme }:
sso-https-setup = impossibile preparare HTTPS: { $detail }
err-auth-sso-denied = l'accesso è stato negato dal provider di identità
err-auth-sso-expired = il codice di accesso è scaduto prima dell'approvazione; esegui di nuovo `vtelink login --sso`
err-auth-sso-grant-revoked = il provider di identità non accetta più l'accesso salvato (invalid_grant)

err-link-no-targets = nessun record a cui collegare: passa uno o più id di record con --to (vedi `vtelink suggest`)
err-link-bad-target-id = '{ $id }' non è un id di record del CRM (ci si aspetta qualcosa come 4x143)
err-link-not-visible = il record { $id } non esiste o non è visibile per te
err-link-not-a-target = { $id } è un record di { $module }: le email si collegano a record come Contatti, Aziende, Lead o ticket
err-link-not-permitted = il tuo utente del CRM non può creare { $module }, quindi { $what } non può essere salvato; chiedi il permesso all'amministratore del CRM
err-link-bad-message-id = '{ $id }' non può essere un Message-ID (è vuoto o contiene caratteri di controllo)

err-card-bad-id = '{ $id }' non è un id di record (come 4x143; `vtelink search TESTO` trova gli id)
err-card-not-visible = il record { $id } non esiste o non è visibile per te

err-batch-bad-source = { $path }: { $detail }
err-batch-journal = registro del replay { $path }: { $detail }
err-batch-other-crm = il registro del replay { $path } appartiene a { $journal_user } su { $journal_url }, non a { $user } su { $url }: ometti --journal (ogni CRM e utente ha il suo), oppure indica un altro file di registro
err-batch-no-journal = nessun registro del replay per queste sorgenti in { $path } (non è ancora stato eseguito nulla, oppure passa --journal FILE)
err-batch-failed-file = impossibile scrivere il file delle voci non riuscite { $path }: { $detail }
err-batch-journal-busy = un altro `vtelink replay` sta usando il registro { $path }; attendi che finisca o fermalo, poi esegui di nuovo questo comando
err-batch-stopped = replay interrotto (esegui di nuovo lo stesso comando per riprendere): { $reason }
err-imap-bad-url = '{ $url }' non è un URL di casella di posta utilizzabile: { $detail } (atteso imaps://UTENTE@HOST/CARTELLA)
err-imap-credentials-in-url = l'URL della casella di posta { $url } contiene una password; toglila (viene chiesta, letta da VTELINK_IMAP_PASSWORD o dal portachiavi)
err-imap-plaintext = il server di posta { $server } non offre STARTTLS: imap:// in chiaro invierebbe la password non cifrata; usa imaps://, oppure passa --allow-plaintext
err-imap-ca-cert = impossibile leggere il certificato CA { $path }: { $detail }
err-imap-unreachable = impossibile raggiungere il server di posta { $server }: { $detail }
err-imap-tls = TLS con il server di posta { $server } non riuscito: { $detail } (una CA privata? passa --ca-cert FILE)
err-imap-login-refused = il server di posta { $server } ha rifiutato l'accesso di { $user }: { $detail } (controlla la password: VTELINK_IMAP_PASSWORD, o quella salvata con `vtelink mailbox add`)
err-imap-token-refused = il server di posta { $server } ha rifiutato il token OAuth per { $user }, anche dopo averlo rinnovato: { $detail } ({ $user } è l'indirizzo per cui è stato emesso il token, e l'IMAP è attivo per la casella di posta?)
err-imap-signed-out = l'accesso per la casella di posta { $user } è terminato presso il provider di identità (revocato, scaduto o password cambiata); accedi di nuovo: { $hint }
err-imap-no-folder = nessuna cartella { $folder } su { $server }: { $detail }
err-imap-protocol = il server di posta { $server } ha dato un errore: { $detail }
err-imap-timeout = il server di posta { $server } non ha risposto entro { $seconds } s
imap-url-no-scheme = non inizia con imaps:// o imap://
imap-url-scheme = schema { $scheme }:// non supportato (usa imaps://)
imap-url-no-user = manca l'utente (scrivi UTENTE@ prima dell'host)
imap-url-ipv6 = a un indirizzo IPv6 manca la ] di chiusura
imap-url-no-host = manca un nome host utilizzabile
imap-url-port = '{ $port }' non è un numero di porta
imap-url-control = il nome della cartella contiene caratteri di controllo
imap-url-escape = '{ $text }' non è una sequenza %XX
imap-url-escape-utf8 = una sequenza %XX non è UTF-8
imap-not-pem = non è un certificato PEM: { $detail }
imap-no-pem = non contiene alcun certificato PEM
imap-login-disabled = il server non accetta password qui (LOGINDISABLED)
imap-no-greeting = il server ha chiuso la connessione prima del saluto
imap-no-uidvalidity = nessun UIDVALIDITY per { $folder }
imap-connection-lost = la connessione si è interrotta
imap-no-oauth-mechanism = il server non offre né AUTH=OAUTHBEARER né AUTH=XOAUTH2

## vtelink modules

modules-matched-by-email = (collegabile per e-mail)

## vtelink search

search-nothing = niente da cercare
search-no-match = nessun record corrisponde a '{ $text }'
search-no-module = il modulo { $module } non esiste o non è visibile per te (vedi `vtelink modules`)

## vtelink show (la scheda del record)

show-related = Record correlati
show-more-contacts = (solo i primi { $count } contatti)
show-messages-heading = Messaggi da o verso { $addresses }
show-messages-no-address = (nessun indirizzo e-mail in questo record)
show-messages-by-address = trovati per indirizzo: il CRM non sa elencare i Messaggi collegati a un record
show-messages-none = nessuno che tu possa leggere
show-messages-more = (solo i { $count } più recenti)
show-yes = sì
show-no = no

## vtelink logout

logout-none = Nessun profilo da cui uscire.
logout-done = Uscito dal profilo { $profile }.
logout-not-logged-in = Il profilo { $profile } non aveva effettuato l'accesso.
logout-timeout = il CRM non ha risposto in tempo
logout-session-not-ended = impossibile chiudere la sessione del CRM del profilo { $profile } ({ $reason }); i segreti locali vengono eliminati comunque

## vtelink unlink

unlink-name-the-email = indica l'email: un FILE o --message-id ID
unlink-nothing-found = non è stato trovato nulla di creato da vtelink per { $id } (o non è visibile per te){ $foreign ->
    [0] {""}
    [one] ; 1 Messaggio con quel Message-ID è stato creato da altro e viene lasciato com'è
   *[other] ; { $foreign } Messaggi con quel Message-ID sono stati creati da altro e vengono lasciati come sono
}
unlink-needs-yes = unlink elimina record del CRM: passa --yes per eliminare senza conferma (o --dry-run per vedere)
unlink-nothing-deleted = non è stato eliminato nulla
unlink-deleted = eliminati { $ids }
unlink-would-delete = verrebbe eliminato
unlink-delete = da eliminare
unlink-left-alone = lasciato com'è (non creato da vtelink)
unlink-kind-message = Messaggio
unlink-kind-document = Documento
unlink-confirm = Eliminare questi record dal CRM? [s/N]

## Risposte alle domande sì/no (minuscole, separate da spazi)

answer-yes = s si sì y yes

## vtelink suggest

suggest-no-address = questa email non ha un indirizzo di mittente o destinatario da cercare
suggest-no-match = nessun record del CRM corrisponde a { $who }; prova `vtelink search TESTO`
suggest-looked-up = Cercati: { $who }
suggest-auto-would-link = link --auto collegherebbe { $ids }: { $why }
suggest-auto-would-link-nothing = link --auto non collegherebbe nulla: { $why }
suggest-tie = PARI MERITO con { $ids }
suggest-score = punteggio { $score }

## Perché un record è suggerito (src/suggest): ogni motivo, poi il perché di --auto

reason-address = { $field } { $module ->
        [Contacts] del contatto
        [Leads] del lead
        [Accounts] dell'azienda
        [Vendors] del fornitore
        [HelpDesk] del ticket
        [Potentials] dell'opportunità
       *[other] di { $module }
    } è { $address }{ $folded }{ $role }
reason-plus-folded = {" "}(ignorando il +tag: la mail ha { $address })
reason-role-reply-to = {" "}(Reply-To)
reason-role-cc = {" "}(Cc)
reason-website-exact = il sito web dell'azienda, { $host }, è @{ $domain }
reason-website-parent = il sito web dell'azienda, { $host }, comprende @{ $domain }
reason-website-organisation = il sito web dell'azienda, { $host }, è della stessa organizzazione di @{ $domain }
reason-account-email-organisation = { $field } dell'azienda, { $address }, è dell'organizzazione { $organisation }
reason-account-of-contact = azienda del contatto { $who }
reason-thread = email precedente in questa conversazione: { $subject }
reason-open = { $module ->
        [HelpDesk] ticket aperto
        [Potentials] opportunità aperta
       *[other] { $module } aperto
    } di { $who } ({ $status })
reason-named-in-subject = l'oggetto cita { $module ->
        [HelpDesk] questo ticket
        [Potentials] questa opportunità
       *[other] questo { $module }
    }
auto-no-suggestion = nessun suggerimento
auto-tied = { $id } { $label } è a pari merito con { $ids } (stesso indirizzo)
auto-below-minimum = il miglior suggerimento, { $id } { $label }, ha punteggio { $score } (sotto { $minimum })
auto-not-ahead = { $id } { $label } (punteggio { $score }) non ha { $margin } punti di vantaggio su { $next_id } { $next_label } (punteggio { $next_score })
auto-ahead = { $id } { $label } ha punteggio { $score }, { $lead } punti più di { $next_id } { $next_label }
auto-alone = { $id } { $label } ha punteggio { $score } e nessun concorrente

## A quali record collega link (--to, --best, --auto, la domanda numerata)

targets-pick-needs-terminal = --pick richiede un terminale (e niente --no-input); usa --to ID, --auto o --best
targets-auto-linked-nothing = --auto non ha collegato nulla: { $why }
targets-auto = --auto: { $why }
targets-no-match = nessun record del CRM corrisponde a questa email; scegline uno con `vtelink search` e passa --to ID
targets-ask = A quali record collegare? (numeri, es. 1 oppure 1,3; vuoto per annullare):
targets-not-a-number = '{ $answer }' non è uno dei numeri mostrati
targets-nothing-chosen = nessuna scelta; non è stato collegato nulla

## Il selettore di --pick

pick-search-entry = cerca nel CRM…
pick-cancelled = annullato; non è stato collegato nulla
pick-terminal-failed = errore del terminale
pick-stopped = il selettore si è interrotto
pick-link-to = Collega a:
pick-keys = ↑↓ sposta, spazio sceglie, scrivi per filtrare, invio collega, esc annulla
pick-all-modules = Tutti i moduli
pick-search-in = Cerca in:
pick-search-for = Cerca:
pick-no-match = Nessun record corrisponde a '{ $text }'.
pick-found-by-search = trovato con la ricerca: { $matched }
pick-card-entry = apri la scheda di un record…
pick-open-card = Apri la scheda di:

## vtelink status

status-profile = Profilo:
status-crm = CRM
status-user = Utente
status-login = Accesso
status-version = Versione
status-session = Sessione
status-secrets = Segreti
status-config = Configurazione
status-not-logged-in = accesso non effettuato (esegui `{ $command }`)
status-method-password = password (chiave di accesso)
status-method-sso = SSO (device flow)
status-opened-ago = , aperta { $age } fa
status-session-valid = valida
status-session-renewed = rinnovata
status-session-unchecked = non verificata
status-session-invalid = non valida: { $why }
status-secrets-environment = VTELINK_ACCESS_KEY (ambiente)
status-age-days = { $days ->
    [one] 1 giorno
   *[other] { $days } giorni
}

## vtelink link

link-stdin-once = lo standard input (-) si può indicare una sola volta
link-pick-one-file = --pick collega un file alla volta; con più file usa --to ID, --auto o --best
link-several-need-targets = con più file, indica dove vanno: --to ID (ripetibile), --auto o --best
link-parsing-stopped = la lettura si è interrotta
link-over-max-upload = { $name } ({ $size }) è più grande di quanto questo CRM accetta ({ $limit }, il suo maxUploadFileSize); un amministratore del CRM può aumentarlo
link-upload-truncated = { $name } ({ $size }) non è stato salvato: il CRM ne ha tenuto { $kept }, quindi il suo limite di caricamento è sotto questa dimensione; un amministratore del CRM può aumentare upload_max_filesize e post_max_size di PHP, poi esegui di nuovo lo stesso comando
link-upload-dropped = { $name } ({ $size }) è troppo grande per questo CRM: ha scartato il caricamento senza risposta (HTTP 500), come fa PHP oltre post_max_size; un amministratore del CRM può aumentare post_max_size e upload_max_filesize di PHP, poi esegui di nuovo lo stesso comando
link-without-attachment = collegata senza un allegato: { $problem }
link-attachments-not-stored = { $count } allegati non salvati, il resto è collegato: { $problems }
link-state-failed = non riuscito
link-state-would-link = verrebbe collegata
link-state-already-in-crm = già nel CRM
link-state-linked = collegata
link-state-already-linked = già collegata
link-state-partial = parziale
link-new = (nuovo)
link-file-line = Messaggio { $message }, { $documents ->
    [one] 1 Documento
   *[other] { $documents } Documenti
}, collegato a { $targets }
link-summary = { $files } file: { $linked } collegati, { $partial } parziali, { $failed } non riusciti
link-summary-dry-run = { $files } file verificati: { $linked } collegati, { $partial } parziali, { $failed } non riusciti
link-files-not-fully-linked = { $count } file su { $files } non collegati del tutto: { $failures }
link-verb-would-create = verrebbe creato
link-verb-created = creato
link-verb-reused = già collegato, riusato
link-not-stored = NON SALVATO
link-stored-as = , salvato come { $name }
link-would-relate = verrebbe collegato a { $targets }
link-would-relate-with-documents = verrebbe collegato a { $targets } (il Messaggio e i suoi Documenti)
link-related = collegato a { $targets }
link-related-with-documents = collegato a { $targets } (il Messaggio e i suoi Documenti)
link-stored-title = , con titolo { $title } (il CRM conserva 50 caratteri del titolo)
link-field-cut = { $field } troncato dal CRM a { $stored } dei suoi { $length } caratteri
link-converged = un altro collegamento ha salvato questa email nello stesso momento: tenuti i record più vecchi, rimossi { $ids }

## vtelink parse

parse-none = (nessuno)
parse-no-name = (senza nome)
parse-inline = in linea
parse-file = File:
parse-subject = Oggetto:
parse-from = Da:
parse-sender = Mittente:
parse-reply-to = Rispondi a:
parse-to = A:
parse-cc = Cc:
parse-bcc = Ccn:
parse-date = Data:
parse-date-value = { $local } ({ $utc } UTC)
parse-references = Riferimenti:
parse-messages = { $count ->
    [one] 1 messaggio
   *[other] { $count } messaggi
}
parse-body = Testo:
parse-body-value = testo: { $text }, html: { $html }
parse-chars = { $count ->
    [one] 1 carattere
   *[other] { $count } caratteri
}
parse-attachments = Allegati:
parse-and-more = { " " }e altri { $count }
parse-task-failed = la lettura dell'email si è interrotta
parse-wrote = { $count ->
    [one] Scritto 1 allegato
   *[other] Scritti { $count } allegati
} in { $dir }
parse-extracted = estratto: { $path }
parse-cannot-create = impossibile creare { $path }
parse-cannot-write = impossibile scrivere { $path }
parse-no-free-name = nessun nome di file libero per { $name } in { $dir }

## Lettura di una email (src/mail): perché un file non è una email, avvisi per danni parziali

mail-unreadable-mime = struttura MIME illeggibile (errore dell'analisi)
mail-no-header-lines = non è una email: nessuna riga di intestazione
mail-no-header = non è una email: nessuna intestazione RFC 5322 o MIME
mail-is-directory = è una cartella, non un file email
mail-bare-cr = righe terminate solo da CR (lette come CRLF)
mail-skipped-blank-lines = { $count ->
        [one] saltata 1 riga vuota
       *[other] saltate { $count } righe vuote
    } prima della prima intestazione
mail-bad-date = intestazione Date illeggibile { $value } (ignorata)
mail-subject-undecodable = l'oggetto contiene byte non decodificabili
mail-header-8bit = byte a 8 bit nell'intestazione (decodificati come UTF-8 dove possibile)
mail-header-nul = byte NUL nell'intestazione (tolti dall'oggetto)
mail-header-no-colon = la riga { $line } dell'intestazione non ha i due punti (tenuta come continuazione)
mail-forward-without-body = un messaggio inoltrato finisce senza corpo; le parti successive sono state recuperate dal delimitatore { $boundary }
mail-part = parte { $number }
mail-attachment-damaged-encoding = { $name }: codifica di trasferimento danneggiata; tenuti i byte decodificabili
mail-tnef = { $name }: Outlook TNEF (winmail.dat) tenuto come un unico file; il contenuto non viene estratto
mail-boundary-not-closed = il delimitatore multipart { $boundary } non viene mai chiuso (file troncato?); tenuto ciò che c'era
mail-unknown-charset = parte { $part } del corpo: set di caratteri sconosciuto { $charset }, letta come UTF-8
mail-body-damaged-encoding = parte { $part } del corpo: codifica di trasferimento danneggiata
mail-msg-inconsistent = file .msg di Outlook corrotto (la struttura del file composto è incoerente)
mail-msg-corrupt = file .msg di Outlook corrotto: { $detail }
mail-msg-not-outlook = non è un messaggio di Outlook: un file composto senza proprietà MAPI
mail-msg-no-properties = manca il flusso delle proprietà (__properties_version1.0); letto ciò che c'era
mail-msg-storage-unlisted = impossibile elencare lo storage { $storage }: { $detail }
mail-msg-properties-unreadable = flusso delle proprietà illeggibile in { $storage }
mail-msg-rtf-unreadable = corpo RTF compresso illeggibile: { $detail }
mail-msg-ole-not-copied = { $name }: impossibile estrarre l'oggetto OLE: { $detail }
mail-msg-embedded-not-copied = { $name }: impossibile estrarre il messaggio incorporato: { $detail }
mail-msg-embedded-missing = { $name }: manca lo storage del messaggio incorporato
mail-msg-attachment-missing = { $name }: mancano i dati dell'allegato (tenuto come file vuoto)

## vtelink demo

demo-step-start = Avvia vtesim, un CRM compatibile con vtenext, dentro questo processo
demo-cannot-start = impossibile avviare il simulatore di CRM incorporato
demo-listening = CRM in ascolto su { $url } (seme { $seed })
demo-unlimited = illimitati
demo-busy = Un CRM occupato: { $workers } worker PHP, tempi di servizio { $times }
demo-done = Fatto: l'email è nel CRM, collegata una sola volta, con tutti gli allegati.
demo-next = Poi: `vtelink login --url https://il-tuo-crm.example.com` e `vtelink link mail.eml`.
demo-no-user = il simulatore non ha l'utente '{ $user }'
demo-step-version = Verifica la versione del CRM e la licenza del Mail Connector
demo-yes = sì
demo-no = no
demo-version = { $product } { $version } — licenza Mail Connector: { $licensed } (minimo supportato: { $minimum })
demo-step-login = Accedi come '{ $user }' (login_pwd → getchallenge → login)
demo-session = sessione aperta per l'utente { $user } (API webservice { $api }); la demo la tiene solo in memoria
demo-step-parse = Leggi l'email di esempio inclusa
demo-subject = Oggetto: { $subject }
demo-from = Da:      { $from }
demo-date = Data:    { $date }
demo-attachment = Allegato: { $name } ({ $kind }, { $size }{ $inline })
demo-step-suggest = Suggerisci record del CRM per il mittente
demo-step-link = Collega l'email a { $targets }
demo-calls = { $calls } chiamate al webservice, inviate in 3 ondate concorrenti (l'attesa di 3 andate e ritorno)
demo-step-read-back = Rileggi il risultato dal CRM
demo-message = Messaggio { $id }: "{ $subject }" da { $from } il { $date }, { $chars } caratteri di testo
demo-document = Documento { $id }: { $title } — { $bytes } byte, { $kind }
demo-related = Record collegati (visti dal simulatore): { $ids }
demo-step-again = Collega di nuovo la stessa email: nulla viene duplicato
demo-cannot-query = impossibile costruire la query di verifica
demo-messages-with-id = Messaggi con Message-ID { $id }: { $count }
demo-step-logout = Esci (i dati del CRM restano)
demo-session-closed = sessione chiusa

## vtelink login

login-sso-no-password = --sso accede tramite il provider di identità: non accetta --password-stdin né --otp
login-what-url = URL del CRM
login-hint-url = passa --url URL (o imposta VTELINK_URL)
login-what-user = Nome utente
login-hint-user = passa --user NOME (o imposta VTELINK_USER)
login-what-password = la password
login-hint-password = passala con --password-stdin (o imposta VTELINK_ACCESS_KEY in CI)
login-certificate = { $url } ({ $detail }); se il CRM usa una CA privata, passa --ca-cert FILE
login-insecure-storage = i segreti sono salvati non cifrati in { $place }; chiunque possa leggere quel file può usare il tuo accesso al CRM
login-old-secrets-not-deleted = impossibile eliminare i vecchi segreti: { $detail }
login-done = Accesso effettuato a { $url } come { $user } (profilo { $profile }).
config-no-dir = impossibile trovare la cartella di configurazione dell'utente; imposta VTELINK_CONFIG_DIR
config-cannot-read = impossibile leggere { $path }: { $detail }
config-invalid = { $path } non è una configurazione valida di vtelink: { $detail }
config-bad-path = percorso di configurazione non valido { $path }
config-cannot-create = impossibile creare { $path }: { $detail }
config-cannot-encode = impossibile codificare la configurazione: { $detail }
config-cannot-write-in = impossibile scrivere in { $path }: { $detail }
config-cannot-write = impossibile scrivere { $path }: { $detail }
config-cannot-delete = impossibile eliminare { $path }: { $detail }
config-ca-unreadable = impossibile leggere il certificato CA { $path }: { $detail }
config-ca-not-pem = { $path } non è un certificato PEM
secrets-cannot-encode = impossibile codificare i segreti: { $detail }
tokens-cannot-encode = impossibile codificare i token: { $detail }
secrets-bad-path = percorso dei segreti non valido { $path }
secrets-keyring = portachiavi del sistema (servizio "{ $service }", account "{ $account }")
secrets-plaintext-file = file in chiaro { $path }
login-secrets = Segreti: { $place }
login-password-prompt = Password di { $user } su { $url }:
login-otp-prompt = Codice di sicurezza:
login-sso-open = Per accedere apri { $url } e inserisci il codice { $code }
login-sso-open-direct = (oppure apri direttamente { $url })
login-sso-waiting = In attesa che l'accesso venga approvato (Ctrl-C per annullare)…
replay-oauth-needs-imap = --oauth accede a un server di posta: usalo con --imap URL
oauth-sign-in-again = esegui di nuovo lo stesso comando e approva il nuovo codice di accesso
oauth-code-expired = il codice di accesso è scaduto prima dell'approvazione; esegui di nuovo lo stesso comando per averne uno nuovo
oauth-no-refresh = il provider di identità non ha fornito un refresh token: quando il token della casella di posta scade, dovrai accedere di nuovo
login-sso-no-refresh = il provider di identità non ha dato un refresh token: quando la sessione del CRM scade, esegui di nuovo `vtelink login --sso`
login-browser-opened = Pagina aperta nel browser.
login-browser-failed = impossibile aprire un browser ({ $opener }: { $detail }); apri la pagina a mano
login-cannot-read-stdin = impossibile leggere lo standard input
login-empty-password = --password-stdin: la prima riga dello standard input (la password) è vuota
login-required = { $what } è obbligatorio
login-cannot-read-terminal = impossibile leggere dal terminale
login-cannot-read-password = impossibile leggere la password

## vtelink review

review-empty = Nessuna email attende una revisione.
review-list-hint = { $count ->
    [one] 1 email attende una revisione. Decidi su un terminale con `vtelink review`, oppure con `vtelink review ID --to RECORD` / `--ignore`.
   *[other] { $count } email attendono una revisione. Decidi su un terminale con `vtelink review`, oppure con `vtelink review ID --to RECORD` / `--ignore`.
}
review-id-too-short = '{ $id }' è troppo corto per indicare una voce: indica almeno { $min } caratteri del suo id (`vtelink review` li elenca)
review-no-such-entry = nessuna voce '{ $id }' nella coda di revisione (`vtelink review` elenca le email in attesa; usa --journal FILE per un registro tenuto altrove)
review-id-ambiguous = '{ $id }' indica { $count } voci: indica più caratteri dell'id
review-say-what = indica cosa farne: --to RECORD... per collegarla, oppure --ignore
review-bad-to = --to: '{ $ids }' non è un elenco di id di record del CRM (del tipo 4x143)
review-partial = { $id } collegata senza alcuni allegati ({ $names }); resta nella coda: decidila di nuovo quando il CRM li accetta
review-linked = Collegata { $id } ({ $origin }): Messaggio { $message } → { $to }
review-already-linked = { $id } ({ $origin }) era già collegata: Messaggio { $message } → { $to }
review-linked-short = Collegata { $id }
review-ignored = { $id } ({ $origin }) ignorata per sempre
review-not-waiting = { $id } non attende una revisione ({ $state ->
        [done] è già collegata
        [ignored] è stata ignorata
       *[other] stato: { $state }
    }): non è stato fatto nulla
review-from = da { $from } — { $origin }
review-why = in attesa perché: { $why }
review-choice-link = Collegala… (scegli i record)
review-choice-skip = Rimanda
review-choice-ignore = Ignora per sempre
review-choice-stop = Smetti di rivedere
review-progress = Email { $n } di { $total }
review-what-now = Cosa fare con questa email?
review-summary = { $linked } collegate, { $ignored } ignorate, { $skipped } rimandate; { $left } ancora in attesa di revisione

## vtelink watch

watch-cannot-watch = impossibile sorvegliarla per le modifiche: { $detail }
watch-needs-targets = indica dove vanno le nuove email: --to ID... o --auto
watch-ready = Recupero completato ({ $linked } collegate, { $review } in attesa di revisione, { $failed } non riuscite); sorveglio { $sources } per la nuova posta (Ctrl-C o SIGTERM per fermare)
watch-linked = collegata          { $origin }: Messaggio { $message } → { $to }
watch-already-linked = già collegata      { $origin }: Messaggio { $message } → { $to }
watch-partial = parziale           { $origin }: Messaggio { $message }; allegati non salvati: { $names }
watch-failed = non riuscita       { $origin }: { $error }
watch-review = attende revisione  { $origin }: { $reason } (vtelink review)
watch-skipped = saltata            { $origin }: { $reason }
watch-outage = il CRM non risponde ({ $error }); nuovo tentativo tra { $wait }
watch-mail-server-away = il server di posta { $server } non risponde ({ $error }); nuova connessione tra { $wait }
watch-reconnected = il CRM risponde di nuovo; sorveglio
watch-stopping = Arresto: prima finiscono i collegamenti in corso…
watch-stopped = Fermato.

## vtelink mailbox

mailbox-added = Casella di posta { $name } salvata: { $url } ({ $folders }), collegata al profilo { $profile }; la password è nel portachiavi
mailbox-updated = La casella di posta { $name } era già salvata: le sue impostazioni vengono sostituite, il suo registro resta (nulla di già collegato viene collegato di nuovo)
mailbox-none = Nessuna casella di posta salvata (aggiungine una con: vtelink mailbox add NOME URL --to ID | --auto)
mailbox-row = { $name }  { $url }  cartelle: { $folders }  profilo: { $profile }  regola: { $rule }  ultima sincronizzazione: { $last }  collegati: { $linked }, in attesa di revisione: { $review }, non riusciti: { $failed }
mailbox-unknown = nessuna casella di posta salvata { $name } (vedi: vtelink mailbox list)
mailbox-removed = Casella di posta { $name } rimossa insieme alla sua password (il CRM conserva ciò che è stato collegato)
mailbox-no-password = nessuna password salvata per la casella di posta { $name }: aggiungila di nuovo con vtelink mailbox add, oppure imposta VTELINK_IMAP_PASSWORD

## vtelink replay

replay-bad-to = --to: { $detail }
replay-nothing = niente da ripetere: indica un manifest, --mbox FILE, --maildir DIR o --imap URL
replay-mbox-needs-targets = --mbox, --maildir e --imap richiedono --to ID... o --auto (dove vanno le loro email)
replay-since-needs-imap = --since vale per le caselle di posta: indica --imap URL
replay-imap-no-password = nessuna password per { $account }: imposta VTELINK_IMAP_PASSWORD (non c'è un terminale su cui chiederla)
replay-imap-password = Password per { $account }:
replay-max-rps = --max-rps deve essere un numero positivo
replay-journal = Registro: { $path } (esegui di nuovo lo stesso comando per riprendere)
# Il modello di indicatif: lascia {"{"}bar:30{"}"} {"{"}pos{"}"} {"{"}len{"}"} {"{"}rate{"}"} {"{"}eta{"}"} {"{"}msg{"}"}
replay-progress = {"{"}bar:30{"}"} {"{"}pos{"}"}/{"{"}len{"}"} email  {"{"}rate{"}"}  mancano {"{"}eta{"}"}  {"{"}msg{"}"}
replay-progress-open = {"{"}spinner{"}"} {"{"}pos{"}"} email  {"{"}rate{"}"}  {"{"}elapsed{"}"}  {"{"}msg{"}"}
replay-not-stored = non salvati: { $names }
replay-state-failed = fallita
replay-state-partial = parziale
replay-state-skipped = saltata
replay-would-link = verrebbe collegata  { $origin }  → { $to }
replay-failed-file = Voci non riuscite scritte in { $path }; correggile, poi: vtelink replay { $path }
replay-attention = Voci che richiedono attenzione:
replay-and-more = ... e altre { $count }
replay-summary-dry-run = Prova: { $planned } verrebbero collegate, { $failed } non riuscite, { $skipped } saltate (non è stato modificato nulla)
replay-summary = { $linked } collegate, { $present } già presenti, { $partial } parziali, { $failed } non riuscite, { $skipped } saltate{ $before ->
    [0] {""}
   *[other] { " " }({ $before } completate in esecuzioni precedenti)
}
replay-malformed = { $count } righe o messaggi malformati non sono in quel file: correggili nella sorgente (posizioni sopra)
replay-totals-journal = Registro: { $path }
replay-totals-crm = Per { $user } su { $url }
replay-totals = { $entries } voci: { $linked } collegate, { $present } già presenti, { $partial } parziali, { $failed } non riuscite, { $skipped } saltate, { $unfinished } non completate
replay-review = { $count ->
    [one] 1 email attende una revisione (auto non ha trovato un record chiaramente in testa): vtelink review
   *[other] { $count } email attendono una revisione (auto non ha trovato un record chiaramente in testa): vtelink review
}
replay-review-dry-run = { $count ->
    [one] 1 email attenderebbe una revisione (auto non ha trovato un record chiaramente in testa)
   *[other] { $count } email attenderebbero una revisione (auto non ha trovato un record chiaramente in testa)
}
replay-totals-review = { $review } in attesa di revisione, { $ignored } ignorate
replay-never = mai
replay-runs = { $runs ->
    [one] 1 esecuzione
   *[other] { $runs } esecuzioni
}; ultima modifica { $last }

## Le sorgenti di replay (src/batch): perché una riga del manifest, un messaggio dell'mbox o una sorgente non si usa

batch-bad-id = '{ $id }' non è un id di record del CRM (del tipo 4x143) né 'auto'
batch-no-ids = nessun id di record in 'to' (separa gli id con ';', oppure 'auto')
batch-cannot-read = { $detail }
batch-cannot-open-manifest = impossibile aprire il manifest: { $detail }
batch-no-to = nessun 'to' per questa riga (indica id di record o 'auto', oppure passa --to/--auto)
batch-csv-header = impossibile leggere l'intestazione CSV: { $detail }
batch-no-file-column = l'intestazione CSV non ha la colonna 'file' (la prima riga dovrebbe essere, ad esempio: file,to)
batch-no-to-column = l'intestazione CSV non ha la colonna 'to'; aggiungila o passa --to/--auto
batch-manifest-unreadable = impossibile leggere oltre nel manifest: { $detail }
batch-not-utf8 = non è UTF-8 valido
batch-file-column-empty = la colonna 'file' è vuota
batch-line-unreadable = riga { $line }: { $detail }
batch-line-too-long = riga più lunga di { $limit } byte
batch-json-invalid = non è un oggetto JSON: { $detail }
batch-json-not-object = non è un oggetto JSON (atteso {"{"}"file": ..., "to": ...{"}"})
batch-json-no-file = manca "file"
batch-json-file-not-string = "file" deve essere una stringa
batch-json-to-not-strings = "to" deve elencare gli id dei record come stringhe
batch-json-to-bad = "to" deve essere un elenco di id di record oppure "auto"
batch-mbox-junk = testo che non appartiene a nessun messaggio (nessuna riga From_ prima)
batch-mbox-too-large = messaggio più grande di { $limit } byte
batch-mbox-empty = messaggio vuoto
batch-mbox-not-file = non è un file (un mbox è un unico file)
batch-cannot-open-mbox = impossibile aprire l'mbox: { $detail }
batch-mbox-unreadable = impossibile leggere oltre nell'mbox: { $detail }
batch-maildir-unlisted = impossibile elencare { $folder }/: { $detail }
batch-not-maildir = non è una Maildir (non contiene le cartelle cur/ o new/)
batch-no-targets = indica dove vanno le sue email: --to ID... oppure --auto
batch-duplicate = la stessa email e gli stessi record di { $origin }
# Testo che è già ciò che si legge (un nome di file al posto di una frase).
verbatim = { $text }
origin-line = { $file } riga { $line }
origin-mbox = { $file } byte { $offset } (riga { $line })

## La riga di comando

cli-no-runtime = impossibile avviare il runtime asincrono
cli-cannot-read-answer = impossibile leggere la risposta

## --help (src/cli/help.rs): le parole di clap, poi ogni comando e argomento

help-usage = Uso:
help-usage-options = [OPZIONI]
help-usage-command = <COMANDO>
help-value-NAME = NOME
help-value-DATE = DATA
help-value-DURATION = DURATA
help-value-FOLDER = CARTELLA
help-value-MODULE = MODULO
help-value-SCORE = PUNTEGGIO
help-value-CODE = CODICE
help-value-TEXT = TESTO
help-value-QUERY = RICERCA
help-default = [predefinito: { $value }]
help-possible-values = [valori possibili: { $values }]
# Gli errori di clap (src/cli/help.rs li scrive nelle altre lingue)
duration-unknown-unit = unità '{ $unit }' sconosciuta (usa s, m, h o ms)
duration-invalid = '{ $text }' non è una durata (secondi, oppure 90s, 2m, 500ms)
duration-out-of-range = '{ $text }' non è una durata utilizzabile
clap-error = errore: { $message }
clap-tip = suggerimento: { $tip }
clap-more-info = Per saperne di più, prova '--help'.
clap-unknown-argument = argomento inatteso '{ $arg }'
clap-similar-argument = esiste un argomento simile: '{ $arg }'
clap-as-value = per passare '{ $arg }' come valore, usa '-- { $arg }'
clap-unknown-subcommand = comando sconosciuto '{ $name }'
clap-similar-subcommand = esiste un comando simile: '{ $name }'
clap-value-required = serve un valore per '{ $arg }', ma non ne è stato dato nessuno
clap-invalid-value = valore '{ $value }' non valido per '{ $arg }'
clap-similar-value = esiste un valore simile: '{ $value }'
clap-invalid-value-detail = valore '{ $value }' non valido per '{ $arg }': { $detail }
clap-not-in-range = { $value } non è compreso in { $range }
clap-repeated = l'argomento '{ $arg }' non si può usare più volte
clap-conflict = l'argomento '{ $arg }' non si può usare insieme a '{ $other }'
clap-conflict-others = l'argomento '{ $arg }' non si può usare insieme ad alcuni degli altri argomenti indicati
clap-missing-required = mancano questi argomenti obbligatori:
clap-too-many-values = valore inatteso '{ $value }' per '{ $arg }': non ne servono altri
clap-no-equals = serve il segno = per assegnare un valore a '{ $arg }'
help-commands = Comandi
help-options = Opzioni
help-arguments = Argomenti
help-global-options = Opzioni globali
help-flag-help = Mostra l'aiuto
help-flag-version = Mostra la versione
help-subcommand = Mostra questo messaggio o l'aiuto dei comandi indicati
help-subcommand-arg = Mostra l'aiuto dei comandi indicati

cmd-vtelink = Collega email salvate (.eml/.msg) a record di un CRM vtenext, dalla shell
cmd-vtelink-examples =
    Esempi:
      # Tutto il lavoro con un simulatore di CRM incorporato (non serve altro)
      vtelink demo
      # Accedi una volta, poi collega un'email ai record a cui si riferisce
      vtelink login --url https://crm.example.com --user jdoe
      vtelink suggest mail.eml
      vtelink link mail.eml --to 4x143
      # Da un client di posta: il messaggio arriva dallo standard input
      vtelink link - --best < mail.eml

    Script e CI: imposta VTELINK_URL, VTELINK_USER e VTELINK_ACCESS_KEY, e
    passa --json e --no-input. Guide, contratto JSON e codici di uscita sono
    nel README e in docs/.
arg-vtelink-profile = Profilo da usare (più CRM o utenti affiancati)
arg-vtelink-url = URL del CRM, al posto di quello del profilo
arg-vtelink-json = Stampa JSON leggibile dalle macchine su stdout
arg-vtelink-quiet = Stampa solo ciò che è stato chiesto (niente avanzamento, niente suggerimenti)
arg-vtelink-verbose = Registra su stderr ciò che accade (-v richieste, -vv dettagli); i segreti non vengono mai registrati
arg-vtelink-no-input = Non chiedere mai nulla; fallisci con un messaggio chiaro dove servirebbe un input
arg-vtelink-color = Quando usare i colori (NO_COLOR viene rispettato)
arg-vtelink-timeout = Rinuncia all'intero comando dopo questo tempo, per esempio 30, 90s, 2m; 0 = nessun limite [predefinito: 60s per i comandi che parlano con il CRM, nessuno per replay]; il tempo in cui si attende te non conta
arg-vtelink-call-timeout = Rinuncia a una richiesta al CRM dopo questo tempo (ripetuta quando è sicuro); 0 = nessun limite [predefinito: 20s, più 1 s ogni 256 KiB caricati]
cmd-vtelink-login = Accedi a un CRM e conserva la sessione nel portachiavi del sistema
cmd-vtelink-login-examples =
    Esempi:
      # Chiede la password (senza mostrarla), poi il codice di sicurezza se serve
      vtelink login --url https://crm.example.com --user jdoe
      # Accedi tramite il provider di identità della tua organizzazione
      vtelink login --sso
      # Senza terminale: la password (e il codice) dallo standard input
      printf '%s\n' "$PASSWORD" |
        vtelink login --url URL --user jdoe --password-stdin --no-input

    In CI non serve il login: imposta VTELINK_URL, VTELINK_USER e VTELINK_ACCESS_KEY.
arg-vtelink-login-user = Nome utente del CRM
arg-vtelink-login-password-stdin = Leggi la password dalla prima riga dello standard input (la riga successiva: il codice di sicurezza, letto quando il CRM lo chiede)
arg-vtelink-login-otp = Codice di sicurezza del secondo fattore, quando il CRM lo chiede
arg-vtelink-login-sso = Accedi tramite il provider di identità dell'organizzazione (device flow OAuth 2.0)
arg-vtelink-login-sso-issuer = URL dell'issuer OpenID per --sso (predefinito: quello indicato dal CRM)
arg-vtelink-login-sso-client-id = Client id OAuth per --sso (predefinito: quello indicato dal CRM, altrimenti vtelink-cli)
arg-vtelink-login-open-browser = Apri la pagina di verifica in un browser durante --sso
arg-vtelink-login-ca-cert = Considera attendibile questo certificato CA PEM (CA private); resta nel profilo
arg-vtelink-login-allow-http = Permetti http:// in chiaro verso un host che non è locale; resta nel profilo
arg-vtelink-login-allow-unsupported-version = Usa comunque un CRM più vecchio del minimo supportato (24.08.2)
arg-vtelink-login-insecure-storage = Salva i segreti in un file in chiaro (permessi 0600) invece che nel portachiavi del sistema
cmd-vtelink-logout = Esci ed elimina i segreti locali (non modifica mai i dati del CRM)
cmd-vtelink-logout-examples =
    Esempi:
      vtelink logout                  # il profilo predefinito
      vtelink logout --profile test   # un altro profilo
      vtelink --json logout --all     # tutti i profili, una voce ciascuno
arg-vtelink-logout-all = Esci da tutti i profili
cmd-vtelink-status = Mostra profilo, CRM, utente e stato della sessione
cmd-vtelink-status-examples =
    Esempi:
      # Profilo, CRM, utente, versione e una verifica dal vivo della sessione
      vtelink status
      # Solo ciò che è salvato in locale, per gli script
      vtelink status --offline --json
      # CI: credenziali dall'ambiente, nulla di salvato
      VTELINK_URL=https://crm.example.com VTELINK_USER=ci \
        VTELINK_ACCESS_KEY="$KEY" vtelink status
arg-vtelink-status-offline = Non contattare il CRM; mostra solo ciò che è salvato in locale
cmd-vtelink-modules = Elenca i moduli del CRM a cui puoi collegare le email
cmd-vtelink-modules-examples =
    Esempi:
      vtelink modules
      # I moduli in cui cercano i suggerimenti (hanno campi e-mail)
      vtelink --json modules |
        jq -r '.modules[] | select(.has_email_fields) | .name'
cmd-vtelink-parse = Leggi un file .eml o .msg e mostra cosa verrebbe collegato
cmd-vtelink-parse-examples =
    Esempi:
      # Un file: intestazioni, anteprima del testo, allegati
      vtelink parse mail.eml
      # Standard input; salva ogni allegato con un nome sicuro e unico
      vtelink parse - --extract ./files < message.msg
      # Più file
      for f in saved/*.eml; do vtelink --json parse "$f" | jq -r .subject; done
arg-vtelink-parse-file = Il file .eml o .msg, oppure - per lo standard input
arg-vtelink-parse-extract = Scrivi gli allegati in questa cartella (nomi sicuri e unici)
cmd-vtelink-suggest = Suggerisci record del CRM per un'email, i migliori per primi, con il perché
cmd-vtelink-suggest-examples =
    Esempi:
      # Record per il mittente (o per i destinatari delle email che hai inviato), con il perché
      vtelink suggest mail.eml
      # Standard input, come lo passa un client di posta
      vtelink suggest - < message.msg
      # L'id del record migliore, per uno script
      vtelink --json suggest mail.eml | jq -r '.suggestions[0].id'
arg-vtelink-suggest-file = Il file .eml o .msg, oppure - per lo standard input
arg-vtelink-suggest-limit = Al massimo questo numero di suggerimenti
arg-vtelink-suggest-min-score = Valuta `link --auto` con questo punteggio minimo [predefinito: 85]
cmd-vtelink-search = Cerca record del CRM per nome, e-mail o numero
cmd-vtelink-search-examples =
    Esempi:
      vtelink search "O'Brien"               # nome, e-mail o numero, in ogni modulo
      vtelink search acme --module Accounts   # un modulo (ripetibile)
      vtelink --json search 4x143             # per id
arg-vtelink-search-text = Nome, indirizzo e-mail o id del record da cercare (% e _ sono caratteri jolly)
arg-vtelink-search-modules = Solo questo modulo (ripetibile; predefiniti: Contacts, Accounts, Leads, Potentials, HelpDesk, Vendors)
arg-vtelink-search-limit = Al massimo questo numero di risultati per modulo
cmd-vtelink-show = Mostra la scheda di un record del CRM: i suoi campi con le etichette del CRM, e ciò che gli sta intorno
cmd-vtelink-show-examples =
    Esempi:
      vtelink show 4x143               # un contatto: campi, azienda, ticket
      vtelink show 3x140 --all         # un'azienda, anche i campi vuoti
      # I Messaggi inviati da o verso gli indirizzi e-mail del record
      vtelink show 4x143 --messages
      # Il valore salvato di un campo (non la sua etichetta), per uno script
      vtelink --json show 9x150 |
        jq -r '.fields[] | select(.name == "ticketstatus") | .value'
arg-vtelink-show-id = L'id del record (come 4x143; `vtelink search TESTO` trova gli id)
arg-vtelink-show-all = Mostra anche i campi vuoti
arg-vtelink-show-messages = Aggiungi i Messaggi inviati da o verso gli indirizzi e-mail del record
cmd-vtelink-link = Collega email a record del CRM (messaggio, allegati, relazioni)
cmd-vtelink-link-examples =
    Esempi:
      # Un file, collegato a un contatto e a un'azienda
      vtelink link mail.eml --to 4x143 --to 3x140
      # Standard input (mutt: <pipe-message>vtelink link - --auto<enter>)
      vtelink link - --auto < mail.eml
      # Cosa verrebbe creato; non viene scritto nulla
      vtelink link mail.eml --to 4x143 --dry-run
      # Più file in una chiamata, una sessione (ogni riga dice cosa è successo)
      vtelink link saved/*.eml --to 9x150
      # Script: solo quando il primo suggerimento è nettamente avanti (altrimenti uscita 4)
      vtelink --no-input link - --auto < mail.eml
      # CI: credenziali dall'ambiente, JSON su stdout, mai una domanda
      VTELINK_URL=https://crm.example.com VTELINK_USER=ci \
        VTELINK_ACCESS_KEY="$KEY" vtelink --json --no-input link mail.eml --to 4x143
arg-vtelink-link-files = I file .eml o .msg, oppure - per lo standard input (una volta)
arg-vtelink-link-to = Id dei record a cui collegare il messaggio (es. 4x143); ripetibile
arg-vtelink-link-best = Collega al suggerimento migliore, per quanto vicino sia il successivo (vedi `vtelink suggest`)
arg-vtelink-link-auto = Collega al suggerimento migliore solo se è nettamente avanti; altrimenti non collegare nulla (uscita 4)
arg-vtelink-link-min-score = Con --auto: il punteggio minimo accettato [predefinito: 85]
arg-vtelink-link-pick = Scegli sul terminale: prima i suggerimenti; scrivi per filtrare o cercare nel CRM
arg-vtelink-link-dry-run = Mostra cosa verrebbe creato senza modificare il CRM
arg-vtelink-link-upload-concurrency = Allegati caricati contemporaneamente, per email
arg-vtelink-link-concurrency = Email collegate contemporaneamente quando si danno più file
cmd-vtelink-unlink = Annulla un collegamento: elimina il Messaggio e i Documenti creati da vtelink per un'email
cmd-vtelink-unlink-examples =
    Esempi:
      # Annulla un collegamento al record sbagliato (elenca cosa sparisce, chiede prima)
      vtelink unlink mail.eml
      # Cosa verrebbe eliminato; non viene eliminato nulla
      vtelink unlink --message-id quote-7@acme-example.com --dry-run
      # Script: dallo standard input, senza la domanda
      vtelink --no-input unlink - --yes < mail.eml
arg-vtelink-unlink-file = Il file .eml o .msg che è stato collegato, oppure - per lo standard input
arg-vtelink-unlink-message-id = Il Message-ID con cui l'email è stata collegata, con o senza <> (lo mostra `vtelink link --json`)
arg-vtelink-unlink-dry-run = Mostra cosa verrebbe eliminato senza eliminarlo
arg-vtelink-unlink-yes = Elimina senza chiedere (script)
cmd-vtelink-mailbox = Caselle di posta salvate: aggiungine una (la password va nel portachiavi del sistema), elencale, rimuovine una
cmd-vtelink-mailbox-examples =
    Esempi:
      # Salva la casella dell'assistenza (chiede la password); la posta incerta attende
      vtelink mailbox add help imaps://help@mx.acme.it/INBOX --auto
      # La cartella Sent di una casella commerciale, tutta collegata a un'azienda
      vtelink mailbox add sales imaps://sales@mx.acme.it --folder Sent --to 3x140
      # A che punto sono (per importarne una: vtelink replay --mailbox help)
      vtelink mailbox list
cmd-vtelink-mailbox-add = Salva una casella di posta: l'account, le cartelle e dove va la sua posta (la password va nel portachiavi del sistema)
arg-vtelink-mailbox-add-name = Un nome per ritrovarla (lettere, cifre, - _ .)
arg-vtelink-mailbox-add-url = L'account: imaps://UTENTE@HOST[:PORTA][/CARTELLA] (imap:// usa STARTTLS)
arg-vtelink-mailbox-add-folder = Una cartella da leggere (predefinita: quella dell'URL, altrimenti INBOX); ripetibile
arg-vtelink-mailbox-add-to = Id dei record a cui collegare ogni messaggio; ripetibile
arg-vtelink-mailbox-add-auto = Collega ogni messaggio al suo suggerimento migliore quando è nettamente avanti
arg-vtelink-mailbox-add-ca-cert = Un certificato CA in formato PEM che ha emesso il certificato del server di posta (una CA privata)
arg-vtelink-mailbox-add-allow-plaintext = Consenti imap:// senza STARTTLS verso un server di posta che non è questa macchina (la password viaggia non cifrata)
arg-vtelink-mailbox-add-oauth = Accedi al server di posta con un token OAuth 2.0 di questo issuer OpenID (device flow; XOAUTH2/OAUTHBEARER), non con una password
arg-vtelink-mailbox-add-oauth-client-id = L'id dell'applicazione (client) registrata presso l'issuer per --oauth [predefinito: vtelink-cli]
arg-vtelink-mailbox-add-oauth-scope = Cosa chiede --oauth [predefinito: lo scope IMAP dell'issuer: quello di Microsoft, di Google, altrimenti openid email offline_access]
cmd-vtelink-mailbox-list = Le caselle di posta salvate: indirizzo, cartelle, profilo CRM, regola, ultima sincronizzazione, collegati / in attesa di revisione / non riusciti
cmd-vtelink-mailbox-remove = Dimentica una casella di posta salvata e la sua password (il CRM conserva ciò che è stato collegato)
arg-vtelink-mailbox-remove-name = Il nome della casella di posta salvata
arg-vtelink-replay-mailbox = Una casella di posta salvata con `vtelink mailbox add`: cartelle, regola, password e registro
cmd-vtelink-replay = Ripeti molti collegamenti da un manifest, riprendendo dove si era rimasti
cmd-vtelink-replay-examples =
    Esempi:
      # Un manifest: CSV con l'intestazione `file,to`, percorsi relativi al manifest
      vtelink replay links.csv
      # CI: credenziali dall'ambiente, eventi JSON su stdout, mai una domanda
      VTELINK_URL=https://crm.example.com VTELINK_USER=ci \
        VTELINK_ACCESS_KEY="$KEY" vtelink --json --no-input replay links.csv
      # Dopo un errore lo stesso comando riprende: le voci completate vengono saltate
      vtelink replay links.csv
arg-vtelink-replay-manifest = Manifest: CSV con l'intestazione `file,to`, oppure JSON Lines {"{"}"file": ..., "to": [...] | "auto"{"}"}
arg-vtelink-replay-mbox = Un file mbox da ripetere (Gmail Takeout, Thunderbird); ripetibile
arg-vtelink-replay-maildir = Una Maildir (con cur/ e new/) da ripetere; ripetibile
arg-vtelink-replay-imap = Una cartella di una casella di posta da ripetere, in sola lettura: imaps://UTENTE@HOST[:PORTA]/CARTELLA (imap:// usa STARTTLS); ripetibile
arg-vtelink-replay-since = Solo i messaggi della casella di posta arrivati in questo giorno o dopo (AAAA-MM-GG)
arg-vtelink-replay-allow-plaintext = Consenti imap:// senza STARTTLS verso un server di posta che non è questa macchina (la password viaggia non cifrata)
arg-vtelink-replay-ca-cert = Un certificato CA in formato PEM che ha emesso il certificato del server di posta (una CA privata)
arg-vtelink-replay-oauth = Accedi al server di posta con un token OAuth 2.0 di questo issuer OpenID (device flow; XOAUTH2/OAUTHBEARER), non con una password
arg-vtelink-replay-oauth-client-id = L'id dell'applicazione (client) registrata presso l'issuer per --oauth [predefinito: vtelink-cli]
arg-vtelink-replay-oauth-scope = Cosa chiede --oauth [predefinito: lo scope IMAP dell'issuer: quello di Microsoft, di Google, altrimenti openid email offline_access]
arg-vtelink-replay-to = Id dei record per i messaggi mbox/Maildir e le righe del manifest senza `to`; ripetibile
arg-vtelink-replay-auto = Collega ogni email al suo suggerimento migliore quando è nettamente avanti
arg-vtelink-replay-concurrency = Email collegate contemporaneamente
arg-vtelink-replay-max-rps = Al massimo questo numero di richieste al secondo, fra tutti i worker
arg-vtelink-replay-attempts = Tentativi per email quando il CRM fallisce in modo transitorio (HTTP 5xx, timeout, reset)
arg-vtelink-replay-journal = Il registro in cui scrivere l'avanzamento e da cui riprendere (predefinito: nella cartella di stato, con il nome delle sorgenti)
arg-vtelink-replay-dry-run = Verifica tutto (file, id, auto) e stampa il piano; non modificare nulla
arg-vtelink-replay-status = Mostra i totali del registro ed esci
arg-vtelink-replay-retry-base-ms = Prima attesa prima di un nuovo tentativo, in millisecondi (raddoppia a ogni tentativo)
cmd-vtelink-review = Decidi le email che --auto ha lasciato in revisione: collega, rimanda o ignora
cmd-vtelink-review-examples =
    Esempi:
      # Su un terminale: ogni email in attesa, i suoi suggerimenti, poi il selettore
      vtelink review
      # Script: la coda in JSON, poi decidi una voce
      vtelink --json review | jq -r '.entries[] | [.id, .subject] | @tsv'
      vtelink review 3f2a9c1e07b4 --to 4x143
      vtelink review 3f2a9c1e07b4 --ignore
arg-vtelink-review-id = L'email in attesa da decidere (il suo id nell'elenco; basta un inizio univoco)
arg-vtelink-review-to = Collegala a questi record; ripetibile
arg-vtelink-review-ignore = Lasciala fuori per sempre (le esecuzioni successive la saltano)
arg-vtelink-review-journal = Il registro di cui rivedere la coda; ripetibile (predefinito: ogni registro di questo CRM e utente nella cartella di stato)
cmd-vtelink-watch = Collega la nuova posta appena arriva in una Maildir o in una cartella della casella di posta (finché non viene fermato)
cmd-vtelink-watch-examples =
    Esempi:
      # Collega ogni nuova email al suggerimento migliore; quelle incerte attendono una revisione
      vtelink watch --maildir ~/Maildir/INBOX --auto
      # Tutto ciò che arriva in una cartella condivisa va a un'azienda
      vtelink watch --maildir ~/Maildir/.Acme --to 3x140
      # Una cartella su un server di posta (IMAP IDLE)
      VTELINK_IMAP_PASSWORD=... vtelink watch \
        --imap imaps://support@mail.example.com/INBOX --auto
      # JSON Lines per un raccoglitore di log
      vtelink --json watch --maildir ~/Maildir/INBOX --auto >> watch.jsonl
    Come servizio: contrib/vtelink-watch@.service (systemctl --user).
arg-vtelink-watch-name = Una casella di posta salvata con `vtelink mailbox add`: cartelle, regola, password, profilo del CRM e registro
arg-vtelink-watch-maildir = Una Maildir (con cur/ e new/) da sorvegliare; ripetibile
arg-vtelink-watch-imap = Una cartella della casella di posta da sorvegliare con IMAP IDLE: imaps://UTENTE@HOST[:PORTA]/CARTELLA; ripetibile (password: VTELINK_IMAP_PASSWORD, oppure richiesta)
arg-vtelink-watch-allow-plaintext = Consenti imap:// senza STARTTLS verso un server di posta che non è questa macchina (la password viaggia non cifrata)
arg-vtelink-watch-ca-cert = Un certificato CA PEM che ha emesso il certificato del server di posta (una CA privata)
arg-vtelink-watch-oauth = Accedi al server di posta con un token OAuth 2.0 di questo issuer OpenID (device flow; XOAUTH2/OAUTHBEARER), non con una password
arg-vtelink-watch-oauth-client-id = L'id dell'applicazione (client) registrata presso l'issuer per --oauth [predefinito: vtelink-cli]
arg-vtelink-watch-oauth-scope = Cosa chiede --oauth [predefinito: lo scope IMAP dell'issuer: quello di Microsoft, di Google, altrimenti openid email offline_access]
arg-vtelink-watch-to = Id dei record a cui collegare ogni nuova email; ripetibile
arg-vtelink-watch-auto = Collega ogni nuova email al suggerimento migliore quando è chiaramente in testa; le altre attendono `vtelink review`
arg-vtelink-watch-concurrency = Email collegate contemporaneamente
arg-vtelink-watch-attempts = Tentativi per email quando il CRM fallisce temporaneamente (HTTP 5xx, timeout, reset)
arg-vtelink-watch-journal = Il registro (predefinito: quello che `vtelink replay` usa per le stesse sorgenti e --to/--auto)
arg-vtelink-watch-rescan = Riesamina per intero ogni sorgente con questa frequenza anche se non è cambiato nulla, es. 5m
arg-vtelink-watch-debounce-ms = Attendi che la cartella resti ferma per questo tempo prima di collegare, in millisecondi
arg-vtelink-watch-retry-base-ms = Prima attesa prima di un nuovo tentativo, in millisecondi (raddoppia a ogni tentativo)
arg-vtelink-watch-max-backoff-s = L'attesa più lunga tra i tentativi mentre il CRM non risponde, in secondi
cmd-vtelink-demo = Guarda vtelink al lavoro con un simulatore di CRM incorporato
cmd-vtelink-demo-examples =
    Esempi:
      # Guarda un'email collegata dall'inizio alla fine
      vtelink demo
      # E registra ogni chiamata al webservice in un file
      vtelink -v demo 2>requests.log
      # Cosa ha creato il collegamento, come lo vede uno script
      vtelink --json demo | jq .link
arg-vtelink-demo-seed = Seme per i dati generati dal simulatore di CRM
arg-vtelink-demo-user = Accedi come questo utente predefinito (admin, restricted)
arg-vtelink-demo-php-workers = Fai servire al simulatore al massimo N chiamate alla volta, come i worker PHP di un piccolo server
arg-vtelink-demo-service-time = Quanto tiene occupato un worker del simulatore ogni chiamata: recorded (un vero server a 2 core), none, oppure OP=MS,...
cmd-vtelink-completions = Stampa i completamenti per la shell
cmd-vtelink-completions-examples =
    Esempi:
      vtelink completions bash > ~/.local/share/bash-completion/completions/vtelink
      vtelink completions fish > ~/.config/fish/completions/vtelink.fish
      # zsh: con fpath+=(~/.zfunc) in ~/.zshrc
      vtelink completions zsh > ~/.zfunc/_vtelink
arg-vtelink-completions-shell = La shell per cui generare i completamenti

## Segreti e limiti di tempo

login-otp-waiting-on-stdin = { $detail } Lo attendo sullo standard input (la riga dopo la password)…
err-parse-extract-not-a-dir = --extract { $path }: è un file esistente, non una cartella; indica una cartella (viene creata se manca)

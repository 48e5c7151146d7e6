//! Seeded CRM: users, a fixture set mirroring the recorded CRM (same crmids), a fixed set of
//! awkward matching cases, then a deterministic generator (`--seed`). docs/vtesim.md lists them.
use crate::Config;
use crate::SeedUser;
use crate::db::{DbError, DbResult, Store};
use crate::rng::Rng;
use crate::schema::Module;
use crate::state::{Access, Account};
use std::collections::HashMap;

pub fn accounts() -> Vec<Account> {
    let user = |id: u32, name: &str, password: &str, key: &str, first: &str, last: &str| Account {
        id,
        name: name.into(),
        password: password.into(),
        access_key: key.into(),
        email: format!("{name}@vtesim.example"),
        first_name: first.into(),
        last_name: last.into(),
        active: true,
        admin: false,
        otp: false,
        perms: HashMap::new(),
        sso_subject: None,
    };
    let mut admin = user(
        1,
        "admin",
        "admin-password",
        "AdminKey16Chars0",
        "Ada",
        "Admin",
    );
    admin.admin = true;
    // Like the recorded `restricted` (role Agent): no Leads/HelpDesk, Accounts read-only.
    let mut restricted = user(
        4,
        "restricted",
        "restricted-password",
        "RestrictedKey001",
        "Rita",
        "Restricted",
    );
    restricted.perms = HashMap::from([
        ("Leads".into(), Access::None),
        ("HelpDesk".into(), Access::None),
        ("Accounts".into(), Access::Read),
    ]);
    let mut inactive = user(
        5,
        "inactive",
        "inactive-password",
        "InactiveKey00001",
        "Ivo",
        "Inactive",
    );
    inactive.active = false;
    let mut mfa = user(
        6,
        "mfa",
        "mfa-password",
        "MfaKey0000000001",
        "Mia",
        "Factor",
    );
    mfa.otp = true;
    mfa.sso_subject = Some("mfa-subject-0001".into());
    vec![admin, restricted, inactive, mfa]
}

pub fn seed_users(accounts: &[Account]) -> Vec<SeedUser> {
    accounts
        .iter()
        .map(|a| {
            let mut features = Vec::new();
            if a.admin {
                features.push("admin".to_string());
            }
            if !a.perms.is_empty() {
                features.push("restricted".to_string());
            }
            if !a.active {
                features.push("inactive".to_string());
            }
            if a.otp {
                features.push("otp".to_string());
            }
            SeedUser {
                name: a.name.clone(),
                password: a.password.clone(),
                access_key: a.access_key.clone(),
                user_id: a.ws_id(),
                features,
            }
        })
        .collect()
}

const FIXED_TIME: &str = "2026-11-20 09:00:00";

struct Seeder<'a> {
    store: &'a Store,
    numbers: HashMap<String, i64>,
    /// module → (default row, column index by name)
    templates: HashMap<String, (Vec<String>, HashMap<String, usize>)>,
}

impl Seeder<'_> {
    fn module(&self, name: &str) -> DbResult<Module> {
        self.store
            .schema
            .module(name)
            .cloned()
            .ok_or_else(|| DbError::Schema(name.to_string()))
    }

    fn put(&mut self, module: &Module, crmid: i64, fields: &[(&str, &str)]) -> DbResult<()> {
        // Column order is Module::columns(); defaults are computed once per module.
        let template = self
            .templates
            .entry(module.name.clone())
            .or_insert_with(|| {
                let mut row: Vec<String> = module.columns().map(|f| f.default.clone()).collect();
                let index: HashMap<String, usize> = module
                    .columns()
                    .enumerate()
                    .map(|(i, f)| (f.name.clone(), i))
                    .collect();
                for (k, v) in [
                    ("createdtime", FIXED_TIME),
                    ("modifiedtime", FIXED_TIME),
                    ("creator", "19x1"),
                    ("assigned_user_id", "19x1"),
                ] {
                    if let Some(i) = index.get(k) {
                        row[*i] = v.to_string();
                    }
                }
                if let Some(i) = index.get("folderid") {
                    row[*i] = "24x1".into();
                }
                (row, index)
            });
        let mut row = template.0.clone();
        if let Some((field, prefix)) = &module.autonumber {
            let n = self.numbers.entry(module.name.clone()).or_insert(0);
            *n += 1;
            if let Some(i) = template.1.get(field) {
                row[*i] = format!("{prefix}{n}");
            }
        }
        for (k, v) in fields {
            if let Some(i) = template.1.get(*k) {
                row[*i] = v.to_string();
            }
        }
        self.store.insert_row(module, crmid, &row)
    }
}

fn message_body(text: &str) -> String {
    format!("\n<!-- begin sanitized html -->\n<p>{text}</p>\n<!-- end sanitized html -->\n")
}

/// A tiny but valid-looking PDF so document downloads have real bytes.
fn pdf_bytes(title: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% vtesim fixture: {title}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        .into_bytes()
}

pub fn seed(store: &Store, config: &Config, accounts: &[Account]) -> DbResult<()> {
    store.conn.execute_batch("BEGIN")?;
    let mut s = Seeder {
        store,
        numbers: HashMap::new(),
        templates: HashMap::new(),
    };
    let users = s.module("Users")?;
    for a in accounts {
        s.put(
            &users,
            a.id as i64,
            &[
                ("user_name", &a.name),
                ("email1", &a.email),
                ("first_name", &a.first_name),
                ("last_name", &a.last_name),
                ("status", if a.active { "Active" } else { "Inactive" }),
                ("is_admin", if a.admin { "on" } else { "off" }),
                ("user_password", "$1$vt000000$vtesimNotARealHash000."),
                ("confirm_password", "$1$vt000000$vtesimNotARealHash000."),
            ],
        )?;
    }
    fixtures(&mut s)?;
    edge_cases(&mut s)?;
    custom_module(&mut s)?;
    generate(&mut s, config)?;
    store.sync_crmid_counter()?;
    store.conn.execute_batch("COMMIT")?;
    store.create_indexes()?;
    Ok(())
}

/// The records of the recorded CRM, with the recorded crmids (README "data" row).
fn fixtures(s: &mut Seeder) -> DbResult<()> {
    let acc = s.module("Accounts")?;
    s.put(
        &acc,
        140,
        &[
            ("accountname", "Acme Example Srl"),
            ("website", "www.acme-example.com"),
            ("phone", "+39 02 1234567"),
            ("email1", "info@acme-example.com"),
        ],
    )?;
    s.put(
        &acc,
        141,
        &[
            ("accountname", "Globex Corporation"),
            ("website", "www.globex.test"),
            ("email1", "contact@globex.test"),
            ("email2", "billing@globex.test"),
        ],
    )?;
    s.put(
        &acc,
        142,
        &[
            ("accountname", "Initech"),
            ("website", "www.initech.example"),
        ],
    )?;
    let con = s.module("Contacts")?;
    s.put(
        &con,
        143,
        &[
            ("firstname", "John"),
            ("lastname", "Smith"),
            ("email", "john.smith@acme-example.com"),
            ("account_id", "3x140"),
            ("title", "Purchasing manager"),
        ],
    )?;
    s.put(
        &con,
        144,
        &[
            ("firstname", "Mary"),
            ("lastname", "O'Brien"),
            ("email", "mary.obrien@example.org"),
        ],
    )?;
    s.put(
        &con,
        145,
        &[
            ("firstname", "Alice"),
            ("lastname", "Upper"),
            ("email", "Alice.Upper@Example.COM"),
        ],
    )?;
    s.put(
        &con,
        146,
        &[
            ("firstname", "Sam"),
            ("lastname", "Secondary"),
            ("yahooid", "sam.secondary@example.net"),
        ],
    )?;
    s.put(
        &con,
        147,
        &[
            ("firstname", "Bob"),
            ("lastname", "Jones"),
            ("email", "bob@globex.test"),
            ("account_id", "3x141"),
        ],
    )?;
    let lead = s.module("Leads")?;
    s.put(
        &lead,
        148,
        &[
            ("firstname", "Larry"),
            ("lastname", "Lead"),
            ("company", "Lead Company Ltd"),
            ("email", "larry.lead@leadco.example"),
        ],
    )?;
    let pot = s.module("Potentials")?;
    s.put(
        &pot,
        149,
        &[
            ("potentialname", "Acme renewal 2027"),
            ("related_to", "3x140"),
            ("amount", "12000.00"),
            ("closingdate", "31-12-2026"),
            ("sales_stage", "Prospecting"),
        ],
    )?;
    let tt = s.module("HelpDesk")?;
    s.put(
        &tt,
        150,
        &[
            ("ticket_title", "Printer on fire"),
            ("ticketstatus", "Open"),
            ("parent_id", "3x140"),
        ],
    )?;
    let msg = s.module("Messages")?;
    let quote = message_body("Hello, please send a quote.");
    for crmid in [154, 155] {
        s.put(
            &msg,
            crmid,
            &[
                ("subject", "Quote request from Acme"),
                ("mdate", "2026-11-20 10:15:00"),
                ("mfrom", "john.smith@acme-example.com"),
                ("mfrom_n", "John Smith"),
                ("mto", "sales@ourcompany.example"),
                ("messageid", "<20261120101500.12345@acme-example.com>"),
                ("folder", "INBOX"),
                ("mtype", "Link"),
                ("description", &quote),
                ("cleaned_body", &quote),
            ],
        )?;
    }
    s.put(
        &msg,
        156,
        &[
            ("subject", "Re: O'Brien contract"),
            ("mdate", "2026-11-20 10:15:00"),
            ("mfrom", "mary.obrien@example.org"),
            ("mto", "sales@ourcompany.example"),
            ("messageid", "<obrien-1@example.org>"),
            ("folder", "INBOX"),
            ("mtype", "Link"),
        ],
    )?;
    let doc = s.module("Documents")?;
    let pdf = pdf_bytes("Quote PDF");
    let size = pdf.len().to_string();
    s.put(
        &doc,
        157,
        &[
            ("notes_title", "Quote PDF"),
            ("filename", "a.pdf"),
            ("filelocationtype", "B"),
            ("backend_name", "file"),
            ("filestatus", "1"),
            ("filesize", &size),
            ("filetype", "application/pdf"),
        ],
    )?;
    s.store.save_file(157, "a.pdf", "application/pdf", &pdf)?;
    // The installer's demo Vendors the recording returned (311), same crmids.
    let ven = s.module("Vendors")?;
    for (crmid, name) in [
        (59, "Mary"),
        (60, "Patricia"),
        (61, "Linda"),
        (62, "Barbara"),
        (63, "Elizabeth"),
    ] {
        let email = format!("{}@company.com", name.to_ascii_lowercase());
        s.put(
            &ven,
            crmid,
            &[
                ("vendorname", name),
                ("email", &email),
                ("glacct", "300-Sales-Software"),
            ],
        )?;
    }
    Ok(())
}

/// Records of the custom module `Subscriptions` (made with Module Maker on a real CRM; the
/// recorded install had none), at fixed crmids 250–259.
fn custom_module(s: &mut Seeder) -> DbResult<()> {
    let sub = s.module("Subscriptions")?;
    s.put(
        &sub,
        250,
        &[
            ("subscriptionname", "Acme support plan"),
            ("account_id", "3x140"),
            ("contact_id", "4x143"),
            ("lead_id", "2x148"),
            ("subscriptionstatus", "Active"),
            ("startdate", "01-01-2026"),
            ("cf_812", "25"),
            ("cf_813", "renewals@acme-example.com"),
            ("assigned_user_id", "19x1"),
            ("creator", "19x1"),
        ],
    )?;
    s.put(
        &sub,
        251,
        &[
            ("subscriptionname", "Globex hosting"),
            ("account_id", "3x141"),
            ("subscriptionstatus", "Expired"),
            ("assigned_user_id", "19x1"),
        ],
    )?;
    Ok(())
}

/// Awkward cases real CRMs hold, at fixed crmids 200–249 (documented in docs/vtesim.md).
fn edge_cases(s: &mut Seeder) -> DbResult<()> {
    let acc = s.module("Accounts")?;
    s.put(
        &acc,
        200,
        &[
            ("accountname", "Umbrella Holdings"),
            ("website", "https://www.umbrella-example.com/"),
        ],
    )?;
    s.put(
        &acc,
        201,
        &[
            ("accountname", "Stark Industries"),
            ("website", "www.stark-example.com"),
            ("email1", "info@stark-example.com"),
        ],
    )?;
    s.put(
        &acc,
        202,
        &[
            ("accountname", "Stark Logistics"),
            ("website", "logistics.stark-example.com"),
            ("email1", "logistics@stark-example.com"),
        ],
    )?;
    s.put(
        &acc,
        203,
        &[
            ("accountname", "Bob's Garage"),
            ("email1", "bobs.garage@gmail.com"),
        ],
    )?;
    s.put(
        &acc,
        204,
        &[
            ("accountname", "Müller & Söhne GmbH"),
            ("website", "www.mueller-soehne.example"),
            ("email1", "info@mueller-soehne.example"),
        ],
    )?;
    let con = s.module("Contacts")?;
    let contacts: &[(i64, &str, &str, &str, &str, &str)] = &[
        (210, "Tom", "Twin", "shared@twins-example.com", "", ""),
        (211, "Tina", "Twin", "shared@twins-example.com", "", ""),
        (212, "Pat", "Upper", "PAT.UPPER@SHOUT-EXAMPLE.COM", "", ""),
        (
            213,
            "Quinn",
            "Hidden",
            "",
            "only.secondary@hidden-example.net",
            "",
        ),
        (214, "Seán", "O'Connor", "sean.oconnor@example.ie", "", ""),
        (215, "Дмитрий", "Иванов", "dmitry.ivanov@example.ru", "", ""),
        (216, "太郎", "山田", "taro.yamada@example.jp", "", ""),
        (217, "Anna", "Plus", "anna+crm@plus-example.com", "", ""),
        (218, "Dana", "Dual", "dual.role@overlap-example.com", "", ""),
        (
            219,
            "Eve",
            "Sub",
            "eve@eu.sales.acme-example.com",
            "",
            "3x140",
        ),
        (
            220,
            "Zoë",
            "D'Arcy",
            "zoe.darcy@stark-example.com",
            "",
            "3x201",
        ),
        (221, "Gina", "Garage", "bobs.garage@gmail.com", "", "3x203"),
    ];
    for (crmid, first, last, email, secondary, account) in contacts {
        s.put(
            &con,
            *crmid,
            &[
                ("firstname", first),
                ("lastname", last),
                ("email", email),
                ("yahooid", secondary),
                ("account_id", account),
            ],
        )?;
    }
    let lead = s.module("Leads")?;
    s.put(
        &lead,
        230,
        &[
            ("firstname", "Dana"),
            ("lastname", "Dual"),
            ("company", "Overlap Ltd"),
            ("email", "dual.role@overlap-example.com"),
        ],
    )?;
    s.put(
        &lead,
        231,
        &[
            ("firstname", "Lena"),
            ("lastname", "Leadonly"),
            ("company", "Leadonly GmbH"),
            ("email", "lena@leadonly-example.com"),
        ],
    )?;
    let ven = s.module("Vendors")?;
    // An address only a Vendor holds, and a Vendor on the domain of the Initech account (3x142).
    s.put(
        &ven,
        245,
        &[
            ("vendorname", "Vendoronly Trading"),
            ("email", "orders@vendoronly-example.com"),
            ("website", "www.vendoronly-example.com"),
            ("glacct", "300-Sales-Software"),
        ],
    )?;
    s.put(
        &ven,
        246,
        &[
            ("vendorname", "Initech Supplies"),
            ("email", "Supplies@Initech.example"),
            ("website", "www.initech.example"),
            ("glacct", "301-Sales-Hardware"),
        ],
    )?;
    let msg = s.module("Messages")?;
    s.put(
        &msg,
        240,
        &[
            ("subject", "Mia's own message"),
            ("mdate", "2026-11-21 08:00:00"),
            ("mfrom", "tom@twins-example.com"),
            ("messageid", "<mfa-seed-1@vtesim.example>"),
            ("folder", "INBOX"),
            ("mtype", "Link"),
            ("assigned_user_id", "19x6"),
        ],
    )?;
    Ok(())
}

const FIRST: &[&str] = &[
    "Anna", "Luca", "Marco", "Giulia", "Paolo", "Sara", "Peter", "Laura", "David", "Emma", "Tom",
    "Nina", "Oscar", "Julia", "Felix", "Clara", "Hugo", "Irene", "Karl", "Lea", "Mario", "Nora",
    "Otto", "Rosa",
];
const LAST: &[&str] = &[
    "Rossi", "Bianchi", "Ferrari", "Russo", "Müller", "Schmidt", "Martin", "Bernard", "Garcia",
    "Lopez", "Smith", "Brown", "Wilson", "Taylor", "Moore", "Clark", "Lewis", "Walker", "Young",
    "King", "Wright", "Scott", "Green", "Baker",
];
const WORDS: &[&str] = &[
    "Alpha", "Borealis", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo",
    "Juniper", "Krypton", "Lumen", "Meridian", "Nimbus", "Orion", "Pioneer", "Quartz", "Redwood",
    "Summit", "Tundra",
];
const KINDS: &[&str] = &["Srl", "GmbH", "Ltd", "SpA", "Inc", "AG", "SA"];

fn ascii_slug(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ü' => 'u',
            'ö' => 'o',
            'ä' => 'a',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Deterministic bulk records from crmid 1000 on.
fn generate(s: &mut Seeder, config: &Config) -> DbResult<()> {
    let mut rng = Rng::new(config.seed);
    let mut crmid: i64 = 1000;
    let acc = s.module("Accounts")?;
    let mut domains = Vec::with_capacity(config.accounts);
    for i in 0..config.accounts {
        let name = format!(
            "{} {} {}",
            rng.pick(WORDS),
            rng.pick(WORDS),
            rng.pick(KINDS)
        );
        let domain = format!("{}{}.example", ascii_slug(&name), i);
        let website = format!("www.{domain}");
        let email = format!("info@{domain}");
        s.put(
            &acc,
            crmid,
            &[
                ("accountname", &name),
                ("website", &website),
                ("email1", &email),
                ("phone", &format!("+39 02 {:07}", rng.below(10_000_000))),
            ],
        )?;
        domains.push((crmid, domain));
        crmid += 1;
    }
    let con = s.module("Contacts")?;
    for i in 0..config.contacts {
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let (account_id, domain) = if domains.is_empty() {
            (String::new(), "example.com".to_string())
        } else {
            let (id, d) = &domains[rng.below(domains.len() as u64) as usize];
            (format!("3x{id}"), d.clone())
        };
        let mut email = format!("{}.{}{}@{}", ascii_slug(first), ascii_slug(last), i, domain);
        if i % 17 == 3 {
            email = email.to_uppercase();
        }
        s.put(
            &con,
            crmid,
            &[
                ("firstname", first),
                ("lastname", last),
                ("email", &email),
                ("account_id", &account_id),
            ],
        )?;
        crmid += 1;
    }
    let lead = s.module("Leads")?;
    for i in 0..config.leads {
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let company = format!("{} {}", rng.pick(WORDS), rng.pick(KINDS));
        let email = format!(
            "{}.{}{}@lead{}.example",
            ascii_slug(first),
            ascii_slug(last),
            i,
            i % 97
        );
        s.put(
            &lead,
            crmid,
            &[
                ("firstname", first),
                ("lastname", last),
                ("company", &company),
                ("email", &email),
            ],
        )?;
        crmid += 1;
    }
    let pot = s.module("Potentials")?;
    for i in 0..config.potentials {
        let related = domains
            .get(i % domains.len().max(1))
            .map(|(id, _)| format!("3x{id}"))
            .unwrap_or_else(|| "3x140".into());
        s.put(
            &pot,
            crmid,
            &[
                ("potentialname", &format!("Deal {i}")),
                ("related_to", &related),
                ("closingdate", "31-12-2027"),
                ("sales_stage", "Prospecting"),
                ("amount", &format!("{}.00", 1000 + rng.below(50_000))),
            ],
        )?;
        crmid += 1;
    }
    let tt = s.module("HelpDesk")?;
    for i in 0..config.tickets {
        let parent = domains
            .get(i % domains.len().max(1))
            .map(|(id, _)| format!("3x{id}"))
            .unwrap_or_else(|| "3x140".into());
        s.put(
            &tt,
            crmid,
            &[
                ("ticket_title", &format!("Ticket {i}")),
                ("ticketstatus", "Open"),
                ("parent_id", &parent),
            ],
        )?;
        crmid += 1;
    }
    let msg = s.module("Messages")?;
    for i in 0..config.messages {
        // Every fifth message belongs to `mfa` (Messages privacy); `restricted` owns none, as recorded (190).
        let owner = if i % 5 == 4 { "19x6" } else { "19x1" };
        let body = message_body(&format!("Generated message {i}"));
        s.put(
            &msg,
            crmid,
            &[
                ("subject", &format!("Generated message {i}")),
                ("mdate", FIXED_TIME),
                ("mfrom", &format!("sender{i}@example.com")),
                ("mto", "sales@ourcompany.example"),
                (
                    "messageid",
                    &format!("<gen-{i}-{}@vtesim.example>", config.seed),
                ),
                ("folder", "INBOX"),
                ("mtype", "Link"),
                ("assigned_user_id", owner),
                ("description", &body),
                ("cleaned_body", &body),
            ],
        )?;
        crmid += 1;
    }
    let doc = s.module("Documents")?;
    for i in 0..config.documents {
        let name = format!("generated-{i}.txt");
        let content = format!("vtesim generated document {i}\n").into_bytes();
        s.put(
            &doc,
            crmid,
            &[
                ("notes_title", &format!("Generated document {i}")),
                ("filename", &name),
                ("filelocationtype", "I"),
                ("filestatus", "1"),
                ("filesize", &content.len().to_string()),
                ("filetype", "text/plain"),
            ],
        )?;
        s.store.save_file(crmid, &name, "text/plain", &content)?;
        crmid += 1;
    }
    for (module, n) in &s.numbers {
        s.store.set_counter_at_least(&format!("no_{module}"), *n)?;
    }
    Ok(())
}

//! Word lists the generators draw from.
//!
//! The lists mix plain ASCII with the constructs that make IMAP parsing
//! hard in practice: quotes and backslashes that need escaping, non-ASCII
//! text that must travel as literals, and RFC 2047 encoded words.

/// ASCII first names.
pub(crate) const FIRST: &[&str] = &[
    "Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia",
    "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Yasmin", "Zach", "Priya", "Chen", "Fatima", "Lars",
    "Mei", "Omar", "Sofia", "Kwame", "Hannah",
];

/// ASCII last names.
pub(crate) const LAST: &[&str] = &[
    "Johnson", "Smith", "Miller", "Garcia", "Nguyen", "Kowalski", "Okafor", "Schmidt", "Tanaka", "Rossi", "Dubois",
    "Jensen", "Patel", "Silva", "Novak", "OBrien", "Haddad", "Larsen", "Moreau", "Fischer", "Ivanova", "Kim", "Lopez",
    "Brown", "Wilson", "Khan", "Andersen", "Costa", "Weber", "Murphy",
];

/// ASCII display names that need `\"` or `\\` escapes inside a quoted string.
pub(crate) const ESCAPED_NAMES: &[&str] = &[
    r#"Johnson, Alice "AJ""#,
    r"CORP\jdoe",
    r#"Bob "The Builder" Smith"#,
    r"ACME\Support Desk",
    r#""Heidi" (Finance)"#,
    r#"Ops \ "On-Call""#,
];

/// Non-ASCII display names with an ASCII local part, sent raw (RFC 6532).
pub(crate) const UTF8_NAMES: &[(&str, &str)] = &[
    ("Zoë Müller", "zoe.mueller"),
    ("José Álvarez", "jose.alvarez"),
    ("Łukasz Żółkiewski", "lukasz.z"),
    ("山田 太郎", "t.yamada"),
    ("Ελένη Παπαδοπούλου", "eleni.p"),
    ("Дмитрий Иванов", "d.ivanov"),
    ("Søren Kierkegård", "soren.k"),
    ("François Léger", "f.leger"),
    ("Björn Ångström", "bjorn.a"),
    ("محمد علي", "m.ali"),
    ("Nguyễn Văn An", "an.nguyen"),
    ("김민준", "minjun.kim"),
    ("Renée Faßbender", "r.fassbender"),
    ("Ana Lúcia Gonçalves", "ana.goncalves"),
];

/// Display names representable in Latin-1 (for `=?ISO-8859-1?Q?...?=`).
pub(crate) const LATIN1_NAMES: &[(&str, &str)] = &[
    ("Zoë Müller", "zoe.mueller"),
    ("José Álvarez", "jose.alvarez"),
    ("Søren Kierkegård", "soren.k"),
    ("François Léger", "f.leger"),
    ("Björn Ångström", "bjorn.a"),
    ("Renée Faßbender", "r.fassbender"),
];

/// Sender domains.
pub(crate) const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "mail.example.co.uk",
    "corp.example.de",
    "lists.example.org",
    "university.example.edu",
    "shop.example.fr",
    "example.io",
    "news.example.com",
    "dev.example.jp",
    "example.com.br",
];

/// Automated senders: (display name, local part, domain).
pub(crate) const ROBOTS: &[(&str, &str, &str)] = &[
    ("GitHub", "notifications", "github.example.com"),
    ("Jenkins CI", "jenkins", "ci.example.org"),
    ("Example Shop", "no-reply", "shop.example.fr"),
    ("Calendar", "calendar-notification", "example.com"),
    ("Mail Delivery Subsystem", "mailer-daemon", "example.net"),
];

/// Mailing-list names, used for `[list]` subject prefixes and groups.
pub(crate) const LISTS: &[&str] = &["project-x", "dev-announce", "ops", "rust-users", "board"];

/// Group names for RFC 5322 group syntax in To/Cc.
pub(crate) const GROUPS: &[&str] =
    &["undisclosed-recipients", "Project Team", "Board of Directors", "release-managers"];

/// Plain ASCII subjects.
pub(crate) const SUBJECTS: &[&str] = &[
    "Quarterly report",
    "Meeting notes for Thursday",
    "Build #4821 failed on main",
    "Your invoice INV-2023-0456",
    "Lunch tomorrow?",
    "Updated roadmap (draft v3)",
    "Security advisory: please rotate your keys",
    "Welcome to the team!",
    "Travel itinerary - Berlin, 12-14 March",
    "Pull request #1337: Fix off-by-one in parser",
    "[SPAM?] You have won a prize",
    "Weekly digest: 42 new posts",
    "Re-scheduled: architecture review",
    "Out of office until Monday",
];

/// ASCII subjects containing `"` and `\`, escaped on the wire.
pub(crate) const ESCAPED_SUBJECTS: &[&str] = &[
    r#"Re: "Project Phoenix" kickoff"#,
    r"Files are in \\fileserver\shared\Q3",
    r#"He said "ship it" \o/"#,
    r#"Path C:\Users\alice\Documents\"final" v2.docx"#,
];

/// Non-ASCII subjects, sent raw (as literals) or B-encoded.
pub(crate) const UTF8_SUBJECTS: &[&str] = &[
    "Größenänderung der Datei",
    "Réunion de l'équipe – ordre du jour",
    "会議の議事録を共有します",
    "Привет из Москвы",
    "Café ☕ & croissants 🥐 on Friday",
    "Ζητείται βοήθεια με το έργο",
    "Spotkanie zespołu – środa",
];

/// Latin-1 subjects for Q-encoding.
pub(crate) const LATIN1_SUBJECTS: &[&str] =
    &["Réunion à Zürich", "Prüfbericht für Straße 7", "Año nuevo, señor", "Crème brûlée recipe"];

/// Words for body text.
pub(crate) const WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "at", "by", "this",
    "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one", "you", "were", "all", "we", "when",
    "your", "can", "said", "there", "use", "each", "she", "how", "their", "will", "other", "about", "out", "many",
    "then", "them", "these", "some", "would", "make", "like", "into", "time", "has", "look", "more", "write", "see",
    "number", "way", "could", "people", "than", "first", "water", "been", "call", "who", "now", "find", "long", "down",
    "day", "did", "get", "come", "made", "may", "part", "meeting", "report", "budget", "deadline", "review", "project",
    "server", "release", "customer", "invoice", "schedule", "attached", "please", "thanks", "regards", "update",
    "quarter", "deploy",
];

/// Three-letter weekday names, Monday first.
pub(crate) const WEEKDAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Three-letter month names.
pub(crate) const MONTHS: &[&str] =
    &["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Numeric time zones with a matching comment (as Date headers carry).
pub(crate) const ZONES: &[(&str, &str)] = &[
    ("+0000", "UTC"),
    ("-0700", "PDT"),
    ("+0200", "CEST"),
    ("+0100", "CET"),
    ("+0530", "IST"),
    ("-0400", "EDT"),
    ("+0900", "JST"),
    ("-0500", "CDT"),
];

/// Mail user agents for `User-Agent` / `X-Mailer`.
pub(crate) const MAILERS: &[&str] = &[
    "Mozilla Thunderbird 115.3.1",
    "Microsoft Outlook 16.0",
    "Apple Mail (2.3731.700.6)",
    "Evolution 3.48.4",
    "Roundcube Webmail/1.6.2",
];

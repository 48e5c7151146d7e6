//! VTQL parser: the subset the recorded vtenext accepts, with its error texts (facts 24–29).

#[derive(Debug, Clone, PartialEq)]
pub enum Select {
    Star,
    Count,
    Columns(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Like,
    In,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    pub column: String,
    pub op: Op,
    pub values: Vec<String>,
}

/// A parsed statement. `filter` is OR of AND-groups (AND binds first, no parentheses).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub select: Select,
    pub modules: Vec<String>,
    pub filter: Vec<Vec<Cond>>,
    pub order: Vec<(String, bool)>,
    pub limit: Option<(u64, u64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QueryError {
    /// QUERY_SYNTAX_ERROR with the server's message.
    Syntax(String),
    /// INTERNAL_SERVER_ERROR (double-quoted strings, fact 24).
    Internal,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Sym(&'static str),
    /// A character the lexer cannot read. The real lexer hands tokens to the parser one at a
    /// time, so this fails only when the parser gets there: an earlier syntax error wins (341).
    Bad(char),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Word(w) => w.clone(),
            Tok::Str(s) => s.clone(),
            Tok::Sym(s) => s.to_string(),
            Tok::Bad(c) => c.to_string(),
        }
    }
    fn is_kw(&self, kw: &str) -> bool {
        matches!(self, Tok::Word(w) if w.eq_ignore_ascii_case(kw))
    }
}

fn sym_kind(s: &str) -> &'static str {
    match s {
        "=" => "EQ",
        "!=" => "NE",
        "<" => "LT",
        ">" => "GT",
        "<=" => "LTE",
        ">=" => "GTE",
        "(" => "PARENOPEN",
        ")" => "PARENCLOSE",
        "," => "COMMA",
        ";" => "SEMICOLON",
        "*" => "ASTERISK",
        _ => "Unknown",
    }
}

/// The real server's lexer ends a literal at the first lone `'` and copies it, quotes included,
/// into the SQL it sends to MariaDB, where the backslash escapes (fact 51): `\\` is one
/// backslash, `\n` a newline, `\x` plain `x`. MariaDB keeps `\%` and `\_` as two characters so
/// that `LIKE` can read them as a literal `%` and `_`. (A backslash at the very end would escape
/// the closing quote on the real server; that is not recorded, so here it stays a backslash.)
fn unescape(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('\\'),
            Some('0') => out.push('\0'),
            Some('b') => out.push('\u{8}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('Z') => out.push('\u{1a}'),
            Some(e @ ('%' | '_')) => {
                out.push('\\');
                out.push(e);
            }
            Some(other) => out.push(other),
        }
    }
    out
}

fn tokenize(text: &str) -> Result<Vec<Tok>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            return Err(QueryError::Internal);
        } else if c == '\'' {
            let mut s = String::new();
            i += 1;
            // An unterminated literal still becomes a token: the parser then reports the earlier
            // error first, as the real server does for `'O\'Brien'` (071).
            while i < chars.len() {
                if chars[i] == '\'' {
                    if chars.get(i + 1) == Some(&'\'') {
                        s.push('\'');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            toks.push(Tok::Str(unescape(&s)));
        } else if c.is_alphanumeric() || c == '_' || c == '.' || c == '@' || c == '%' || c == '-' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '.' | '@' | '%' | '-'))
            {
                i += 1;
            }
            toks.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let sym: &'static str = match two.as_str() {
                "!=" => "!=",
                "<=" => "<=",
                ">=" => ">=",
                _ => match c {
                    '=' => "=",
                    '<' => "<",
                    '>' => ">",
                    '(' => "(",
                    ')' => ")",
                    ',' => ",",
                    ';' => ";",
                    '*' => "*",
                    _ => {
                        toks.push(Tok::Bad(c));
                        break;
                    }
                },
            };
            i += sym.len();
            toks.push(Tok::Sym(sym));
        }
    }
    Ok(toks)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

/// What the parser expects next; decides how an unexpected token is named in the error.
#[derive(Clone, Copy)]
enum Want {
    Start,
    Column,
    Op,
    Value,
    AfterCond,
    AfterEnd,
    Other(&'static str),
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn error(&self, want: Want) -> QueryError {
        let expected = match want {
            Want::Start => "SELECT",
            Want::Column => "COLUMNNAME",
            Want::Op => "EQ,LT,GT,LTE,GTE,NE,IN,LIKE",
            Want::Value => "VALUE",
            Want::AfterCond | Want::Other(_) if self.peek().is_none() => "SEMICOLON",
            Want::AfterCond => "SEMICOLON",
            Want::AfterEnd => "",
            Want::Other(list) => list,
        };
        match self.toks.get(self.pos) {
            None => {
                let last = self.toks.last().map(Tok::text).unwrap_or_default();
                QueryError::Syntax(format!(
                    "Syntax Error on line 1: token '{last}' Unexpected End of Input(0), expected one of: {expected}"
                ))
            }
            Some(Tok::Bad(c)) => QueryError::Syntax(format!(
                "Syntax Error on line 1: token '{c}' Unexpected Unknown({c}), expected one of: "
            )),
            Some(tok) => {
                let text = tok.text();
                let kind = match (tok, want) {
                    (Tok::Sym(s), _) => sym_kind(s).to_string(),
                    (Tok::Str(_), _) => "VALUE".to_string(),
                    (Tok::Word(_), Want::Start) => "Unknown".to_string(),
                    (Tok::Word(_), Want::Op | Want::AfterEnd | Want::Column) => "VALUE".to_string(),
                    (Tok::Word(_), _) => "COLUMNNAME".to_string(),
                    (Tok::Bad(_), _) => "Unknown".to_string(),
                };
                QueryError::Syntax(format!(
                    "Syntax Error on line 1: token '{text}' Unexpected {kind}({text}), expected one of: {expected}"
                ))
            }
        }
    }
    fn expect_kw(&mut self, kw: &str, want: Want) -> Result<(), QueryError> {
        if self.peek().is_some_and(|t| t.is_kw(kw)) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(want))
        }
    }
    fn expect_sym(&mut self, sym: &str, want: Want) -> Result<(), QueryError> {
        if self.peek()
            == Some(&Tok::Sym(match sym {
                "(" => "(",
                ")" => ")",
                ";" => ";",
                "*" => "*",
                _ => ",",
            }))
        {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(want))
        }
    }
    fn word(&mut self, want: Want) -> Result<String, QueryError> {
        match self.peek() {
            Some(Tok::Word(w)) => {
                let w = w.clone();
                self.pos += 1;
                Ok(w)
            }
            _ => Err(self.error(want)),
        }
    }
    fn value(&mut self) -> Result<String, QueryError> {
        match self.peek() {
            Some(Tok::Str(s)) | Some(Tok::Word(s)) => {
                let s = s.clone();
                self.pos += 1;
                Ok(s)
            }
            _ => Err(self.error(Want::Value)),
        }
    }
    fn number(&mut self) -> Result<u64, QueryError> {
        match self.peek() {
            Some(Tok::Word(w)) if w.parse::<u64>().is_ok() => {
                let n = w.parse::<u64>().unwrap_or(0);
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.error(Want::Other("VALUE"))),
        }
    }
}

const KEYWORDS: &[&str] = &[
    "select", "from", "where", "and", "or", "order", "by", "limit", "in", "like", "asc", "desc",
];

fn is_keyword(w: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(w))
}

pub fn parse(text: &str) -> Result<Query, QueryError> {
    let toks = tokenize(text)?;
    let mut p = Parser { toks, pos: 0 };
    p.expect_kw("select", Want::Start)?;
    let select = if p.peek() == Some(&Tok::Sym("*")) {
        p.pos += 1;
        Select::Star
    } else if p.peek().is_some_and(|t| t.is_kw("count"))
        && p.toks.get(p.pos + 1) == Some(&Tok::Sym("("))
    {
        p.pos += 1;
        p.expect_sym("(", Want::Other("PARENOPEN"))?;
        p.expect_sym("*", Want::Other("ASTERISK"))?;
        p.expect_sym(")", Want::Other("PARENCLOSE"))?;
        Select::Count
    } else {
        let mut cols = vec![p.word(Want::Column)?];
        while p.peek() == Some(&Tok::Sym(",")) {
            p.pos += 1;
            cols.push(p.word(Want::Column)?);
        }
        Select::Columns(cols)
    };
    p.expect_kw("from", Want::Other("FROM"))?;
    let mut modules = vec![p.word(Want::Other("TABLENAME"))?];
    while p.peek() == Some(&Tok::Sym(",")) {
        p.pos += 1;
        modules.push(p.word(Want::Other("TABLENAME"))?);
    }
    let mut filter: Vec<Vec<Cond>> = Vec::new();
    if p.peek().is_some_and(|t| t.is_kw("where")) {
        p.pos += 1;
        let mut group = Vec::new();
        loop {
            let column = match p.peek() {
                Some(Tok::Word(w)) if !is_keyword(w) => p.word(Want::Column)?,
                _ => return Err(p.error(Want::Column)),
            };
            let op = match p.next() {
                Some(Tok::Sym("=")) => Op::Eq,
                Some(Tok::Sym("!=")) => Op::Ne,
                Some(Tok::Sym("<")) => Op::Lt,
                Some(Tok::Sym(">")) => Op::Gt,
                Some(Tok::Sym("<=")) => Op::Le,
                Some(Tok::Sym(">=")) => Op::Ge,
                Some(t) if t.is_kw("like") => Op::Like,
                Some(t) if t.is_kw("in") => Op::In,
                _ => {
                    p.pos -= 1;
                    return Err(p.error(Want::Op));
                }
            };
            let values = if op == Op::In {
                p.expect_sym("(", Want::Other("PARENOPEN"))?;
                let mut vals = vec![p.value()?];
                while p.peek() == Some(&Tok::Sym(",")) {
                    p.pos += 1;
                    vals.push(p.value()?);
                }
                p.expect_sym(")", Want::Other("PARENCLOSE"))?;
                vals
            } else {
                vec![p.value()?]
            };
            group.push(Cond { column, op, values });
            match p.peek() {
                Some(t) if t.is_kw("and") => {
                    p.pos += 1;
                }
                Some(t) if t.is_kw("or") => {
                    p.pos += 1;
                    filter.push(std::mem::take(&mut group));
                }
                _ => break,
            }
        }
        filter.push(group);
    }
    let mut order = Vec::new();
    if p.peek().is_some_and(|t| t.is_kw("order")) {
        p.pos += 1;
        p.expect_kw("by", Want::Other("BY"))?;
        loop {
            let col = p.word(Want::Column)?;
            let mut desc = false;
            if p.peek().is_some_and(|t| t.is_kw("desc")) {
                desc = true;
                p.pos += 1;
            } else if p.peek().is_some_and(|t| t.is_kw("asc")) {
                p.pos += 1;
            }
            order.push((col, desc));
            if p.peek() == Some(&Tok::Sym(",")) {
                p.pos += 1;
            } else {
                break;
            }
        }
    }
    let mut limit = None;
    if p.peek().is_some_and(|t| t.is_kw("limit")) {
        p.pos += 1;
        let first = p.number()?;
        if p.peek() == Some(&Tok::Sym(",")) {
            p.pos += 1;
            let n = p.number()?;
            limit = Some((first, n));
        } else {
            limit = Some((0, first));
        }
    }
    let want_end = if filter.is_empty() && order.is_empty() && limit.is_none() {
        Want::Other("SEMICOLON")
    } else {
        Want::AfterCond
    };
    p.expect_sym(";", want_end)?;
    if p.peek().is_some() {
        return Err(p.error(Want::AfterEnd));
    }
    Ok(Query {
        select,
        modules,
        filter,
        order,
        limit,
    })
}

/// The module name the real server's permission check sees: the word after the first
/// case-insensitive `from` followed by whitespace — `mfrom FROM Messages` yields `FROM` (fact 28b).
pub fn sniffed_module(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(found) = lower[start..].find("from") {
        let at = start + found + 4;
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len() {
            let word: String = trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() {
                return Some(word);
            }
        }
        start = at;
        if start >= bytes.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(q: &str) -> String {
        match parse(q) {
            Err(QueryError::Syntax(m)) => m,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn recorded_errors() {
        assert_eq!(
            syntax("SELEKT id FROM Contacts;"),
            "Syntax Error on line 1: token 'SELEKT' Unexpected Unknown(SELEKT), expected one of: SELECT"
        );
        assert_eq!(
            syntax("SELECT id FROM Contacts LIMIT 1"),
            "Syntax Error on line 1: token '1' Unexpected End of Input(0), expected one of: SEMICOLON"
        );
        assert_eq!(
            syntax(
                "SELECT id FROM Contacts WHERE (email = 'a' OR email = 'b') AND lastname = 'Smith';"
            ),
            "Syntax Error on line 1: token '(' Unexpected PARENOPEN((), expected one of: COLUMNNAME"
        );
        assert_eq!(
            syntax("SELECT id FROM Contacts WHERE lastname = 'O\\'Brien';"),
            "Syntax Error on line 1: token 'Brien' Unexpected COLUMNNAME(Brien), expected one of: SEMICOLON"
        );
        assert_eq!(
            syntax(
                "SELECT id, lastname FROM Contacts WHERE lastname != 'Smith' AND lastname <> 'Jones' LIMIT 3;"
            ),
            "Syntax Error on line 1: token '>' Unexpected GT(>), expected one of: VALUE"
        );
        assert_eq!(
            syntax("SELECT id FROM Contacts WHERE email IS NULL LIMIT 3;"),
            "Syntax Error on line 1: token 'IS' Unexpected VALUE(IS), expected one of: EQ,LT,GT,LTE,GTE,NE,IN,LIKE"
        );
        assert_eq!(
            syntax("SELECT id FROM Contacts LIMIT 1; SELECT id FROM Accounts LIMIT 1;"),
            "Syntax Error on line 1: token 'SELECT' Unexpected VALUE(SELECT), expected one of: "
        );
        assert_eq!(
            parse("SELECT id FROM Contacts WHERE lastname = \"Smith\";"),
            Err(QueryError::Internal)
        );
    }

    #[test]
    fn precedence_and_escapes() {
        let q = parse("select id from contacts where a = 'x' or b = 'O''Brien' and c in ('1','2') order by a desc limit 2,3;")
            .unwrap();
        assert_eq!(q.filter.len(), 2);
        assert_eq!(q.filter[1][0].values, vec!["O'Brien".to_string()]);
        assert_eq!(q.filter[1][1].op, Op::In);
        assert_eq!(q.limit, Some((2, 3)));
        assert_eq!(q.order, vec![("a".to_string(), true)]);
    }

    #[test]
    fn garbage_never_panics() {
        let alphabet: Vec<char> =
            "SELECT FROM WHERE id,*();'\"=<>!% LIMIT 0 1 ORDER BY count IN LIKE AND OR ü"
                .chars()
                .collect();
        let mut rng = crate::rng::Rng::new(42);
        for _ in 0..20_000 {
            let len = rng.below(60) as usize;
            let text: String = (0..len).map(|_| *rng.pick(&alphabet)).collect();
            let _ = parse(&text);
            let _ = sniffed_module(&text);
        }
    }

    #[test]
    fn sniff() {
        assert_eq!(
            sniffed_module("SELECT id, subject, mfrom FROM Messages LIMIT 1;").as_deref(),
            Some("FROM")
        );
        assert_eq!(
            sniffed_module("SELECT id, mfrom, mdate FROM Messages;").as_deref(),
            Some("Messages")
        );
    }
}

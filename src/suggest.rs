//! Ranking CRM records for an email's people. (Grows with the suggestions issue.)

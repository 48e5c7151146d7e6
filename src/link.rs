//! Copying an email into the CRM: the Message, one Document per attachment,
//! and the relations. (Grows with the linking issue.)

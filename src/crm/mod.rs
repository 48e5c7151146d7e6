//! The vtenext webservice client: typed operations over `webservice.php`.

mod error;

pub use error::CrmError;

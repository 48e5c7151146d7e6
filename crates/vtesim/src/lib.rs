//! vtesim: a vtenext-compatible webservice simulator.

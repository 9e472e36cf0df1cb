//! FTP transfer (`FTPTransferMonitor` in the provider's `api/monitor_types.go`,
//! `docs/resources/ftp_transfer_monitor.md`): host, user and destination are required; the
//! password is sent, never read back or exported.

use super::{Codec, Field, On, env, field, required};

pub static FIELDS: &[Field] = &[
    required(
        env(field("username", Codec::Text("user_name"), On::FTP)),
        On::FTP,
    ),
    env(field("password", Codec::Password("password"), On::FTP)),
    required(
        field("destination", Codec::Text("destination"), On::FTP),
        On::FTP,
    ),
    field("check_upload", Codec::Bool("check_upload"), On::FTP),
    field("check_download", Codec::Bool("check_download"), On::FTP),
];

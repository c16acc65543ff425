divert(-1)
#
# OSTYPE(`darwin'): Darwin and macOS: mail.local delivers; files in
# group-writable directories are trusted as the system installs them.
#
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Prmn9S')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`confDONT_BLAME_SENDMAIL', `', `define(`confDONT_BLAME_SENDMAIL', `AssumeSafeChown,GroupWritableDirPathSafe')')

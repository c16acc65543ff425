divert(-1)
#
# OSTYPE(`debian'): Debian: sensible-mda chooses the local delivery agent;
# state lives under /var/lib/sendmail.
#
ifdef(`confEBINDIR', `', `define(`confEBINDIR', `/usr/libexec/sendmail')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/sbin/sensible-mda')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Pn9S')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `sensible-mda $g $u $h ${client_addr}')')
ifdef(`PROCMAIL_MAILER_PATH', `', `define(`PROCMAIL_MAILER_PATH', `/usr/bin/procmail')')
ifdef(`USENET_MAILER_PATH', `', `define(`USENET_MAILER_PATH', `/usr/bin/inews')')
ifdef(`confBIND_OPTS', `', `define(`confBIND_OPTS', `+WorkAroundBrokenAAAA')')
ifdef(`confHOST_STATUS_DIRECTORY', `', `define(`confHOST_STATUS_DIRECTORY', `/var/lib/sendmail/host_status')')
ifdef(`confME_TOO', `', `define(`confME_TOO', `True')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/lib/sendmail/sendmail.st')')
ifdef(`confDEF_USER_ID', `', `define(`confDEF_USER_ID', `mail:mail')')
ifdef(`confMUST_QUOTE_CHARS', `', `define(`confMUST_QUOTE_CHARS', `.'')')
ifdef(`confDEAD_LETTER_DROP', `', `define(`confDEAD_LETTER_DROP', `/var/lib/sendmail/dead.letter')')
ifdef(`PROCMAIL_MAILER_ARGS', `', `define(`PROCMAIL_MAILER_ARGS', `procmail -m $h $f $u')')
ifdef(`confSMTP_LOGIN_MSG', `', `define(`confSMTP_LOGIN_MSG', `$j Sendmail $v/$Z; $b; (No UCE/UBE) $?{client_addr}logging access from: ${client_name}(${client_resolve})-$_$.')')
# Debian's sendmail refuses NUL bytes in SMTP input
ifdef(`confREJECT_NUL', `', `define(`confREJECT_NUL', `true')')
# class files may carry comments: read each line up to a "#"
ifdef(`confCW_FILE', `', `define(`confCW_FILE', `/etc/mail/local-host-names %[^\#]')')
define(`confCR_FILE', `-o /etc/mail/relay-domains %[^\#]')
ifdef(`confCT_FILE', `', `define(`confCT_FILE', `/etc/mail/trusted-users %[^\#]')')

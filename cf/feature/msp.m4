divert(-1)
# FEATURE(`msp' [, host [, `MSA']]): the configuration of the message
# submission program (submit.cf): every message goes by SMTP to host
# (${MTAHost}, [localhost] by default; port 587 with `MSA'), the queue is
# /var/spool/clientmqueue, sendmail runs as smmsp and listens only on the
# loopback address. Local, program and SMTP mailers all speak SMTP to
# ${MTAHost}; a later MAILER() adds nothing.
define(`_gs_msp', 1)
_gs_put(24, `D{MTAHost}'ifelse(defn(`_ARG_'), `', `[localhost]', `defn(`_ARG_')'))
define(`_gs_msp_port', ifelse(defn(`_ARG2_'), `MSA', ` 587'))
define(`_gs_no_aliases', 1)
ifdef(`confDELIVERY_MODE', `', `define(`confDELIVERY_MODE', `i')')
ifdef(`confQUEUE_FILE_MODE', `', `define(`confQUEUE_FILE_MODE', `0660')')
ifdef(`confFORWARD_PATH', `', `define(`confFORWARD_PATH', `')')
ifdef(`confUSE_MSP', `', `define(`confUSE_MSP', `True')')
ifdef(`confPRIVACY_FLAGS', `', `define(`confPRIVACY_FLAGS', `goaway,noetrn,restrictqrun')')
ifdef(`QUEUE_DIR', `', `define(`QUEUE_DIR', `/var/spool/clientmqueue')')
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', QUEUE_DIR`/sm-client.st')')
ifdef(`confRUN_AS_USER', `', `define(`confRUN_AS_USER', `smmsp')')
ifdef(`confDONT_PROBE_INTERFACES', `', `define(`confDONT_PROBE_INTERFACES', `True')')
ifdef(`confTRUSTED_USER', `', `define(`confTRUSTED_USER', `smmsp')')
ifdef(`confPID_FILE', `', `define(`confPID_FILE', QUEUE_DIR`/sm-client.pid')')
ifdef(`_gs_daemon_opts', `', `DAEMON_OPTIONS(`Name=NoMTA, Addr=127.0.0.1, M=E')')
define(`_gs_mailer_local', 1)
define(`_gs_mailer_smtp', 1)
_gs_pushdiv(30)dnl
Mlocal,		P=[IPC], F=_gs_flags(`LOCAL', `lmDFMuXkw5'), S=EnvFromL/HdrFromL, R=EnvToL/HdrToL,
		T=DNS/RFC822/SMTP,
		A=TCP $h
Mprog,		P=[IPC], F=_gs_flags(`SHELL', `lmDFMuXk5'), S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, D=$z:/,
		T=X-Unix/X-Unix/X-Unix,
		A=TCP $h
Msmtp,		P=[IPC], F=_gs_flags(`SMTP', `mDFMuXk5'), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\r\n, L=990,
		T=DNS/RFC822/SMTP,
		A=TCP $h
Mesmtp,		P=[IPC], F=_gs_flags(`ESMTP', `mDFMuXak5'), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\r\n, L=990,
		T=DNS/RFC822/SMTP,
		A=TCP $h
Msmtp8,		P=[IPC], F=_gs_flags(`SMTP8', `mDFMuX8k5'), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\r\n, L=990,
		T=DNS/RFC822/SMTP,
		A=TCP $h
Mdsmtp,		P=[IPC], F=_gs_flags(`DSMTP', `mDFMuXa%k5'), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\r\n, L=990,
		T=DNS/RFC822/SMTP,
		A=TCP $h
Mrelay,		P=[IPC], F=_gs_flags(`RELAY', `mDFMuXa8k'), S=EnvFromSMTP/HdrFromSMTP, R=MasqSMTP, E=\r\n, L=2040,
		T=DNS/RFC822/SMTP,
		A=TCP $h`'_gs_msp_port
_gs_popdiv

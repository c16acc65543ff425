divert(-1)
# FEATURE(`smrsh' [, path]): programs run through the restricted shell
# smrsh instead of /bin/sh.
ifdef(`_gs_mailer_local', `_gs_err(`FEATURE(`smrsh') must come before MAILER(`local')')')
define(`LOCAL_SHELL_PATH', ifelse(defn(`_ARG_'), `', `ifdef(`confEBINDIR', `confEBINDIR', `/usr/libexec')/smrsh', `defn(`_ARG_')'))
define(`LOCAL_SHELL_ARGS', `smrsh -c $u')

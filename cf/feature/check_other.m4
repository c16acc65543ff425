divert(-1)
# FEATURE(`check_other' [, regex]): a check_other ruleset that ends the
# session (421) when a command sendmail is about to refuse matches the
# regular expression -- by default anything that looks like a header line,
# the sign of a client talking SMTP to the wrong program.
_gs_put(25, `Kbadcmd regex -m -a<BADCMD> 'ifelse(defn(`_ARG_'), `', `^[[:print:]]+ *:', `defn(`_ARG_')'))

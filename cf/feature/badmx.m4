divert(-1)
# FEATURE(`badmx' [, regex]): check_mail refuses a sender whose domain has
# an MX host that is an address literal, or whose address matches regex
# (by default loopback, 10/8 and 0.0.0.0).
_gs_put(25, `Kmxlist bestmx -z: -T<TEMP>')
_gs_put(25, `Kbadmx regex -a<BADMX> ^(([0-9]{1,3}\.){3}[0-9]){0,1}\.$')
_gs_put(25, `KdnsA dns -R A -a. -T<TEMP>')
_gs_put(25, `KBadMXIP regex -a<BADMXIP> 'ifelse(defn(`_ARG_'), `', `^(127\.|10\.|0\.0\.0\.0)', `defn(`_ARG_')'))

package mta

import (
	"fmt"
	"sort"
)

// Verify is sendmail -bv: each address is resolved and expanded as for
// delivery; failures are printed as they are found, then one
// "deliverable" line for each recipient that would be delivered.
func (m *MTA) Verify(addrs []string) int {
	if len(addrs) == 0 {
		fmt.Fprintln(m.Err, "Recipient names must be specified")
		return exUsage
	}
	m.verify = true
	defer func() { m.verify = false }()
	list := &rcptList{m: m}
	for _, a := range addrs {
		list.addList(a, nil, 0)
	}
	exit := exOK
	for _, r := range list.all {
		if r.state == sBad && exit == exOK {
			exit = exitFor(r)
		}
	}
	ok := list.deliverable()
	sort.SliceStable(ok, func(i, j int) bool { return ok[i].Mailer.Num < ok[j].Mailer.Num })
	for _, r := range ok {
		if r.Host != "" {
			fmt.Fprintf(m.Out, "%s... deliverable: mailer %s, host %s, user %s\n", r.Addr, r.Mailer.Name, r.Host, r.User)
		} else {
			fmt.Fprintf(m.Out, "%s... deliverable: mailer %s, user %s\n", r.Addr, r.Mailer.Name, r.User)
		}
	}
	return exit
}

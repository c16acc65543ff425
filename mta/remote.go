package mta

import (
	"context"
	"net/netip"
	"time"

	"github.com/gosendmail/gosendmail/deliver"
	"github.com/gosendmail/gosendmail/ruleset"
	"github.com/gosendmail/gosendmail/smtpclient"
)

// UseSMTP makes c the agent of the remote (IPC) mailers: the recipients
// of one mailer and host go to it in one call (see deliverAll). SMTP AUTH
// credentials come from the .cf's authinfo map ("AuthInfo:host",
// "AuthInfo:ip", then "AuthInfo:"), as sendmail looks them up.
func (m *MTA) UseSMTP(c *smtpclient.Client) {
	c.Auth = func(host string, ip netip.Addr) (*smtpclient.AuthInfo, bool) {
		keys := []string{"AuthInfo:" + host}
		if ip.IsValid() {
			keys = append(keys, "AuthInfo:"+ip.String())
		}
		keys = append(keys, "AuthInfo:")
		for _, k := range keys {
			if v, ok, err := m.Cf.LookupMap("authinfo", k); err == nil && ok {
				return smtpclient.ParseAuthInfo(v)
			}
		}
		return nil, false
	}
	m.smtp = c
	m.Remote = func(mr *ruleset.Mailer, host string, rm *RemoteMessage) []*deliver.Status {
		msg := &smtpclient.Message{Sender: rm.Sender, Data: rm.Data, EightBit: rm.Body8,
			Size: int64(len(rm.Data)), EnvID: rm.EnvID, Ret: rm.Ret, ID: rm.ID, BodyType: rm.BodyType}
		for _, r := range rm.Rcpts {
			msg.Rcpts = append(msg.Rcpts, smtpclient.Rcpt{Addr: r.Addr, Notify: r.Notify, ORcpt: r.ORcpt})
		}
		c.Verbose = nil
		if m.Verbose {
			c.Verbose = m.Out
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		return c.Deliver(ctx, mr, host, msg)
	}
}

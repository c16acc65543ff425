package test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each test submits a message as a well-known caller does (the command
// line it uses and the message it writes), lets the site deliver it in
// its default (background) delivery mode, and checks the mailbox.

func checkHeaders(t *testing.T, msg string, want map[string]string) {
	t.Helper()
	for _, name := range []string{"Return-Path", "Received", "Date", "Message-Id", "From"} {
		if _, ok := header(msg, name); !ok {
			t.Errorf("no %s: header in\n%s", name, msg)
		}
	}
	for name, w := range want {
		got, ok := header(msg, name)
		if w == "" {
			if ok {
				t.Errorf("%s: present (%q), want none", name, got)
			}
			continue
		}
		if !ok || got != w {
			t.Errorf("%s: got %q (present %v), want %q", name, got, ok, w)
		}
	}
}

func TestCronMail(t *testing.T) {
	s := newSite(t, "", "")
	msg := "From: root (Cron Daemon)\nTo: root\nSubject: Cron <root@mx> echo hi\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n" +
		"X-Cron-Env: <SHELL=/bin/sh>\nX-Cron-Env: <HOME=/root>\n\nhi \xc3\xbc\n"
	_, errs, code := s.sendmail(t, msg, "-FCronDaemon", "-i", "-B8BITMIME", "-oem", "root")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	m := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	checkHeaders(t, m, map[string]string{"Return-Path": "<root>", "From": "root (Cron Daemon)",
		"Subject": "Cron <root@mx> echo hi", "Content-Transfer-Encoding": "8bit"})
	if r, _ := header(m, "Received"); !strings.Contains(r, "for root;") || !strings.Contains(r, "(from root@localhost)") {
		t.Errorf("Received: %q", r)
	}
	if body(m) != "hi \xc3\xbc\n\n" {
		t.Errorf("body %q", body(m))
	}
}

func TestPHPMail(t *testing.T) {
	s := newSite(t, "", "")
	// PHP's mail() runs "sendmail -t -i" and writes To:, Subject:, the
	// extra headers, an empty line and the body.
	msg := "To: alice\nSubject: Order 42\nFrom: shop@example.com\nBcc: carol\n" +
		"X-PHP-Originating-Script: 0:index.php\n\nThanks.\n.\nA line with a dot above.\n"
	_, errs, code := s.sendmail(t, msg, "-t", "-i")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	m := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	checkHeaders(t, m, map[string]string{"From": "shop@example.com", "To": "alice", "Subject": "Order 42", "Bcc": ""})
	if body(m) != "Thanks.\n.\nA line with a dot above.\n\n" {
		t.Errorf("body %q (the lone dot must not end the message with -i)", body(m))
	}
	c := waitMessages(t, filepath.Join(s.dir, "carol.mbox"), 1)[0]
	checkHeaders(t, c, map[string]string{"Bcc": "", "Subject": "Order 42"})
}

func TestGitSendEmail(t *testing.T) {
	s := newSite(t, "", "")
	// git send-email: sendmail -i -f SENDER RCPT..., headers of its own.
	msg := "From: Dev One <dev@example.org>\nTo: alice\nCc: bob\nSubject: [PATCH] fix it\n" +
		"Date: Mon, 30 Nov 2026 10:00:00 +0100\nMessage-ID: <20261130.1-1-dev@example.org>\n" +
		"X-Mailer: git-send-email 2.39.5\nMIME-Version: 1.0\nContent-Transfer-Encoding: 8bit\n\n" +
		"---\n file | 2 +-\n\nFrom 1234 Mon Sep 17 00:00:00 2001\n"
	_, errs, code := s.sendmail(t, msg, "-i", "-f", "dev@example.org", "alice", "bob")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	m := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0] // alice and bob are both root: one copy
	if n := strings.Count(strings.ToLower(m), "\nmessage-id:"); n != 1 {
		t.Errorf("%d Message-Id fields, want the sender's only", n)
	}
	checkHeaders(t, m, map[string]string{"Return-Path": "<dev@example.org>",
		"Message-ID": "<20261130.1-1-dev@example.org>", "Date": "Mon, 30 Nov 2026 10:00:00 +0100",
		"X-Mailer": "git-send-email 2.39.5"})
	if !strings.Contains(body(m), "\n>From 1234 Mon Sep") {
		t.Errorf("a From line in the body must be escaped in an mbox: %q", body(m))
	}
}

func TestMutt(t *testing.T) {
	s := newSite(t, "", "")
	msg := "Date: Tue, 1 Dec 2026 10:00:00 +0000\nFrom: Root <root@mx.example.com>\nTo: carol, root\n" +
		"Subject: =?utf-8?Q?gr=C3=BC=C3=9Fe?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n" +
		"Content-Transfer-Encoding: 8bit\nUser-Agent: NeoMutt/20220429\n\nGr\xc3\xbc\xc3\x9fe \xe2\x82\xac\n"
	_, errs, code := s.sendmail(t, msg, "-oem", "-oi", "-B8BITMIME", "--", "carol", "root")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, p := range []string{filepath.Join(s.mail, "root"), filepath.Join(s.dir, "carol.mbox")} {
		m := waitMessages(t, p, 1)[0]
		checkHeaders(t, m, map[string]string{"User-Agent": "NeoMutt/20220429", "Subject": "=?utf-8?Q?gr=C3=BC=C3=9Fe?="})
		if !strings.HasPrefix(body(m), "Gr\xc3\xbc\xc3\x9fe \xe2\x82\xac\n") {
			t.Errorf("%s: 8-bit body changed: %q", p, body(m))
		}
	}
}

func TestMailx(t *testing.T) {
	s := newSite(t, "", "")
	// mailx (bsd-mailx): sendmail -i RCPT, a Subject and To of its own.
	msg := "To: team\nSubject: backup done\n\nAll good.\n"
	_, errs, code := s.sendmail(t, msg, "-i", "team")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	m := waitMessages(t, filepath.Join(s.mail, "root"), 1)[0]
	checkHeaders(t, m, map[string]string{"Subject": "backup done", "From": "root <root>"})
	waitMessages(t, filepath.Join(s.dir, "carol.mbox"), 1)
}

func TestDotEndsMessage(t *testing.T) {
	s := newSite(t, "", "")
	_, errs, code := s.sendmail(t, "Subject: dot\n\nbefore\n.\nafter\n", "-odi", "root")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	b, _ := os.ReadFile(filepath.Join(s.mail, "root"))
	m := mbox(b)
	if len(m) != 1 || body(m[0]) != "before\n\n" {
		t.Errorf("without -i a lone dot ends the message: %q", b)
	}
}

func TestUnknownUser(t *testing.T) {
	s := newSite(t, "", "")
	out, _, code := s.sendmail(t, "Subject: x\n\nx\n", "-odi", "-oep", "nosuchuser")
	if code != 67 || !strings.Contains(out, "nosuchuser... User unknown") {
		t.Errorf("exit %d, stdout %q; want 67 and User unknown", code, out)
	}
	// ErrorMode p keeps a copy for the sender
	if b, err := os.ReadFile(filepath.Join(s.dir, "dead.letter")); err != nil || !strings.Contains(string(b), "Subject: x") {
		t.Errorf("dead.letter: %v %q", err, b)
	}
}

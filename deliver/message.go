package deliver

import (
	"bytes"
	"io"
	"time"
)

// Message is one message to deliver, as the queue holds it.
type Message struct {
	// Sender is the envelope sender as the From line shows it ($g after
	// the mailer's rewriting); "" for the null sender.
	Sender string
	// Time is the date of the From line; the zero Time means now.
	Time time.Time
	// Data is the message itself: header, empty line, body, with "\n" or
	// "\r\n" line ends. Size is its length. A ReaderAt lets one message be
	// delivered to several recipients at once (a queue df file or a
	// bytes.Reader both are one).
	Data io.ReaderAt
	Size int64
}

// NewMessage is a Message whose data is b.
func NewMessage(sender string, t time.Time, b []byte) *Message {
	return &Message{Sender: sender, Time: t, Data: bytes.NewReader(b), Size: int64(len(b))}
}

func (m *Message) reader() io.Reader { return io.NewSectionReader(m.Data, 0, m.Size) }

func (m *Message) time() time.Time {
	if m.Time.IsZero() {
		return time.Now()
	}
	return m.Time
}

package bus

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
)

// deadLetter is one message on its way to the DLQ.
type deadLetter struct {
	Stage      string
	Reason     Reason
	Detail     string // the error, for people
	Deliveries uint64
	Subject    string // where the original was published
	Stream     string
	Seq        uint64
	Data       []byte
	Header     nats.Header // the original's headers, kept for redrive
}

// output is the DLQ message. Its id is the stage, stream and sequence, so
// that the handler's own dead letter and the MAX_DELIVERIES advisory's, or
// two replicas', store one copy.
func (d deadLetter) output(t Topology) Output {
	h := nats.Header{}
	for k, v := range d.Header {
		if k != jetstream.MsgIDHeader {
			h[k] = v
		}
	}
	h.Set(contract.HeaderDLQStage, d.Stage)
	h.Set(contract.HeaderDLQReason, string(d.Reason))
	h.Set(contract.HeaderDLQError, truncateUTF8(d.Detail, 1024))
	h.Set(contract.HeaderDLQDeliveries, strconv.FormatUint(d.Deliveries, 10))
	h.Set(contract.HeaderDLQSubject, d.Subject)
	id := ""
	if d.Stream != "" {
		h.Set(contract.HeaderDLQStream, d.Stream)
		h.Set(contract.HeaderDLQSequence, strconv.FormatUint(d.Seq, 10))
		id = fmt.Sprintf("dlq:%s:%s:%d", d.Stage, d.Stream, d.Seq)
	}
	return Output{Subject: t.DLQSubject(d.Stage), Data: d.Data, Header: h, MsgID: id}
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

package bus

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Output is a message a handler hands back for the runner to publish: the
// runner publishes it, waits for the server's ack, and only then acks the
// input (watermill's handler shape). That order, in one place, is what makes
// the pipeline lossless.
type Output struct {
	Subject string
	Data    []byte
	// MsgID is the Nats-Msg-Id: a copy published again inside the stream's
	// duplicate window (a redelivery, a replay) is acked and not stored.
	MsgID  string
	Header nats.Header
}

// TagReplay marks outs as published by replay id: the HeaderReplay header,
// and a MsgID of the replay's own, so that a replay's copy is not dropped as
// a duplicate of the live pipeline's (or of an earlier replay's) while a
// resumed replay's second copy still is.
func TagReplay(id string, outs []Output) {
	if id == "" {
		return
	}
	for i := range outs {
		o := &outs[i]
		h := nats.Header{}
		for k, v := range o.Header {
			h[k] = v
		}
		h.Set(contract.HeaderReplay, id)
		o.Header = h
		if o.MsgID != "" {
			o.MsgID = "replay:" + id + ":" + o.MsgID
		}
	}
}

// ErrTooLarge is a message larger than the server or the stream accepts.
var ErrTooLarge = errors.New("bus: message too large")

// PublishAll publishes outs in order, each acked by the server before the
// next. A message too large for the server or stream comes back as a
// permanent ReasonTooLarge error: the same bytes can never fit.
func PublishAll(ctx context.Context, js jetstream.Publisher, outs ...Output) error {
	for _, o := range outs {
		msg := &nats.Msg{Subject: o.Subject, Data: o.Data, Header: o.Header}
		if msg.Header == nil {
			msg.Header = nats.Header{}
		}
		if err := PublishMsg(ctx, js, msg, o.MsgID); err != nil {
			if errors.Is(err, ErrTooLarge) {
				return Permanent(ReasonTooLarge, err)
			}
			return err
		}
	}
	return nil
}

// Publish publishes data with a Nats-Msg-Id and waits for the server's ack,
// so that the caller may ack its own input afterwards. A duplicate inside the
// stream's window is acked by the server and not stored again.
func Publish(ctx context.Context, js jetstream.Publisher, subject string, data []byte, msgID string) error {
	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	return PublishMsg(ctx, js, msg, msgID)
}

// PublishMsg is Publish for a message with headers. An error wraps
// ErrTooLarge when the message exceeds the server's max_payload or the
// stream's max message size.
func PublishMsg(ctx context.Context, js jetstream.Publisher, msg *nats.Msg, msgID string) error {
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	if _, err := js.PublishMsg(ctx, msg, opts...); err != nil {
		if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, jetstream.ErrStreamMessageExceedsMaximum) {
			return fmt.Errorf("publish %s (%d bytes): %w: %w", msg.Subject, len(msg.Data), ErrTooLarge, err)
		}
		return fmt.Errorf("publish %s: %w", msg.Subject, err)
	}
	return nil
}

package bus

import (
	"context"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Publish publishes data with a Nats-Msg-Id and waits for the server's ack,
// so that the caller may ack its own input afterwards. A duplicate inside the
// stream's window is acked by the server and not stored again.
func Publish(ctx context.Context, js jetstream.JetStream, subject string, data []byte, msgID string) error {
	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	return PublishMsg(ctx, js, msg, msgID)
}

// PublishMsg is Publish for a message with headers.
func PublishMsg(ctx context.Context, js jetstream.JetStream, msg *nats.Msg, msgID string) error {
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	if _, err := js.PublishMsg(ctx, msg, opts...); err != nil {
		return fmt.Errorf("publish %s: %w", msg.Subject, err)
	}
	return nil
}

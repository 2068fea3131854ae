package bus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/klauspost/compress/s2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
)

// ErrPageBody reports a page message whose body cannot be recovered (bad
// encoding, missing object): bad input, not worth retrying.
var ErrPageBody = errors.New("bus: page body unreadable")

// PackPage puts body into p: as is when it fits a message, S2-compressed
// when that fits, else in the page Object Store with p.Object naming it.
// maxBody <= 0 means t.MaxBody().
func PackPage(ctx context.Context, js jetstream.ObjectStoreManager, t Topology, p *contract.Page, body []byte, maxBody int) error {
	if maxBody <= 0 {
		maxBody = t.MaxBody()
	}
	p.Body, p.Encoding, p.Object = nil, contract.BodyPlain, ""
	if len(body) <= maxBody/4 {
		p.Body = body
		return nil
	}
	// Large bodies are compressed even when they would fit: the stream
	// stores them for days, and S2 costs little next to the JSON encoding.
	if z := s2.Encode(nil, body); len(z) <= maxBody {
		p.Body, p.Encoding = z, contract.BodyS2
		return nil
	}
	store, err := t.PageStore(ctx, js)
	if err != nil {
		return err
	}
	name := "page-" + p.ID + "-" + contract.ContentHash(body)
	if _, err := store.PutBytes(ctx, name, body); err != nil {
		return fmt.Errorf("store page %s in object store: %w", p.ID, err)
	}
	p.Object = name
	return nil
}

// PageBody returns the body of p, decompressing or reading the Object Store
// as needed.
func PageBody(ctx context.Context, js jetstream.ObjectStoreManager, t Topology, p *contract.Page) ([]byte, error) {
	if p.Object != "" {
		store, err := t.PageStore(ctx, js)
		if err != nil {
			return nil, err
		}
		b, err := store.GetBytes(ctx, p.Object)
		if errors.Is(err, jetstream.ErrObjectNotFound) {
			return nil, fmt.Errorf("%w: object %s not found (expired?)", ErrPageBody, p.Object)
		}
		if err != nil {
			return nil, fmt.Errorf("read page object %s: %w", p.Object, err)
		}
		return b, nil
	}
	switch p.Encoding {
	case contract.BodyPlain:
		return p.Body, nil
	case contract.BodyS2:
		b, err := s2.Decode(nil, p.Body)
		if err != nil {
			return nil, fmt.Errorf("%w: s2: %v", ErrPageBody, err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%w: unknown encoding %q", ErrPageBody, p.Encoding)
}

// PagePublisher is what publishing a page needs: the PAGES subject and the
// Object Store for bodies too large for a message.
type PagePublisher interface {
	jetstream.Publisher
	jetstream.ObjectStoreManager
}

// PublishPage packs body into p (see PackPage) and publishes p to PAGES with
// a message id from the page id and body, and header if not nil, waiting for
// the server's ack. The fetcher and `claimwire ingest` both publish pages
// through it.
func PublishPage(ctx context.Context, js PagePublisher, t Topology, p *contract.Page, body []byte, header nats.Header) error {
	if err := PackPage(ctx, js, t, p, body, 0); err != nil {
		return err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encode page %s: %w", p.ID, err)
	}
	out := PageOutput(t, p.ID, body, data)
	out.Header = header
	return PublishAll(ctx, js, out)
}

// PageOutput is the PAGES message of page id with body, encoded as data.
func PageOutput(t Topology, id string, body, data []byte) Output {
	return Output{Subject: t.Subject(contract.SubjectPages), Data: data, MsgID: contract.MsgID("page", id, contract.ContentHash(body))}
}

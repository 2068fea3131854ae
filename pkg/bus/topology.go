package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Topology names and sizes the streams. Prefix isolates a test run (or a
// second pipeline) on a shared server; production leaves it empty.
type Topology struct {
	Prefix   string
	Replicas int // 1 on a single server, 3 on a cluster
	// PagesMaxAge bounds PAGES: pages are large and only needed until cleaned.
	PagesMaxAge time.Duration
	// DuplicateWindow must exceed the longest retry span so a retried publish is dropped.
	DuplicateWindow time.Duration
	// MaxMsgSize is the largest message a stream accepts; PackPage keeps page
	// messages below it.
	MaxMsgSize int32
}

// Defaults fills zero fields.
func (t Topology) withDefaults() Topology {
	if t.Replicas == 0 {
		t.Replicas = 1
	}
	if t.PagesMaxAge == 0 {
		t.PagesMaxAge = 7 * 24 * time.Hour
	}
	if t.DuplicateWindow == 0 {
		t.DuplicateWindow = time.Hour
	}
	if t.MaxMsgSize == 0 {
		t.MaxMsgSize = 1 << 20 // the server's default max_payload
	}
	return t
}

// Stream is the prefixed name of a stream.
func (t Topology) Stream(name string) string { return t.Prefix + name }

// Subject is the prefixed form of a subject.
func (t Topology) Subject(s string) string { return t.Prefix + s }

// Bucket is the prefixed name of a KV or Object Store bucket.
func (t Topology) Bucket(name string) string { return t.Prefix + name }

// AlertSubject is where the firings of watch id are published.
func (t Topology) AlertSubject(id string) string {
	return t.Subject(contract.SubjectAlerts + "." + id)
}

// DLQSubject is where a stage's dead letters go.
func (t Topology) DLQSubject(stage string) string {
	return t.Subject(contract.SubjectDLQ + "." + stage)
}

// MaxArticleText is the longest article text a stage may pass on: a quarter
// of a message, so that the ClaimSet carrying the text and its claims (each
// with its sentence) still fits one. A news article is tens of kilobytes.
func (t Topology) MaxArticleText() int {
	t = t.withDefaults()
	return int(t.MaxMsgSize) / 4
}

// MaxBody is the largest page body that fits in a PAGES message with room
// for the JSON envelope and base64 (4/3).
func (t Topology) MaxBody() int {
	t = t.withDefaults()
	return int(t.MaxMsgSize)*3/4 - 16<<10
}

// StreamConfigs is the topology as stream configurations.
func (t Topology) StreamConfigs() []jetstream.StreamConfig {
	t = t.withDefaults()
	base := func(name, subject, desc string) jetstream.StreamConfig {
		return jetstream.StreamConfig{
			Name:        t.Stream(name),
			Description: desc,
			Subjects:    []string{t.Subject(subject)},
			// Limits, not work-queue retention: acked messages must stay for replay.
			Retention:  jetstream.LimitsPolicy,
			Storage:    jetstream.FileStorage,
			Replicas:   t.Replicas,
			Duplicates: t.DuplicateWindow,
			MaxMsgSize: t.MaxMsgSize,
			Discard:    jetstream.DiscardOld,
		}
	}
	pages := base(contract.StreamPages, contract.SubjectPages, "fetched pages on their way to the cleaner")
	pages.MaxAge = t.PagesMaxAge
	pages.Compression = jetstream.S2Compression
	arts := base(contract.StreamArticles, contract.SubjectArticles, "cleaned articles; replay reads this")
	arts.Compression = jetstream.S2Compression
	claims := base(contract.StreamClaims, contract.SubjectClaims, "claim sets on their way to the indexer")
	dlq := base(contract.StreamDLQ, contract.SubjectDLQ+".>", "dead letters: original message plus stage, reason and error headers")
	dlq.Duplicates = 0
	dlq.Subjects = []string{t.Subject(contract.SubjectDLQ + ".>")}
	// Claim alerts, one subject per watch (alerts.<watch>): any NATS
	// consumer can follow a watch. The indexer publishes each firing with
	// its event id as Nats-Msg-Id, so a redelivery after a crash is dropped.
	alerts := base(contract.StreamAlerts, contract.SubjectAlerts+".>", "claim alerts, one subject per watch: alerts.<watch id>")
	alerts.MaxAge = 30 * 24 * time.Hour
	return []jetstream.StreamConfig{pages, arts, claims, dlq, alerts}
}

// Ensure creates or updates the streams and the page Object Store bucket.
// It is idempotent: every service calls it at start-up.
func (t Topology) Ensure(ctx context.Context, js jetstream.JetStream) error {
	for _, cfg := range t.StreamConfigs() {
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("ensure stream %s: %w", cfg.Name, err)
		}
	}
	if _, err := t.PageStore(ctx, js); err != nil {
		return err
	}
	return nil
}

// PageStore returns the Object Store bucket for page bodies too large for a
// message, creating it if needed.
func (t Topology) PageStore(ctx context.Context, js jetstream.ObjectStoreManager) (jetstream.ObjectStore, error) {
	t = t.withDefaults()
	name := t.Bucket(contract.BucketPages)
	os, err := js.ObjectStore(ctx, name)
	if err == nil {
		return os, nil
	}
	if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("object store %s: %w", name, err)
	}
	os, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket:      name,
		Description: "page bodies too large for a PAGES message",
		TTL:         t.PagesMaxAge,
		Storage:     jetstream.FileStorage,
		Replicas:    t.Replicas,
		Compression: true,
	})
	if err != nil {
		return nil, fmt.Errorf("create object store %s: %w", name, err)
	}
	return os, nil
}

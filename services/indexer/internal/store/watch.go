package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Watches are analysts' standing questions about claims ("tell me when X is
// quoted"). The indexer evaluates them in the transaction that stores a
// ClaimSet (see fire.go): each firing is an alert row with a deterministic
// id (watch and event), inserted once whatever the redeliveries and replays,
// and delivered afterwards by the outbox (published to JetStream, POSTed to
// the watch's webhook) — a slow or failing receiver never holds up indexing.

// Watch kinds: a closed set, also a metric label.
const (
	WatchSpeaker = "speaker" // a speaker is quoted (by speaker key)
	WatchVariant = "variant" // a new wording appears in a cluster
	WatchFigure  = "figure"  // a statistic cluster's figure changes
	WatchRepeat  = "repeat"  // outlet A repeats a claim first reported by outlet B
	WatchReach   = "reach"   // a claim matching a query is reported by N or more outlets
)

// WatchKinds lists the kinds.
var WatchKinds = []string{WatchSpeaker, WatchVariant, WatchFigure, WatchRepeat, WatchReach}

// Watch is one standing question. Which fields matter depends on Kind.
type Watch struct {
	ID         string    `json:"id"` // also the alert subject's last token: alerts.<id>
	Kind       string    `json:"kind"`
	Speaker    string    `json:"speaker,omitempty"`     // speaker: the name as given
	SpeakerKey string    `json:"speaker_key,omitempty"` // speaker: contract.SpeakerKey(Speaker)
	Cluster    string    `json:"cluster,omitempty"`     // variant, figure: the cluster id
	Outlet     string    `json:"outlet,omitempty"`      // repeat: the outlet that repeats (A)
	Source     string    `json:"source,omitempty"`      // repeat: the outlet that reported first (B)
	Query      string    `json:"query,omitempty"`       // reach: words every matching claim has
	MinOutlets int       `json:"min_outlets,omitempty"` // reach: N
	Webhook    string    `json:"webhook,omitempty"`     // POSTed each alert; shown without its path
	Note       string    `json:"note,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// WatchList is every watch.
type WatchList struct {
	Watches []Watch `json:"watches"`
}

// Figure is a statistic's figure as an article gave it.
type Figure struct {
	Value *float64 `json:"value"`
	Text  string   `json:"text"`
}

// Alert is one firing of a watch: what /api/alerts lists, what is published
// on alerts.<watch> and POSTed to the webhook.
type Alert struct {
	ID        string    `json:"id"` // deterministic: the same watch and event give the same id
	Watch     string    `json:"watch"`
	Kind      string    `json:"kind"`
	FiredAt   time.Time `json:"fired_at"`
	Summary   string    `json:"summary"`
	ArticleID string    `json:"article_id"`
	URL       string    `json:"url"`
	Outlet    string    `json:"outlet"`
	ClaimID   string    `json:"claim_id"`
	Text      string    `json:"text"`
	Speaker   string    `json:"speaker,omitempty"`
	ClusterID string    `json:"cluster_id,omitempty"`
	From      *Figure   `json:"from,omitempty"`      // figure: the figure before
	To        *Figure   `json:"to,omitempty"`        // figure: the new figure
	FirstBy   string    `json:"first_by,omitempty"`  // repeat: the outlet that reported first
	FirstURL  string    `json:"first_url,omitempty"` // repeat: its article
	Outlets   []string  `json:"outlets,omitempty"`   // reach: the outlets reporting the claim
	Delivery  *Delivery `json:"delivery,omitempty"`  // only in listings
}

// Delivery is where an alert stands in the outbox.
type Delivery struct {
	Published bool   `json:"published"`         // on JetStream
	Webhook   string `json:"webhook,omitempty"` // "", pending, delivered or failed
	Attempts  int    `json:"attempts,omitempty"`
	LastError string `json:"last_error,omitempty"`
}

// Webhook delivery states.
const (
	WebhookPending   = "pending"
	WebhookDelivered = "delivered"
	WebhookFailed    = "failed"
)

// AlertQuery pages /api/alerts, newest first.
type AlertQuery struct {
	Watch  string
	Kind   string
	Limit  int
	Cursor string
}

// AlertPage is one page of alerts.
type AlertPage struct {
	Alerts     []Alert `json:"alerts"`
	NextCursor *string `json:"next_cursor"`
}

// PendingAlert is an alert the outbox still has to deliver.
type PendingAlert struct {
	Seq     int64
	Alert   Alert
	Body    []byte // the alert as published
	Webhook string // "" when the watch has none
	// Attempts and NextAttempt are the webhook's (see ClaimWebhook).
	Attempts    int
	NextAttempt time.Time
}

// Outbox is the delivery side of alerts: the indexer's delivery loop reads
// what is pending and records what it delivered.
type Outbox interface {
	// Unpublished returns up to limit alerts not yet published to JetStream,
	// oldest first.
	Unpublished(ctx context.Context, limit int) ([]PendingAlert, error)
	MarkPublished(ctx context.Context, seqs []int64) error
	// DueWebhooks returns up to limit alerts whose webhook delivery is due at now.
	DueWebhooks(ctx context.Context, now time.Time, limit int) ([]PendingAlert, error)
	// ClaimWebhook leases a due delivery until lease (so that a second
	// indexer replica does not POST it too): false if another took it.
	ClaimWebhook(ctx context.Context, a PendingAlert, lease time.Time) (bool, error)
	// WebhookResult records an attempt: state is WebhookDelivered,
	// WebhookFailed (given up) or WebhookPending with the next attempt.
	WebhookResult(ctx context.Context, seq int64, state string, next time.Time, errText string) error
	// AlertsFired is signalled (without blocking) when a commit fired alerts.
	AlertsFired() <-chan struct{}
}

// watchIDRE keeps a watch id a single NATS subject token and a URL segment.
var watchIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Limits on what a watch holds.
const (
	maxWatchText = 200
	maxWatches   = 1000 // evaluated on every commit: a bound keeps that cheap
)

// normalizeWatch checks w and fills what derives from it.
func normalizeWatch(w *Watch) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadRequest}, args...)...)
	}
	w.ID = strings.ToLower(strings.TrimSpace(w.ID))
	if w.ID == "" {
		var b [5]byte
		rand.Read(b[:])
		w.ID = "w" + hex.EncodeToString(b[:])
	}
	if !watchIDRE.MatchString(w.ID) {
		return bad("watch id %q: use 1-64 lower-case letters, digits, '-' or '_'", w.ID)
	}
	for _, f := range []*string{&w.Speaker, &w.Cluster, &w.Outlet, &w.Source, &w.Query, &w.Note} {
		*f = strings.TrimSpace(clean(*f))
		if len(*f) > maxWatchText {
			return bad("watch fields are at most %d bytes", maxWatchText)
		}
	}
	// Only the fields of the watch's kind are kept: a stray field would
	// read as a condition that is not applied.
	switch w.Kind {
	case WatchSpeaker:
		w.SpeakerKey = contract.SpeakerKey(w.Speaker)
		if !HasLetter(w.Speaker) || w.SpeakerKey == "" {
			return bad("a speaker watch needs a speaker name")
		}
		w.Cluster, w.Outlet, w.Source, w.Query, w.MinOutlets = "", "", "", "", 0
	case WatchVariant, WatchFigure:
		if w.Cluster == "" {
			return bad("a %s watch needs a cluster id", w.Kind)
		}
		w.Speaker, w.SpeakerKey, w.Outlet, w.Source, w.Query, w.MinOutlets = "", "", "", "", "", 0
	case WatchRepeat:
		w.Outlet, w.Source = OutletName(w.Outlet), OutletName(w.Source)
		if w.Outlet == "" || w.Source == "" {
			return bad("a repeat watch needs the outlet that repeats and the outlet that reported first")
		}
		if w.Outlet == w.Source {
			return bad("a repeat watch needs two different outlets")
		}
		w.Speaker, w.SpeakerKey, w.Cluster, w.Query, w.MinOutlets = "", "", "", "", 0
	case WatchReach:
		if len(queryWords(w.Query)) == 0 {
			return bad("a reach watch needs a query with at least one word")
		}
		if w.MinOutlets < 2 || w.MinOutlets > 1000 {
			return bad("a reach watch needs min_outlets between 2 and 1000")
		}
		w.Speaker, w.SpeakerKey, w.Cluster, w.Outlet, w.Source = "", "", "", "", ""
	default:
		return bad("watch kind must be one of %s", strings.Join(WatchKinds, ", "))
	}
	w.Webhook = strings.TrimSpace(w.Webhook)
	if w.Webhook != "" {
		u, err := url.Parse(w.Webhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(w.Webhook) > 2000 {
			return bad("webhook must be an http or https URL")
		}
	}
	return nil
}

// ShownWebhook is a webhook URL as listings show it: scheme and host only,
// since the path and query of a webhook are often its secret.
func ShownWebhook(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	s := u.Scheme + "://" + u.Host
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		s += "/…"
	}
	return s
}

// AddWatch stores a watch; it is evaluated from the next commit on.
func (s *DB) AddWatch(ctx context.Context, w Watch) (Watch, error) {
	if err := normalizeWatch(&w); err != nil {
		return Watch{}, err
	}
	if w.Kind == WatchVariant || w.Kind == WatchFigure {
		// A cluster id is a claim id: the watch follows that claim's
		// cluster through merges.
		if _, err := s.Cluster(ctx, w.Cluster); errors.Is(err, ErrNotFound) {
			return Watch{}, fmt.Errorf("%w: no cluster %q", ErrBadRequest, w.Cluster)
		} else if err != nil {
			return Watch{}, err
		}
	}
	w.CreatedAt = time.Now().UTC().Truncate(time.Second)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM watches`).Scan(&n); err != nil {
			return fmt.Errorf("store: count watches: %w", err)
		}
		if n >= maxWatches {
			return fmt.Errorf("%w: at most %d watches", ErrBadRequest, maxWatches)
		}
		var exists int
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM watches WHERE id = ?`), w.ID).Scan(&exists)
		if err == nil {
			return fmt.Errorf("%w: a watch %q exists", ErrBadRequest, w.ID)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: watch: %w", err)
		}
		_, err = tx.ExecContext(ctx, s.d.rebind(`INSERT INTO watches (id, kind, speaker, speaker_key, cluster_id, outlet, source_outlet, query, min_outlets, webhook, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			w.ID, w.Kind, w.Speaker, w.SpeakerKey, w.Cluster, w.Outlet, w.Source, w.Query, w.MinOutlets, w.Webhook, w.Note, w.CreatedAt.Format(timeLayout))
		if err != nil {
			return fmt.Errorf("store: add watch: %w", err)
		}
		return nil
	})
	if err != nil {
		return Watch{}, err
	}
	s.watchCache.invalidate()
	w.Webhook = ShownWebhook(w.Webhook)
	return w, nil
}

// RemoveWatch deletes a watch; its alerts stay listed (and pending ones
// are still delivered).
func (s *DB) RemoveWatch(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`DELETE FROM watches WHERE id = ?`), id)
	if err != nil {
		return s.classify(fmt.Errorf("store: remove watch: %w", err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: watch %q", ErrNotFound, id)
	}
	s.watchCache.invalidate()
	return nil
}

// Watches lists the watches, oldest first, webhooks shown without their path.
func (s *DB) Watches(ctx context.Context) (WatchList, error) {
	ws, err := s.loadWatches(ctx, s.db)
	if err != nil {
		return WatchList{}, s.classify(err)
	}
	for i := range ws {
		ws[i].Webhook = ShownWebhook(ws[i].Webhook)
	}
	if ws == nil {
		ws = []Watch{}
	}
	return WatchList{Watches: ws}, nil
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *DB) loadWatches(ctx context.Context, q queryer) ([]Watch, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, speaker, speaker_key, cluster_id, outlet, source_outlet, query, min_outlets, webhook, note, created_at
		FROM watches ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: watches: %w", err)
	}
	defer rows.Close()
	var out []Watch
	for rows.Next() {
		var w Watch
		var at string
		if err := rows.Scan(&w.ID, &w.Kind, &w.Speaker, &w.SpeakerKey, &w.Cluster, &w.Outlet, &w.Source, &w.Query, &w.MinOutlets, &w.Webhook, &w.Note, &at); err != nil {
			return nil, fmt.Errorf("store: watches: %w", err)
		}
		if t := parseTime(at); t != nil {
			w.CreatedAt = *t
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Alerts lists alerts, newest first.
func (s *DB) Alerts(ctx context.Context, q AlertQuery) (AlertPage, error) {
	var w where
	if q.Watch != "" {
		w.add(`watch_id = ?`, q.Watch)
	}
	if q.Kind != "" {
		w.add(`kind = ?`, q.Kind)
	}
	if q.Cursor != "" {
		var seq int64
		if err := decodeCursor(q.Cursor, &seq); err != nil {
			return AlertPage{}, err
		}
		w.add(`seq < ?`, seq)
	}
	limit := limitOf(q.Limit)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT seq, body, published, webhook_state, attempts, last_error FROM alerts`+w.sql()+
		fmt.Sprintf(` ORDER BY seq DESC LIMIT %d`, limit+1)), w.args...)
	if err != nil {
		return AlertPage{}, s.classify(fmt.Errorf("store: alerts: %w", err))
	}
	defer rows.Close()
	page := AlertPage{Alerts: []Alert{}}
	var last int64
	for rows.Next() {
		var seq int64
		var body string
		var pub int
		var d Delivery
		if err := rows.Scan(&seq, &body, &pub, &d.Webhook, &d.Attempts, &d.LastError); err != nil {
			return AlertPage{}, s.classify(fmt.Errorf("store: alerts: %w", err))
		}
		if len(page.Alerts) == limit {
			page.NextCursor = encodeCursor(last)
			break
		}
		var a Alert
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return AlertPage{}, fmt.Errorf("store: alert %d: %w", seq, err)
		}
		d.Published = pub != 0
		a.Delivery = &d
		page.Alerts = append(page.Alerts, a)
		last = seq
	}
	return page, s.classify(rows.Err())
}

// Unpublished implements Outbox.
func (s *DB) Unpublished(ctx context.Context, limit int) ([]PendingAlert, error) {
	return s.pending(ctx, `published = 0 ORDER BY seq`, limit)
}

// DueWebhooks implements Outbox.
func (s *DB) DueWebhooks(ctx context.Context, now time.Time, limit int) ([]PendingAlert, error) {
	return s.pending(ctx, `webhook_state = 'pending' AND next_attempt <= ? ORDER BY next_attempt, seq`, limit, now.UTC().Format(timeLayoutNano))
}

// timeLayoutNano orders as text and keeps sub-second retry delays.
const timeLayoutNano = "2006-01-02T15:04:05.000000Z"

func (s *DB) pending(ctx context.Context, cond string, limit int, args ...any) ([]PendingAlert, error) {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT seq, body, webhook, attempts, next_attempt FROM alerts WHERE `+cond+
		fmt.Sprintf(` LIMIT %d`, max(limit, 1))), args...)
	if err != nil {
		return nil, s.classify(fmt.Errorf("store: pending alerts: %w", err))
	}
	defer rows.Close()
	var out []PendingAlert
	for rows.Next() {
		var p PendingAlert
		var body, next string
		if err := rows.Scan(&p.Seq, &body, &p.Webhook, &p.Attempts, &next); err != nil {
			return nil, s.classify(fmt.Errorf("store: pending alerts: %w", err))
		}
		p.Body = []byte(body)
		if err := json.Unmarshal(p.Body, &p.Alert); err != nil {
			return nil, fmt.Errorf("store: alert %d: %w", p.Seq, err)
		}
		if t, err := time.Parse(timeLayoutNano, next); err == nil {
			p.NextAttempt = t
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
}

// MarkPublished implements Outbox.
func (s *DB) MarkPublished(ctx context.Context, seqs []int64) error {
	return s.classify(inIDs(s.d, seqs, func(ph string, args []any) error {
		_, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE alerts SET published = 1 WHERE seq IN (`+ph+`)`), args...)
		if err != nil {
			return fmt.Errorf("store: mark published: %w", err)
		}
		return nil
	}))
}

// ClaimWebhook implements Outbox: a compare-and-set on the next attempt's
// time, which every attempt moves.
func (s *DB) ClaimWebhook(ctx context.Context, a PendingAlert, lease time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE alerts SET next_attempt = ?, attempts = attempts + 1
		WHERE seq = ? AND webhook_state = 'pending' AND next_attempt = ?`),
		lease.UTC().Format(timeLayoutNano), a.Seq, a.NextAttempt.UTC().Format(timeLayoutNano))
	if err != nil {
		return false, s.classify(fmt.Errorf("store: claim webhook: %w", err))
	}
	n, err := res.RowsAffected()
	return n == 1, s.classify(err)
}

// WebhookResult implements Outbox.
func (s *DB) WebhookResult(ctx context.Context, seq int64, state string, next time.Time, errText string) error {
	if len(errText) > 500 {
		errText = strings.ToValidUTF8(errText[:500], "")
	}
	_, err := s.db.ExecContext(ctx, s.d.rebind(`UPDATE alerts SET webhook_state = ?, next_attempt = ?, last_error = ? WHERE seq = ?`),
		state, next.UTC().Format(timeLayoutNano), clean(errText), seq)
	if err != nil {
		return s.classify(fmt.Errorf("store: webhook result: %w", err))
	}
	return nil
}

// AlertsFired implements Outbox.
func (s *DB) AlertsFired() <-chan struct{} { return s.fired }

func (s *DB) wakeOutbox() {
	select {
	case s.fired <- struct{}{}:
	default:
	}
}

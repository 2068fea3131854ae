package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/redact"
	"github.com/claimwire/claimwire/services/fetcher/internal/feeds"
)

// FeedState is what the fetcher remembers about a feed across restarts
// (KV bucket feed_state), so that a restart neither refetches every feed
// in full nor forgets a feed's backoff.
type FeedState struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	NextPoll     time.Time `json:"next_poll"`
	LastPoll     time.Time `json:"last_poll,omitzero"`
	LastSuccess  time.Time `json:"last_success,omitzero"`
	Added        time.Time `json:"added"`
	// LastError is the result class of the last failed poll ("" after a success).
	LastError       string `json:"last_error,omitempty"`
	LastErrorDetail string `json:"last_error_detail,omitempty"`
	Failures        int    `json:"failures,omitempty"`
	Items           int    `json:"items,omitempty"` // items in the last document
	// The fetcher replica polling the feed now, until when (see lease).
	LeaseOwner string    `json:"lease_owner,omitempty"`
	LeaseUntil time.Time `json:"lease_until,omitzero"`
}

// seenEntry is the value of a seen-URL key.
type seenEntry struct {
	URL    string    `json:"url"`
	At     time.Time `json:"at"`
	Result string    `json:"result"`
}

// FeedKey is the KV key of a feed URL (KV keys allow few characters).
func FeedKey(feedURL string) string {
	h := sha256.Sum256([]byte(feedURL))
	return hex.EncodeToString(h[:])[:24]
}

// store is the fetcher's JetStream KV state.
type store struct {
	list  jetstream.KeyValue // feed URLs added at run time
	state jetstream.KeyValue // FeedState per feed
	seen  jetstream.KeyValue // canonical URLs fetched (TTL)
}

func kvConfig(t bus.Topology, name, desc string, ttl time.Duration) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket: t.Bucket(name), Description: desc, TTL: ttl, History: 1,
		Storage: jetstream.FileStorage, Replicas: max(t.Replicas, 1),
	}
}

// openKV opens a bucket, creating it if missing; an existing bucket is
// used as is (its TTL is not fought over by replicas with other flags).
func openKV(ctx context.Context, js jetstream.JetStream, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
	kv, err := js.KeyValue(ctx, cfg.Bucket)
	if err == nil {
		return kv, nil
	}
	if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("kv %s: %w", cfg.Bucket, err)
	}
	kv, err = js.CreateKeyValue(ctx, cfg)
	if errors.Is(err, jetstream.ErrBucketExists) {
		return js.KeyValue(ctx, cfg.Bucket)
	}
	if err != nil {
		return nil, fmt.Errorf("create kv %s: %w", cfg.Bucket, err)
	}
	return kv, nil
}

// FeedListBucket opens the KV bucket of run-time feeds (`claimwire feeds`).
func FeedListBucket(ctx context.Context, js jetstream.JetStream, t bus.Topology) (jetstream.KeyValue, error) {
	return openKV(ctx, js, kvConfig(t, contract.BucketFeeds, "feed URLs added with `claimwire feeds add`", 0))
}

func openStore(ctx context.Context, js jetstream.JetStream, t bus.Topology, seenTTL time.Duration) (*store, error) {
	list, err := FeedListBucket(ctx, js, t)
	if err != nil {
		return nil, err
	}
	state, err := openKV(ctx, js, kvConfig(t, contract.BucketFeedState, "fetcher state per feed: validators, next poll, last error", 0))
	if err != nil {
		return nil, err
	}
	seen, err := openKV(ctx, js, kvConfig(t, contract.BucketSeen, "canonical URLs already fetched", seenTTL))
	if err != nil {
		return nil, err
	}
	return &store{list: list, state: state, seen: seen}, nil
}

func (s *store) loadState(ctx context.Context, feedURL string) (*FeedState, error) {
	e, err := s.state.Get(ctx, FeedKey(feedURL))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var st FeedState
	if err := json.Unmarshal(e.Value(), &st); err != nil || st.URL != redact.URL(feedURL) {
		return nil, nil // unreadable or a hash collision: start afresh
	}
	st.URL = feedURL
	return &st, nil
}

// encodeState is st as stored: without the feed URL's password, which only
// the feed list (the fetcher's configuration) keeps.
func encodeState(st FeedState) []byte {
	st.URL = redact.URL(st.URL)
	st.LastErrorDetail = redact.Text(st.LastErrorDetail)
	b, _ := json.Marshal(st)
	return b
}

func (s *store) saveState(ctx context.Context, st FeedState) error {
	b := encodeState(st)
	if _, err := s.state.Put(ctx, FeedKey(st.URL), b); err != nil {
		return fmt.Errorf("save feed state %s: %w", st.URL, err)
	}
	return nil
}

// lease takes the right to poll a feed now for owner until the given time, so
// that fetcher replicas sharing the state bucket poll each feed once per
// interval between them. local is the caller's copy of the feed's state, used
// when the bucket has none yet. It returns the state to poll from (the
// bucket's: another replica may have polled since local was read) and
// whether the lease was taken; when not, the state says until when someone
// else polls or has polled it.
func (s *store) lease(ctx context.Context, local FeedState, owner string, until time.Time) (FeedState, bool, error) {
	key := FeedKey(local.URL)
	st, rev := local, uint64(0)
	e, err := s.state.Get(ctx, key)
	switch {
	case errors.Is(err, jetstream.ErrKeyNotFound):
	case err != nil:
		return local, false, fmt.Errorf("lease feed %s: %w", local.URL, err)
	default:
		rev = e.Revision()
		var stored FeedState
		if json.Unmarshal(e.Value(), &stored) == nil && stored.URL == redact.URL(local.URL) {
			st = stored
			st.URL = local.URL
		}
	}
	now := time.Now()
	if st.LeaseOwner != "" && st.LeaseOwner != owner && now.Before(st.LeaseUntil) {
		return st, false, nil // another replica is polling it
	}
	if now.Before(st.NextPoll) {
		return st, false, nil // another replica polled it since local was read
	}
	st.LeaseOwner, st.LeaseUntil = owner, until.UTC()
	b := encodeState(st)
	if rev == 0 {
		_, err = s.state.Create(ctx, key, b)
	} else {
		_, err = s.state.Update(ctx, key, b, rev)
	}
	if errors.Is(err, jetstream.ErrKeyExists) {
		// The entry changed between Get and the write: another replica
		// leased or saved it first. Let it poll; the state is read afresh
		// next time.
		st.NextPoll = now.Add(time.Second)
		return st, false, nil
	}
	if err != nil {
		return local, false, fmt.Errorf("lease feed %s: %w", local.URL, err)
	}
	return st, true, nil
}

func (s *store) isSeen(ctx context.Context, id string) (bool, error) {
	_, err := s.seen.Get(ctx, id)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return false, nil
	}
	return false, err
}

func (s *store) markSeen(ctx context.Context, id, canon, result string) error {
	b, _ := json.Marshal(seenEntry{URL: redact.URL(canon), At: time.Now().UTC(), Result: result})
	if _, err := s.seen.Put(ctx, id, b); err != nil {
		return fmt.Errorf("mark %s seen: %w", canon, err)
	}
	return nil
}

// AddFeed adds a feed URL to the run-time list in KV; a running fetcher
// picks it up within seconds.
func AddFeed(ctx context.Context, js jetstream.JetStream, t bus.Topology, feedURL string) error {
	if err := feeds.CheckURL(feedURL); err != nil {
		return err
	}
	kv, err := FeedListBucket(ctx, js, t)
	if err != nil {
		return err
	}
	if _, err := kv.Create(ctx, FeedKey(feedURL), []byte(feedURL)); errors.Is(err, jetstream.ErrKeyExists) {
		return fmt.Errorf("%w: %s", ErrFeedExists, redact.URL(feedURL))
	} else if err != nil {
		return fmt.Errorf("add feed %s: %w", redact.URL(feedURL), err)
	}
	return nil
}

// ErrFeedExists is returned by AddFeed for a feed already in the KV list.
var ErrFeedExists = errors.New("fetch: feed already in the list")

// ErrUnknownFeed is returned by RemoveFeed for a feed not in the KV list.
var ErrUnknownFeed = errors.New("fetch: feed not in the list")

// RemoveFeed removes a feed URL from the run-time list (feeds from the
// --feeds file stay until removed from the file).
func RemoveFeed(ctx context.Context, js jetstream.JetStream, t bus.Topology, feedURL string) error {
	kv, err := FeedListBucket(ctx, js, t)
	if err != nil {
		return err
	}
	k := FeedKey(feedURL)
	if _, err := kv.Get(ctx, k); errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("%w: %s", ErrUnknownFeed, redact.URL(feedURL))
	}
	if err := kv.Delete(ctx, k); err != nil {
		return fmt.Errorf("remove feed %s: %w", redact.URL(feedURL), err)
	}
	// Its poll state goes too, so that the feed leaves 'feeds ls'. (A feed
	// also in a --feeds file is still polled, and its state saved again.)
	stateKV, err := openKV(ctx, js, kvConfig(t, contract.BucketFeedState, "fetcher state per feed: validators, next poll, last error", 0))
	if err != nil {
		return err
	}
	if err := stateKV.Delete(ctx, k); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("remove feed %s: state: %w", redact.URL(feedURL), err)
	}
	return nil
}

// FeedInfo is a listed feed with its state, if it has been polled.
type FeedInfo struct {
	URL   string     `json:"url"`   // without its password, if it has one
	InKV  bool       `json:"in_kv"` // in the run-time list (else only known from state: a --feeds file entry)
	State *FeedState `json:"state,omitempty"`
}

// ListFeeds lists the run-time feeds and every feed the fetcher has state
// for (file feeds included), sorted by URL.
func ListFeeds(ctx context.Context, js jetstream.JetStream, t bus.Topology) ([]FeedInfo, error) {
	kv, err := FeedListBucket(ctx, js, t)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*FeedInfo{}
	if err := eachValue(ctx, kv, func(k string, v []byte) {
		byKey[k] = &FeedInfo{URL: redact.URL(string(v)), InKV: true}
	}); err != nil {
		return nil, err
	}
	stateKV, err := openKV(ctx, js, kvConfig(t, contract.BucketFeedState, "fetcher state per feed: validators, next poll, last error", 0))
	if err != nil {
		return nil, err
	}
	if err := eachValue(ctx, stateKV, func(k string, v []byte) {
		var st FeedState
		if json.Unmarshal(v, &st) != nil || st.URL == "" {
			return
		}
		fi := byKey[k]
		if fi == nil {
			fi = &FeedInfo{URL: redact.URL(st.URL)}
			byKey[k] = fi
		}
		fi.State = &st
	}); err != nil {
		return nil, err
	}
	out := make([]FeedInfo, 0, len(byKey))
	for _, fi := range byKey {
		out = append(out, *fi)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out, nil
}

// eachValue calls fn with every current key and value of kv.
func eachValue(ctx context.Context, kv jetstream.KeyValue, fn func(key string, value []byte)) error {
	w, err := kv.WatchAll(ctx, jetstream.IgnoreDeletes())
	if err != nil {
		return fmt.Errorf("list %s: %w", kv.Bucket(), err)
	}
	defer w.Stop()
	for {
		select {
		case e, ok := <-w.Updates():
			if !ok || e == nil {
				return nil // nil marks the end of the current values
			}
			fn(e.Key(), e.Value())
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

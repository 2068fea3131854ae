package index

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/redact"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/indexer/internal/alerts"
)

// Config of the indexer service.
type Config struct {
	Consumer service.ConsumerFlags
	// DSN selects the store: a file path or sqlite:PATH for SQLite,
	// postgres://… for PostgreSQL.
	DSN string
	// Alerts configures the delivery of the watches' alerts.
	Alerts alerts.Config
}

// DefaultWorkers is how many ClaimSets the indexer's consumer handles at
// once: many in flight so that the store can group-commit them, as the cost
// per ClaimSet falls with the batch size (one commit, and on SQLite index
// pages shared by the batch); a worker waiting for its batch to commit
// costs a goroutine. Twice the store's largest group commit (256): the
// writer begins its next batch as soon as it has answered the last, before
// those callers are back with their next ClaimSet, so a batch holds the
// workers that were not in the one before it. With 256 workers the batches
// of a backlogged writer alternated around half of them (115–128 on
// average over 20,000 articles); with 512 they are full (222 on average),
// and each article costs the SQLite writer a sixth fewer write calls at
// 18,000–20,000 articles (116 instead of 141).
const DefaultWorkers = 512

// RegisterFlags defines the indexer's flags.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	c.Consumer.RegisterFlags(fs, DefaultWorkers)
	config.String(fs, &c.DSN, "db", "sqlite:claimwire.db", "index store: sqlite:PATH or postgres://user@host/db")
	c.Alerts.RegisterFlags(fs)
}

// Run opens the store, serves the API and UI on env.Mux, consumes CLAIMS
// into the store and delivers the alerts its watches fire, until ctx is done.
func Run(ctx context.Context, cfg Config, env *service.Env) error {
	st, err := OpenStore(ctx, cfg.DSN)
	if err != nil {
		return fmt.Errorf("open store %s: %w", redact.URL(cfg.DSN), redact.Error(err))
	}
	defer st.Close()
	env.Mux.Handle("/", NewHandler(st, env.Log))
	// The outbox outlives the consumer's drain: alerts committed by the
	// last batches are still published before the store closes.
	octx, stop := context.WithCancel(context.WithoutCancel(ctx))
	ob := alerts.New(cfg.Alerts, st, env.JS, env.Topology, env.Registry, env.Log)
	done := make(chan struct{})
	go func() { ob.Run(octx); close(done) }()
	err = Consume(ctx, cfg, env, st)
	flush, cancel := context.WithTimeout(octx, 5*time.Second)
	if _, ferr := ob.PublishPending(flush); ferr != nil {
		env.Log.Warn("alerts: publish at shutdown (delivered at the next start)", "err", ferr)
	}
	cancel()
	stop()
	<-done
	return err
}

// Consume runs the CLAIMS consumer into st (the store stays the caller's).
func Consume(ctx context.Context, cfg Config, env *service.Env, st Store) error {
	applied := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "claimwire_indexer_claimsets_total",
		Help: "ClaimSets the indexer stored (applied) or ignored because a newer extractor version is stored (stale).",
	}, []string{"result"})
	replayed := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "claimwire_indexer_replay_claimsets_total",
		Help: "ClaimSets sent by a replay (claimwire replay) whose changes the indexer recorded (applied), or that it ignored because a newer extractor version is stored (stale).",
	}, []string{"result"})
	env.Registry.MustRegister(applied, replayed)
	for _, r := range []string{"applied", "stale"} {
		replayed.WithLabelValues(r) // zeros, not gaps
	}
	counts := newCounts(st)
	env.Registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "claimwire_indexer_articles", Help: "Articles in the index."}, func() float64 { a, _ := counts.get(); return a }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "claimwire_indexer_claims", Help: "Current claims in the index."}, func() float64 { _, c := counts.get(); return c }),
	)
	c := cfg.Consumer.Consumer(env, contract.StageIndexer, contract.StreamClaims, func(ctx context.Context, m jetstream.Msg) ([]bus.Output, error) {
		var cs contract.ClaimSet
		if err := bus.Decode(m.Data(), &cs); err != nil {
			return nil, err
		}
		// Apply commits before it returns; the runner acks after that.
		replay := ""
		if h := m.Headers(); h != nil {
			replay = h.Get(contract.HeaderReplay)
		}
		if replay != "" && !ReplayIDPattern.MatchString(replay) {
			env.Log.Warn("indexer: replay id refused; applying without a report", "replay", replay, "article", cs.Article.ID)
			replay = ""
		}
		var ok bool
		var err error
		if replay != "" {
			ok, err = st.ApplyReplay(ctx, replay, cs)
		} else {
			ok, err = st.Apply(ctx, cs)
		}
		if errors.Is(err, ErrInvalid) {
			return nil, bus.Permanent(bus.ReasonInvalid, err)
		} else if err != nil {
			return nil, fmt.Errorf("apply %s: %w", cs.Article.ID, err)
		}
		result := "stale"
		if ok {
			result = "applied"
		}
		applied.WithLabelValues(result).Inc()
		if replay != "" {
			replayed.WithLabelValues(result).Inc()
		}
		return nil, nil
	})
	return c.Run(ctx)
}

// counts caches Store.Counts for the gauges: a scrape must not run two
// COUNT(*) queries on a large index.
type counts struct {
	mu       sync.Mutex
	st       Store
	at       time.Time
	art, clm float64
}

func newCounts(st Store) *counts { return &counts{st: st} }

func (c *counts) get() (float64, float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.at) > 10*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if a, n, err := c.st.Counts(ctx); err == nil {
			c.art, c.clm, c.at = float64(a), float64(n), time.Now()
		}
	}
	return c.art, c.clm
}

// Stage is the indexer service as the harness runs it: its binary and the
// tests that run it as a process use this one definition.
func Stage() service.Stage {
	var cfg Config
	return service.Stage{
		Name: contract.StageIndexer, HTTPAddr: ":8080", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error { return Run(ctx, cfg, env) },
	}
}

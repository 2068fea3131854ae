package extract

import (
	"context"
	"encoding/json"
	"flag"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/metrics"
	"github.com/claimwire/claimwire/pkg/service"
)

// Config of the extractor service.
type Config struct {
	Consumer service.ConsumerFlags
}

// RegisterFlags defines the extractor's flags.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	c.Consumer.RegisterFlags(fs, 2)
}

// yield counts articles and claims per outlet: a drop in claims per article
// for one outlet usually means the site changed its template.
type yield struct {
	outlets  metrics.LabelSet
	articles *prometheus.CounterVec
	claims   *prometheus.CounterVec
}

func newYield(reg prometheus.Registerer) *yield {
	y := &yield{
		outlets: metrics.LabelSet{Limit: 500},
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_extractor_articles_total",
			Help: "Articles the extractor processed, by outlet (at most 500 outlets, the rest as \"other\").",
		}, []string{"outlet"}),
		claims: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_extractor_claims_total",
			Help: "Claims the extractor found, by outlet and kind.",
		}, []string{"outlet", "kind"}),
	}
	reg.MustRegister(y.articles, y.claims)
	return y
}

func (y *yield) observe(cs contract.ClaimSet) {
	outlet := y.outlets.Value(cs.Article.Outlet)
	y.articles.WithLabelValues(outlet).Inc()
	for _, k := range []string{contract.KindQuote, contract.KindReported, contract.KindStatistic} {
		y.claims.WithLabelValues(outlet, k) // zeros, not gaps
	}
	for _, c := range cs.Claims {
		y.claims.WithLabelValues(outlet, c.Kind).Inc()
	}
}

// Run consumes ARTICLES, extracts claims and publishes each ClaimSet to
// CLAIMS, until ctx is done.
func Run(ctx context.Context, cfg Config, env *service.Env) error {
	y := newYield(env.Registry)
	c := cfg.Consumer.Consumer(env, contract.StageExtractor, contract.StreamArticles, func(ctx context.Context, m jetstream.Msg) ([]bus.Output, error) {
		cs, out, err := Process(ctx, env, m.Data())
		if err == nil {
			y.observe(cs)
		}
		return out, err
	})
	return c.Run(ctx)
}

// Process extracts one ARTICLES message into the ClaimSet and the CLAIMS
// message that carries it (published by the caller); replay uses it too.
func Process(ctx context.Context, env *service.Env, data []byte) (contract.ClaimSet, []bus.Output, error) {
	var a contract.Article
	if err := bus.Decode(data, &a); err != nil {
		return contract.ClaimSet{}, nil, err
	}
	cs := Extract(a)
	out, err := json.Marshal(cs)
	if err != nil {
		return cs, nil, bus.Permanent(bus.ReasonInvalid, err)
	}
	id := contract.MsgID("claims", a.ID, Version+":"+contract.ContentHash([]byte(a.Text)))
	return cs, []bus.Output{{Subject: env.Topology.Subject(contract.SubjectClaims), Data: out, MsgID: id}}, nil
}

// Stage is the extractor service as the harness runs it: its binary and the
// tests that run it as a process use this one definition.
func Stage() service.Stage {
	var cfg Config
	return service.Stage{
		Name: contract.StageExtractor, HTTPAddr: ":9103", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error { return Run(ctx, cfg, env) },
	}
}

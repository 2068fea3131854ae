package clean

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
)

// Config of the cleaner service.
type Config struct {
	Consumer service.ConsumerFlags
}

// RegisterFlags defines the cleaner's flags.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	c.Consumer.RegisterFlags(fs, 2)
}

// Run consumes PAGES, cleans each page and publishes the Article to
// ARTICLES, until ctx is done.
func Run(ctx context.Context, cfg Config, env *service.Env) error {
	c := cfg.Consumer.Consumer(env, contract.StageCleaner, contract.StreamPages, func(ctx context.Context, m jetstream.Msg) ([]bus.Output, error) {
		_, out, err := Process(ctx, env, m.Data())
		return out, err
	})
	return c.Run(ctx)
}

// Process cleans one PAGES message into the Article and the ARTICLES
// message that carries it (published by the caller); replay uses it too.
func Process(ctx context.Context, env *service.Env, data []byte) (contract.Article, []bus.Output, error) {
	var p contract.Page
	if err := bus.Decode(data, &p); err != nil {
		return contract.Article{}, nil, err
	}
	body, err := bus.PageBody(ctx, env.JS, env.Topology, &p)
	if errors.Is(err, bus.ErrPageBody) {
		return contract.Article{}, nil, bus.Permanent(bus.ReasonInvalid, err)
	} else if err != nil {
		return contract.Article{}, nil, err
	}
	art, err := Page(Input{Body: body, ContentType: p.ContentType, URL: p.URL, ID: p.ID, Item: p.Item, FetchedAt: p.FetchedAt})
	if err != nil {
		// Cleaning is a pure function of the page: retrying cannot help.
		// The error says "clean: …"; say which page ("" URL: a local file).
		name := p.URL
		if name == "" {
			name = "article " + p.ID
		}
		reason := bus.ReasonInvalid
		if errors.Is(err, ErrNotText) {
			reason = bus.ReasonUnsupported
		}
		return contract.Article{}, nil, bus.Permanent(reason, fmt.Errorf("page %s: %w", name, err))
	}
	if max := env.Topology.MaxArticleText(); len(art.Text) > max {
		// The ClaimSet carries the text and the claims' sentences: a text
		// over this would make the extractor's message too large.
		return contract.Article{}, nil, bus.Permanent(bus.ReasonTooLarge,
			fmt.Errorf("page %s: article text of %d bytes is over the %d the pipeline carries", p.URL, len(art.Text), max))
	}
	out, err := json.Marshal(art)
	if err != nil {
		return contract.Article{}, nil, bus.Permanent(bus.ReasonInvalid, err)
	}
	// Same page cleaned by the same version → same id → stored once.
	id := contract.MsgID("article", art.ID, Version+":"+contract.ContentHash([]byte(art.Text)))
	return art, []bus.Output{{Subject: env.Topology.Subject(contract.SubjectArticles), Data: out, MsgID: id}}, nil
}

// Stage is the cleaner service as the harness runs it: its binary and the
// tests that run it as a process use this one definition.
func Stage() service.Stage {
	var cfg Config
	return service.Stage{
		Name: contract.StageCleaner, HTTPAddr: ":9102", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error { return Run(ctx, cfg, env) },
	}
}

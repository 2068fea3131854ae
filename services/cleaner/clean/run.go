package clean

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/internal/furniture"
)

// Config of the cleaner service.
type Config struct {
	Consumer service.ConsumerFlags
	// NoFurniture turns off learning each host's furniture.
	NoFurniture bool
	Furniture   furniture.Config
}

// RegisterFlags defines the cleaner's flags.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	c.Consumer.RegisterFlags(fs, 2)
	d := furniture.DefaultConfig()
	config.Bool(fs, &c.NoFurniture, "no-furniture", false, "do not learn or remove lines repeated across a host's pages")
	config.Int(fs, &c.Furniture.MinPages, "furniture-min-pages", d.MinPages, "distinct pages of a host a line must be seen on to be removed as the host's furniture")
	config.Duration(fs, &c.Furniture.TTL, "furniture-ttl", d.TTL, "time after which a host's line not seen again is forgotten")
	c.Furniture.MaxWords, c.Furniture.MaxLines, c.Furniture.MaxPages = d.MaxWords, d.MaxLines, d.MaxPages
}

// Run consumes PAGES, cleans each page and publishes the Article to
// ARTICLES, until ctx is done.
func Run(ctx context.Context, cfg Config, env *service.Env) error {
	furnitureStates.Store(env, &furnitureState{cfg: cfg.Furniture, off: cfg.NoFurniture})
	defer furnitureStates.Delete(env)
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
	if err := removeFurniture(ctx, env, &art); err != nil {
		return contract.Article{}, nil, err
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

// furnitureStates holds each environment's furniture store, opened on
// first use: Process (the service and `claimwire replay --stage cleaner`)
// has only the environment to go by.
var furnitureStates sync.Map // *service.Env → *furnitureState

type furnitureState struct {
	cfg   furniture.Config
	off   bool
	mu    sync.Mutex
	store *furniture.Store
}

func furnitureFor(ctx context.Context, env *service.Env) (*furniture.Store, error) {
	v, _ := furnitureStates.LoadOrStore(env, &furnitureState{cfg: furniture.DefaultConfig()})
	st := v.(*furnitureState)
	if st.off || env.JS == nil {
		return nil, nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.store == nil {
		bc := furniture.BucketConfig(env.Topology.Bucket(contract.BucketFurniture), env.Topology.Replicas, st.cfg)
		s, err := furniture.Open(ctx, env.JS, bc, st.cfg)
		if err != nil {
			return nil, err
		}
		st.store = s
	}
	return st.store, nil
}

// removeFurniture drops from the article the blocks its host repeats on
// other pages, and counts this page's blocks towards the host's record.
// A KV failure is transient (the message is retried): cleaning the page
// without its host's record would publish another text for it.
func removeFurniture(ctx context.Context, env *service.Env, art *contract.Article) error {
	store, err := furnitureFor(ctx, env)
	if err != nil || store == nil {
		return err
	}
	u, err := url.Parse(art.URL)
	if err != nil || u.Hostname() == "" {
		return nil
	}
	r, err := store.Clean(ctx, u.Hostname(), art.ID, strings.Split(art.Text, "\n\n"))
	if err != nil {
		return err
	}
	if r.Removed > 0 {
		art.Text = strings.Join(r.Blocks, "\n\n")
		if env.Log != nil {
			env.Log.Debug("host furniture removed", "url", art.URL, "blocks", r.Removed)
		}
	}
	return nil
}

package main

import (
	"context"
	"flag"
	"sync"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

// upFetch runs the fetcher service inside `claimwire up`, with its own flags.
type upFetch struct{ stage service.Stage }

func (u *upFetch) register(fs *flag.FlagSet) {
	u.stage = fetch.Stage()
	u.stage.Flags(fs)
}

func (u *upFetch) run(ctx context.Context, env *service.Env) error {
	if u.stage.Run == nil { // no flags registered (in-process callers): defaults
		u.register(flag.NewFlagSet("up", flag.ContinueOnError))
	}
	return u.stage.Run(ctx, env)
}

// fetchFlags give `claimwire ingest URL` the fetcher's safe client and limits.
type fetchFlags struct {
	cfg  fetch.Config
	once sync.Once
	f    *fetch.Fetcher
	err  error
}

// pageFetchFlags are the fetcher flags that matter for fetching single
// pages; feed-polling flags would only confuse `ingest --help`.
var pageFetchFlags = []string{"allow-net", "allow-port", "user-agent", "rate", "max-page-bytes", "request-timeout", "robots-ttl"}

func (f *fetchFlags) register(fs *flag.FlagSet) {
	all := flag.NewFlagSet("fetch", flag.ContinueOnError)
	f.cfg.RegisterFlags(all)
	for _, name := range pageFetchFlags {
		if fl := all.Lookup(name); fl != nil {
			fs.Var(fl.Value, fl.Name, fl.Usage)
		}
	}
}

func (f *fetchFlags) fetch(ctx context.Context, url string) (contract.Page, []byte, error) {
	f.once.Do(func() {
		if f.err = f.cfg.Validate(); f.err == nil {
			f.f, f.err = fetch.NewFetcher(f.cfg)
		}
	})
	if f.err != nil {
		return contract.Page{}, nil, f.err
	}
	return f.f.FetchPage(ctx, url)
}

// canonical is the article URL as the fetcher would store it; a URL that
// does not parse is kept as given.
func canonical(u string) string {
	if u == "" {
		return ""
	}
	if c, err := fetch.CanonicalURL(u); err == nil {
		return c
	}
	return u
}

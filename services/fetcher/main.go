// Command fetcher is the claimwire fetcher service: feeds → pages → PAGES.
package main

import (
	"context"

	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

func main() {
	var cfg fetch.Config
	service.Main(service.Stage{
		Name: "fetcher", HTTPAddr: ":9101", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error {
			cfg.Topology, cfg.Registry, cfg.Log = env.Topology, env.Registry, env.Log
			return fetch.Run(ctx, cfg, env.NC, env.JS)
		},
	})
}

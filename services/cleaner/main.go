// Command cleaner is the claimwire cleaner service: PAGES → ARTICLES.
package main

import (
	"context"

	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
)

func main() {
	var cfg clean.Config
	service.Main(service.Stage{
		Name: "cleaner", HTTPAddr: ":9102", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error { return clean.Run(ctx, cfg, env) },
	})
}

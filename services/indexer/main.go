// Command indexer is the claimwire indexer service: CLAIMS → store, plus the
// search API and web UI.
package main

import (
	"context"

	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func main() {
	var cfg index.Config
	service.Main(service.Stage{
		Name: "indexer", HTTPAddr: ":8080", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error { return index.Run(ctx, cfg, env) },
	})
}

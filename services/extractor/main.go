// Command extractor is the claimwire extractor service: ARTICLES → CLAIMS.
package main

import (
	"context"

	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func main() {
	var cfg extract.Config
	service.Main(service.Stage{
		Name: "extractor", HTTPAddr: ":9103", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error { return extract.Run(ctx, cfg, env) },
	})
}

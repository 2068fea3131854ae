package fetch

import (
	"context"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
)

// Stage is the fetcher service as the harness runs it: its binary and
// `claimwire up` use this one definition.
func Stage() service.Stage {
	var cfg Config
	return service.Stage{
		Name: contract.StageFetcher, HTTPAddr: ":9101", Flags: cfg.RegisterFlags,
		Run: func(ctx context.Context, env *service.Env) error {
			if err := cfg.Validate(); err != nil {
				return err
			}
			cfg.Topology, cfg.Registry, cfg.Log = env.Topology, env.Registry, env.Log
			return Run(ctx, cfg, env.NC, env.JS)
		},
	}
}

// Command indexer is the claimwire indexer service: CLAIMS → store, plus the
// search API and web UI.
package main

import (
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func main() { service.Main(index.Stage()) }

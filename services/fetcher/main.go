// Command fetcher is the claimwire fetcher service: feeds → pages → PAGES.
package main

import (
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

func main() { service.Main(fetch.Stage()) }

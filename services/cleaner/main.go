// Command cleaner is the claimwire cleaner service: PAGES → ARTICLES.
package main

import (
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
)

func main() { service.Main(clean.Stage()) }

// Command extractor is the claimwire extractor service: ARTICLES → CLAIMS.
package main

import (
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func main() { service.Main(extract.Stage()) }

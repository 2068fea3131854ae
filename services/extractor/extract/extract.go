// Package extract finds claims in an Article.
package extract

import "github.com/claimwire/claimwire/pkg/contract"

// Version is stamped on every ClaimSet; bump it when output changes.
const Version = "0.0.1"

// Extract returns the article's claims. PLACEHOLDER until the extractor lands.
func Extract(a contract.Article) contract.ClaimSet {
	return contract.ClaimSet{Schema: contract.Schema, Article: a, Claims: []contract.Claim{}, ExtractorVersion: Version}
}

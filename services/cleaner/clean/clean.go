// Package clean turns a fetched page (HTML or plain text) into an Article.
package clean

import (
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Version is stamped on every Article; bump it when output changes.
const Version = "0.0.1"

// Input is one page to clean.
type Input struct {
	Body        []byte // raw page bytes, any charset
	ContentType string // from HTTP; empty means sniff
	URL         string // canonical URL, may be empty
	ID          string // article id; computed from URL/body when empty
	Item        *contract.FeedItem
	FetchedAt   time.Time
}

// Page cleans one page. PLACEHOLDER until the cleaner lands: passes text through.
func Page(in Input) (contract.Article, error) {
	id := in.ID
	if id == "" {
		id = contract.ArticleID(in.URL, in.Body)
	}
	return contract.Article{Schema: contract.Schema, ID: id, URL: in.URL, Text: string(in.Body), Lang: "en", CleanerVersion: Version}, nil
}

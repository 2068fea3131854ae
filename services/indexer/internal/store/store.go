// Package store keeps the indexer's articles, claims and clusters in a SQL
// database (SQLite or PostgreSQL, see the sqlite and postgres packages) and
// answers the API's queries. Both backends share this code; a Dialect holds
// the few statements that differ (migrations, full-text search, locking).
package store

import (
	"context"
	"errors"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Errors. ErrInvalid is permanent (the ClaimSet can never be stored: dead-
// letter it); ErrTransient marks failures worth retrying (a busy database, a
// serialization conflict, a lost connection). An error that is neither is
// unexpected: retry it, and let MaxDeliver bound the retries.
var (
	ErrInvalid    = errors.New("store: invalid claim set")
	ErrTransient  = errors.New("store: transient failure")
	ErrNotFound   = errors.New("store: not found")
	ErrBadRequest = errors.New("store: bad query")
)

// Store is the indexer's storage.
type Store interface {
	// Apply upserts one ClaimSet keyed by Article.ID in one transaction,
	// committed before it returns: a newer ExtractorVersion replaces that
	// article's claims, an equal one replaces them idempotently, an older one
	// is ignored (applied=false). Clusters are updated in the same transaction.
	Apply(ctx context.Context, cs contract.ClaimSet) (applied bool, err error)
	// ApplyReplay is Apply for a claim set a replay sent: it also records,
	// under the replay's id, what the set changed against the version it
	// replaces (or that it was ignored as stale). A set applied twice under
	// one replay keeps its first record.
	ApplyReplay(ctx context.Context, replay string, cs contract.ClaimSet) (applied bool, err error)
	// Replays lists replay reports, newest first; Replay is one report with
	// a page of its changed articles; ReplayArticle is one article's two
	// versions side by side.
	Replays(ctx context.Context, q ReplayListQuery) (ReplayList, error)
	Replay(ctx context.Context, q ReplayQuery) (ReplayReport, error)
	ReplayArticle(ctx context.Context, replay, articleID string) (ReplayArticleView, error)
	// DeleteReplay removes a replay's report (not the claims it indexed).
	DeleteReplay(ctx context.Context, id string) error
	Counts(ctx context.Context) (articles, claims int, err error)
	Claims(ctx context.Context, q ClaimQuery) (ClaimPage, error)
	Clusters(ctx context.Context, q ClusterQuery) (ClusterPage, error)
	Cluster(ctx context.Context, id string) (Cluster, error)
	Article(ctx context.Context, id string) (ArticleView, error)
	Speakers(ctx context.Context, q SpeakerQuery) (SpeakerPage, error)
	// Speaker is one speaker (by stored key, after the alias table) with
	// where and when they were quoted.
	Speaker(ctx context.Context, key string) (SpeakerDetail, error)
	Outlets(ctx context.Context, q OutletQuery) (OutletPage, error)
	// The speaker alias table: analysts' corrections of the extractor's
	// speaker keys, applied when reading (so replays keep them).
	Aliases(ctx context.Context) (AliasList, error)
	MergeSpeakers(ctx context.Context, m Merge) (Alias, error)
	SplitSpeaker(ctx context.Context, sp Split) ([]Alias, error)
	RemoveAlias(ctx context.Context, key, articleID, by string) error
	// Watches and their alerts (watch.go, fire.go).
	AddWatch(ctx context.Context, w Watch) (Watch, error)
	RemoveWatch(ctx context.Context, id string) error
	Watches(ctx context.Context) (WatchList, error)
	Alerts(ctx context.Context, q AlertQuery) (AlertPage, error)
	Outbox
	Ping(ctx context.Context) error
	Close() error
}

// Page limits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// ClaimQuery filters /api/claims. Empty fields do not filter.
type ClaimQuery struct {
	Q       string // full-text search over claim text and speaker, spellings folded as speaker keys are
	Speaker string // a name, a key or a surname; matched by speaker key after the alias table
	// SpeakerKey selects one stored speaker key (after the alias table), no
	// surname matching: a speaker's own page.
	SpeakerKey string
	Outlet     string // "Dawn", "dawn.com" and "www.dawn.com" are one outlet
	Kind       string
	Since      *time.Time // article published at or after
	Until      *time.Time // article published before
	Cluster    string
	Limit      int
	Cursor     string
}

// Cluster orders.
const (
	SortOutlets   = "outlets"    // most outlets first (default)
	SortNewest    = "newest"     // most recently first seen first
	SortFirstSeen = "first_seen" // oldest first
)

// ClusterQuery filters /api/clusters. Outlet, Speaker, Q, Since and Until
// select clusters with at least one member that matches.
type ClusterQuery struct {
	MinOutlets int
	Speaker    string
	Outlet     string
	Q          string
	Kind       string
	Since      *time.Time
	Until      *time.Time
	Sort       string
	Limit      int
	Cursor     string
}

// SpeakerQuery pages /api/speakers.
type SpeakerQuery struct {
	Q      string // substring of the name, or of its key
	Limit  int
	Cursor string
}

// OutletQuery pages /api/outlets.
type OutletQuery struct {
	Q      string // substring of the outlet
	Limit  int
	Cursor string
}

// ClaimView is a stored claim with where it was published.
type ClaimView struct {
	contract.Claim
	ArticleID string     `json:"article_id"`
	URL       string     `json:"url"`
	Outlet    string     `json:"outlet"`
	Title     string     `json:"title"`
	Published *time.Time `json:"published"`
	ClusterID string     `json:"cluster_id"`

	seq int64 // insertion order: the sort and cursor key
}

// ClaimPage is one page of claims.
type ClaimPage struct {
	Claims     []ClaimView `json:"claims"`
	Total      int         `json:"total"`       // matches of the query, all pages, up to MaxTotal
	TotalExact bool        `json:"total_exact"` // false: more than MaxTotal match
	NextCursor *string     `json:"next_cursor"`
}

// Member is one claim of a cluster.
type Member struct {
	ClaimID string `json:"claim_id"`
	// Unit is the sentence of the claim this member is (1-based), when the
	// claim holds several assertions and is grouped by them: Text is then
	// that sentence. 0 (omitted): the member is the whole claim.
	Unit      int               `json:"unit,omitempty"`
	ArticleID string            `json:"article_id"`
	URL       string            `json:"url"`
	Outlet    string            `json:"outlet"`
	Title     string            `json:"title"`
	Published *time.Time        `json:"published"`
	Text      string            `json:"text"`
	Variant   bool              `json:"variant"`
	Speaker   *contract.Speaker `json:"speaker"`
	Numbers   []contract.Number `json:"numbers,omitempty"`
	Cites     string            `json:"cites,omitempty"` // the source this outlet cites for the claim
	// Syndicated: the member's article is a wire copy, its body nearly the
	// same as an earlier article of another outlet (CopyOf, of CopyOfOutlet).
	Syndicated   bool       `json:"syndicated"`
	CopyOf       string     `json:"copy_of,omitempty"`
	CopyOfOutlet string     `json:"copy_of_outlet,omitempty"`
	Diff         []group.Op `json:"diff,omitempty"` // only on /api/clusters/{id}, for variants
}

// Citation records that an outlet attributed the claim to a source.
type Citation struct {
	Outlet string `json:"outlet"`
	Source string `json:"source"`
}

// Cluster is one underlying quote or claim reported by one or more articles.
type Cluster struct {
	ID      string            `json:"id"`
	Kind    string            `json:"kind"`
	Speaker *contract.Speaker `json:"speaker"`
	Text    string            `json:"text"`
	Outlets []string          `json:"outlets"`
	// NOutlets counts independent reports: each outlet once, each article
	// without an outlet as its own source, and the wire copies of one
	// article as that article's one report. NSyndicated counts the outlets
	// that only printed such a copy.
	NOutlets    int        `json:"n_outlets"`
	NSyndicated int        `json:"n_syndicated"`
	Articles    int        `json:"articles"`
	FirstSeen   *time.Time `json:"first_seen"`
	LastSeen    *time.Time `json:"last_seen"` // filled with the members
	Citations   []Citation `json:"citations"`
	Members     []Member   `json:"members"`
}

// ClusterPage is one page of clusters.
type ClusterPage struct {
	Clusters   []Cluster `json:"clusters"`
	Total      int       `json:"total"`
	TotalExact bool      `json:"total_exact"`
	NextCursor *string   `json:"next_cursor"`
}

// ArticleView is an article with its claims.
type ArticleView struct {
	contract.Article
	ExtractorVersion string      `json:"extractor_version"`
	Claims           []ClaimView `json:"claims"`
}

// Speaker is a speaker with counts.
type Speaker struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Claims   int    `json:"claims"`
	Articles int    `json:"articles"`
	Clusters int    `json:"clusters"`
}

// SpeakerPage is one page of speakers.
type SpeakerPage struct {
	Speakers   []Speaker `json:"speakers"`
	Total      int       `json:"total"`
	NextCursor *string   `json:"next_cursor"`
}

package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/claimwire/claimwire/services/indexer/internal/api"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/postgres"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/ui"
)

// Store is the indexer's storage (SQLite or PostgreSQL, same behaviour).
type Store = store.Store

// Errors of Store. ErrInvalid is permanent: dead-letter the ClaimSet.
// ErrTransient (and any other error) is worth a retry.
var (
	ErrInvalid   = store.ErrInvalid
	ErrTransient = store.ErrTransient
	ErrNotFound  = store.ErrNotFound
)

// Replay reports (see store.ReplayReport).
type (
	Replay            = store.Replay
	ReplayList        = store.ReplayList
	ReplayReport      = store.ReplayReport
	ReplayArticle     = store.ReplayArticle
	ReplayArticleView = store.ReplayArticleView
	ArticleChange     = store.ArticleChange
)

// ReplayIDPattern is what a replay id may be.
var ReplayIDPattern = store.ReplayIDPattern

// IsPermanent reports whether retrying err can never succeed.
func IsPermanent(err error) bool { return errors.Is(err, store.ErrInvalid) }

// OpenStore opens and migrates the store named by dsn: "postgres://…" or
// "postgresql://…" is PostgreSQL; "sqlite:PATH" or a bare file path is SQLite.
func OpenStore(ctx context.Context, dsn string) (Store, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqlite.Open(ctx, strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//"))
	case dsn == "":
		return nil, fmt.Errorf("index: empty store dsn")
	}
	return sqlite.Open(ctx, dsn)
}

// NewHandler serves the JSON API under /api/ and the web UI at /.
func NewHandler(s Store, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(s, log))
	mux.Handle("/", ui.New(s, log))
	return mux
}

// Package ui serves the indexer's web pages.
package ui

import (
	"log/slog"
	"net/http"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// New returns the UI handler.
func New(s store.Store, log *slog.Logger) http.Handler {
	return http.NotFoundHandler()
}

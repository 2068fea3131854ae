package store

import (
	"database/sql"
	"fmt"

	"github.com/claimwire/claimwire/services/indexer/internal/fingerprint"
)

// Wire copies: an article whose body is near-identical to an article of
// another outlet stored before it is a copy of that article's report (an
// agency story printed under another masthead), not a report of its own.

// maxPrintMatches bounds the stored articles a new one is compared with, so
// that marking costs the same however many articles are stored.
const maxPrintMatches = 50

// markSyndication stores the print of article id (outlet, body text) and
// marks it as a copy of the stored article of another outlet whose body it
// most nearly repeats; a copy of a copy points at the first article.
func (s *DB) markSyndication(q txq, id, outlet, text string) error {
	if err := q.exec(`DELETE FROM article_prints WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("syndication: %w", err)
	}
	p := fingerprint.Of(text)
	from := ""
	if bands := p.Bands(); len(bands) > 0 {
		args := []any{id}
		ph := ""
		for i, b := range bands {
			if i > 0 {
				ph += ","
			}
			ph += "?"
			args = append(args, b)
		}
		best := 0.0
		// Articles without an outlet (local files) are each their own source.
		// The copy's source is the candidate's own source when it is a copy.
		err := q.scanAll(`SELECT DISTINCT a.id, a.outlet, a.fingerprint, a.syndicated_from, COALESCE(r.outlet, '') FROM article_prints b
			JOIN articles a ON a.id = b.article_id LEFT JOIN articles r ON r.id = a.syndicated_from AND a.syndicated_from <> ''
			WHERE a.id <> ? AND b.band IN (`+ph+`) ORDER BY a.id LIMIT `+fmt.Sprint(maxPrintMatches), args, func(r *sql.Rows) error {
			var cid, cout, cfp, cfrom, rout string
			if err := r.Scan(&cid, &cout, &cfp, &cfrom, &rout); err != nil {
				return err
			}
			root := cid
			if cfrom != "" {
				root, cout = cfrom, rout
			}
			if outlet != "" && cout == outlet {
				return nil // an outlet reprinting its own story is still one outlet
			}
			if root == id {
				return nil // a copy of this article, stored when it was: not its source
			}
			if sim := p.Similarity(fingerprint.Parse(cfp)); sim >= fingerprint.Near && sim > best {
				best, from = sim, root
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("syndication: %w", err)
		}
		rows := make([][]any, len(bands))
		for i, b := range bands {
			rows[i] = []any{b, id}
		}
		if err := q.insertRows(`INSERT INTO article_prints (band, article_id) VALUES `, ` ON CONFLICT DO NOTHING`, rows, nil); err != nil {
			return fmt.Errorf("syndication: %w", err)
		}
	}
	if err := q.exec(`UPDATE articles SET fingerprint = ?, syndicated_from = ? WHERE id = ?`, p.String(), from, id); err != nil {
		return fmt.Errorf("syndication: %w", err)
	}
	return nil
}

package store

import (
	"database/sql"
	"fmt"
	"sort"

	"github.com/claimwire/claimwire/services/indexer/internal/fingerprint"
)

// Wire copies: an article whose body is near-identical to an article of
// another outlet stored before it is a copy of that article's report (an
// agency story printed under another masthead), not a report of its own.

// maxPrintMatches bounds the stored articles a new one is compared with, so
// that marking costs the same however many articles are stored.
const maxPrintMatches = 50

// maxPerBand bounds the articles read under one band: a band shared by very
// many bodies (a site's boilerplate, a template) would otherwise make every
// lookup read them all. A true copy shares most bands, so it is still among
// the candidates through its rarer ones.
const maxPerBand = 64

// printsPerBand reads the articles under one band.
var printsPerBand = `SELECT article_id FROM article_prints WHERE band = ? ORDER BY article_id LIMIT ` + fmt.Sprint(maxPerBand)

// printCandidates returns the stored articles (not id) sharing the most of
// bands, at most maxPrintMatches, most shared first, then by id.
func printCandidates(q txq, id string, bands []string) ([]string, error) {
	shared := map[string]int{}
	var a string
	err := q.perKey(printsPerBand, bands, []any{&a}, func(int) {
		if a != id {
			shared[a]++
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(shared))
	for a := range shared {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if shared[out[i]] != shared[out[j]] {
			return shared[out[i]] > shared[out[j]]
		}
		return out[i] < out[j]
	})
	return out[:min(len(out), maxPrintMatches)], nil
}

// markSyndication stores the print p of article id (outlet, body text) and
// marks it as a copy of the stored article of another outlet whose body it
// most nearly repeats; a copy of a copy points at the first article.
func (s *DB) markSyndication(q txq, id, outlet string, p fingerprint.Print) error {
	if err := s.deletePrints(q, id); err != nil {
		return fmt.Errorf("syndication: %w", err)
	}
	from := ""
	if bands := p.Bands(); len(bands) > 0 {
		cands, err := printCandidates(q, id, bands)
		if err != nil {
			return fmt.Errorf("syndication: %w", err)
		}
		best := 0.0
		// Articles without an outlet (local files) are each their own source.
		// The copy's source is the candidate's own source when it is a copy.
		err = inIDs(s.d, cands, func(ph string, args []any) error {
			return q.scanAll(`SELECT a.id, a.outlet, a.fingerprint, a.syndicated_from, COALESCE(r.outlet, '') FROM articles a
			LEFT JOIN articles r ON r.id = a.syndicated_from AND a.syndicated_from <> ''
			WHERE a.id IN (`+ph+`) ORDER BY a.id`, args, func(r *sql.Rows) error {
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

// deletePrints removes the prints stored for article id, found under the
// bands of the print its row still holds (a print's rows are written with
// the row's fingerprint, which the article's upsert leaves as it was):
// through the primary key, so that no index by article is needed, which
// every print row of every new article paid an insert for (sixteen per
// article) to serve this delete, run only when an article is applied again.
func (s *DB) deletePrints(q txq, id string) error {
	var fp string
	if err := q.scanAll(`SELECT fingerprint FROM articles WHERE id = ?`, []any{id}, func(r *sql.Rows) error {
		return r.Scan(&fp)
	}); err != nil {
		return err
	}
	return inIDs(s.d, fingerprint.Parse(fp).Bands(), func(ph string, args []any) error {
		return q.exec(`DELETE FROM article_prints WHERE article_id = ? AND band IN (`+ph+`)`, append([]any{id}, args...)...)
	})
}

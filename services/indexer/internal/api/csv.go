package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// CSV export of the list endpoints (format=csv): one row per item, the
// columns an analyst sorts and filters in a spreadsheet. The next page's
// cursor travels in the X-Next-Cursor header.

func writeCSV(w http.ResponseWriter, name string, rows [][]string, next *string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="claimwire-`+name+`.csv"`)
	if next != nil {
		w.Header().Set("X-Next-Cursor", *next)
	}
	cw := csv.NewWriter(w)
	for _, r := range rows {
		for i, f := range r {
			r[i] = defuse(f)
		}
		cw.Write(r)
	}
	cw.Flush()
}

// defuse keeps a spreadsheet from running a cell that starts like a
// formula: quoted text from the news is untrusted input.
func defuse(f string) string {
	if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
		return "'" + f
	}
	return f
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func claimsCSV(cs []store.ClaimView) [][]string {
	rows := [][]string{{"id", "kind", "text", "speaker", "speaker_key", "speaker_type", "cue", "via", "outlet", "published", "url", "title", "article_id", "cluster_id", "group", "rule", "confidence"}}
	for _, c := range cs {
		var name, key, typ string
		if c.Speaker != nil {
			name, key, typ = c.Speaker.Name, c.Speaker.Key, c.Speaker.Type
		}
		rows = append(rows, []string{c.ID, c.Kind, c.Text, name, key, typ, c.Cue, c.Via, c.Outlet, day(c.Published), c.URL, c.Title,
			c.ArticleID, c.ClusterID, c.Group, c.Rule, strconv.FormatFloat(c.Confidence, 'f', -1, 64)})
	}
	return rows
}

func clustersCSV(cs []store.Cluster) [][]string {
	rows := [][]string{{"id", "kind", "text", "speaker", "speaker_key", "outlets", "n_outlets", "articles", "first_seen", "last_seen", "variants"}}
	for _, c := range cs {
		var name, key string
		if c.Speaker != nil {
			name, key = c.Speaker.Name, c.Speaker.Key
		}
		variants := 0
		for _, m := range c.Members {
			if m.Variant {
				variants++
			}
		}
		rows = append(rows, []string{c.ID, c.Kind, c.Text, name, key, strings.Join(c.Outlets, " "), strconv.Itoa(c.NOutlets),
			strconv.Itoa(c.Articles), day(c.FirstSeen), day(c.LastSeen), strconv.Itoa(variants)})
	}
	return rows
}

func speakersCSV(ss []store.Speaker) [][]string {
	rows := [][]string{{"key", "name", "type", "claims", "articles", "clusters"}}
	for _, s := range ss {
		rows = append(rows, []string{s.Key, s.Name, s.Type, strconv.Itoa(s.Claims), strconv.Itoa(s.Articles), strconv.Itoa(s.Clusters)})
	}
	return rows
}

func outletsCSV(os []store.Outlet) [][]string {
	rows := [][]string{{"outlet", "articles", "claims", "clusters", "first_seen", "last_seen"}}
	for _, o := range os {
		rows = append(rows, []string{o.Outlet, strconv.Itoa(o.Articles), strconv.Itoa(o.Claims), strconv.Itoa(o.Clusters), day(o.FirstSeen), day(o.LastSeen)})
	}
	return rows
}

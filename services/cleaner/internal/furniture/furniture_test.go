package furniture

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/natstest"
)

func open(t *testing.T, cfg Config) *Store {
	t.Helper()
	srv := natstest.Run(t)
	_, js := natstest.Connect(t, srv.ClientURL())
	s, err := Open(context.Background(), js, BucketConfig("furniture_test", 1, cfg), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"www.Example.com.": "example.com", "news.example.co.uk": "news.example.co.uk",
		"": "", "ünï.example": "_n_.example", "..": "",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBounds: a host's record keeps at most MaxLines lines (the ones seen
// on most pages win), forgets lines not seen within the TTL, and a page
// whose blocks would be mostly removed keeps them all.
func TestBounds(t *testing.T) {
	ctx := context.Background()
	s := open(t, Config{MinPages: 2, MaxLines: 3, MaxPages: 4, TTL: time.Hour})
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	long := "A paragraph of the story itself, different on every page of the site, long enough to outweigh the line around it: "
	for i := range 4 {
		blocks := []string{"Shared footer line", fmt.Sprintf("%s page %d.", long, i), fmt.Sprintf("Unique line %d", i)}
		if _, err := s.Clean(ctx, "site.example", fmt.Sprint("p", i), blocks); err != nil {
			t.Fatal(err)
		}
	}
	rec, _, err := s.get(ctx, Key("site.example"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Lines) > 3 || len(rec.Pages) > 4 {
		t.Fatalf("record not bounded: %d lines, %d pages", len(rec.Lines), len(rec.Pages))
	}
	if l := rec.Lines[s.hash("Shared footer line")]; l == nil || l.N != 4 {
		t.Fatalf("the shared line was evicted or miscounted: %+v", l)
	}
	// Mostly furniture: nothing is removed.
	r, err := s.Clean(ctx, "site.example", "p9", []string{"Shared footer line", "Short."})
	if err != nil || r.Removed != 0 {
		t.Fatalf("page of furniture emptied: %+v %v", r, err)
	}
	r, err = s.Clean(ctx, "site.example", "p10", []string{long, "Shared footer line"})
	if err != nil || r.Removed != 1 || len(r.Blocks) != 1 {
		t.Fatalf("furniture not removed: %+v %v", r, err)
	}
	// Two hours on, the old lines are forgotten when the host is next updated.
	now = now.Add(2 * time.Hour)
	if _, err := s.Clean(ctx, "site.example", "p11", []string{long + " again"}); err != nil {
		t.Fatal(err)
	}
	rec, _, _ = s.get(ctx, Key("site.example"))
	if rec.Lines[s.hash("Shared footer line")] != nil {
		t.Fatal("a line not seen within the TTL was kept")
	}
}

func TestHashSkipsLongBlocks(t *testing.T) {
	s := New(nil, Config{MaxWords: 5})
	if s.hash("one two three four five six") != "" || s.hash("one two three") == "" || s.hash("— ·") != "" {
		t.Fatal("hash: long blocks and blocks without words are not learnable")
	}
	if s.hash("Read MORE, here!") != s.hash("read more here") {
		t.Fatal("hash must fold case and punctuation")
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"www.example.com", "", "a..b", "\xff\xfe", "ü.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		k := Key(host)
		for _, r := range k {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
				t.Fatalf("Key(%q) = %q has %q", host, k, r)
			}
		}
	})
}

// BenchmarkCleanOneHost: pages of one busy host, each with its template
// lines and a few lines of its own — the worst case, every page updating
// the same key.
func BenchmarkCleanOneHost(b *testing.B) {
	srv := natstest.Run(b)
	_, js := natstest.Connect(b, srv.ClientURL())
	ctx := context.Background()
	s, err := Open(ctx, js, BucketConfig("furniture_bench", 1, Config{}), Config{})
	if err != nil {
		b.Fatal(err)
	}
	template := []string{"Sign in to the Quay Courier", "Most read this week", "Listen to the morning briefing"}
	i := 0
	for b.Loop() {
		blocks := append([]string{}, template...)
		for k := range 20 {
			blocks = append(blocks, fmt.Sprintf("Line %d of page %d, which no other page has", k, i))
		}
		if _, err := s.Clean(ctx, "quay-courier.example", fmt.Sprint("page", i), blocks); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// TestReplicasShareWhatTheyLearn: two cleaners on one bucket each keep the
// record they decoded; a page one of them counts moves the record's
// revision, so the other reads the new record and not its own old copy.
func TestReplicasShareWhatTheyLearn(t *testing.T) {
	cfg := Config{MinPages: 3}
	srv := natstest.Run(t)
	_, js := natstest.Connect(t, srv.ClientURL())
	var rs [2]*Store
	for i := range rs {
		s, err := Open(context.Background(), js, BucketConfig("furniture_replicas", 1, cfg), cfg)
		if err != nil {
			t.Fatal(err)
		}
		rs[i] = s
	}
	ctx := context.Background()
	promo := "Sign up for the morning harbour bulletin"
	for i := range 4 {
		// Alternating replicas: each page's count must build on the other's.
		story := fmt.Sprintf("The ferry to the outer island ran %d minutes late on a windy morning.", i+10)
		res, err := rs[i%2].Clean(ctx, "harbour-news.example", fmt.Sprintf("page-%d", i), []string{story, promo})
		if err != nil {
			t.Fatal(err)
		}
		if want := i >= 3; (res.Removed == 1) != want {
			t.Fatalf("page %d: removed %d; want the promo removed from the 4th page on (seen on 3 pages)", i, res.Removed)
		}
	}
}

// TestRecordJSON: the hand-written encoding reads back as the record.
func TestRecordJSON(t *testing.T) {
	for _, rec := range []*record{
		{},
		{Pages: []string{"p1", "odd \"page\" id\n\u00e9"}, Lines: map[string]*line{"k3x": {N: 3, Seen: 1700000000}, "q\\": {N: 1, Seen: -5}}},
	} {
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var back record
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(&back, rec) {
			t.Fatalf("%s read back as %+v; want %+v", b, back, *rec)
		}
	}
}

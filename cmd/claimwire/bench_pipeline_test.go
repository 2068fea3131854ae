package main

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A page dead-lettered on its way is never indexed; the benchmark must say
// so and stop, not wait for it forever.
func TestBenchPipelineStopsOnDeadLetters(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole pipeline")
	}
	binary := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range binary {
		binary[i] = byte(r.UintN(256))
	}
	load := func(i int) (string, string, []byte) {
		url, ct, body := generatedLoad(i)
		if i%2 == 1 {
			return url, "text/html", binary
		}
		return url, ct, body
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	_, err := benchPipeline(ctx, dir, "sqlite:"+filepath.Join(dir, "index.db"), 6, 2, 0, load)
	if err == nil {
		t.Fatal("benchPipeline succeeded with three binary pages in six")
	}
	if ctx.Err() != nil {
		t.Fatalf("benchPipeline waited until the test's deadline: %v", err)
	}
	t.Log(err)
	for _, want := range []string{"3 of 6 articles indexed", "3 dead-lettered", "cleaner: unsupported"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

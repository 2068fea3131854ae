package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
)

// deleteReplay forgets a replay: its durable consumer, when an interrupted
// run left one (it can no longer be resumed), and its report in the index.
// The claims it indexed stay: they are the index's current version. The
// consumer goes first, so a report is never deleted while the run it
// reports on could still be resumed into a fresh, partial one.
func deleteReplay(ctx context.Context, c connFlags, api, id string) error {
	nc, js, topo, err := c.connect(ctx, "replay-delete")
	if err != nil {
		return err
	}
	defer nc.Close()
	var removed []string
	for _, stage := range []string{contract.StageExtractor, contract.StageCleaner} {
		stream, _, _ := stageReplay(stage)
		name := topo.Stream(stream)
		err := js.DeleteConsumer(ctx, name, replayDurable(id))
		switch {
		case err == nil:
			removed = append(removed, "its unfinished "+stage+" run on "+name)
		case !errors.Is(err, jetstream.ErrConsumerNotFound) && !errors.Is(err, jetstream.ErrStreamNotFound):
			return fmt.Errorf("replay %s: delete consumer on %s: %w", id, name, err)
		}
	}
	switch err := deleteAPI(ctx, strings.TrimRight(api, "/")+"/api/replays/"+url.PathEscape(id)); {
	case err == nil:
		removed = append(removed, "its report")
	case isStatus(err, http.StatusNotFound):
	default:
		return fmt.Errorf("replay %s: delete report: %w", id, err)
	}
	if len(removed) == 0 {
		return fmt.Errorf("no replay %s: neither a report at %s nor an unfinished run (list them at %s/api/replays)", id, api, strings.TrimRight(api, "/"))
	}
	fmt.Fprintf(os.Stderr, "replay %s: removed %s\n", id, strings.Join(removed, " and "))
	return nil
}

func deleteAPI(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return unwrapURLError(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return &apiStatusError{status: resp.StatusCode, body: strings.TrimSpace(string(body))}
	}
	return nil
}

func isStatus(err error, status int) bool {
	var se *apiStatusError
	return errors.As(err, &se) && se.status == status
}

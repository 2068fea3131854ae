package httpx

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serveOn starts h on ip (any 127.x address works on Linux), so that one
// test server can be allow-listed and another on 127.0.0.1 not.
func serveOn(t *testing.T, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	return s
}

var allowGood = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}

func TestGet(t *testing.T) {
	var targetHits atomic.Int64
	target := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		targetHits.Add(1)
		fmt.Fprint(w, "<p>secret</p>")
	}))
	bomb := gzipBomb(t, 50<<20)
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<p>hello</p>")
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for range 100 {
			if _, err := w.Write([]byte("<p>x</p>")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	mux.HandleFunc("/slowheaders", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop2", http.StatusFound)
	})
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-loopback", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/", http.StatusFound)
	})
	mux.HandleFunc("/to-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", http.StatusBadGateway)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	good := serveOn(t, "127.0.0.2", mux)

	c := New(Config{AllowNets: allowGood, HeaderTimeout: time.Second, TotalTimeout: 1500 * time.Millisecond})
	for _, tc := range []struct {
		name       string
		req        Request
		wantErr    error
		wantResult string
		check      func(t *testing.T, r *Response)
	}{
		{name: "ok", req: Request{URL: good.URL + "/page", MaxBytes: 1 << 20}, wantResult: ResultOK,
			check: func(t *testing.T, r *Response) {
				if string(r.Body) != "<p>hello</p>" || r.ETag != `"v1"` || r.Status != 200 {
					t.Fatalf("got %+v", r)
				}
			}},
		{name: "conditional 304 has no body", req: Request{URL: good.URL + "/page", ETag: `"v1"`}, wantResult: ResultOK,
			check: func(t *testing.T, r *Response) {
				if !r.NotModified || len(r.Body) != 0 {
					t.Fatalf("want 304 without body, got %+v", r)
				}
			}},
		{name: "gzip bomb stopped at cap", req: Request{URL: good.URL + "/bomb", MaxBytes: 1 << 20}, wantErr: ErrTooLarge, wantResult: ResultTooLarge},
		{name: "slow drip times out", req: Request{URL: good.URL + "/drip"}, wantErr: context.DeadlineExceeded, wantResult: ResultTimeout},
		{name: "slow headers time out", req: Request{URL: good.URL + "/slowheaders"}, wantResult: ResultTimeout},
		{name: "redirect loop", req: Request{URL: good.URL + "/loop"}, wantErr: ErrTooManyRedirects, wantResult: ResultOther},
		{name: "redirect to loopback refused", req: Request{URL: good.URL + "/to-loopback"}, wantErr: ErrBlocked, wantResult: ResultSSRFBlocked},
		{name: "redirect to metadata refused", req: Request{URL: good.URL + "/to-metadata"}, wantErr: ErrBlocked, wantResult: ResultSSRFBlocked},
		{name: "redirect to file refused", req: Request{URL: good.URL + "/to-file"}, wantErr: ErrScheme, wantResult: ResultOther},
		{name: "direct loopback refused", req: Request{URL: target.URL + "/"}, wantErr: ErrBlocked, wantResult: ResultSSRFBlocked},
		{name: "localhost name refused", req: Request{URL: strings.Replace(target.URL, "127.0.0.1", "localhost", 1) + "/"}, wantErr: ErrBlocked, wantResult: ResultSSRFBlocked},
		{name: "metadata refused", req: Request{URL: "http://169.254.169.254/latest/meta-data/"}, wantErr: ErrBlocked, wantResult: ResultSSRFBlocked},
		{name: "private refused", req: Request{URL: "http://10.1.2.3/"}, wantErr: ErrBlocked, wantResult: ResultSSRFBlocked},
		{name: "scheme", req: Request{URL: "ftp://127.0.0.2/"}, wantErr: ErrScheme, wantResult: ResultOther},
		{name: "bad type", req: Request{URL: good.URL + "/pdf", AcceptType: IsPageType}, wantErr: ErrBadType, wantResult: ResultBadType},
		{name: "429 with retry-after", req: Request{URL: good.URL + "/busy"}, wantErr: ErrUnexpectedStatus, wantResult: ResultHTTP4xx,
			check: nil},
		{name: "5xx", req: Request{URL: good.URL + "/broken"}, wantErr: ErrUnexpectedStatus, wantResult: ResultHTTP5xx},
		{name: "4xx", req: Request{URL: good.URL + "/gone"}, wantErr: ErrUnexpectedStatus, wantResult: ResultHTTP4xx},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := c.Get(context.Background(), tc.req)
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && tc.wantResult == ResultOK && err != nil {
				t.Fatalf("err = %v", err)
			}
			if got := Classify(err); got != tc.wantResult {
				t.Fatalf("Classify(%v) = %s, want %s", err, got, tc.wantResult)
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
	if n := targetHits.Load(); n != 0 {
		t.Fatalf("blocked target was hit %d times", n)
	}

	t.Run("retry-after carried", func(t *testing.T) {
		_, err := c.Get(context.Background(), Request{URL: good.URL + "/busy"})
		var se *StatusError
		if !errors.As(err, &se) || se.RetryAfter != 120*time.Second || !Transient(err) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("loopback allowed when listed", func(t *testing.T) {
		open := New(Config{AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		r, err := open.Get(context.Background(), Request{URL: target.URL + "/"})
		if err != nil || !bytes.Contains(r.Body, []byte("secret")) {
			t.Fatalf("allow-listed loopback: %v", err)
		}
	})
}

// gzipBomb compresses n zero bytes: tiny on the wire, huge decompressed.
func gzipBomb(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	chunk := make([]byte, 1<<20)
	for range n / len(chunk) {
		zw.Write(chunk)
	}
	zw.Close()
	return buf.Bytes()
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{"-5", 0},
		{"Thu, 01 Jan 2026 12:02:00 GMT", 2 * time.Minute},
		{"Thu, 01 Jan 2026 11:00:00 GMT", 0},
		{"9999999", 24 * time.Hour},
		{"soon", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := RetryAfter(tc.in, now); got != tc.want {
				t.Fatalf("RetryAfter(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

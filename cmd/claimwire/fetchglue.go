package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"sync"
	"syscall"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

// upFetch runs the fetcher service inside `claimwire up`, with its own flags.
type upFetch struct{ st service.Stage }

func (u *upFetch) register(fs *flag.FlagSet) {
	u.st = fetch.Stage()
	u.st.Flags(fs)
}

// stage is the fetcher stage with the flags given to 'up' (the defaults if
// none were registered: in-process callers).
func (u *upFetch) stage() service.Stage {
	if u.st.Run == nil {
		u.register(flag.NewFlagSet("up", flag.ContinueOnError))
	}
	return u.st
}

// fetchFlags give `claimwire ingest URL` the fetcher's safe client and limits.
type fetchFlags struct {
	cfg  fetch.Config
	once sync.Once
	f    *fetch.Fetcher
	err  error
}

// pageFetchFlags are the fetcher flags that matter for fetching single
// pages; feed-polling flags would only confuse `ingest --help`.
var pageFetchFlags = []string{"allow-net", "allow-port", "user-agent", "rate", "max-page-bytes", "request-timeout", "robots-ttl"}

func (f *fetchFlags) register(fs *flag.FlagSet) {
	all := flag.NewFlagSet("fetch", flag.ContinueOnError)
	f.cfg.RegisterFlags(all)
	for _, name := range pageFetchFlags {
		if fl := all.Lookup(name); fl != nil {
			fs.Var(fl.Value, fl.Name, fl.Usage)
		}
	}
}

func (f *fetchFlags) fetch(ctx context.Context, url string) (contract.Page, []byte, error) {
	f.once.Do(func() {
		if f.err = f.cfg.Validate(); f.err == nil {
			f.f, f.err = fetch.NewFetcher(f.cfg)
		}
	})
	if f.err != nil {
		return contract.Page{}, nil, f.err
	}
	return f.f.FetchPage(ctx, url)
}

// canonical is the article URL as the fetcher would store it; a URL that
// does not parse is kept as given.
func canonical(u string) string {
	if u == "" {
		return ""
	}
	if c, err := fetch.CanonicalURL(u); err == nil {
		return c
	}
	return u
}

// fetchProblem says what went wrong fetching a URL, with what to do about
// it where there is something to do.
func fetchProblem(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, fetch.ErrBlocked):
		return "refused by the fetcher's SSRF guard: " + blockedWhy(err.Error())
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fmt.Sprintf("host not found: %s (no DNS record)", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: nothing listens at that address and port (" + err.Error() + ")"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timed out (raise --request-timeout for a slow site): " + err.Error()
	}
	return err.Error()
}

// The SSRF guard refuses a dial: the error text names the address dialled
// ("dial tcp 127.0.0.1:8080: …") and what the guard objected to (the port,
// or the address and the network it falls in).
var (
	dialAddr   = regexp.MustCompile(`dial tcp[46]? (\S+): `)
	deniedPort = regexp.MustCompile(`prohibited port number: (\d+)`)
	deniedBy   = regexp.MustCompile(`\(denied by: ([^)\s]+)\)`)
)

// blockedWhy explains a refusal of the SSRF guard from its error text and
// names the flag that allows the destination: --allow-net for an address
// that is not public (inside it any port is allowed), --allow-port for a
// public address on a port other than 80 and 443.
func blockedWhy(msg string) string {
	what, flag := blocked(msg)
	return fmt.Sprintf("%s; pass %s to fetch from it", what, flag)
}

// blocked returns what the guard refused ("127.0.0.1 is a loopback
// address") and the flag that allows it ("--allow-net 127.0.0.0/8").
func blocked(msg string) (what, flag string) {
	var addr netip.AddrPort
	if m := dialAddr.FindStringSubmatch(msg); m != nil {
		addr, _ = netip.ParseAddrPort(m[1])
	}
	ip := addr.Addr().Unmap()
	kind, network := addressKind(ip)
	if m := deniedBy.FindStringSubmatch(msg); m != nil {
		network = m[1]
	}
	switch {
	case ip.IsValid() && kind != "":
		return fmt.Sprintf("%s is %s address", ip, kind), "--allow-net " + network
	case deniedPort.MatchString(msg):
		port := deniedPort.FindStringSubmatch(msg)[1]
		return fmt.Sprintf("port %s is neither 80 nor 443", port), "--allow-port " + port
	case ip.IsValid():
		return fmt.Sprintf("%s is not a public address", ip), "--allow-net " + netip.PrefixFrom(ip, ip.BitLen()).String()
	}
	return msg, "--allow-net NETWORK"
}

// addressKind names a non-public address's kind and the network to allow
// for it; "" for a public address.
func addressKind(ip netip.Addr) (kind, network string) {
	nets := []struct{ kind, prefix string }{
		{"a loopback", "127.0.0.0/8"}, {"a loopback", "::1/128"},
		{"a private", "10.0.0.0/8"}, {"a private", "172.16.0.0/12"}, {"a private", "192.168.0.0/16"}, {"a private", "fc00::/7"},
		{"a link-local", "169.254.0.0/16"}, {"a link-local", "fe80::/10"},
		{"a shared (carrier-grade NAT)", "100.64.0.0/10"}, {"an unspecified", "0.0.0.0/8"},
	}
	for _, n := range nets {
		if p := netip.MustParsePrefix(n.prefix); ip.IsValid() && p.Contains(ip) {
			return n.kind, n.prefix
		}
	}
	return "", ""
}

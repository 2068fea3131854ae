// Package netguard is the SSRF guard every outbound HTTP client of claimwire
// dials through: the fetcher fetching what feeds hand it, and the indexer
// POSTing alerts to webhooks that users name. It refuses loopback, private,
// link-local and other non-public addresses, and ports other than 80 and 443,
// at dial time (so on every redirect hop and after DNS), unless the operator
// allow-lists a network (--allow-net 127.0.0.0/8 for tests and local demos).
package netguard

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"syscall"

	"code.dny.dev/ssrf"
)

// ErrBlocked is a destination the guard refuses.
var ErrBlocked = errors.New("netguard: destination not allowed")

// Control returns a net.Dialer Control hook that refuses what the guard
// refuses. Inside allow any port is allowed; on public addresses only 80,
// 443 and ports.
func Control(allow []netip.Prefix, ports []uint16) func(network, address string, _ syscall.RawConn) error {
	guard := ssrf.New(ssrf.WithPorts(append([]uint16{80, 443}, ports...)...))
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrBlocked, address, err)
		}
		ip := ap.Addr().Unmap()
		for _, p := range allow {
			if p.Contains(ip) {
				return nil
			}
		}
		if err := guard.SafeAddrPort(netip.AddrPortFrom(ip, ap.Port())); err != nil {
			return fmt.Errorf("%w: %v", ErrBlocked, err)
		}
		return nil
	}
}

// ParseNet parses a CIDR prefix or a single address (as a /32 or /128).
func ParseNet(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("allow-net %q: want a network like 127.0.0.0/8 or an address", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// NetList is a flag.Value: a repeatable, comma-separated list of networks.
type NetList struct{ P *[]netip.Prefix }

func (n *NetList) String() string {
	if n == nil || n.P == nil {
		return ""
	}
	s := make([]string, len(*n.P))
	for i, p := range *n.P {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// Set adds the networks in v.
func (n *NetList) Set(v string) error {
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := ParseNet(part)
		if err != nil {
			return err
		}
		*n.P = append(*n.P, p)
	}
	return nil
}

// PortList is a flag.Value: a repeatable, comma-separated list of TCP ports.
type PortList struct{ P *[]uint16 }

func (l *PortList) String() string {
	if l == nil || l.P == nil {
		return ""
	}
	s := make([]string, len(*l.P))
	for i, p := range *l.P {
		s[i] = strconv.Itoa(int(p))
	}
	return strings.Join(s, ",")
}

// Set adds the ports in v.
func (l *PortList) Set(v string) error {
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.ParseUint(part, 10, 16)
		if err != nil || n == 0 {
			return fmt.Errorf("allow-port %q: want a port number 1-65535", part)
		}
		*l.P = append(*l.P, uint16(n))
	}
	return nil
}

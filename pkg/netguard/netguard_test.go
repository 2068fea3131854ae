package netguard

import (
	"errors"
	"net/netip"
	"testing"
)

func TestControl(t *testing.T) {
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	tests := []struct {
		name    string
		allow   []netip.Prefix
		ports   []uint16
		address string
		blocked bool
	}{
		{"loopback refused", nil, nil, "127.0.0.1:8080", true},
		{"loopback allowed on any port", allow, nil, "127.0.0.1:8080", false},
		{"private refused", allow, nil, "10.1.2.3:443", true},
		{"link-local refused", nil, nil, "169.254.169.254:80", true},
		{"public on 443", nil, nil, "93.184.215.14:443", false},
		{"public on another port", nil, nil, "93.184.215.14:8443", true},
		{"public on an allowed port", nil, []uint16{8443}, "93.184.215.14:8443", false},
		{"mapped loopback refused", nil, nil, "[::ffff:127.0.0.1]:80", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Control(tc.allow, tc.ports)("tcp", tc.address, nil)
			if got := errors.Is(err, ErrBlocked); got != tc.blocked {
				t.Fatalf("blocked = %v (%v), want %v", got, err, tc.blocked)
			}
		})
	}
}

func TestNetList(t *testing.T) {
	var got []netip.Prefix
	l := &NetList{P: &got}
	if err := l.Set("127.0.0.0/8, 10.0.0.5"); err != nil {
		t.Fatal(err)
	}
	if l.String() != "127.0.0.0/8,10.0.0.5/32" {
		t.Fatalf("got %s", l.String())
	}
	if err := l.Set("not-a-net"); err == nil {
		t.Fatal("accepted a bad network")
	}
}

// Package urlnorm turns the many spellings of one article URL into one
// canonical form, so that the same story linked from two feeds (or with
// different campaign tags) is fetched and stored once.
package urlnorm

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"sort"
	"strings"
)

// Errors of Canonical.
var (
	ErrInvalid = errors.New("urlnorm: invalid URL")
	ErrScheme  = errors.New("urlnorm: scheme is not http or https")
)

// trackingParams are query parameters that identify a campaign, a click or
// a referrer, never the page: dropping them folds share links onto the
// article's own URL. Exact names, compared case-insensitively.
var trackingParams = map[string]bool{
	// Ad-network click ids (Google, Microsoft, Facebook, Yandex, TikTok, Twitter).
	"gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "gclsrc": true,
	"msclkid": true, "fbclid": true, "yclid": true, "ttclid": true, "twclid": true,
	// Mailchimp and other newsletter tools tag every link per recipient.
	"mc_cid": true, "mc_eid": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
	// Analytics cross-domain and social share tags.
	"_ga": true, "_gl": true, "igshid": true, "ref_src": true, "ref_url": true,
	// Publisher syndication/campaign tags seen on news feeds (Microsoft Start,
	// Adobe, Piano, BBC/Guardian/Reuters feed links).
	"ocid": true, "cmpid": true, "at_medium": true, "at_campaign": true,
	"at_custom1": true, "at_custom2": true, "at_custom3": true, "at_custom4": true,
	"ito": true, "ncid": true, "sr_share": true,
}

// trackingPrefixes are families of tracking parameters named by prefix.
var trackingPrefixes = []string{
	"utm_", // Google Analytics campaign tags: utm_source, utm_medium, …
	"pk_",  // Matomo/Piwik campaign tags
	"mtm_", // Matomo's newer campaign tags
}

// IsTracking reports whether a query parameter name is a tracking tag.
func IsTracking(name string) bool {
	n := strings.ToLower(name)
	if trackingParams[n] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// Canonical returns the canonical form of an absolute http(s) URL: lower-case
// scheme and host, no default port, no user info, no fragment, dot segments
// resolved, tracking parameters removed and the remaining parameters sorted.
func Canonical(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %v", ErrInvalid, raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%w: %q", ErrScheme, raw)
	}
	if u.Opaque != "" || u.Host == "" {
		return "", fmt.Errorf("%w: %q has no host", ErrInvalid, raw)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.TrimRight(strings.ToLower(host), ".")
	if host == "" || strings.ContainsFunc(host, badHostRune) {
		return "", fmt.Errorf("%w: %q has no usable host", ErrInvalid, raw)
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""

	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if strings.Contains(p, "/.") || strings.Contains(p, "//") {
		clean := path.Clean(p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		p = clean
	}
	if pu, err := url.Parse(p); err == nil {
		u.Path, u.RawPath = pu.Path, pu.RawPath
	}

	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// canonicalQuery drops tracking parameters, re-escapes the rest uniformly
// and sorts them by name, keeping the order of repeated values (it can be
// significant).
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct {
		k, v  string
		hasEq bool
	}
	unescape := func(s string) string {
		if u, err := url.QueryUnescape(s); err == nil {
			return u
		}
		return s
	}
	var kept []param
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, hasEq := strings.Cut(part, "=")
		name := unescape(k)
		if IsTracking(name) {
			continue
		}
		kept = append(kept, param{url.QueryEscape(name), url.QueryEscape(unescape(v)), hasEq})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].k < kept[j].k })
	var b strings.Builder
	for i, p := range kept {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		if p.hasEq {
			b.WriteByte('=')
			b.WriteString(p.v)
		}
	}
	return b.String()
}

// badHostRune rejects hosts that url.Parse lets through but no resolver
// accepts (brackets, spaces, controls): they would not survive a round trip.
func badHostRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.', r == '_', r == ':':
		return false
	case r > 0x7f: // internationalised names are kept as given
		return r == 0xfffd
	}
	return true
}
